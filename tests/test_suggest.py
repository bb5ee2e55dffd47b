"""`qualcheck suggest PLAN`: the fewest listed units to add that make a plan valid, each answer a
plan the engine judged valid, checked against brute force on small synthetic registers (the
property tests' registers: real BSB and CHC unit codes, random groups, levels and rules)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings

from conftest import EXAMPLES, run_main
from qualcheck import api
from qualcheck.commands.suggest import suggest
from qualcheck.findings import Verdict
from qualcheck.register.store import Register
from test_properties import Case, cases, plan_yaml

BRUTE_LIMIT = 3  # brute force tries every set of candidates up to this size


def _valid(case: Case, codes: tuple[str, ...]) -> bool:
    text = plan_yaml(case.entries) + "".join(f"  - {c}\n" for c in codes)
    return api.validate_text(text, "plan.yaml", case.register).verdict() is Verdict.VALID


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_size=6))
def test_suggest_finds_the_fewest_units_brute_force_finds(case: Case) -> None:
    located = api.locate_plan(plan_yaml(case.entries), "plan.yaml")
    found = suggest(located, case.register, limit=2)
    if found.plan.verdict() is Verdict.VALID:
        return
    packaging = case.qualification.packaging
    held = {e.code for e in case.entries}
    listed = list(dict.fromkeys([*packaging.core, *(c for g in packaging.groups.values() for c in g.units)]))
    candidates = [c for c in listed if c not in held]
    brute = next(
        (
            size
            for size in range(BRUTE_LIMIT + 1)
            if any(_valid(case, combo) for combo in itertools.combinations(candidates, size))
        ),
        None,
    )
    for answer in found.found:
        assert _valid(case, answer.add), answer  # every suggestion is a valid plan
        assert not held.intersection(answer.add)  # nothing the plan holds is suggested
    fewest = len(found.found[0].add) if found.found else None
    if brute is not None:
        assert fewest == brute
    else:
        assert fewest is None or fewest > BRUTE_LIMIT


def test_cli_suggests_a_group_a_unit_for_a_plan_one_short(register: Register) -> None:
    run = run_main("suggest", str(EXAMPLES / "invalid-one-group-a.yaml"))
    assert run.exit_code == 0
    assert "the fewest listed units that make it valid: 1" in run.stdout
    assert "1 of: Group A" in run.stdout


def test_cli_missing_core_is_in_every_answer() -> None:
    run = run_main("suggest", str(EXAMPLES / "invalid-missing-core.yaml"))
    assert "in every answer, the missing core: BSBMGT516C" in run.stdout


def test_cli_scope_keeps_units_off_scope_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The plan's own units and one Group A unit not in it are on scope.
    plan = EXAMPLES / "invalid-one-group-a.yaml"
    held = [line.split()[1] for line in plan.read_text("utf-8").splitlines() if line.startswith("  - ")]
    scope = tmp_path / "scope.txt"
    scope.write_text("\n".join(["BSB50311", *held, "BSBCCO603B"]) + "\n", "utf-8")
    run = run_main("suggest", str(plan), "--scope", str(scope), "--limit", "5")
    assert "1. add BSBCCO603B" in run.stdout and "2. add" not in run.stdout


def test_an_undecided_plan_says_what_adding_cannot_settle() -> None:
    run = run_main("suggest", str(EXAMPLES / "cpc40120-undecided-builder.yaml"))
    assert run.exit_code == 1
    assert "confirm" in run.stdout


def test_with_a_scope_plans_and_answers_are_judged_through_the_scope_gate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # examples/valid.yaml is valid, but its BSBLDR601 is off this scope: without it the plan is
    # one elective short, so it is not "valid, nothing to add", and every answer is valid on scope.
    scope = tmp_path / "scope.txt"
    scope.write_text((EXAMPLES / "scope.txt").read_text("utf-8") + "BSBAUD501B\n", "utf-8")
    run = run_main("suggest", str(EXAMPLES / "valid.yaml"), "--scope", str(scope), "--limit", "1")
    assert "nothing to add" not in run.stdout
    assert "1. add BSBAUD501B" in run.stdout
    checked = tmp_path / "plan.yaml"
    checked.write_text(
        (EXAMPLES / "valid.yaml").read_text("utf-8").replace("units:\n", "units:\n  - BSBAUD501B\n")
    )
    assert run_main("validate", str(checked), "--scope", str(scope)).exit_code == 0
