"""Text read from input, made inert before it is printed: the one place that decides how.

Plans, registers, NAT and CSV files, saved pages and file names are input; so is every message
that quotes them. None of their characters may act on whatever shows a report: no escape
sequence (colours, cursor moves, a terminal's title), no C1 control (U+009B is a one-character
CSI), no bidi override or isolate (which reorder what is shown), and no line break that starts a
line of its own (a line `::error file=...::` forges an annotation in a GitHub Actions log). The
characters treated so are the C0 and C1 controls and DEL, the bidi controls, the line and
paragraph separators, lone surrogates (an undecodable byte of a file name) and U+FFFE/U+FFFF
(which XML forbids).

Each reporter passes every value that came from input through one of these where it renders it,
before adding any colour of its own:
- `visible`, for text a person or a log reads (text, concise, markdown, html, junit, github, the
  audit's text, the command line's `qualcheck: ...` lines, `show`, `explain`, `check-data`,
  `import`): each such character is shown as an escape, ESC as `\\x1b`, a newline as `\\n`,
  a right-to-left override as `\\u202e`;
- `escape_json`, for a JSON document (json, sarif, the audit's json): the same characters as
  JSON `\\u` escapes, so a program reads the very same text and a log shows none of them raw;
- `spreadsheet_cell`, for a CSV cell: `visible`, then a `'` before a value a spreadsheet would
  run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return).
"""

from __future__ import annotations

import re

# Past C0 (which json.dumps already escapes within strings, and whose tabs and line breaks are
# the layout of an indented document):
_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL and the C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates: a file name's bytes that are not UTF-8
    "\ufffe\uffff"  # not characters (XML forbids them)
)
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # the byte a file name held that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, bidi and line-breaking character shown as an escape.

    Printable text comes back as it is (a backslash too), so applying it twice changes nothing.
    """
    if text.isprintable():  # every character treated here is non-printable: the common case is quick
        return text
    return _UNSAFE.sub(_shown, text)


def escape_json(document: str) -> str:
    """A JSON document (as json.dumps writes it, with ensure_ascii=False) with those characters
    written as `\\u` escapes: the same values to a parser, only ASCII where they were."""
    if document.isascii() and "\x7f" not in document:  # the common case, quick: DEL is the only one
        return document
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def spreadsheet_cell(text: str) -> str:
    """A CSV cell from input: visible, and prefixed with `'` where a spreadsheet would read a
    formula (the OWASP rule), so it shows as the text it is."""
    shown = visible(text)
    return "'" + shown if text.startswith(FORMULA_STARTS) else shown
