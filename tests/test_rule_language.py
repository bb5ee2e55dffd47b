"""Rule forms beyond BSB50311: specialisations, all-of, incomplete lists, prerequisites, entry
requirements, import windows by package, and achieved outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORE, ROOT, check, check_text, finding, plan_yaml
from qualcheck import api
from qualcheck.findings import Status, Verdict
from qualcheck.register.store import Register

CHC_CORE = [
    "CHCCCS031",
    "CHCCCS038",
    "CHCCCS040",
    "CHCCCS041",
    "CHCCOM005",
    "CHCDIV001",
    "CHCLEG001",
    "HLTINF006",
    "HLTWHS002",
]
GROUP_A = ["CHCAGE011", "CHCAGE013", "CHCPAL003"]
GROUP_B = ["CHCDIS011", "CHCDIS012", "CHCDIS020"]


def chc(
    register: Register, units: list[str | dict[str, str]], specialisation: str | None = None
) -> api.PlanResult:  # type: ignore[name-defined]
    text = "qualification: CHC33021\n"
    if specialisation:
        text += f"specialisation: {specialisation}\n"
    text += "units:\n" + "".join(f"  - {u}\n" for u in units)
    return api.validate_text(text, "plan.yaml", register)


def test_named_specialisation_needs_all_of_its_group(register: Register) -> None:
    assert (
        chc(register, CHC_CORE + GROUP_A + ["CHCDIS020", "HLTAID011", "CHCMHS001"], "ageing").verdict()
        is Verdict.VALID
    )
    result = chc(
        register, CHC_CORE + GROUP_A[:2] + ["CHCDIS020", "CHCDIS012", "HLTAID011", "CHCMHS001"], "ageing"
    )
    all_a = finding(result, "QC205", "all-group-a")
    assert all_a.status is Status.FAIL
    assert "missing: CHCPAL003" in all_a.message
    assert all_a.hint == "add CHCPAL003"
    assert result.verdict() is Verdict.INVALID


def test_combined_specialisation_needs_both_groups(register: Register) -> None:
    result = chc(register, CHC_CORE + GROUP_A + GROUP_B, "ageing-and-disability")
    assert result.verdict() is Verdict.VALID
    assert {f.rule_id for f in result.findings if f.code == "QC205"} == {"all-group-a", "all-group-b"}


def test_plan_meeting_an_unnamed_specialisation_is_told(register: Register) -> None:
    result = chc(register, CHC_CORE + GROUP_B + ["CHCAGE011", "HLTAID011", "CHCMHS001"])
    assert result.verdict() is Verdict.VALID
    met = finding(result, "QC206")
    assert met.status is Status.INFO
    assert "Disability" in met.message and "specialisation: disability" in met.hint


def test_unknown_specialisation_lists_the_choices(register: Register) -> None:
    result = chc(register, CHC_CORE + GROUP_A + GROUP_B, "aged-care")
    assert result.error is not None and result.error.code == "QC013"
    assert result.error.hint == "choose one of: ageing, disability, ageing-and-disability"


def test_unit_missing_from_an_incomplete_group_is_undecided(register: Register) -> None:
    # CHCCCS015 is not in the register at all; Group C is held only in part. Whether it is a unit,
    # and listed there, is recorded nowhere: the plan that needs it is undecided, never valid.
    result = chc(register, CHC_CORE + GROUP_A + ["CHCDIS020", "HLTAID011", "CHCCCS015"])
    unknown = finding(result, "QC011")
    assert unknown.status is Status.WARN
    assert "Group C (other electives) is held only in part" in unknown.message
    note = finding(result, "QC207")
    assert note.status is Status.INFO
    assert "whether it is a unit at all" in note.message and "listed in Group C" in note.message
    assert "{unit: CHCCCS015, listed_in: C," in note.hint
    assert result.verdict() is Verdict.UNDECIDED


def test_achieved_needs_every_counted_unit_achieved(register: Register) -> None:
    electives = [
        "BSBCCO601B",
        "BSBCCO602B",
        "BSBCUS501C",
        "BSBCOM501B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
    ]
    done = [{"code": c, "outcome": "completed"} for c in CORE + electives[:-1]]
    result = check(register, [*done, {"code": electives[-1], "outcome": "rpl"}])
    assert result.verdict() is Verdict.VALID and result.achieved()
    result = check(register, [*done, {"code": electives[-1], "outcome": "enrolled"}])
    assert result.verdict() is Verdict.VALID and not result.achieved()
    assert result.not_yet_achieved() == ["BSBINM501A"]


# A synthetic variant of BSB50311 (made here, for these tests only): the real lists with invented
# prerequisites, an entry requirement and a package-restricted import window.
def synthetic_register(
    tmp_path: Path, extra: str, sources: str = "{groups: [A, B], imported: {levels: [4, 5, 6]}}"
) -> Register:
    text = (ROOT / "data" / "qualifications" / "BSB50311.yaml").read_text()
    text = text.replace("from: {groups: [A, B], imported: {levels: [4, 5, 6]}}", f"from: {sources}")
    text = text.replace("  manual:\n", extra + "  manual:\n")
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "qualifications" / "BSB50311.yaml").write_text("# Synthetic test data.\n" + text)
    (tmp_path / "units").mkdir()
    for name in ("BSB.yaml", "CHC.yaml"):
        (tmp_path / "units" / name).write_text((ROOT / "data" / "units" / name).read_text())
    return api.open_register(tmp_path)


ELECTIVES = ["BSBCCO601B", "BSBCCO602B", "BSBCUS501C", "BSBCOM501B", "BSBRSK501B", "BSBHRM503B", "BSBINM501A"]


def test_missing_prerequisite_fails(tmp_path: Path) -> None:
    register = synthetic_register(
        tmp_path, "  prerequisites:\n    BSBCCO601B: [BSBCCO602B]\n    BSBRSK501B: [BSBLDR601]\n"
    )
    result = check(register, CORE + ELECTIVES)
    prereq = finding(result, "QC301")
    assert prereq.status is Status.FAIL
    assert "BSBRSK501B needs BSBLDR601" in prereq.message
    assert prereq.hint == "add BSBLDR601"


def test_prerequisite_outside_the_lists_is_explained(tmp_path: Path) -> None:
    register = synthetic_register(tmp_path, "  prerequisites:\n    BSBRSK501B: [BSBLDR601]\n")
    units = CORE + ELECTIVES[:6] + [{"code": "BSBLDR601", "from": "BSB60420"}, "BSBRSK501B"]
    result = check(register, units)
    prereq = finding(result, "QC301")
    assert prereq.status is Status.PASS
    assert "BSBLDR601 (prerequisite of BSBRSK501B) is not in the qualification's lists" in prereq.message


@pytest.mark.parametrize(
    ("prior", "status"),
    [(None, Status.MANUAL), ("[BSB40312]", Status.PASS), ("[BSB30412]", Status.FAIL)],
    ids=["no-prior-undecided", "held-pass", "other-fail"],
)
def test_entry_requirements(tmp_path: Path, prior: str | None, status: Status) -> None:
    extra = '  entry_requirements:\n    text: "synthetic: hold BSB40312"\n    any_of: [[BSB40312]]\n'
    register = synthetic_register(tmp_path, extra)
    text = (
        "qualification: BSB50311\n"
        + (f"prior: {prior}\n" if prior else "")
        + "units: ["
        + ", ".join(CORE + ELECTIVES)
        + "]\n"
    )
    result = api.validate_text(text, "plan.yaml", register)
    entry = finding(result, "QC310")
    assert entry.status is status
    expected = {Status.FAIL: Verdict.INVALID, Status.PASS: Verdict.VALID, Status.MANUAL: Verdict.UNDECIDED}
    assert result.verdict() is expected[status]


def test_import_window_restricted_to_a_package(tmp_path: Path) -> None:
    register = synthetic_register(
        tmp_path, "", sources="{groups: [A, B], imported: {packages: [BSB], levels: [5, 6]}}"
    )
    ok = check(register, CORE + ELECTIVES[:6] + [{"code": "BSBLDR601", "from": "BSB60420"}])
    assert ok.verdict() is Verdict.VALID
    wrong_package = check(register, CORE + ELECTIVES[:6] + [{"code": "CHCMHS001", "from": "CHC50121"}])
    assert finding(wrong_package, "QC202").status is Status.FAIL


def currency(register: Register, units: list[str], as_of: str | None) -> api.PlanResult:  # type: ignore[name-defined]
    import datetime as dt

    text = "qualification: BSB50311\nunits: [" + ", ".join(units) + "]\n"
    return api.validate_text(text, "plan.yaml", register, dt.date.fromisoformat(as_of) if as_of else None)


def test_currency_is_checked_only_with_as_of(register: Register) -> None:
    units = CORE + [
        "BSBCCO601B",
        "BSBCUE602",
        "BSBCOM501B",
        "BSBRSK501B",
        "BSBHRM503B",
        "BSBINM501A",
        "BSBMGT615A",
    ]
    assert not [f for f in currency(register, units, None).findings if f.code == "QC401"]
    flagged = {f.units[0]: f for f in currency(register, units, "2021-01-01").findings if f.code == "QC401"}
    # BSB50311 was superseded (equivalently) by BSB50315 on 2015-03-24.
    assert "superseded by BSB50315 (equivalent) on 2015-03-24" in flagged["BSB50311"].message
    # BSBCUE602 was superseded by BSBOPS505, which is not equivalent.
    assert "BSBOPS505, which is not equivalent" in flagged["BSBCUE602"].message
    # BSBCCO601B has no recorded supersession: not flagged.
    assert "BSBCCO601B" not in flagged
    assert all(f.status is Status.WARN for f in flagged.values())


def test_currency_before_the_change_is_quiet(register: Register) -> None:
    flagged = [f for f in currency(register, CORE, "2014-01-01").findings if f.code == "QC401"]
    assert not any("BSB50315" in f.message for f in flagged)


def test_import_with_from_is_not_waved_through_a_partial_group(register: Register) -> None:
    # CHC33021's Group C is held only in part, but a unit imported `from:` another qualification
    # is an import, and CHC33021's rules (as encoded) allow no imports.
    units = [*CHC_CORE, *GROUP_A, "CHCDIS020", "HLTAID011", {"code": "BSBLDR601", "from": "BSB60420"}]
    text = "qualification: CHC33021\nunits:\n" + "".join(
        f"  - {u}\n" if isinstance(u, str) else f"  - code: {u['code']}\n    from: {u['from']}\n"
        for u in units
    )
    result = api.validate_text(text, "plan.yaml", register)
    assert finding(result, "QC202").status is Status.FAIL


def test_equivalence_found_through_a_package_loaded_part_way(tmp_path: Path) -> None:
    # AAAX101 maps to BBBX101; BBBX102 (in the same file as BBBX101) maps back to AAAX101. The
    # BBB file is read only when BBBX101 is reached, after AAAX101 was already visited.
    units = tmp_path / "units"
    units.mkdir()
    (tmp_path / "qualifications").mkdir()
    mapping = "relation: superseded_by, equivalent: true"
    (units / "AAA.yaml").write_text(
        "package: AAA\nsources: [{id: s, title: t}]\nunits:\n"
        f"  - {{code: AAAX101, title: A, mappings: [{{code: BBBX101, {mapping}}}]}}\n"
    )
    (units / "BBB.yaml").write_text(
        "package: BBB\nsources: [{id: s, title: t}]\nunits:\n"
        "  - {code: BBBX101, title: B}\n"
        f"  - {{code: BBBX102, title: C, mappings: [{{code: AAAX101, {mapping}}}]}}\n"
    )
    register = Register(tmp_path)
    assert register.equivalents("AAAX101") == {"AAAX101", "BBBX101", "BBBX102"}
    assert register.equivalents("BBBX101") == {"AAAX101", "BBBX101", "BBBX102"}


def _core_held_in_part(tmp_path: Path) -> Register:
    """BSB50311 with BSBMGT516C left out of a core list marked as held only in part (test data)."""
    synthetic_register(tmp_path, "")
    path = tmp_path / "qualifications" / "BSB50311.yaml"
    text = path.read_text()
    line = "    - BSBMGT516C   # Facilitate continuous improvement\n"
    assert line in text
    text = text.replace(line, "", 1).replace("  core:\n", "  core_complete: false\n  core:\n", 1)
    path.write_text(text)
    return api.open_register(tmp_path)


def test_a_core_list_held_in_part_is_undecided_not_failed(tmp_path: Path) -> None:
    register = _core_held_in_part(tmp_path)
    # The unlisted BSBMGT516C may be the core unit the list lacks: neither a pass nor a failure.
    result = check(register, CORE + ELECTIVES)
    core = finding(result, "QC101")
    assert core.undecided and "held only in part" in core.message
    assert result.verdict() is Verdict.UNDECIDED
    assert "{unit: BSBMGT516C, listed_in: core," in finding(result, "QC207").hint
    confirmed = check_text(
        register,
        plan_yaml(CORE + ELECTIVES)
        + "confirmed:\n  - {unit: BSBMGT516C, listed_in: core, by: J. Citizen, on: 2026-11-30, evidence: page}\n",
    )
    assert confirmed.verdict() is Verdict.VALID
    # A listed core unit missing is a failure whatever the rest of the list holds.
    missing = check(register, [c for c in CORE if c != "BSBLED501A"] + ELECTIVES)
    assert finding(missing, "QC101").status is Status.FAIL
    assert missing.verdict() is Verdict.INVALID
