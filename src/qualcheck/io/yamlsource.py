"""Read YAML into plain data while remembering where every value came from.

The file is parsed once with the C parser (when available) and built by hand from its events,
keeping their marks, so that:
- every mapping key and value has a line:column, for error messages;
- duplicate keys are errors (PyYAML silently keeps the last one);
- scalars follow a small, safe resolver: codes such as `040101`, words such as `NO` and
  dates stay strings, only plain decimal integers, true/false and null are converted;
- language-specific tags, anchors and aliases are refused (plans have no use for them, and
  they are the route to alias bombs and recursive structures);
- the Unicode line breaks U+0085, U+2028 and U+2029 are refused anywhere in a file, quoted or
  not: YAML reads each as a line break while editors show one line, so a unit could hide in what
  the reader sees as a comment, and every line number after it would be wrong;
- an integer of more than `limits.MAX_INTEGER_DIGITS` digits is refused at its position (Python
  will not convert one of more than 4,300 digits, and no value needs a hundred).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from qualcheck.errors import InputError, Span
from qualcheck.io.limits import MAX_INTEGER_DIGITS
from qualcheck.io.reading import NotAFileError, open_input

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]

_NULL = re.compile(r"~|null|Null|NULL|")  # whole values only: always fullmatch
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# Line breaks to YAML that editors do not show as one: next line, line and paragraph separators.
_UNICODE_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
}
_STRING_TAGS = ("tag:yaml.org,2002:str", "!")
MAX_DEPTH = 64
# Where the limit is enforced: qualcheck's own check runs on the parser's events, so it fires
# first for every document the parser itself accepts (the C parser takes up to 1,000 levels).
# Deeper than that, libyaml (0.2.5 and later) may stop first while it reads ahead; its refusal
# is worded as ours, at the parser's position. Either way the file is refused before anything
# deep is built, with QC001 and the line it is on.
_PARSER_DEPTH = re.compile(r"maximum nesting depth|too deeply nested", re.IGNORECASE)


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the position of every value and key."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def span(self, loc: Sequence[str | int], *, key: bool = False) -> Span:
        """The position of `loc`, or of its nearest ancestor that has one."""
        path: Loc = tuple(loc)
        while True:
            table = self.keys if key and path in self.keys else self.values
            if path in table:
                line, col = table[path]
                return Span(self.path, line, col)
            if not path:
                return Span(self.path, 1, 1)
            path = path[:-1]


def read_text(path: Path, display: str | None = None, max_bytes: int | None = None) -> str:
    """Read a file as UTF-8 text, turning every failure into an InputError.

    With `max_bytes`, a larger file is refused without reading it all.
    """
    shown = display or str(path)
    try:
        with open_input(path) as stream:
            raw = stream.read() if max_bytes is None else read_limited(stream, max_bytes, shown)
    except FileNotFoundError:
        raise InputError(
            "QC000",
            "file not found",
            Span(shown),
            "check the path, or run from the folder that holds it",
        ) from None
    except IsADirectoryError:
        raise InputError("QC000", "is a folder, not a file", Span(shown), "name a .yaml file") from None
    except NotAFileError as exc:
        raise InputError(
            "QC000",
            str(exc.strerror),
            Span(shown),
            "name a regular file: a pipe could keep the run waiting for ever (a plan can be piped to "
            "standard input as -)",
        ) from None
    except OSError as exc:
        raise InputError("QC000", f"cannot read file: {exc.strerror}", Span(shown)) from None
    return decode(raw, shown)


FIRST_READ_BYTES = 64 * 1024


def read_limited(stream: BinaryIO, max_bytes: int, shown: str) -> bytes:
    """Read at most `max_bytes` from `stream`, or refuse it as too large."""
    # A plan is a few hundred bytes: asking for max_bytes at once would allocate that much for
    # every file (a megabyte costs more than parsing the plan). A short first read is the end.
    first = min(max_bytes + 1, FIRST_READ_BYTES)
    raw = stream.read(first)
    if len(raw) == first and first <= max_bytes:
        raw += stream.read(max_bytes + 1 - first)
    if len(raw) > max_bytes:
        raise InputError(
            "QC000",
            f"file is larger than {_size(max_bytes)}: too large to be a plan",
            Span(shown),
            "check that this is the right file",
        )
    return raw


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count} bytes"


def decode(raw: bytes, shown: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "QC000", "file is UTF-16 encoded", Span(shown, 1, 1), "save it as UTF-8 and run again"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw and looks_utf16(raw):
        raise InputError(
            "QC000",
            "file looks UTF-16 encoded (without a byte-order mark)",
            Span(shown, 1, 1),
            "save it as UTF-8 and run again",
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            "QC000",
            "file contains NUL bytes: it is binary, not YAML",
            Span(shown, line, 1),
            "name a YAML text file",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            "QC000",
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            Span(shown, line, col),
            "save it as UTF-8 and run again",
        ) from None


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or '' past the end."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte (for Latin letters): at even or odd places."""
    head = raw[:200]
    return len(head) >= 4 and (
        head[0::2].count(0) == len(head[0::2]) or head[1::2].count(0) == len(head[1::2])
    )


