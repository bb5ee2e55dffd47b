"""BSB50311 release 3 judged rule by rule, on real units."""

from __future__ import annotations

from conftest import CORE, check, check_text, codes, finding, plan_yaml
from qualcheck.findings import Status, Verdict
from qualcheck.register.store import Register

VALID_ELECTIVES = [
    "BSBCCO601B",
    "BSBCCO602B",
    "BSBCUS501C",
    "BSBCOM501B",
    "BSBRSK501B",
    "BSBHRM503B",
    "BSBINM501A",
]


def test_valid_plan_passes_every_rule(register: Register) -> None:
    result = check(register, CORE + VALID_ELECTIVES)
    assert result.verdict() is Verdict.VALID
    assert codes(result) == {
        "QC102": "pass",
        "QC101": "pass",
        "QC201": "pass",
        "QC202": "pass",
        "QC203": "pass",
        "QC204": "pass",
        "QC901": "manual",
    }
    total = finding(result, "QC102")
    assert (total.have, total.need) == (10, 10)


def test_missing_core_unit_is_named(register: Register) -> None:
    result = check(register, CORE[:2] + VALID_ELECTIVES)
    core = finding(result, "QC101")
    assert core.status is Status.FAIL
    assert "BSBMGT516C" in core.message
    assert "BSBMGT516C Facilitate continuous improvement" in core.hint
    assert (core.have, core.need) == (2, 3)
    assert result.verdict() is Verdict.INVALID


def test_one_group_a_unit_fails_the_minimum_with_candidates(register: Register) -> None:
    electives = [
        "BSBCCO601B",
        "BSBCOM501B",
        "BSBCOM502B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
        "BSBMGT615A",
    ]
    result = check(register, CORE + electives)
    group_a = finding(result, "QC203", "group-a-minimum")
    assert group_a.status is Status.FAIL
    assert (group_a.have, group_a.need) == (1, 2)
    assert group_a.hint.startswith("add 1 more unit from Group A, such as BSBAUD501B")
    assert "and 9 more" in group_a.hint  # 15 in Group A, 1 in the plan, 5 shown
    assert finding(result, "QC201").status is Status.PASS  # 7 electives still count
    assert result.verdict() is Verdict.INVALID


def test_three_certificate_iv_units_break_the_cap(register: Register) -> None:
    electives = [
        "BSBCCO601B",
        "BSBCCO602B",
        "BSBRSK501B",
        "BSBCCO403A",
        "BSBCCO407A",
        "BSBWOR403A",
        "BSBCOM501B",
    ]
    result = check(register, CORE + electives)
    cap = finding(result, "QC204", "certificate-iv-cap")
    assert cap.status is Status.FAIL
    assert (cap.have, cap.need) == (3, 2)
    assert set(cap.units) == {"BSBCCO403A", "BSBCCO407A", "BSBWOR403A"}
    count = finding(result, "QC201")
    assert (count.status, count.have) == (Status.FAIL, 6)
    not_counted = [p for p in result.placements if p.role == "not counted"]
    assert [p.code for p in not_counted] == ["BSBWOR403A"]
    assert "certificate-iv-cap" in not_counted[0].detail


def test_third_certificate_iv_unit_is_harmless_when_the_plan_has_a_spare(
    register: Register,
) -> None:
    electives = [
        "BSBCCO601B",
        "BSBCCO602B",
        "BSBRSK501B",
        "BSBCCO403A",
        "BSBCCO407A",
        "BSBWOR403A",
        "BSBCOM501B",
        "BSBCOM502B",
    ]
    result = check(register, CORE + electives)
    assert finding(result, "QC204").status is Status.PASS
    assert result.verdict() is Verdict.VALID


def test_import_from_certificate_iii_is_too_low(register: Register) -> None:
    electives = VALID_ELECTIVES[:6] + [{"code": "BSBITU306A", "from": "BSB30412"}]
    result = check(register, CORE + electives)
    sources = finding(result, "QC202")
    assert sources.status is Status.FAIL
    assert "BSBITU306A is imported at AQF 3" in sources.message
    assert finding(result, "QC201").have == 6
    assert result.verdict() is Verdict.INVALID


