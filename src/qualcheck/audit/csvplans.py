"""Read a cohort's plans from CSV: `student,qualification,unit,outcome[,from]`, header required.

`outcome` takes a plan outcome word (completed, credit-transfer, rpl, enrolled,
not-yet-competent, withdrawn) or an AVETMISS national outcome identifier; blank means enrolled.
A row that cannot be used names the student and qualification in its columns when they can be
read; a row with the wrong number of fields names only its student (a field may have been lost or
split before the qualification).

The file is decoded line by line (UTF-8, a byte-order mark allowed, lines ended by LF, CRLF or
CR), so one bad byte or one overlong line is one malformed line, at its number, and every other
row is still read. A header that names a column twice is refused: which of the two is the
student's cannot be told.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from qualcheck.audit.avetmiss import LineProblem, owned, too_long_line
from qualcheck.audit.cohort import UnitRecord
from qualcheck.audit.outcomes import CREDIT_TRANSFER, plan_treatment
from qualcheck.errors import InputError, Span
from qualcheck.io import limits
from qualcheck.io.reading import open_input, split_lines, unreadable
from qualcheck.models.common import is_qualification_code, is_unit_code

REQUIRED = ("student", "qualification", "unit", "outcome")
OPTIONAL = ("from",)

Row = tuple[str, str, str, UnitRecord]


class _Lines:
    """The file's lines as text for csv.reader, one physical line each (so the reader's line count
    is the file's), with what was wrong with the lines that could not be decoded.

    A line that is not UTF-8 is handed on with each bad byte replaced, so that the row keeps its
    fields (and its student, when that column is readable); a line too long to keep is handed on
    empty. Either way its number is recorded in `bad`, and its row is reported, not used.
    """

    def __init__(self, lines: Iterator[bytes | None], shown: str) -> None:
        self.lines = lines
        self.shown = shown
        self.number = 0
        self.bad: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for raw in self.lines:
            self.number += 1
            if raw is None:
                self.bad[self.number] = too_long_line()
                yield "\n"
                continue
            if self.number == 1:
                raw = self._first(raw)
            try:
                yield raw.decode("utf-8") + "\n"
            except UnicodeDecodeError as exc:
                column = len(raw[: exc.start].decode("utf-8")) + 1
                self.bad[self.number] = f"byte 0x{raw[exc.start]:02x} at column {column} is not UTF-8 text"
                yield raw.decode("utf-8", "replace") + "\n"

    def _first(self, raw: bytes) -> bytes:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(
                "QC000", "file is UTF-16 encoded", Span(self.shown, 1, 1), "save it as UTF-8 and run again"
            )
        return raw.removeprefix(b"\xef\xbb\xbf")


def read_csv_plans(path: Path, shown: str) -> Iterator[Row | LineProblem]:
    """(student, qualification, path, record) per row, or a problem naming the row's line."""
    try:
        handle = open_input(path)
    except FileNotFoundError:
        raise InputError("QC000", "file not found", Span(shown), "check the path") from None
    except OSError as exc:
        raise InputError("QC000", unreadable(exc), Span(shown)) from None
    with handle:
        lines = _Lines(split_lines(handle, limits.MAX_LINE_BYTES), shown)
        reader = csv.reader(lines)
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except csv.Error as exc:
            raise InputError("QC000", f"cannot read the header: {exc}", Span(shown, 1, 1)) from None
        if lines.bad:
            first = min(lines.bad)
            raise InputError("QC000", f"cannot read the header: {lines.bad[first]}", Span(shown, first, 1))
        _check_header(header, shown)
        column = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                for number in range(start, reader.line_num + 1):
                    lines.bad.pop(number, None)
                yield LineProblem(shown, reader.line_num, f"unreadable row: {exc}")
                continue
            line = reader.line_num
            if lines.bad:
                flawed = [(n, lines.bad.pop(n)) for n in range(start, line + 1) if n in lines.bad]
                if flawed:
                    yield from _flawed(flawed, fields, column, len(header), shown)
                    continue
            if not any(f.strip() for f in fields):
                continue  # blank lines carry no row
            if len(fields) != len(header):
                problem = LineProblem(shown, line, f"{len(fields)} fields, the header has {len(header)}")
                at = column["student"]
                yield owned(problem, _readable(fields[at]) if at < len(fields) else None, None)
                continue
            yield _row(fields, column, shown, line)


def _flawed(
    flawed: list[tuple[int, str]], fields: list[str], column: dict[str, int], width: int, shown: str
) -> Iterator[LineProblem]:
    """The problems of a row some of whose lines could not be decoded, each owned by the row's
    student and qualification where those columns were read whole."""
    whole = len(fields) == width
    student = _readable(fields[column["student"]]) if whole else None
    qualification = _readable(fields[column["qualification"]]) if whole else None
    for number, message in flawed:
        yield owned(LineProblem(shown, number, message), student, qualification)


def _readable(value: str) -> str | None:
    """A value that can be trusted to name something: no byte replaced in it."""
    return None if "\ufffd" in value else value


def _row(fields: list[str], column: dict[str, int], shown: str, line: int) -> Row | LineProblem:
    student, qualification, unit, outcome = (fields[column[n]].strip() for n in REQUIRED)
    source = fields[column["from"]].strip() if "from" in column else ""

    def bad(message: str) -> LineProblem:
        return owned(LineProblem(shown, line, message), student, qualification)

    blank = [n for n, v in zip(REQUIRED[:3], (student, qualification, unit), strict=True) if not v]
    if blank:
        return bad(f"blank {', '.join(blank)}")
    if not is_unit_code(unit):
        return bad(f"'{unit}' is not a unit code (codes look like BSBCCO504A)")
    if source and not is_qualification_code(source):
        return bad(f"from: '{source}' is not a qualification code")
    treatment = plan_treatment(outcome)
    if treatment is None:
        return bad(
            f"unknown outcome '{outcome}': use completed, credit-transfer, rpl, enrolled, "
            "not-yet-competent, withdrawn, or a national outcome identifier"
        )
    for name, value in (("student", student), ("qualification", qualification)):
        if not value.isprintable():
            # A NUL or a line break in a student's identifier would make a second student of them;
            # the row is reported (by its student only when that value is clean).
            at = next(ch for ch in value if not ch.isprintable())
            return bad(f"{name}: control or invisible character U+{ord(at):04X} in the value")
    record = UnitRecord(sys.intern(unit), treatment, line, source or None, outcome in CREDIT_TRANSFER)
    return sys.intern(student), sys.intern(qualification), shown, record


def _check_header(header: list[str], shown: str) -> None:
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        named = ", ".join(f"'{h}'" if h else "a blank name" for h in twice)
        raise InputError(
            "QC005",
            f"CSV header: column{'s' if len(twice) > 1 else ''} {named} named twice",
            Span(shown, 1, 1),
            "name each column once: which of the two holds the value cannot be told",
        )
    missing = [n for n in REQUIRED if n not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        if unknown:
            shown_unknown = ", ".join(h if h.isprintable() and h else repr(h) for h in unknown)
            problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {shown_unknown}")
        raise InputError(
            "QC005",
            "CSV header: " + "; ".join(problems),
            Span(shown, 1, 1),
            "the first line must name the columns: student,qualification,unit,outcome (and optionally from)",
        )