def load_yaml(text: str, path: str, max_values: int | None = None) -> YamlDocument:
    """Parse one YAML document from `text`; `path` is used in messages only.

    With `max_values`, a document with more values (scalars, lists and mappings) is refused
    before it is built.
    """
    _check_line_breaks(text, path)
    try:
        return _Builder(path, max_values).build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        if _PARSER_DEPTH.search(problem):
            raise InputError(
                "QC001", f"nesting deeper than {MAX_DEPTH} levels", Span(path, line, col), "flatten the file"
            ) from None
        tab = mark is not None and _char_at(text, mark.line, mark.column) == "\t"
        raise InputError(
            "QC001",
            f"YAML syntax error: {problem}" + (" (a tab)" if tab else ""),
            Span(path, line, col),
            "indent with spaces: YAML does not allow tabs there"
            if tab
            else "fix the YAML at this position (check indentation, quotes and colons)",
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise InputError("QC001", f"YAML error: {exc}", Span(path, 1, 1)) from None


def _check_line_breaks(text: str, path: str) -> None:
    """Refuse a line break that YAML sees and the user's editor does not (see the module's notes),
    at its line and column as the editor counts them."""
    found = _UNICODE_BREAKS.search(text)
    if found is None:
        return
    position = found.start()
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = found.group()
    raise InputError(
        "QC001",
        f"{_BREAK_NAMES[character]} character U+{ord(character):04X} is not allowed: YAML reads it as "
        "a line break, though editors show one line",
        Span(path, line, column),
        "remove it, or write it as an escape in a double-quoted string",
    )


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> InputError:
    """A control character YAML refuses, at its line and column."""
    position = exc.position
    if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return InputError(
        "QC001",
        f"control character U+{character:04X} is not allowed in YAML",
        Span(path, line, column),
        "remove it, or write it as an escape in a double-quoted string",
    )


def _event_span(event: yaml.Event, path: str) -> Span:
    line, column = _position(event)
    return Span(path, line, column)


def _position(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where `event` starts (libyaml always gives a mark)."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_NO_KEY: Any = object()  # a mapping waiting for its next key


@dataclass
class _Open:
    """A mapping or list being built, and where it sits in the document."""

    loc: Loc
    value: dict[str, Any] | list[Any]
    key: Any = _NO_KEY


class _Builder:
    """Builds plain data straight from the parser's events, in one pass.

    Working from events rather than a composed node tree means the checks below stop a bad
    file at the first offending event: an alias bomb is refused at its first anchor, a deep or
    huge document at the value that crosses the limit, before anything large is built.
    """

    def __init__(self, path: str, max_values: int | None) -> None:
        self.doc = YamlDocument(path, None)
        self.max_values = max_values

    def _fail(self, event: yaml.Event, code: str, message: str, hint: str) -> InputError:
        return InputError(code, message, _event_span(event, self.doc.path), hint)

    def build(self, events: Iterable[yaml.Event]) -> YamlDocument:
        doc, stack, values, documents = self.doc, list[_Open](), 0, 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                values += 1
                self._check_node(event, len(stack), values)
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is _NO_KEY and isinstance(parent.value, dict):
                    parent.key = self._key(event, parent)
                    continue
                loc = () if parent is None else (*parent.loc, self._place(parent))
                doc.values[loc] = _position(event)
                if isinstance(event, yaml.ScalarEvent):
                    self._attach(parent, self._scalar(event))
                else:
                    stack.append(_Open(loc, {} if kind is yaml.MappingStartEvent else []))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                self._attach(stack[-1] if stack else None, done.value)
            elif kind is yaml.AliasEvent:  # only after an anchor, which is refused first
                raise self._fail(event, "QC001", _NO_ANCHORS, "write the value out in full")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._fail(
                        event,
                        "QC001",
                        "YAML syntax error: a second document starts here (after ---)",
                        "a plan or register file holds one document: split the file or remove the ---",
                    )
        return doc

    def _check_node(self, event: yaml.Event, depth: int, values: int) -> None:
        if self.max_values is not None and values > self.max_values:
            raise self._fail(
                event,
                "QC004",
                f"the file holds more than {self.max_values} values: too large to be a plan",
                "a plan lists one student's units for one qualification; split the file",
            )
        if depth > MAX_DEPTH:
            raise self._fail(event, "QC001", f"nesting deeper than {MAX_DEPTH} levels", "flatten the file")
        if getattr(event, "anchor", None) is not None:
            raise self._fail(event, "QC001", _NO_ANCHORS, "write the value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            raise self._fail(
                event, "QC001", f"tag {tag} is not allowed", "remove the tag; plain YAML values only"
            )

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        try:
            return _scalar(event)
        except _TooManyDigits as exc:
            raise self._fail(
                event,
                "QC004",
                f"a number of {exc.args[0]:,} digits: too long to be a value here "
                f"(at most {MAX_INTEGER_DIGITS} digits)",
                "check the file; put text in quotes",
            ) from None

    def _key(self, event: yaml.Event, mapping: _Open) -> str:
        key = self._scalar(event) if isinstance(event, yaml.ScalarEvent) else None
        if not isinstance(key, (str, int)):
            raise self._fail(event, "QC004", "mapping keys must be plain words", "")
        key = str(key)
        at = (*mapping.loc, key)
        if key in mapping.value:
            raise self._fail(
                event,
                "QC002",
                f"duplicate key '{key}' (first at line {self.doc.keys[at][0]})",
                "keep one of them; YAML would silently use the last",
            )
        self.doc.keys[at] = _position(event)
        return key

    @staticmethod
    def _place(parent: _Open) -> str | int:
        return parent.key if isinstance(parent.value, dict) else len(parent.value)

    def _attach(self, parent: _Open | None, value: Any) -> None:
        if parent is None:
            self.doc.data = value
        elif isinstance(parent.value, dict):
            parent.value[parent.key] = value
            parent.key = _NO_KEY
        else:
            parent.value.append(value)


_NO_ANCHORS = "anchors and aliases (&name / *name) are not supported"


class _TooManyDigits(ValueError):
    """A plain integer too long to convert: refused at its position by the builder."""


def _scalar(event: yaml.ScalarEvent) -> Any:
    value: str = event.value
    if event.style or event.tag in _STRING_TAGS:  # quoted, block, or tagged !!str (or plain !)
        return value
    if _NULL.fullmatch(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        digits = len(value.lstrip("+-"))
        if digits > MAX_INTEGER_DIGITS:
            raise _TooManyDigits(digits)
        try:
            return int(value)
        except ValueError:  # Python's own limit on converting digits, if set lower still
            raise _TooManyDigits(digits) from None
    return value
