"""The exact assignment search and the integer program behind it, against brute force, on a
greedy-defeating register, and on the adversarial shapes the search alone cannot cover."""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcheck import api
from qualcheck.engine import assignment, integer_program
from qualcheck.engine.assignment import Assignment, Bound, SearchTooLarge, best_assignment
from qualcheck.findings import Status, Verdict

ROOT = Path(__file__).resolve().parents[1]


def brute_force_shortfall(candidates: list[int], bounds: list[Bound]) -> int:
    """Least shortfall over every subset and every crediting of units to exclusive bounds."""
    exclusive = [b for b in bounds if b.exclusive]
    best: int | None = None
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            options = [[None] + [b.key for b in exclusive if u in b.members] for u in chosen]
            for credit in itertools.product(*options):
                shortfall, broken = 0, False
                for bound in bounds:
                    if bound.exclusive:
                        n = sum(
                            bound.weight(u) for u, c in zip(chosen, credit, strict=True) if c == bound.key
                        )
                    else:
                        n = sum(bound.weight(u) for u in chosen if u in bound.members)
                    if bound.high is not None and n > bound.high:
                        broken = True
                        break
                    shortfall += max(0, bound.low - n)
                if not broken and (best is None or shortfall < best):
                    best = shortfall
    assert best is not None
    return best


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[int], list[Bound]]:
    n = draw(st.integers(1, 7))
    items = list(range(n))
    target = draw(st.integers(1, n + 1))
    bounds = [Bound("electives", frozenset(items), target, target)]
    points = {i: draw(st.sampled_from([0, 1, 2, 4, 6])) for i in items}
    for k in range(draw(st.integers(0, 3))):
        members = frozenset(draw(st.sets(st.sampled_from(items))))
        weights = points if draw(st.booleans()) else None  # points-based bound, or a count
        scale = 4 if weights else 1
        if draw(st.booleans()):
            low = draw(st.integers(1, 3 * scale))
            bounds.append(Bound(f"min{k}", members, low=low, exclusive=draw(st.booleans()), weights=weights))
        else:
            bounds.append(Bound(f"cap{k}", members, high=draw(st.integers(0, 3 * scale)), weights=weights))
    return items, bounds


