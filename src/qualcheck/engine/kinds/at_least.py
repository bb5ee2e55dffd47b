"""`at_least`: at least `count` of the counted electives come from a set ("at least 2 from
Group A"). An exclusive minimum is credited its units alone (a unit counts once). Yields QC203:
a pass with the units credited, or a failure with the units that could be added."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.engine.assignment import Bound
from qualcheck.engine.kinds.base import Reading, Sets, add_hint
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import AtLeast

CODE = "QC203"


def bound(rule: AtLeast, sets: Sets) -> Bound:
    return Bound(rule.id, sets.of_minimum(rule.from_), low=rule.count, exclusive=rule.exclusive)


def read(rule: AtLeast, r: Reading) -> Finding:
    bound = r.bound(rule.id)
    inside = sorted(r.solution.in_bound(bound))
    have = len(inside)
    what = rule.from_.describe(r.packaging)
    # A minimum is credited only what it needs; say where the set's other counted units went.
    elsewhere = [r.by_index[i].code for i in sorted(r.solution.counted & bound.members) if i not in inside]
    also = (
        f"; {', '.join(elsewhere)} also from {what} {'counts' if len(elsewhere) == 1 else 'count'} "
        "towards the other electives"
        if elsewhere
        else ""
    )
    met = Finding(
        CODE,
        Status.PASS,
        f"{have} credited from {what}, at least {rule.count} needed{also}",
        r.units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=have,
        need=rule.count,
        units=tuple(r.by_index[i].code for i in inside),
    )
    if have >= rule.count:
        return met
    candidates = [c for c in rule.listed(r.packaging) if c not in r.plan_codes]
    return replace(
        met,
        status=Status.FAIL,
        message=f"only {have} credited from {what}, at least {rule.count} needed",
        hint=add_hint(rule.count - have, what, candidates),
    )