def test_import_from_advanced_diploma_is_allowed(register: Register) -> None:
    electives = VALID_ELECTIVES[:6] + [{"code": "BSBLDR601", "from": "BSB60420"}]
    result = check(register, CORE + electives)
    assert result.verdict() is Verdict.VALID
    placement = next(p for p in result.placements if p.code == "BSBLDR601")
    assert placement.role == "elective"
    assert "imported from BSB60420" in placement.detail
    assert (placement.level, placement.level_inferred) == (6, True)
    assert finding(result, "QC040").status is Status.INFO  # BSB60420's level came from its code


def test_import_from_graduate_diploma_is_too_high(register: Register) -> None:
    electives = VALID_ELECTIVES[:6] + [{"code": "BSBLDR801", "from": "BSB80215"}]
    result = check(register, CORE + electives)
    assert finding(result, "QC202").status is Status.FAIL
    assert "AQF 8" in finding(result, "QC202").message
    assert result.verdict() is Verdict.INVALID


def test_import_from_certificate_iv_counts_against_the_cap(register: Register) -> None:
    electives = [
        "BSBCCO601B",
        "BSBCCO602B",
        "BSBCCO403A",
        "BSBCCO407A",
        "BSBRSK501B",
        "BSBCOM501B",
        {"code": "BSBITU306A", "from": "BSB40312"},
    ]
    result = check(register, CORE + electives)
    assert finding(result, "QC202").status is Status.PASS  # AQF 4 imports are allowed...
    assert finding(result, "QC204").status is Status.FAIL  # ...but only 2 Certificate IV units count


def test_duplicate_unit_counts_once(register: Register) -> None:
    result = check(register, CORE + VALID_ELECTIVES[:6] + ["BSBCCO601B"])
    duplicate = finding(result, "QC020")
    assert duplicate.status is Status.WARN
    assert duplicate.span is not None and duplicate.span.line == 12
    assert finding(result, "QC201").have == 6
    assert result.verdict() is Verdict.INVALID


def test_unknown_unit_is_an_input_error_with_suggestion(register: Register) -> None:
    result = check(register, CORE + VALID_ELECTIVES[:6] + ["BSBCCO6O8B"])
    unknown = finding(result, "QC011")
    assert unknown.status is Status.ERROR
    assert "did you mean BSBCCO608B?" in unknown.hint
    assert result.verdict() is Verdict.ERROR


def test_unknown_unit_with_from_is_undecided_until_confirmed(register: Register) -> None:
    # No units file defines BSBMGT617A: whether it is a unit at all is not recorded, so the plan
    # that needs it is undecided, and says how a person settles it.
    units = CORE + VALID_ELECTIVES[:6] + [{"code": "BSBMGT617A", "from": "BSB60407"}]
    result = check(register, units)
    assert finding(result, "QC011").status is Status.WARN
    assert result.verdict() is Verdict.UNDECIDED
    note = finding(result, "QC207")
    assert "BSBMGT617A: whether it is a unit at all" in note.message
    assert "{unit: BSBMGT617A, level: 6, by: NAME, on: YYYY-MM-DD, evidence: WHERE}" in note.hint
    confirmed = check_text(
        register,
        plan_yaml(units)
        + "confirmed:\n  - {unit: BSBMGT617A, level: 6, by: J. Citizen, on: 2026-11-30, evidence: unit page}\n",
    )
    assert confirmed.verdict() is Verdict.VALID
    assert confirmed.confirmed == [
        "BSBMGT617A is at AQF 6: confirmed by J. Citizen on 2026-11-30 (unit page)"
    ]


def test_eleven_units_leave_one_surplus(register: Register) -> None:
    result = check(register, CORE + VALID_ELECTIVES + ["BSBMKG610A"])
    surplus = finding(result, "QC103")
    assert surplus.status is Status.WARN
    assert surplus.units == ("BSBMKG610A",)
    assert result.verdict() is Verdict.VALID


