"""Read AVETMISS 8.0 NAT files: fixed-width text, one record per line.

Only the fields a packaging check needs are read. Positions are 0-based and end-exclusive here
(the standard counts from 1); docs/avetmiss.md records where each position was checked. Files are
read line by line, so a million-row NAT00120 never sits in memory as text.

A line that cannot be used is returned as a LineProblem naming its file and line, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from qualcheck.errors import InputError, Span
from qualcheck.models.common import is_unit_code
from qualcheck.outcomes import Treatment, national_treatment


@dataclass(frozen=True)
class Field:
    name: str
    start: int
    end: int


# Training activity: one record per unit a client undertakes (national record: 158 characters).
NAT00120_LENGTH = 158
CLIENT = Field("client identifier", 20, 30)
SUBJECT = Field("subject identifier", 30, 42)
PROGRAM = Field("program identifier", 42, 52)
OUTCOME = Field("outcome identifier - national", 71, 73)

# Program completed: one record per client who met every requirement of a program.
COMPLETION_PROGRAM = Field("program identifier", 10, 20)
COMPLETION_CLIENT = Field("client identifier", 20, 30)
COMPLETION_DATE = Field("date program completed", 30, 38)
ISSUED_FLAG = Field("issued flag", 38, 39)

# Program (NAT00030) and subject (NAT00060): identifiers and names, for the report.
PROGRAM_ID = Field("program identifier", 0, 10)
PROGRAM_NAME = Field("program name", 10, 110)
SUBJECT_ID = Field("subject identifier", 0, 12)
SUBJECT_NAME = Field("subject name", 12, 112)


@dataclass(frozen=True)
class LineProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ActivityRow(NamedTuple):  # a tuple: a million of them are built in one run
    client: str
    subject: str
    program: str  # blank for training outside any program (subject-only)
    outcome: str
    treatment: Treatment
    line: int


@dataclass(frozen=True)
class Completion:
    client: str
    program: str
    date: str
    issued: str
    path: str
    line: int


def cut(text: str, field: Field) -> str:
    """A field's value without its padding; blank when the line ends before the field."""
    return text[field.start : field.end].strip()


def read_lines(path: Path, shown: str) -> Iterator[tuple[int, str | LineProblem]]:
    """Each line of a NAT file as ASCII text, or a problem when it is not ASCII."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError("QC000", f"cannot read file: {exc.strerror}", Span(shown)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip(b"\r\n")
            try:
                yield number, raw.decode("ascii")
            except UnicodeDecodeError as exc:
                yield (
                    number,
                    LineProblem(
                        shown, number, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1} is not ASCII"
                    ),
                )


def _short(text: str, needed: Field, kind: str, length: int) -> str:
    if not text.strip():
        return "blank line"
    return (
        f"line is {len(text)} characters long; {kind} records are {length}, and it ends before the "
        f"{needed.name} (columns {needed.start + 1}-{needed.end})"
    )


def read_activity(path: Path, shown: str) -> Iterator[ActivityRow | LineProblem]:
    """NAT00120 rows. Trailing padding may be missing; a line that stops short of a field we
    read, a blank required field, or an outcome the standard does not define is a problem."""
    # A million rows share a few thousand codes: check each code once and keep one copy of it.
    subjects: dict[str, bool] = {}
    shared: dict[str, str] = {}
    for number, text in read_lines(path, shown):
        if isinstance(text, LineProblem):
            yield text
            continue
        if len(text) < OUTCOME.end:
            yield LineProblem(shown, number, _short(text, OUTCOME, "NAT00120", NAT00120_LENGTH))
            continue
        client = text[20:30].strip()
        subject = text[30:42].strip()
        program = text[42:52].strip()
        outcome = text[71:73].strip()
        if not (client and subject and outcome):
            missing = [f.name for f, v in ((CLIENT, client), (SUBJECT, subject), (OUTCOME, outcome)) if not v]
            yield LineProblem(shown, number, f"blank {', '.join(missing)}")
            continue
        treatment = national_treatment(outcome)
        if treatment is None:
            yield LineProblem(
                shown,
                number,
                f"unknown national outcome identifier '{outcome}' "
                f"(columns {OUTCOME.start + 1}-{OUTCOME.end})",
            )
            continue
        valid = subjects.get(subject)
        if valid is None:
            valid = subjects[subject] = is_unit_code(subject)
        if not valid:
            yield LineProblem(
                shown,
                number,
                f"subject identifier '{subject}' is not a unit of competency code (like BSBCCO504A)",
            )
            continue
        yield ActivityRow(
            shared.setdefault(client, client),
            shared.setdefault(subject, subject),
            shared.setdefault(program, program),
            outcome,
            treatment,
            number,
        )


def read_completions(path: Path, shown: str) -> Iterator[Completion | LineProblem]:
    """NAT00130 records."""
    for number, text in read_lines(path, shown):
        if isinstance(text, LineProblem):
            yield text
            continue
        if len(text) < COMPLETION_DATE.end:
            yield LineProblem(shown, number, _short(text, COMPLETION_DATE, "NAT00130", ISSUED_FLAG.end))
            continue
        client, program = cut(text, COMPLETION_CLIENT), cut(text, COMPLETION_PROGRAM)
        if not client or not program:
            blank = [n for n, v in (("program identifier", program), ("client identifier", client)) if not v]
            yield LineProblem(shown, number, f"blank {', '.join(blank)}")
            continue
        yield Completion(client, program, cut(text, COMPLETION_DATE), cut(text, ISSUED_FLAG), shown, number)


def read_names(path: Path, shown: str, key: Field, name: Field) -> tuple[dict[str, str], list[LineProblem]]:
    """Identifier -> name from NAT00030 or NAT00060."""
    names: dict[str, str] = {}
    problems: list[LineProblem] = []
    for number, text in read_lines(path, shown):
        if isinstance(text, LineProblem):
            problems.append(text)
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
    """NAT00120.txt, nat00120.TXT, or NAT00120 with no extension."""
    wanted = stem.lower()
    for candidate in sorted(folder.iterdir()):
        if candidate.is_file() and candidate.name.lower() in (wanted, wanted + ".txt"):
            return candidate
    return None
