"""Read AVETMISS 8.0 NAT files: fixed-width text, one record per line.

Only the fields a packaging check needs are read. Positions are 0-based and end-exclusive here
(the standard counts from 1); docs/avetmiss.md records where each position was checked. Files are
read line by line, so a million-row NAT00120 never sits in memory as text.

A line that cannot be used is returned as a LineProblem naming its file and line, never dropped,
and the client and program it names when those can still be read, so the audit can leave that
student unjudged rather than judge them on their other lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, NamedTuple

from qualcheck.audit.outcomes import Treatment, national_treatment
from qualcheck.errors import InputError, Span
from qualcheck.io import limits
from qualcheck.io.reading import open_input, split_lines, unreadable
from qualcheck.models.common import is_unit_code


@dataclass(frozen=True)
class Field:
    name: str
    start: int
    end: int


def layout(*fields: tuple[str, int]) -> tuple[Field, ...]:
    """Fields laid end to end from column 1, in the standard's order, each (name, width)."""
    placed: list[Field] = []
    start = 0
    for name, width in fields:
        placed.append(Field(name, start, start + width))
        start += width
    return tuple(placed)


def field(fields: tuple[Field, ...], name: str) -> Field:
    return next(f for f in fields if f.name == name)


# Training activity: one record per unit a client undertakes. The whole national record is laid
# out so that each field read here sits where the widths before it put it.
NAT00120 = layout(
    ("training organisation identifier", 10),
    ("training organisation delivery location identifier", 10),
    ("client identifier", 10),
    ("subject identifier", 12),
    ("program identifier", 10),
    ("activity start date", 8),
    ("activity end date", 8),
    ("delivery mode identifier", 3),
    ("outcome identifier - national", 2),
    ("funding source - national", 2),
    ("commencing program identifier", 1),
    ("training contract identifier", 10),
    ("client identifier - apprenticeships", 10),
    ("study reason identifier", 2),
    ("VET in schools flag", 1),
    ("specific funding identifier", 10),
    ("school type identifier", 2),
    ("outcome identifier - training organisation", 3),
    ("funding source - state training authority", 3),
    ("client tuition fee", 5),
    ("fee exemption/concession type identifier", 2),
    ("purchasing contract identifier", 12),
    ("purchasing contract schedule identifier", 3),
    ("hours attended", 4),
    ("associated course identifier", 10),
    ("scheduled hours", 4),
    ("predominant delivery mode", 1),
)
NAT00120_LENGTH = NAT00120[-1].end  # 158
CLIENT = field(NAT00120, "client identifier")
SUBJECT = field(NAT00120, "subject identifier")
PROGRAM = field(NAT00120, "program identifier")
OUTCOME = field(NAT00120, "outcome identifier - national")
START = field(NAT00120, "activity start date")

# Program completed: one record per client who met every requirement of a program. Release 8.0
# puts the parchment issue date (read, for the transition windows) and number after the issued flag.
NAT00130 = layout(
    ("training organisation identifier", 10),
    ("program identifier", 10),
    ("client identifier", 10),
    ("date program completed", 8),
    ("issued flag", 1),
    ("parchment issue date", 8),
)
COMPLETION_PROGRAM = field(NAT00130, "program identifier")
COMPLETION_CLIENT = field(NAT00130, "client identifier")
COMPLETION_DATE = field(NAT00130, "date program completed")
ISSUED_FLAG = field(NAT00130, "issued flag")
PARCHMENT_DATE = field(NAT00130, "parchment issue date")

# Program (NAT00030, or NAT00030A with more fields after these) and subject (NAT00060):
# identifiers and names, for the report.
NAT00030 = layout(("program identifier", 10), ("program name", 100), ("nominal hours", 4))
NAT00060 = layout(
    ("subject identifier", 12),
    ("subject name", 100),
    ("subject field of education identifier", 6),
    ("VET flag", 1),
    ("nominal hours", 4),
)
PROGRAM_ID = field(NAT00030, "program identifier")
PROGRAM_NAME = field(NAT00030, "program name")
SUBJECT_ID = field(NAT00060, "subject identifier")
SUBJECT_NAME = field(NAT00060, "subject name")


@dataclass(frozen=True)
class LineProblem:
    path: str
    line: int
    message: str
    # The student and qualification a malformed line names, when they can be read; a student
    # with no qualification: the line may belong to any of the student's qualifications.
    student: str | None = None
    qualification: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def plain(value: str) -> str | None:
    """A value read from a malformed line, if it can be trusted to name something: not blank, and
    printable (no control character reaches a report from a line that could not be read)."""
    value = value.strip()
    return value if value and value.isprintable() else None


