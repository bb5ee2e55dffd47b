"""The conservation check: a rule is written only when it carries every fact its sentence names;
otherwise the sentence stays a manual check, listed with the part not understood. Sentences are
the forms real pages use (quoted in issue 17), read through `packaging.read_rules`."""

from __future__ import annotations

from typing import Any

from qualcheck.importer.packaging import TRUNCATED, read_rules
from qualcheck.importer.pagetext import Line
from qualcheck.importer.rules import Outcome
from qualcheck.importer.sentences import Reading
from qualcheck.importer.unitlists import parse_lists

GROUPS = {"A": "Group A", "B": "Group B", "C": "Group C"}
COUNTS = ["Total number of units = 10", "2 core units", "8 elective units"]


def read(*sentences: str, groups: dict[str, str] = GROUPS) -> tuple[list[Reading], Outcome]:
    lines = [Line(n, text) for n, text in enumerate([*COUNTS, *sentences], start=1)]
    return read_rules(
        lines, code="XYZ30120", title="Certificate III in Testing", level=3, groups=groups, core_listed=2
    )


def rules(outcome: Outcome) -> list[tuple[str, Any, dict[str, Any]]]:
    return [(r["kind"], r.get("count"), r["from"]) for r in outcome.rules]


def last(readings: list[Reading]) -> tuple[str, str]:
    return readings[-1].kind, readings[-1].reason


def test_a_minimum_the_reading_drops_stays_manual() -> None:
    readings, outcome = read(
        "For a generic qualification select a minimum of 6 units of competency from the relevant "
        "electives listed below"
    )
    assert last(readings) == ("unread", "not understood: the count 6 (no rule read from it carries this)")
    assert rules(outcome) == []
    assert outcome.manual[-1]["text"].startswith("For a generic qualification")


def test_a_second_minimum_in_one_sentence_stays_manual() -> None:
    readings, outcome = read(
        "at least 4 units from the electives listed below, at least 2 of which must be from Groups A, B or C"
    )
    assert last(readings)[0] == "unread" and "the count 2" in last(readings)[1]
    assert not any(kind == "at_least" for kind, _, _ in rules(outcome))


def test_a_cap_over_a_group_in_number_words_is_kept() -> None:
    readings, outcome = read(
        "up to nine (9) may be chosen from the electives in Group C", "the remaining units from Group A or B"
    )
    assert ("at_most", 9, {"groups": ["C"]}) in rules(outcome)
    assert all(r.kind != "unread" for r in readings)


def test_additional_units_cap_adds_the_earlier_minimum() -> None:
    _, outcome = read(
        "4 elective units must be selected from Group A", "up to 4 may be additional units from Group A"
    )
    cap = next(r for r in outcome.rules if r["kind"] == "at_most")
    assert (cap["count"], cap["from"]) == (8, {"groups": ["A"]})
    assert "the 4 of line 4" in cap["note"]


def test_a_sentence_cut_short_is_manual_and_its_imports_are_not_written() -> None:
    readings, outcome = read(
        "at least 6 units from Group A",
        "up to 2 units from the electives listed below, elsewhere in the CHC Community Services T",
    )
    assert last(readings) == ("unread", TRUNCATED)
    assert all("imported" not in selector for _, _, selector in rules(outcome))
    # The cut sentence may widen where electives come from: no sources rule is written.
    assert all(kind != "electives_from" for kind, _, _ in rules(outcome))


def test_a_later_cap_over_an_overlapping_window_is_manual() -> None:
    readings, outcome = read(
        "4 elective units must be selected from Group A",
        "if not listed below, up to 2 electives may be from Diploma or above in the Business Services "
        "Training Package",
        "if not listed below, 1 elective unit may be from any currently endorsed Training Package or "
        "accredited course at Diploma level.",
    )
    assert readings[-2].kind == "cap"
    assert last(readings)[0] == "unread" and "needs a rule the language cannot say yet" in last(readings)[1]
    caps = [(count, selector) for kind, count, selector in rules(outcome) if kind == "at_most"]
    assert caps == [(2, {"imported": {"levels": [5, 6, 8], "packages": ["BSB"]}})]


def test_or_another_endorsed_training_package_is_any_package() -> None:
    readings, outcome = read(
        "at least 6 units from Group A",
        "up to 2 units from the electives listed below, or in AUR30620 or another endorsed Training Package",
    )
    assert readings[-1].kind == "cap"
    cap = next(r for r in outcome.rules if r["kind"] == "at_most")
    assert cap["from"] == {"imported": {}}  # every package, the qualification's own included


