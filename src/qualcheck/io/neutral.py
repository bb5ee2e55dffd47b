"""Text read from input, made inert before it is printed: the one place that decides how.

Plans, registers, NAT and CSV files, saved pages and file names are input; so is every message
that quotes them. None of their characters may act on whatever shows a report: no escape
sequence (colours, cursor moves, a terminal's title), no C1 control (U+009B is a one-character
CSI), no bidi override or isolate (which reorder what is shown), and no line break that starts a
line of its own (a line `::error file=...::` forges an annotation in a GitHub Actions log). The
characters treated so are the C0 and C1 controls and DEL, the bidi controls, the line and
paragraph separators, lone surrogates (an undecodable byte of a file name) and U+FFFE/U+FFFF
(which XML forbids). Two printable forms are workflow commands to a GitHub Actions runner, which
reads a line whose first characters but spaces are `::`, and `##[` anywhere in a line: `visible`
shows a leading `:` of such text as `\\x3a` and the `#` of every `##[` as `\\x23`, so a file named
`::warning::x.yaml` at the start of a line, or a student `##[error]x`, annotates nothing.

Each reporter passes every value that came from input through one of these where it renders it,
before adding any colour of its own:
- `visible`, for text a person or a log reads (text, concise, markdown, html, junit, github, the
  audit's text, the command line's `qualcheck: ...` lines, `show`, `explain`, `check-data`,
  `import`): each such character is shown as an escape, ESC as `\\x1b`, a newline as `\\n`,
  a right-to-left override as `\\u202e`;
- `escape_json`, for a JSON document (json, sarif, the audit's json): the same characters as
  JSON `\\u` escapes (and the `#` of `##[`), so a program reads the very same text and a log
  shows none of them raw;
- `spreadsheet_cell`, for a CSV cell: `visible`, then a `'` before a value a spreadsheet would
  run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return).
"""

from __future__ import annotations

import re

# Past C0 (which json.dumps already escapes within strings, and whose tabs and line breaks are
# the layout of an indented document):
_C1 = "\x7f-\x9f"  # DEL and the C1 controls
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
_SEPARATORS = "\u2028\u2029"  # line and paragraph separators
_SURROGATES = "\ud800-\udfff"  # lone surrogates: a file name's bytes that are not UTF-8
_NONCHARACTERS = "\ufffe\uffff"  # not characters (XML forbids them)
_BEYOND_C0 = _C1 + _BIDI + _SEPARATORS + _SURROGATES + _NONCHARACTERS
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")
#: What no text taken from input may hold, whitespace aside (tab, line breaks, the separators):
#: a reader of untrusted text (fetch's API responses) refuses it rather than showing it.
CONTROL_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_C1}{_BIDI}{_SURROGATES}{_NONCHARACTERS}]")
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
    """`text` with every control, bidi and line-breaking character shown as an escape, and the
    runner's command forms (a leading `::`, any `##[`) broken by one.

    Other printable text comes back as it is (a backslash too), so applying it twice changes nothing.
    """
    # Every character treated here is non-printable: the common case is quick.
    shown = text if text.isprintable() else _UNSAFE.sub(_shown, text)
    if "##[" in shown:
        shown = shown.replace("##[", "\\x23#[")
    if shown.lstrip(" ").startswith("::"):
        at = len(shown) - len(shown.lstrip(" "))
        shown = shown[:at] + "\\x3a" + shown[at + 1 :]
    return shown


def escape_json(document: str) -> str:
    """A JSON document (as json.dumps writes it, with ensure_ascii=False) with those characters
    written as `\\u` escapes: the same values to a parser, only ASCII where they were."""
    if "##[" in document:  # the runner's command form, anywhere in a line: `#` as its JSON escape
        document = document.replace("##[", "\\u0023#[")
    if document.isascii() and "\x7f" not in document:  # the common case, quick: DEL is the only one
        return document
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def spreadsheet_cell(text: str) -> str:
    """A CSV cell from input: visible, and prefixed with `'` where a spreadsheet would read a
    formula (the OWASP rule), so it shows as the text it is."""
    shown = visible(text)
    return "'" + shown if text.startswith(FORMULA_STARTS) else shown
