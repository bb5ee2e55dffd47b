"""Sentence forms of packaging rules, one reading each (counts in words, levels, packages, caps)."""

from __future__ import annotations

import pytest

from qualcheck.importer.pagetext import Line
from qualcheck.importer.sentences import Context, read_sentence

CTX = Context(level=5, groups={"A": "Group A", "B": "Group B", "C": "Group C Other electives"})


def read(text: str, ctx: Context = CTX) -> tuple[str, int | None, tuple[str, ...], object, tuple[int, ...]]:
    r = read_sentence(Line(1, text), ctx)
    return r.kind, r.count, r.source.groups, r.source.window, r.source.levels


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Total number of units = 10  ", (10, None, None)),
        ("Thirty-four (34) units including twenty (27) core units and seven (7) elective units", (34, 27, 7)),
        ("  • Twelve units of competency:", (12, None, None)),
        ("3 core units  plus", (None, 3, None)),
        ("- seven elective units, of which:", (None, None, 7)),
    ],
)
def test_counts(text: str, counts: tuple[int | None, ...]) -> None:
    reading = read_sentence(Line(1, text), CTX)
    assert (reading.kind, reading.counts) == ("counts", counts)


def test_minimums_and_remainders() -> None:
    assert read("• 2 units must be from Group A elective units below")[:3] == ("at-least", 2, ("A",))
    assert read("at least three units from those listed under Group A or B")[:3] == (
        "at-least",
        3,
        ("A", "B"),
    )
    assert read("a minimum of five units must be selected from Group A")[:3] == ("at-least", 5, ("A",))
    kind, _, groups, window, _ = read("the remaining units from any of the Groups A, B or C below.")
    assert (kind, groups, window) == ("remaining", ("A", "B", "C"), None)


def test_import_windows_by_level_and_package() -> None:
    same_or_higher = read(
        "the remaining 5 units may be from Group A or Group B, or from qualifications at the same level "
        "or one higher in any endorsed Training Package or accredited course"
    )
    assert same_or_higher[2:4] == (("A", "B"), ((5, 6), ()))
    assert read(
        "up to 2 units from any currently endorsed training package or accredited course at AQF level 3, 4 or 5"
    )[:4] == ("cap", 2, (), ((3, 4, 5), ()))
    assert read("up to 2 units from a Certificate II or above qualification in any Training Package")[3] == (
        (2, 3, 4, 5, 6, 8),
        (),
    )
    assert read(
        "if not listed below, up to 2 electives may be from Diploma or above in the Business "
        "Services Training Package"
    )[3] == ((5, 6, 8), ("BSB",))


def test_level_cap_without_import_words_caps_every_elective_at_that_level() -> None:
    assert read("up to 2 units may be from a Certificate IV level qualification.")[:5] == (
        "cap",
        2,
        (),
        None,
        (4,),
    )


def test_specialisation_choice_and_guidance() -> None:
    spec = read_sentence(
        Line(1, "All Group A electives must be selected for award of the Certificate III in X (Ageing)."), CTX
    )
    assert (spec.kind, spec.all_of, spec.specialisation) == ("all-of", ("A",), ("ageing", "Ageing"))
    choice = read_sentence(Line(1, "Choose only one of BSBWHS201 or HLTWHS200A"), CTX)
    assert (choice.kind, choice.units) == ("choice", ("BSBWHS201", "HLTWHS200A"))
    assert (
        read("Elective units must be relevant to the work environment and the qualification")[0] == "guidance"
    )


def test_unreadable_sentences_say_why() -> None:
    missing = read_sentence(Line(1, "2 units from Group D"), CTX)
    assert (missing.kind, missing.reason) == ("unread", "names Group D, which the page does not list")
    odd = read_sentence(Line(1, "Candidates should discuss their choices with an adviser"), CTX)
    assert odd.kind == "unread"