def owned(problem: LineProblem, student: str | None, qualification: str | None) -> LineProblem:
    """`problem` with the student and qualification it names, when they can be read."""
    who = plain(student or "")
    if who is None:
        return problem
    return replace(problem, student=who, qualification=plain(qualification or ""))


def _owned(problem: LineProblem, text: str, client: Field, program: Field, whole: bool) -> LineProblem:
    """The client and program of a fixed-width line, read only where the line holds the whole field.
    A line that is not `whole` (too short) may have lost a field anywhere: its program could be
    misread, so only the client is kept."""
    if len(text) < client.end:
        return problem
    read = cut(text, program) if whole and len(text) >= program.end else None
    return owned(problem, cut(text, client), read)


class ActivityRow(NamedTuple):  # a tuple: a million of them are built in one run
    client: str
    subject: str
    program: str  # blank for training outside any program (subject-only)
    outcome: str
    treatment: Treatment
    line: int
    start: str = ""  # the activity start date as written (DDMMYYYY), blank when not given


@dataclass(frozen=True)
class Completion:
    client: str
    program: str
    date: str
    issued: str
    path: str
    line: int
    parchment: str = ""  # the parchment issue date as written, blank when the record has none


def nat_date(text: str) -> dt.date | None:
    """A NAT date (DDMMYYYY) as a date; None when blank or not a date."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def cut(text: str, field: Field) -> str:
    """A field's value without its padding; blank when the line ends before the field."""
    return text[field.start : field.end].strip()


def read_lines(path: Path, shown: str) -> Iterator[tuple[int, str, LineProblem | None]]:
    """Each line of a NAT file as ASCII text, with a problem when it cannot be used as it is.

    Lines may end with CRLF, LF or a lone CR. A line that is not ASCII, or holds a control
    character, comes with a problem and the text before the first such character (the fields there
    are still in their columns); a line longer than `limits.MAX_LINE_BYTES` comes with a problem and
    no text (it was not kept).
    """
    handle = open_nat(path, shown)
    with handle:
        for number, raw in enumerate(split_lines(handle, limits.MAX_LINE_BYTES), start=1):
            if raw is None:
                yield number, "", LineProblem(shown, number, too_long_line())
                continue
            try:
                text = raw.decode("ascii")
            except UnicodeDecodeError as exc:
                message = f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1} is not ASCII"
                yield number, raw[: exc.start].decode("ascii"), LineProblem(shown, number, message)
                continue
            if not text.isprintable():
                at = next(i for i, ch in enumerate(text) if not ch.isprintable())
                message = f"control character U+{ord(text[at]):04X} at column {at + 1}"
                yield number, text[:at], LineProblem(shown, number, message)
                continue
            yield number, text, None


def too_long_line() -> str:
    return f"line is longer than {limits.MAX_LINE_BYTES:,} bytes: not a record (is this the right file?)"


def open_nat(path: Path, shown: str) -> BinaryIO:
    try:
        return open_input(path)
    except FileNotFoundError:
        raise InputError("QC000", "file not found", Span(shown), "check the path") from None
    except OSError as exc:
        raise InputError("QC000", unreadable(exc), Span(shown)) from None


def _short(text: str, needed: Field, kind: str, length: int | None = None) -> str:
    if not text.strip():
        return "blank line"
    known = f"{kind} records are {length}" if length else f"{kind} records are longer"
    return (
        f"line is {len(text)} characters long; {known}, and it ends before the "
        f"{needed.name} (columns {needed.start + 1}-{needed.end})"
    )


