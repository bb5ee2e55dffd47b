"""Read a cohort's plans from CSV: `student,qualification,unit,outcome[,from]`, header required.

`outcome` takes a plan outcome word (completed, credit-transfer, rpl, enrolled,
not-yet-competent, withdrawn) or an AVETMISS national outcome identifier; blank means enrolled.
A row that cannot be used names the student and qualification in its columns when they can be
read; a row with the wrong number of fields names only its student (a field may have been lost or
split before the qualification).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from qualcheck.avetmiss import LineProblem, owned
from qualcheck.cohort import UnitRecord
from qualcheck.errors import InputError, Span
from qualcheck.models.common import is_qualification_code, is_unit_code
from qualcheck.outcomes import plan_treatment

REQUIRED = ("student", "qualification", "unit", "outcome")
OPTIONAL = ("from",)

Row = tuple[str, str, str, UnitRecord]


def read_csv_plans(path: Path, shown: str) -> Iterator[Row | LineProblem]:
    """(student, qualification, path, record) per row, or a problem naming the row's line."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("QC000", "file not found", Span(shown), "check the path") from None
    except OSError as exc:
        raise InputError("QC000", f"cannot read file: {exc.strerror}", Span(shown)) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError("QC000", f"cannot read the header: {exc}", Span(shown, 1, 1)) from None
        _check_header(header, shown)
        column = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield LineProblem(shown, reader.line_num, f"unreadable row: {exc}")
                continue
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue  # blank lines carry no row
            if len(fields) != len(header):
                problem = LineProblem(shown, line, f"{len(fields)} fields, the header has {len(header)}")
                at = column["student"]
                yield owned(problem, fields[at] if at < len(fields) else None, None)
                continue
            yield _row(fields, column, shown, line)


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
    record = UnitRecord(sys.intern(unit), treatment, line, source or None)
    return sys.intern(student), sys.intern(qualification), shown, record


def _check_header(header: list[str], shown: str) -> None:
    missing = [n for n in REQUIRED if n not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
        raise InputError(
            "QC005",
            "CSV header: " + "; ".join(problems),
            Span(shown, 1, 1),
            "the first line must name the columns: student,qualification,unit,outcome (and optionally from)",
        )
