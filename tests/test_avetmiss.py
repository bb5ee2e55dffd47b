"""Fixed-width NAT records: field boundaries, padding, blanks, short and odd lines."""

from __future__ import annotations

from pathlib import Path

from natfiles import activity, completion, write
from qualcheck.avetmiss import (
    SUBJECT_ID,
    SUBJECT_NAME,
    ActivityRow,
    LineProblem,
    find_file,
    read_activity,
    read_completions,
    read_names,
)
from qualcheck.outcomes import Treatment


def rows(tmp_path: Path, lines: list[str]) -> list[ActivityRow | LineProblem]:
    path = write(tmp_path, "NAT00120.txt", lines)
    return list(read_activity(path, "NAT00120.txt"))


def test_fields_are_cut_at_their_columns(tmp_path: Path) -> None:
    # Values that fill their fields exactly: a shift by one column would corrupt each of them.
    [row] = rows(tmp_path, [activity("C123456789", "BSBCCO504A12", "BSB5031199", "20")])
    assert isinstance(row, ActivityRow)
    assert (row.client, row.subject, row.program, row.outcome) == (
        "C123456789",
        "BSBCCO504A12",
        "BSB5031199",
        "20",
    )
    assert row.treatment is Treatment.ACHIEVED
    assert row.line == 1


def test_padding_is_removed_and_trailing_padding_may_be_missing(tmp_path: Path) -> None:
    padded, trimmed = rows(
        tmp_path,
        [
            activity("S1", "BSBCCO504A", "BSB50311", "70"),
            activity("S2", "BSBLED501A", "BSB50311", "70", pad=False),
        ],
    )
    assert isinstance(padded, ActivityRow) and isinstance(trimmed, ActivityRow)
    assert (padded.client, padded.subject, padded.program) == ("S1", "BSBCCO504A", "BSB50311")
    assert (trimmed.client, trimmed.line) == ("S2", 2)


def test_blank_program_is_subject_only_training(tmp_path: Path) -> None:
    [row] = rows(tmp_path, [activity("S1", "BSBCCO504A", "", "20")])
    assert isinstance(row, ActivityRow) and row.program == ""


def test_blank_required_fields_are_problems_with_their_line(tmp_path: Path) -> None:
    found = rows(
        tmp_path,
        [
            activity("S1", "BSBCCO504A", "BSB50311", "20"),
            activity("", "BSBCCO504A", "BSB50311", "20"),
            activity("S1", "", "BSB50311", "20"),
            activity("S1", "BSBCCO504A", "BSB50311", ""),
        ],
    )
    problems = [p for p in found if isinstance(p, LineProblem)]
    assert [(p.line, p.message) for p in problems] == [
        (2, "blank client identifier"),
        (3, "blank subject identifier"),
        (4, "blank outcome identifier - national"),
    ]


def test_short_blank_and_non_ascii_lines(tmp_path: Path) -> None:
    cut_in_outcome = activity("S1", "BSBCCO504A", "BSB50311", "20")[:72]
    found = rows(tmp_path, [cut_in_outcome, "", activity("Sé", "BSBCCO504A", "BSB50311", "20")])
    assert all(isinstance(p, LineProblem) for p in found)
    messages = [p.message for p in found if isinstance(p, LineProblem)]
    assert "72 characters long" in messages[0] and "columns 72-73" in messages[0]
    assert messages[1] == "blank line"
    assert "not ASCII" in messages[2] and "byte 0xe9 at column 22" in messages[2]


def test_unknown_outcome_and_non_unit_subject(tmp_path: Path) -> None:
    found = rows(
        tmp_path,
        [activity("S1", "BSBCCO504A", "BSB50311", "99"), activity("S1", "VU21234", "BSB50311", "20")],
    )
    assert [p.message for p in found if isinstance(p, LineProblem)] == [
        "unknown national outcome identifier '99' (columns 72-73)",
        "subject identifier 'VU21234' is not a unit of competency code (like BSBCCO504A)",
    ]


def test_completions(tmp_path: Path) -> None:
    path = write(tmp_path, "NAT00130.txt", [completion("S1", "BSB50311"), "0000012345BSB50311"])
    first, short = list(read_completions(path, "NAT00130.txt"))
    assert not isinstance(first, LineProblem)
    assert (first.client, first.program, first.date, first.issued, first.line) == (
        "S1",
        "BSB50311",
        "01122024",
        "Y",
        1,
    )
    assert isinstance(short, LineProblem) and short.line == 2


def test_subject_names(tmp_path: Path) -> None:
    line = (
        "BSBCCO504A".ljust(12) + "Integrate customer contact operations".ljust(100) + "080301" + "Y" + "0040"
    )
    path = write(tmp_path, "NAT00060.txt", [line, " " * 123])
    names, problems = read_names(path, "NAT00060.txt", SUBJECT_ID, SUBJECT_NAME)
    assert names == {"BSBCCO504A": "Integrate customer contact operations"}
    assert [(p.line, p.message) for p in problems] == [(2, "blank line")]


def test_find_file_ignores_case_and_extension(tmp_path: Path) -> None:
    (tmp_path / "nat00120.TXT").write_text("")
    (tmp_path / "NAT00130").write_text("")
    assert find_file(tmp_path, "NAT00120") == tmp_path / "nat00120.TXT"
    assert find_file(tmp_path, "NAT00130") == tmp_path / "NAT00130"
    assert find_file(tmp_path, "NAT00060") is None