def read_activity(path: Path, shown: str) -> Iterator[ActivityRow | LineProblem]:
    """NAT00120 rows. Trailing padding may be missing; a line that stops short of a field we
    read, a blank required field, or an outcome the standard does not define is a problem."""
    # A million rows share a few thousand codes: check each code once and keep one copy of it.
    subjects: dict[str, bool] = {}
    shared: dict[str, str] = {}
    client_at, subject_at, program_at, outcome_at, start_at = (
        slice(f.start, f.end) for f in (CLIENT, SUBJECT, PROGRAM, OUTCOME, START)
    )
    for number, text, problem in read_lines(path, shown):
        if problem is not None:
            yield _owned(problem, text, CLIENT, PROGRAM, len(text) >= OUTCOME.end)
            continue
        if len(text) < OUTCOME.end:
            short = LineProblem(shown, number, _short(text, OUTCOME, "NAT00120", NAT00120_LENGTH))
            yield _owned(short, text, CLIENT, PROGRAM, whole=False)
            continue
        client = text[client_at].strip()
        subject = text[subject_at].strip()
        program = text[program_at].strip()
        outcome = text[outcome_at].strip()
        if not (client and subject and outcome):
            missing = [f.name for f, v in ((CLIENT, client), (SUBJECT, subject), (OUTCOME, outcome)) if not v]
            yield owned(LineProblem(shown, number, f"blank {', '.join(missing)}"), client, program)
            continue
        treatment = national_treatment(outcome)
        if treatment is None:
            unknown = LineProblem(
                shown,
                number,
                f"unknown national outcome identifier '{outcome}' "
                f"(columns {OUTCOME.start + 1}-{OUTCOME.end})",
            )
            yield owned(unknown, client, program)
            continue
        valid = subjects.get(subject)
        if valid is None:
            valid = subjects[subject] = is_unit_code(subject)
        if not valid:
            not_unit = LineProblem(
                shown,
                number,
                f"subject identifier '{subject}' is not a unit of competency code (like BSBCCO504A)",
            )
            yield owned(not_unit, client, program)
            continue
        yield ActivityRow(
            shared.setdefault(client, client),
            shared.setdefault(subject, subject),
            shared.setdefault(program, program),
            outcome,
            treatment,
            number,
            shared.setdefault(start := text[start_at].strip(), start),
        )


def read_completions(path: Path, shown: str) -> Iterator[Completion | LineProblem]:
    """NAT00130 records."""
    for number, text, problem in read_lines(path, shown):
        if problem is not None:
            whole = len(text) >= COMPLETION_DATE.end
            yield _owned(problem, text, COMPLETION_CLIENT, COMPLETION_PROGRAM, whole)
            continue
        if len(text) < COMPLETION_DATE.end:
            short = LineProblem(shown, number, _short(text, COMPLETION_DATE, "NAT00130"))
            yield _owned(short, text, COMPLETION_CLIENT, COMPLETION_PROGRAM, whole=False)
            continue
        client, program = cut(text, COMPLETION_CLIENT), cut(text, COMPLETION_PROGRAM)
        if not client or not program:
            blank = [n for n, v in (("program identifier", program), ("client identifier", client)) if not v]
            yield owned(LineProblem(shown, number, f"blank {', '.join(blank)}"), client, program)
            continue
        date, issued, parchment = (cut(text, f) for f in (COMPLETION_DATE, ISSUED_FLAG, PARCHMENT_DATE))
        yield Completion(client, program, date, issued, shown, number, parchment)


def read_names(path: Path, shown: str, key: Field, name: Field) -> tuple[dict[str, str], list[LineProblem]]:
    """Identifier -> name from NAT00030 or NAT00060."""
    names: dict[str, str] = {}
    problems: list[LineProblem] = []
    for number, text, problem in read_lines(path, shown):
        if problem is not None:
            problems.append(problem)
            continue
        code = cut(text, key)
        if not code:
            problems.append(
                LineProblem(shown, number, "blank line" if not text.strip() else f"blank {key.name}")
            )
            continue
        names.setdefault(code, cut(text, name))
    return names, problems


def find_file(folder: Path, stem: str) -> Path | None:
    """NAT00120.txt, nat00120.TXT, or NAT00120 with no extension; None when there is none.

    Two names for the same file (which only a case-sensitive file system can hold, such as
    NAT00120.txt and nat00120.TXT, or NAT00120 and NAT00120.txt) are refused rather than one of them
    read: which one the export meant cannot be told. Whatever the name matches is returned, a folder
    or a pipe as well, so that reading it says what it is instead of the file being ignored.
    """
    wanted = stem.lower()
    try:
        found = sorted(c for c in folder.iterdir() if c.name.lower() in (wanted, wanted + ".txt"))
    except OSError as exc:
        raise InputError("QC000", f"cannot read folder: {exc.strerror}", Span(str(folder))) from None
    if len(found) > 1:
        raise InputError(
            "QC000",
            f"{len(found)} {stem} files: {', '.join(p.name for p in found)}",
            Span(str(folder)),
            "keep one of them: the names differ only in case or extension, so which one to read "
            "cannot be told",
        )
    return found[0] if found else None
