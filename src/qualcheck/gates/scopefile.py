"""Reading a scope of registration: the training products an RTO is registered to deliver.

Two forms: a CSV with a header row, as the national register's scope export gives it (the code
column is found by its name: `Code`, `National Code`, `Training Component Code` and the like;
which one was used is reported), or a text file with one code per line (`#` starts a comment).
Every value must be shaped like a unit or qualification code: anything else is one error naming
the file, line and column, so a mistyped scope never quietly leaves a unit off it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qualcheck.errors import InputError, Span
from qualcheck.io.yamlsource import read_text
from qualcheck.models.common import is_qualification_code, is_unit_code

MAX_SCOPE_BYTES = 8 * 1024 * 1024  # a scope of every current product is far smaller

# Header names of the code column, compared without case, spaces, underscores or hyphens.
CODE_COLUMNS = (
    "code",
    "nationalcode",
    "trainingcomponentcode",
    "componentcode",
    "trainingproductcode",
    "productcode",
    "qualificationcode",
    "unitcode",
    "coursecode",
)


@dataclass(frozen=True)
class Scope:
    codes: frozenset[str]
    path: str  # as the user named it, for messages
    column: str | None  # the CSV header used; None for a list of codes


def read_scope(path: Path) -> Scope:
    """The scope in `path`; InputError (QC061, or QC000 when it cannot be read) otherwise."""
    shown = str(path)
    text = read_text(path, shown, MAX_SCOPE_BYTES)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    if any(mark in first for mark in (",", "\t", ";")):
        return _read_csv(text, shown)
    return _read_list(lines, shown)


def _bad(message: str, path: str, line: int, column: int, hint: str) -> InputError:
    return InputError("QC061", message, Span(path, line, column), hint)


def _is_code(value: str) -> bool:
    return is_unit_code(value) or is_qualification_code(value)


def _read_list(lines: list[str], path: str) -> Scope:
    codes = set()
    for number, line in enumerate(lines, start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        if not _is_code(value):
            column = line.index(value[0]) + 1
            raise _bad(
                f"'{value}' is not a unit or qualification code",
                path,
                number,
                column,
                "give one code per line (e.g. BSB50311 or BSBCCO504A), or a CSV with a Code column",
            )
        codes.add(value)
    if not codes:
        raise _bad("the scope file lists no code", path, 1, 1, "give one code per line")
    return Scope(frozenset(codes), path, None)


def _read_csv(text: str, path: str) -> Scope:
    sample = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=sample.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        raise _bad(
            "the scope file has no header row", path, 1, 1, "give a header with a Code column"
        ) from None
    names = ["".join(ch for ch in cell.lower() if ch.isalnum()) for cell in header]
    found = [names.index(name) for name in CODE_COLUMNS if name in names]
    if not found:
        raise _bad(
            "no code column in the scope file's header",
            path,
            1,
            1,
            "name the column of codes Code (or National Code, Training Component Code)",
        )
    index = found[0]
    raw_lines = text.splitlines()
    codes = set()
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            line = rows.line_num
            value = row[index].strip() if index < len(row) else ""
            if not _is_code(value):
                raw = raw_lines[line - 1] if 0 < line <= len(raw_lines) else ""
                at = raw.find(value) if value else -1
                raise _bad(
                    f"'{value}' in column {header[index].strip()} is not a unit or qualification code",
                    path,
                    line,
                    at + 1 if at >= 0 else 1,
                    "each row gives one training product's code",
                )
            codes.add(value)
    except csv.Error as error:
        raise _bad(f"the scope file is not readable CSV ({error})", path, rows.line_num, 1, "") from None
    if not codes:
        raise _bad("the scope file lists no code", path, 2, 1, "give a row per training product")
    return Scope(frozenset(codes), path, header[index].strip())
