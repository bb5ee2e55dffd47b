"""The exact assignment search, against brute force and on a greedy-defeating register."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcheck import api
from qualcheck.engine.assignment import Bound, best_assignment
from qualcheck.findings import Status, Verdict


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


@settings(max_examples=int(os.environ.get("QUALCHECK_SOLVER_EXAMPLES", "300")), deadline=None)
@given(problems())
def test_search_matches_brute_force(problem: tuple[list[int], list[Bound]]) -> None:
    candidates, bounds = problem
    found = best_assignment(candidates, bounds)
    assert found.shortfall == brute_force_shortfall(candidates, bounds)
    # The assignment it returns really has that shortfall and breaks no cap.
    recount = 0
    for bound in bounds:
        n = found.total_in(bound)
        assert bound.high is None or n <= bound.high
        recount += max(0, bound.low - n)
    assert recount == found.shortfall
    credited = [u for units in found.credited.values() for u in units]
    assert len(credited) == len(set(credited)), "a unit was credited to two minimums"
    assert set(credited) <= found.counted


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


def test_a_search_past_its_limit_gives_no_answer_rather_than_a_guess() -> None:
    import random

    from qualcheck.engine.assignment import SearchTooLarge, _solve

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
    _solve.cache_clear()
    try:
        best_assignment(items, bounds)
    except SearchTooLarge as exc:
        assert "more than 20,000 states" in str(exc)
    else:
        raise AssertionError("expected the search to stop at its limit")


def test_a_plan_past_the_search_limit_is_not_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcheck.engine import assignment

    monkeypatch.setattr(assignment, "SEARCH_LIMIT", 1)
    assignment._solve.cache_clear()
    try:
        result = api.validate_path(
            str(Path(__file__).parents[1] / "examples" / "valid.yaml"), api.open_register()
        )
    finally:
        assignment._solve.cache_clear()
    assert result.error is not None and result.error.code == "QC016"
    assert "a person must check this plan by hand" in result.error.hint
    assert result.verdict() is Verdict.ERROR
