"""Fixed-width NAT records: field boundaries, padding, blanks, short and odd lines."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from natfiles import activity, completion, write
from qualcheck.audit.avetmiss import (
    CLIENT,
    NAT00030,
    NAT00060,
    NAT00120,
    NAT00120_LENGTH,
    NAT00130,
    OUTCOME,
    PROGRAM,
    PROGRAM_ID,
    PROGRAM_NAME,
    SUBJECT,
    SUBJECT_ID,
    SUBJECT_NAME,
    ActivityRow,
    Field,
    LineProblem,
    find_file,
    read_activity,
    read_completions,
    read_names,
)
from qualcheck.audit.outcomes import Treatment
from qualcheck.errors import InputError


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
    path = write(tmp_path, "NAT00130.txt", [completion("S1", "BSB50311", "01122024"), "0000012345BSB50311"])
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


def test_two_names_for_one_nat_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "NAT00120.txt").write_text("")
    (tmp_path / "nat00120.TXT").write_text("")
    (tmp_path / "NAT00130").write_text("")
    (tmp_path / "NAT00130.txt").write_text("")
    with pytest.raises(InputError, match=r"2 NAT00120 files: NAT00120\.txt, nat00120\.TXT"):
        find_file(tmp_path, "NAT00120")
    with pytest.raises(InputError, match=r"2 NAT00130 files: NAT00130, NAT00130\.txt"):
        find_file(tmp_path, "NAT00130")


def test_control_characters_make_a_line_malformed(tmp_path: Path) -> None:
    good = activity("S1", "BSBCCO504A", "BSB50311", "20")
    found = rows(tmp_path, [good[:40] + "\t" + good[41:], good[:100] + "\x7f" + good[101:], good])
    assert [(p.line, p.message, p.student) for p in found if isinstance(p, LineProblem)] == [
        (1, "control character U+0009 at column 41", "S1"),
        (2, "control character U+007F at column 101", "S1"),
    ]
    assert [r.line for r in found if isinstance(r, ActivityRow)] == [3]


def starts(fields: tuple[Field, ...]) -> dict[str, tuple[int, int]]:
    """Each field's first column (counting from 1, as the standard does) and width."""
    return {f.name: (f.start + 1, f.end - f.start) for f in fields}


def test_nat00120_layout_matches_release_8() -> None:
    # Fields lie end to end from column 1: no gap, no overlap.
    assert NAT00120[0].start == 0
    assert all(a.end == b.start for a, b in itertools.pairwise(NAT00120))
    assert NAT00120_LENGTH == 158
    at = starts(NAT00120)
    assert len(at) == 27
    assert at["client identifier"] == (21, 10)
    assert at["subject identifier"] == (31, 12)
    assert at["program identifier"] == (43, 10)
    assert at["activity start date"] == (53, 8)
    assert at["activity end date"] == (61, 8)
    assert at["delivery mode identifier"] == (69, 3)
    assert at["outcome identifier - national"] == (72, 2)
    assert at["funding source - national"] == (74, 2)
    assert at["commencing program identifier"] == (76, 1)
    assert at["training contract identifier"] == (77, 10)
    assert at["client identifier - apprenticeships"] == (87, 10)
    assert at["school type identifier"] == (110, 2)
    assert at["client tuition fee"] == (118, 5)
    assert at["scheduled hours"] == (154, 4)
    assert at["predominant delivery mode"] == (158, 1)
    read = (CLIENT, SUBJECT, PROGRAM, OUTCOME)
    assert [(f.start, f.end) for f in read] == [(20, 30), (30, 42), (42, 52), (71, 73)]


def test_other_layouts_match_release_8() -> None:
    assert starts(NAT00130) == {
        "training organisation identifier": (1, 10),
        "program identifier": (11, 10),
        "client identifier": (21, 10),
        "date program completed": (31, 8),
        "issued flag": (39, 1),
        "parchment issue date": (40, 8),
    }
    assert starts(NAT00060) == {
        "subject identifier": (1, 12),
        "subject name": (13, 100),
        "subject field of education identifier": (113, 6),
        "VET flag": (119, 1),
        "nominal hours": (120, 4),
    }
    assert NAT00060[-1].end == 123
    assert starts(NAT00030) == {
        "program identifier": (1, 10),
        "program name": (11, 100),
        "nominal hours": (111, 4),
    }
    assert (PROGRAM_ID.start, PROGRAM_ID.end, PROGRAM_NAME.start, PROGRAM_NAME.end) == (0, 10, 10, 110)


def full_record(**values: str) -> str:
    """A complete 158-character NAT00120 record; every field not given is filled edge to edge
    with a character of its own, so a field cut one column off picks up a neighbour's."""
    line = ""
    for number, f in enumerate(NAT00120):
        filler = "ABCDEFGHJKLMNPQRSTUVWXYZ123"[number]
        value = values.get(f.name, filler * (f.end - f.start))
        assert len(value) == f.end - f.start, f.name
        line += value
    assert len(line) == NAT00120_LENGTH
    return line


def test_a_full_record_is_cut_at_every_boundary(tmp_path: Path) -> None:
    line = full_record(
        **{
            "client identifier": "C123456789",
            "subject identifier": "BSBCCO504A12",
            "program identifier": "BSB5031199",
            "delivery mode identifier": "YNY",
            "outcome identifier - national": "51",
            "funding source - national": "20",
        }
    )
    # A state collection's own fields after column 158 are ignored.
    national, longer = rows(tmp_path, [line, line + "STATE-ONLY FIELDS"])
    for row in (national, longer):
        assert isinstance(row, ActivityRow)
        assert (row.client, row.subject, row.program, row.outcome) == (
            "C123456789",
            "BSBCCO504A12",
            "BSB5031199",
            "51",
        )
        assert row.treatment is Treatment.ACHIEVED


def test_a_two_character_delivery_mode_is_reported_not_misread(tmp_path: Path) -> None:
    # Release 7.0 gave the delivery mode identifier two characters; a line built that way puts
    # the outcome one column early, and the columns read as the outcome hold something else.
    line = activity("S1", "BSBCCO504A", "BSB50311", "20")
    shifted = line[:68] + "10" + line[71:]
    [problem] = rows(tmp_path, [shifted])
    assert isinstance(problem, LineProblem)
    assert problem.message == "unknown national outcome identifier '01' (columns 72-73)"


def test_a_completion_with_parchment_fields_is_cut_at_its_boundaries(tmp_path: Path) -> None:
    # Release 8.0 adds parchment issue date and parchment number after the issued flag.
    line = "0000012345" + "BSB5031199" + "C123456789" + "01122024" + "Y" + "05122024" + "P-0001".ljust(25)
    path = write(tmp_path, "NAT00130.txt", [line])
    [item] = list(read_completions(path, "NAT00130.txt"))
    assert not isinstance(item, LineProblem)
    assert (item.program, item.client, item.date, item.issued) == (
        "BSB5031199",
        "C123456789",
        "01122024",
        "Y",
    )
    assert item.parchment == "05122024"  # read, for the transition windows
