"""`points_at_least` and `points_at_most`: the points of the counted electives from a set (all
electives when `points_at_least` names none) are at least, or at most, a figure. A unit adds
its points value, not 1. Yields QC208 for a points minimum (pass or failure) and QC209 for a
points cap (always a pass: units over it are left out, and the totals say what that costs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.engine.assignment import Bound
from qualcheck.engine.kinds.base import Reading, Sets
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import PointsAtLeast, PointsAtMost

CODE_AT_LEAST = "QC208"
CODE_AT_MOST = "QC209"


def bound_at_least(rule: PointsAtLeast, sets: Sets) -> Bound:
    members = sets.everything if rule.from_ is None else sets.of_minimum(rule.from_)
    return Bound(rule.id, members, low=rule.points, weights=sets.points)


def bound_at_most(rule: PointsAtMost, sets: Sets) -> Bound:
    return Bound(rule.id, sets.of_cap(rule.from_), high=rule.points, weights=sets.points)


def _what(rule: PointsAtLeast | PointsAtMost, r: Reading) -> str:
    return "the electives" if rule.from_ is None else rule.from_.describe(r.packaging)


def _inside(rule: PointsAtLeast | PointsAtMost, r: Reading) -> tuple[Bound, int, tuple[str, ...]]:
    bound = r.bound(rule.id)
    codes = tuple(r.by_index[i].code for i in sorted(r.solution.in_bound(bound)))
    return bound, r.solution.total_in(bound), codes


def read_at_least(rule: PointsAtLeast, r: Reading) -> Finding:
    _, have, inside = _inside(rule, r)
    what = _what(rule, r)
    ok = have >= rule.points
    where = "" if rule.from_ is None else f" from {what}"
    return Finding(
        CODE_AT_LEAST,
        Status.PASS if ok else Status.FAIL,
        f"{have} points from {what}, at least {rule.points} needed",
        r.units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=have,
        need=rule.points,
        units=inside,
        hint="" if ok else f"add electives{where} worth {rule.points - have} more points",
    )


def read_at_most(rule: PointsAtMost, r: Reading) -> Finding:
    bound, have, inside = _inside(rule, r)
    by_index = r.by_index
    in_plan = sum(bound.weight(i) for i in by_index if i in bound.members)
    left_out = [by_index[i].code for i in sorted(bound.members - r.solution.counted)]
    message = f"{have} points from {_what(rule, r)}, at most {rule.points} allowed"
    if in_plan > rule.points:
        verb = "does" if len(left_out) == 1 else "do"
        message += f"; the plan holds {in_plan}, so {', '.join(left_out)} {verb} not count"
    return Finding(
        CODE_AT_MOST,
        Status.PASS,
        message,
        r.units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=in_plan,
        need=rule.points,
        units=inside,
    )
