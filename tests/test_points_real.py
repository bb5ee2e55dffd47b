"""The bundled points-based qualification, UEE22020, on its real codes and weighting points.

The synthetic mechanics are in test_points.py; these tests pin the register's own data: the
valid and invalid examples give the rule results they are written for, and `explain` states the
points figures.
"""

from __future__ import annotations

from conftest import EXAMPLES, check_text, finding
from qualcheck import api
from qualcheck.commands.explain import explain
from qualcheck.commands.tree import render_tree
from qualcheck.findings import PlanResult, Status, Verdict
from qualcheck.register.store import Register
from test_cli import run

CORE = [
    "CPCCWHS1001",
    "UEECD0007",
    "UEECD0009",
    "UEECD0021",
    "UEECD0038",
    "UEECD0046",
    "UEECD0052",
    "UEERE0021",
]


def _example(name: str, register: Register) -> PlanResult:
    return api.validate_path(str(EXAMPLES / name), register)


def _plan(register: Register, electives: list[str]) -> PlanResult:
    units = "".join(f"  - {code}\n" for code in [*CORE, *electives])
    return check_text(register, f"qualification: UEE22020\nunits:\n{units}")


def test_points_add_up_as_the_source_states(register: Register) -> None:
    qualification = register.qualification("UEE22020")
    assert qualification is not None
    packaging = qualification.packaging
    assert packaging.total_units is None and packaging.elective_units is None
    assert packaging.points_total == 410
    assert sum(packaging.points[code] for code in packaging.core) == 270
    assert set(packaging.points) == set(packaging.core) | {
        c for g in packaging.groups.values() for c in g.units
    }
    assert packaging.groups["A"].complete and not packaging.groups["B"].complete


def test_valid_example_meets_every_points_rule(register: Register) -> None:
    result = _example("uee22020-valid.yaml", register)
    assert result.verdict() is Verdict.VALID
    total = finding(result, "QC104", "total-points")
    assert (total.status, total.have, total.need) == (Status.PASS, 410, 410)
    electives = finding(result, "QC208", "elective-points")
    assert (electives.status, electives.have, electives.need) == (Status.PASS, 140, 140)
    group_b = finding(result, "QC208", "group-b-minimum")
    assert (group_b.status, group_b.have) == (Status.PASS, 120)
    assert set(group_b.units) == {"UEECD0008", "UEECD0019", "UEECD0020"}
    cap = finding(result, "QC209", "group-a-cap")
    assert (cap.status, cap.have) == (Status.PASS, 20)


def test_invalid_example_is_short_in_group_b(register: Register) -> None:
    result = _example("uee22020-invalid-group-b-points.yaml", register)
    assert result.verdict() is Verdict.INVALID
    group_b = finding(result, "QC208", "group-b-minimum")
    assert (group_b.status, group_b.have, group_b.need) == (Status.FAIL, 60, 80)
    assert group_b.hint == "add electives from Group B worth 20 more points"
    # Group A holds 70 points; the cap of 60 leaves HLTAID009 (10) out of every total.
    cap = finding(result, "QC209", "group-a-cap")
    assert cap.have == 70 and cap.message.endswith("HLTAID009 does not count")
    electives = finding(result, "QC208", "elective-points")
    assert (electives.status, electives.have) == (Status.FAIL, 120)
    assert electives.hint == "add electives worth 20 more points"
    total = finding(result, "QC104", "total-points")
    assert (total.status, total.have) == (Status.FAIL, 390)


def test_all_electives_from_group_b_is_valid(register: Register) -> None:
    # "or all 140 weighting points can be taken from Group B"
    result = _plan(register, ["UEECD0008", "UEECD0019", "UEECD0020", "ICTICT214"])
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC208", "group-b-minimum").have == 140
    assert finding(result, "QC209", "group-a-cap").have == 0


def test_group_a_at_its_cap_with_80_from_group_b_is_valid(register: Register) -> None:
    result = _plan(register, ["BSBOPS203", "UEECD0035", "UEECO0002", "UEECD0008", "UEERL0001"])
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC209", "group-a-cap").have == 60
    assert finding(result, "QC208", "group-b-minimum").have == 80


def test_unlisted_elective_is_an_import_worth_no_points(register: Register) -> None:
    # A unit outside the lists is read as an import into Group A; no weighting points are held for it.
    result = _plan(register, ["UEECD0008", "UEECD0019", "UEECD0020", "{code: BSBWOR403A, from: BSB50311}"])
    assert finding(result, "QC210").status is Status.WARN
    assert finding(result, "QC104", "total-points").have == 390
    assert result.verdict() is Verdict.INVALID


def test_explain_states_the_points_figures(register: Register) -> None:
    qualification = register.qualification("UEE22020")
    assert qualification is not None
    text = render_tree(explain(qualification, register))
    assert "Total: 410 points" in text
    assert "Core: all 8 units, 270 points" in text
    assert "Electives: by points, 140 of the 410 after the core's 270" in text
    assert "at least 140 points from the electives [elective-points]" in text
    assert "at most 60 points from Group A" in text
    assert "at least 80 points from Group B [group-b-minimum]" in text
    assert "UEECD0038 Provide solutions and report on routine electrotechnology problems (60 points)" in text
    assert "Group B [B]: 5 units, held only in part" in text


def test_explain_command_prints_the_points() -> None:
    done = run("explain", "UEE22020")
    assert done.returncode == 0, done.stderr
    assert "410 points" in done.stdout and "270 points" in done.stdout
    assert "HLTAID009 Provide cardiopulmonary resuscitation (10 points)" in done.stdout
