"""Scope of registration (--scope): the qualification and every counted unit must be on the RTO's
scope, except credit transfers; a unit off scope cannot count, so the plan is judged without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, finding, plan_yaml, run_main
from qualcheck import api
from qualcheck.errors import InputError
from qualcheck.findings import PlanResult, Status, Verdict
from qualcheck.gates.scopefile import Scope, read_scope
from qualcheck.register.store import Register

CORE = ["BSBCCO504A", "BSBLED501A", "BSBMGT516C"]
# BSB50311: 3 core + 7 electives, at least 2 from Group A.
ELECTIVES = ["BSBCCO601B", "BSBCCO602B", "BSBCUS501C", "BSBCOM501B", "BSBRSK501B", "BSBHRM503B", "BSBINM501A"]
SURPLUS = "BSBMGT615A"


def judged(register: Register, units: list[str | dict[str, str]], scope: set[str]) -> PlanResult:
    return api.validate_text(
        plan_yaml(units), "plan.yaml", register, scope=Scope(frozenset(scope), "scope.txt", None)
    )


def test_everything_on_scope_passes(register: Register) -> None:
    result = judged(register, CORE + ELECTIVES, {"BSB50311", *CORE, *ELECTIVES})
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC501", "scope-units").status is Status.PASS
    assert finding(result, "QC501", "scope-qualification").status is Status.PASS


def test_the_qualification_off_scope_fails(register: Register) -> None:
    result = judged(register, CORE + ELECTIVES, {*CORE, *ELECTIVES})
    assert result.verdict() is Verdict.INVALID
    assert "BSB50311 is not on the scope" in finding(result, "QC501", "scope-qualification").message


def test_a_needed_unit_off_scope_fails_and_does_not_count(register: Register) -> None:
    result = judged(register, CORE + ELECTIVES, {"BSB50311", *CORE, *ELECTIVES[1:]})
    gate = finding(result, "QC501", "scope-units")
    assert gate.status is Status.FAIL and gate.units == ("BSBCCO601B",)
    assert result.verdict() is Verdict.INVALID
    placement = next(p for p in result.placements if p.code == "BSBCCO601B")
    assert placement.role == "not counted" and "scope" in placement.detail


def test_an_unneeded_unit_off_scope_warns_and_the_plan_stays_valid(register: Register) -> None:
    # One elective too many: the surplus unit off scope is not needed.
    result = judged(register, CORE + ELECTIVES + [SURPLUS], {"BSB50311", *CORE, *ELECTIVES})
    assert result.verdict() is Verdict.VALID
    # Off scope and surplus: named as a warning wherever it stands in the plan.
    gate = finding(result, "QC501", "scope-units")
    assert gate.status is Status.WARN and gate.units == (SURPLUS,)
    reordered = judged(register, CORE + [SURPLUS] + ELECTIVES, {"BSB50311", *CORE, *ELECTIVES})
    gate = finding(reordered, "QC501", "scope-units")
    assert reordered.verdict() is Verdict.VALID
    assert gate.status is Status.WARN and gate.units == (SURPLUS,)


def test_no_off_scope_unit_counts_in_place_of_another(register: Register) -> None:
    # Two surplus units off scope: barring only the one a first reading counted would let the
    # second count in its place. Neither may count.
    units = CORE + ELECTIVES[:6] + [SURPLUS, "BSBMGT618A"]
    result = judged(register, units, {"BSB50311", *CORE, *ELECTIVES[:6]})
    assert result.verdict() is Verdict.INVALID
    assert finding(result, "QC501", "scope-units").units == tuple(sorted([SURPLUS, "BSBMGT618A"]))
    counted = {p.code for p in result.placements if p.role in ("core", "elective")}
    assert not counted & {SURPLUS, "BSBMGT618A"}


def test_credit_transfer_needs_no_scope(register: Register) -> None:
    units: list[str | dict[str, str]] = [
        *CORE,
        {"code": ELECTIVES[0], "outcome": "credit-transfer"},
        *ELECTIVES[1:],
    ]
    result = judged(register, units, {"BSB50311", *CORE, *ELECTIVES[1:]})
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC501", "scope-units").status is Status.PASS


def test_a_superseded_equivalent_on_scope_covers_its_successor_only(register: Register) -> None:
    # The register: BSBCCO602B is superseded by BSBCUE602, equivalent.
    successor = [*CORE, ELECTIVES[0], "BSBCUE602", *ELECTIVES[2:]]
    on_scope = {"BSB50311", *CORE, *ELECTIVES}  # holds BSBCCO602B, not BSBCUE602
    assert judged(register, successor, on_scope).verdict() is Verdict.VALID
    # The other way round: the successor on scope does not cover the superseded unit.
    reverse = {"BSB50311", *CORE, *(set(ELECTIVES) - {"BSBCCO602B"}), "BSBCUE602"}
    result = judged(register, CORE + ELECTIVES, reverse)
    assert finding(result, "QC501", "scope-units").units == ("BSBCCO602B",)


def test_scope_csv_finds_the_code_column_and_says_which(tmp_path: Path) -> None:
    path = tmp_path / "scope.csv"
    path.write_text('Title,National Code,Extent\n"Diploma, of Customer Contact",BSB50311,Deliver\n', "utf-8")
    scope = read_scope(path)
    assert scope.codes == {"BSB50311"} and scope.column == "National Code"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("Code,Title\nBSB50311,x\n  nonsense,y\n", 3, 3),
        ("Name,Title\nBSB50311,x\n", 1, 1),
        ("BSB50311\n# a comment\n   rm -rf /\n", 3, 4),
        ("# nothing\n\n", 1, 1),
    ],
)
def test_a_bad_scope_file_is_one_error_with_its_position(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "scope.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as raised:
        read_scope(path)
    assert raised.value.code == "QC062"
    assert (raised.value.span.line, raised.value.span.column) == (line, column)


def test_cli_scope_fails_a_plan_and_exits_1(tmp_path: Path) -> None:
    scope = tmp_path / "scope.txt"
    scope.write_text("BSBCCO504A\n", "utf-8")
    run = run_main("validate", str(EXAMPLES / "valid.yaml"), "--scope", str(scope), "-f", "json")
    assert run.exit_code == 1
    assert '"code": "QC501"' in run.stdout


def test_cli_unusable_scope_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    scope = tmp_path / "scope.csv"
    scope.write_text("Code,Title\n\x1b[31mBAD,x\n", "utf-8")
    run = run_main("validate", str(EXAMPLES / "valid.yaml"), "--scope", str(scope))
    assert run.exit_code == 2
    assert f"{scope}:2:1: QC062" in run.stderr and "\x1b" not in run.stderr


def test_audit_scope_fails_a_student_and_credit_transfer_needs_none(tmp_path: Path) -> None:
    scope = tmp_path / "scope.txt"
    scope.write_text("\n".join(["BSB50311", *CORE, *ELECTIVES[1:]]) + "\n", "utf-8")
    rows = ["student,qualification,unit,outcome"]
    for student, outcome in (("S1", "completed"), ("S2", "credit-transfer"), ("S3", "60")):
        rows += [f"{student},BSB50311,{u},completed" for u in CORE + ELECTIVES[1:]]
        rows.append(f"{student},BSB50311,{ELECTIVES[0]},{outcome}")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("\n".join(rows) + "\n", "utf-8")
    run = run_main("audit", "--csv", str(cohort), "--scope", str(scope), "--format", "json")
    by_student = {j["student"]: j for j in __import__("json").loads(run.stdout)["enrolments"]}
    assert by_student["S1"]["verdict"] == "cannot-complete"
    assert any(r["code"] == "QC501" for r in by_student["S1"]["reasons"])
    # Issued by another RTO (the plan word, or the national outcome identifier 60): no scope needed.
    assert by_student["S2"]["verdict"] == by_student["S3"]["verdict"] == "eligible"