def test_a_level_that_may_bind_only_one_package_is_manual() -> None:
    readings, _ = read(
        "up to 2 units may be chosen from other Certificate IV qualifications in CPP, or another current "
        "Training Package or state accredited course"
    )
    assert last(readings) == (
        "unread",
        "allows more than one reading: whether its AQF level applies to every package it names",
    )


def test_count_phrasings_real_pages_use() -> None:
    for text, counts in [
        ("Core Units = 5", (None, 5, None)),
        ("Elective Units = 7", (None, None, 7)),
        ("Core units: 20 units", (None, 20, None)),
        ("Completion of total number of 36 units", (36, None, None)),
        ("a total of 14 units of competency comprising:", (14, None, None)),
        ("16 units of competency are required", (16, None, None)),
    ]:
        reading = read_rules(
            [Line(1, text)], code="XYZ30120", title="Certificate III in Testing", level=3, groups={}
        )[0][0]
        assert (reading.kind, reading.counts) == ("counts", counts), text


def test_a_level_cap_in_the_middle_of_the_sentence_keeps_its_count() -> None:
    readings, outcome = read(
        "3 units aligned to AQF levels 2, 3 or 4 may be selected from any training package"
    )
    assert readings[-1].kind == "cap"
    assert ("at_most", 3, {"imported": {"levels": [2, 3, 4]}}) in rules(outcome)


def test_rules_for_one_specialisation_are_scoped_to_it() -> None:
    readings, outcome = read(
        "at least 4 Group A electives must be selected for the award of the Certificate III in Testing "
        "(Case Management)"
    )
    assert readings[-1].specialisation == ("case-management", "Case Management")
    assert outcome.rules == []  # not applied to every plan
    [rule] = outcome.specialisations["case-management"]["rules"]
    assert (rule["kind"], rule["count"], rule["from"]) == ("at_least", 4, {"groups": ["A"]})


def test_alternatives_and_rule_sets_stay_manual_with_the_reason() -> None:
    for text in [
        "all 3 units from Group A or all 3 units from Group B",
        "The core and elective unit requirements of one (1) specialisation must be met for this "
        "qualification to be awarded.",
    ]:
        readings, outcome = read(text)
        assert readings[-1].kind == "unread", text
        assert readings[-1].reason.startswith(
            "needs a rule the language cannot say yet: one of several rule sets"
        )
        assert outcome.manual[-1]["text"] == text
    readings, _ = read(
        "To be awarded the Certificate III in Testing (Bituminous Surfacing) the following packaging rules apply:",
        "up to nine (9) may be chosen from the electives in Group C",
    )
    assert readings[-2].kind == "rule-set"
    assert (
        readings[-1].kind == "unread"
        and "the rules of the Bituminous Surfacing specialisation" in readings[-1].reason
    )


def test_grid_rows_marked_core_are_core_and_headings_naming_no_group_are_held_in_part() -> None:
    lines = tuple(
        Line(n, text)
        for n, text in enumerate(
            [
                "Unit grid rows seen",
                "XYZCOR301 - Core oneCore oneCurrentCore",
                "XYZABC301 - FirstFirstCurrentElective",
                "XYZABC302 | Second | Elective | None | 20 |",
            ],
            start=1,
        )
    )
    found = parse_lists(lines, 0, len(lines))
    assert found.core is not None and [u.code for u in found.core.units] == ["XYZCOR301"]
    assert not found.core.complete and found.core.units[0].title == "Core one"
    [group] = found.groups
    assert [u.code for u in group.units] == ["XYZABC301", "XYZABC302"] and not group.complete


def test_a_short_rule_sentence_is_listed_not_taken_for_a_heading() -> None:
    for sentence in (
        "No imports permitted",
        "3 electives required",
        "Group A compulsory",
        "Prerequisites apply",
    ):
        readings, outcome = read(sentence)
        assert last(readings)[0] == "unread", sentence
        assert outcome.manual[-1]["text"] == sentence


def test_the_headings_real_rules_use_state_no_rule() -> None:
    readings, outcome = read("Electives", "Year 1")
    assert [r.kind for r in readings[-2:]] == ["heading", "heading"]
    assert outcome.manual == []


def test_minimums_over_some_listed_groups_do_not_make_the_others_ineligible() -> None:
    sentences = (
        "at least 6 units from Group A",
        "up to 2 units may be imported from any other Training Package",
    )
    _, outcome = read(*sentences, groups={"A": "Group A", "B": "Group B"})
    assert all(kind != "electives_from" for kind, _, _ in rules(outcome))
    _, outcome = read(*sentences, groups={"A": "Group A"})
    assert any(kind == "electives_from" for kind, _, _ in rules(outcome))