def _medium_problem(rnd: random.Random) -> tuple[list[int], list[Bound]]:
    """10 to 26 units, up to 6 minimums (most exclusive) and caps over random sets."""
    items = list(range(rnd.randint(10, 26)))
    target = rnd.randint(len(items) // 2, len(items) + 1)
    bounds = [Bound("electives", frozenset(items), target, target)]
    for k in range(rnd.randint(2, 6)):
        members = frozenset(rnd.sample(items, rnd.randint(2, len(items))))
        if rnd.random() < 0.6:
            bounds.append(Bound(f"min{k}", members, low=rnd.randint(1, 5), exclusive=rnd.random() < 0.7))
        else:
            bounds.append(Bound(f"cap{k}", members, high=rnd.randint(0, 6)))
    return items, bounds


def test_on_medium_problems_the_integer_program_gives_the_searchs_answer() -> None:
    # Problems too big for the brute force, which the search still answers with a large budget.
    rnd, exact = random.Random(7), 0
    for _ in range(30):
        items, bounds = _medium_problem(rnd)
        searched = best_assignment(items, bounds, search_budget=20_000)
        found = best_assignment(items, bounds, search_budget=0)
        assert shortfalls(found, bounds) == shortfalls(searched, bounds)
        by_signature: dict[tuple[int, ...], int] = {}
        for item in items:
            signature = tuple(b.weight(item) if item in b.members else -1 for b in bounds)
            by_signature[signature] = by_signature.get(signature, 0) + 1
        limits = tuple((b.low, b.high, b.exclusive) for b in bounds)
        if integer_program.preference_is_exact(limits, tuple(by_signature.items())):
            exact += 1
            assert found == searched  # unit for unit, credited alike
    assert exact >= 20  # most of them are within the exact weights: the comparison means something


def shortfalls(found: Assignment, bounds: list[Bound]) -> tuple[int, ...]:
    """Each bound's shortfall in `found`, after checking it breaks no cap and credits no unit twice."""
    for bound in bounds:
        assert bound.high is None or found.total_in(bound) <= bound.high, f"{bound.key} broken"
    credited = [u for units in found.credited.values() for u in units]
    assert len(credited) == len(set(credited)), "a unit was credited to two minimums"
    assert set(credited) <= found.counted
    short = tuple(max(0, bound.low - found.total_in(bound)) for bound in bounds)
    assert sum(short) == found.shortfall
    return short


EXAMPLES = int(os.environ.get("QUALCHECK_SOLVER_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None)
@given(problems())
def test_search_matches_brute_force(problem: tuple[list[int], list[Bound]]) -> None:
    candidates, bounds = problem
    found = best_assignment(candidates, bounds)
    assert found.shortfall == brute_force_shortfall(candidates, bounds)
    # The assignment it returns really has that shortfall and breaks no cap.
    shortfalls(found, bounds)


@settings(max_examples=EXAMPLES, deadline=None)
@given(problems())
def test_integer_program_matches_brute_force_and_the_search(problem: tuple[list[int], list[Bound]]) -> None:
    # A budget of no states hands every problem to the integer program.
    candidates, bounds = problem
    found = best_assignment(candidates, bounds, search_budget=0)
    assert found.shortfall == brute_force_shortfall(candidates, bounds)
    # The same Score as the search: the same shortfall in every rule, so the same rules fail.
    searched = best_assignment(candidates, bounds)
    assert shortfalls(found, bounds) == shortfalls(searched, bounds)
    # And, the problem being small enough for exact weights, the very same units counted and
    # credited alike.
    assert found == searched
    # Credit goes only where a minimum needs it, as the search gives it.
    for bound in bounds:
        if bound.exclusive and bound.weights is None:
            assert len(found.credited[bound.key]) <= (bound.high if bound.high is not None else bound.low)


def test_shared_unit_goes_where_it_is_needed() -> None:
    # Unit 0 is in A and B, unit 1 only in A. Greedy (unit 0 to A first) leaves B empty.
    bounds = [
        Bound("electives", frozenset({0, 1}), 2, 2),
        Bound("a", frozenset({0, 1}), low=1, exclusive=True),
        Bound("b", frozenset({0}), low=1, exclusive=True),
    ]
    found = best_assignment([0, 1], bounds)
    assert found.feasible
    assert found.credited == {"a": frozenset({1}), "b": frozenset({0})}


# A synthetic register (made here, for this test only) whose groups overlap so that crediting
# units in plan order fails while a valid assignment exists.
SYNTHETIC_QUALIFICATION = """\
# Synthetic test data: not a real qualification's rules.
code: BSB50311
title: Synthetic overlapping-groups test qualification
release: 1
aqf_level: 5
status: current
source: [{title: synthetic, note: written by tests/test_assignment.py}]
packaging:
  total_units: 3
  core_units: 1
  elective_units: 2
  core: [BSBCCO504A]
  groups:
    A: {title: Group A, units: [BSBCCO601B, BSBCCO602B]}
    B: {title: Group B, units: [BSBCCO601B, BSBCOM501B]}
  rules:
    - {id: one-from-a, kind: at_least, count: 1, from: {groups: [A]}, text: "1 unit from Group A"}
    - {id: one-from-b, kind: at_least, count: 1, from: {groups: [B]}, text: "1 unit from Group B"}
    - {id: sources, kind: electives_from, from: {groups: [A, B]}, text: "electives from A or B"}
"""


def test_register_where_first_come_first_served_fails(tmp_path: Path) -> None:
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "qualifications" / "BSB50311.yaml").write_text(SYNTHETIC_QUALIFICATION)
    (tmp_path / "units").mkdir()
    units = Path(__file__).resolve().parents[1] / "data" / "units" / "BSB.yaml"
    (tmp_path / "units" / "BSB.yaml").write_text(units.read_text())
    register = api.open_register(tmp_path)
    # BSBCCO601B (in A and B) comes first: plan-order crediting gives it to A, then BSBCCO602B
    # (A only) has nowhere to go and B stays empty.
    plan = "qualification: BSB50311\nunits: [BSBCCO504A, BSBCCO601B, BSBCCO602B]\n"
    result = api.validate_text(plan, "plan.yaml", register)
    assert result.verdict() is Verdict.VALID
    by_rule = {f.rule_id: f for f in result.findings if f.code == "QC203"}
    assert by_rule["one-from-a"].units == ("BSBCCO602B",)
    assert by_rule["one-from-b"].units == ("BSBCCO601B",)
    # Without a unit for B at all, the plan fails on that rule alone.
    plan = "qualification: BSB50311\nunits: [BSBCCO504A, BSBCCO602B, BSBCCO601B]\n"
    assert api.validate_text(plan, "plan.yaml", register).verdict() is Verdict.VALID
    plan = "qualification: BSB50311\nunits: [BSBCCO504A, BSBCCO602B]\n"
    result = api.validate_text(plan, "plan.yaml", register)
    assert {f.rule_id: f.status for f in result.findings if f.code == "QC203"}["one-from-b"] is Status.FAIL


def _two_from_each(groups: int) -> tuple[list[int], list[Bound]]:
    """'At least 2 from each of N groups', with a plan one unit short of 2N."""
    items = list(range(2 * groups - 1))
    bounds = [Bound("electives", frozenset(items), 2 * groups, 2 * groups)]
    bounds += [
        Bound(f"group-{g}", frozenset(i for i in items if i // 2 == g), low=2, exclusive=True)
        for g in range(groups)
    ]
    return items, bounds


def test_two_from_each_of_sixteen_groups_one_short_is_solved_exactly() -> None:
    # Once took about four times longer per group (65 s at 11): minimums whose units are all
    # behind the search are settled and leave its state, so the state stays small.
    items, bounds = _two_from_each(16)
    found = best_assignment(items, bounds)
    assert found.shortfall == 2  # one elective short, and so one group short by one
    assert found.counted == frozenset(items)
    short = [b.key for b in bounds[1:] if len(found.credited[b.key]) < 2]
    assert short == ["group-15"]  # the last group, listed last, is the one left short


def _sixteen_over_twelve() -> tuple[list[int], list[Bound]]:
    """16 units in 12 overlapping groups of 12: 8 exclusive minimums of 3, 4 caps of 3, 40 electives."""
    rnd = random.Random(1)
    items = list(range(16))
    bounds = [Bound("electives", frozenset(items), 40, 40)]
    for g in range(12):
        members = frozenset(rnd.sample(items, 12))
        bounds.append(
            Bound(f"cap{g}", members, high=3)
            if g % 3 == 2
            else Bound(f"min{g}", members, low=3, exclusive=True)
        )
    return items, bounds


def _matched(units: tuple[int, ...], minimums: list[Bound]) -> int:
    """The most units credited to unweighted exclusive minimums, each taking up to its `low`:
    a bipartite matching by augmenting paths."""
    slots = [(b, k) for b in range(len(minimums)) for k in range(minimums[b].low)]
    owner: dict[int, int] = {}  # slot -> unit

    def place(unit: int, seen: set[int]) -> bool:
        for slot, (b, _) in enumerate(slots):
            if unit in minimums[b].members and slot not in seen:
                seen.add(slot)
                if slot not in owner or place(owner[slot], seen):
                    owner[slot] = unit
                    return True
        return False

    return sum(place(unit, set()) for unit in units)


def test_rules_past_the_search_budget_are_solved_exactly_by_the_integer_program() -> None:
    # This shape once stopped the search at its limit (QC016); it is now answered.
    items, bounds = _sixteen_over_twelve()
    by_signature: dict[tuple[int, ...], int] = {}
    for item in items:
        signature = tuple(b.weight(item) if item in b.members else -1 for b in bounds)
        by_signature[signature] = by_signature.get(signature, 0) + 1
    limits = tuple((b.low, b.high, b.exclusive) for b in bounds)
    with pytest.raises(SearchTooLarge):
        assignment._solve(limits, tuple(by_signature.items()), assignment.SEARCH_BUDGET)
    found = best_assignment(items, bounds)
    shortfalls(found, bounds)
    # The least shortfall, found another way: every subset of units the caps allow, the minimums
    # credited by a maximum matching, the electives short by what is not counted.
    caps = [b for b in bounds if b.high is not None]
    minimums = [b for b in bounds if b.exclusive]
    need = sum(b.low for b in minimums)
    least = min(
        (40 - len(units)) + need - _matched(units, minimums)
        for size in range(len(items) + 1)
        for units in itertools.combinations(items, size)
        if all(len(b.members.intersection(units)) <= (b.high or 0) for b in caps)
    )
    assert found.shortfall == least


def test_two_from_each_of_sixteen_groups_one_short_is_the_same_through_the_integer_program() -> None:
    items, bounds = _two_from_each(16)
    found = best_assignment(items, bounds, search_budget=0)
    assert found.shortfall == 2
    assert [b.key for b in bounds[1:] if len(found.credited[b.key]) < 2] == ["group-15"]
    assert found == best_assignment(items, bounds)  # here the very same units, credited alike


def test_past_the_integer_programs_guard_a_plan_is_not_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assignment, "SEARCH_BUDGET", 0)
    monkeypatch.setattr(integer_program, "VARIABLE_LIMIT", 0)
    assignment.clear_caches()
    try:
        result = api.validate_path(str(ROOT / "examples" / "valid.yaml"), api.open_register())
    finally:
        assignment.clear_caches()
    assert result.error is not None and result.error.code == "QC016"
    assert "a person must check this plan by hand" in result.error.hint
    assert "the integer program would have" in result.error.message
    assert result.verdict() is Verdict.ERROR


def _judged(path: Path) -> list[tuple[object, ...]]:
    result = api.validate_path(str(path), api.open_register(), as_of=None)
    return [(result.verdict(), result.error)] + [
        (f.code, f.status, f.rule_id, f.have, f.need, f.message, f.units) for f in result.findings
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_is_judged_alike_by_the_integer_program(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assignment.clear_caches()
    by_search = _judged(path)
    monkeypatch.setattr(assignment, "SEARCH_BUDGET", 0)
    assignment.clear_caches()
    try:
        by_program = _judged(path)
    finally:
        assignment.clear_caches()
    assert by_program == by_search


@pytest.fixture(scope="module")
def adversarial() -> ModuleType:
    """benchmarks/adversarial.py: the synthetic registers and plans of goal P4, one generator for
    the benchmark and these tests."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("adversarial")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_sixty_units_over_twelve_overlapping_groups_are_judged(
    adversarial: ModuleType, tmp_path: Path
) -> None:
    plan, codes = adversarial.overlapping_register(tmp_path)
    assignment.clear_caches()
    result = api.validate_path(str(plan), api.open_register(tmp_path))
    assert result.error is None
    assert result.verdict() is Verdict.VALID
    minimums = [f for f in result.findings if f.code == "QC203"]
    assert len(minimums) == 8 and all(f.status is Status.PASS and f.have == 4 for f in minimums)
    credited = [u for f in minimums for u in f.units]
    assert len(credited) == len(set(credited)) == 32  # no unit credited twice
    caps = [f for f in result.findings if f.code == "QC204"]
    assert len(caps) == 4 and all(f.status is Status.PASS for f in caps)
    counted = {p.code for p in result.placements if p.role == "elective"}
    assert len(counted & set(codes)) == 40


def test_the_adversarial_plans_through_the_command_line(adversarial: ModuleType, tmp_path: Path) -> None:
    overlapping, _ = adversarial.overlapping_register(tmp_path / "overlapping")
    short, _ = adversarial.two_from_each_register(tmp_path / "short")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)

    def validate(plan: Path, data: Path) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "qualcheck",
            "validate",
            str(plan),
            "--data",
            str(data),
            "--format",
            "json",
        ]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)

    done = validate(overlapping, tmp_path / "overlapping")
    assert done.returncode == 0, done.stderr
    assert "QC016" not in done.stdout and done.stderr == ""
    json.loads(done.stdout)  # nothing but the report on standard output (no solver banner)
    done = validate(short, tmp_path / "short")
    assert done.returncode == 1, done.stderr
    failed = [
        (f["code"], f.get("rule_id"))
        for p in json.loads(done.stdout)["plans"]
        for f in p["findings"]
        if f["status"] == "fail"
    ]
    assert failed == [("QC102", "total"), ("QC201", "electives"), ("QC203", "g16-at-least")]


def test_the_solver_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    items, bounds = _sixteen_over_twelve()
    assignment.clear_caches()
    best_assignment(items, bounds, search_budget=0)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_an_assignment_keeps_its_shape() -> None:
    items, bounds = _two_from_each(4)
    found = best_assignment(items, bounds, search_budget=0)
    assert [f.name for f in dataclasses.fields(found)] == ["counted", "shortfall", "credited"]
    assert set(found.credited) == {b.key for b in bounds if b.exclusive}


def test_a_plain_plan_never_loads_the_solver() -> None:
    code = (
        "import sys; from qualcheck import api; "
        f"r = api.validate_path({str(ROOT / 'examples' / 'valid.yaml')!r}, api.open_register()); "
        "print(r.verdict().name, 'highspy' in sys.modules, 'numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["VALID", "False", "False"]