def test_superseded_equivalent_unit_stands_in_for_its_successor(register: Register) -> None:
    # BSBCCO602B supersedes and is equivalent to BSBCCO602A.
    electives = [
        "BSBCCO601B",
        "BSBCCO602A",
        "BSBCOM501B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
        "BSBMGT615A",
    ]
    result = check(register, CORE + electives)
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC203").have == 2
    placement = next(p for p in result.placements if p.code == "BSBCCO602A")
    assert placement.counted_as == "BSBCCO602B"
    assert finding(result, "QC030").status is Status.INFO


def test_equivalence_is_followed_through_the_successor_chain(register: Register) -> None:
    # BSBCUE602 supersedes and is equivalent to BSBCCO602B (listed in Group A).
    electives = [
        "BSBCCO601B",
        "BSBCUE602",
        "BSBCOM501B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
        "BSBMGT615A",
    ]
    result = check(register, CORE + electives)
    assert finding(result, "QC203").status is Status.PASS


def test_two_equivalent_units_are_a_duplicate(register: Register) -> None:
    result = check(register, CORE + VALID_ELECTIVES + ["BSBCCO602A"])
    duplicate = finding(result, "QC020")
    assert "equivalent" in duplicate.message
    assert set(duplicate.units) == {"BSBCCO602B", "BSBCCO602A"}


def test_non_equivalent_successor_does_not_stand_in(register: Register) -> None:
    # BSBOPS505 supersedes BSBCUE602 but is not equivalent to it: it is an imported AQF 5 unit.
    electives = [
        "BSBCCO601B",
        "BSBOPS505",
        "BSBCOM501B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
        "BSBMGT615A",
    ]
    result = check(register, CORE + electives)
    assert finding(result, "QC203").status is Status.FAIL
    assert next(p for p in result.placements if p.code == "BSBOPS505").counted_as is None


def test_withdrawn_unit_does_not_count(register: Register) -> None:
    electives = VALID_ELECTIVES[:6] + [{"code": "BSBMGT615A", "outcome": "withdrawn"}]
    result = check(register, CORE + electives)
    assert finding(result, "QC021").status is Status.INFO
    assert finding(result, "QC201").have == 6


def test_import_of_unknown_level_says_how_to_fix(register: Register) -> None:
    # CHCMHS001's code has no level digit, so without `from:` its level cannot be known.
    result = check(register, CORE + VALID_ELECTIVES[:6] + ["CHCMHS001"])
    sources = finding(result, "QC202")
    assert sources.status is Status.MANUAL
    assert "CHCMHS001 cannot be shown to count: AQF level unknown (add `from: QUALIFICATION`" in (
        sources.message
    )
    # Read at an allowed level it completes the plan; read outside, it leaves a unit short. Neither
    # is known, so the plan is neither valid nor invalid.
    assert "not decided" in sources.message and sources.undecided
    assert "CHCMHS001: its AQF level" in finding(result, "QC207").message
    assert "{unit: CHCMHS001, level: N" in finding(result, "QC207").hint
    assert finding(result, "QC201").status is Status.MANUAL
    assert result.verdict() is Verdict.UNDECIDED


def test_import_of_unknown_level_in_a_plan_that_fails_anyway(register: Register) -> None:
    # Without a core unit the plan fails whatever CHCMHS001's level: invalid, not undecided.
    result = check(register, CORE[:2] + VALID_ELECTIVES[:6] + ["CHCMHS001"])
    assert finding(result, "QC202").status is Status.FAIL
    assert finding(result, "QC101").status is Status.FAIL
    assert result.verdict() is Verdict.INVALID


def test_import_of_unknown_level_not_needed_is_a_warning(register: Register) -> None:
    # Seven electives of known level already complete the plan: CHCMHS001 is not needed.
    result = check(register, CORE + VALID_ELECTIVES[:7] + ["CHCMHS001"])
    assert finding(result, "QC202").status is Status.WARN
    assert result.verdict() is Verdict.VALID
