"""`at_most`: at most `count` of the counted electives come from a set ("up to 2 units at
Certificate IV"). Units over the cap do not count; the cap fails only when the plan needed
them to. Yields QC204: a pass (naming the units left out, if any) or a failure."""

from __future__ import annotations

from dataclasses import replace

from qualcheck.engine.assignment import Bound, best_assignment
from qualcheck.engine.kinds.base import Reading, Sets, plural
from qualcheck.engine.selectors import some_of
from qualcheck.findings import Finding, Status
from qualcheck.models import AtMost

CODE = "QC204"


def bound(rule: AtMost, sets: Sets) -> Bound:
    return Bound(rule.id, sets.of_cap(rule.from_), high=rule.count)


def read(rule: AtMost, r: Reading) -> Finding:
    by_index, solution = r.by_index, r.solution
    bound = r.bound(rule.id)
    inside = [i for i in r.eligible if i in bound.members]
    codes = [by_index[i].code for i in inside]
    counted_inside = [i for i in inside if i in solution.counted]
    what = rule.from_.describe(r.packaging)
    base = Finding(
        CODE,
        Status.PASS,
        "",
        rule_id=rule.id,
        rule_text=rule.text,
        have=len(inside),
        need=rule.count,
        units=tuple(codes),
    )
    if len(inside) <= rule.count:
        return replace(
            base,
            message=f"{len(inside)} elective{plural(len(inside))} from {what}, at most {rule.count} allowed",
        )
    left_out = [i for i in inside if i not in solution.counted]
    for i in left_out:
        r.why_not.setdefault(i, f"over the cap of rule {rule.id} (at most {rule.count} from {what})")
    # Without the cap the plan could only do better where it falls short: a plan meeting every
    # rule needs no second assignment to know the cap cost it nothing.
    harmful = (
        solution.shortfall > 0
        and best_assignment(r.eligible, [b for b in r.bounds if b.key != rule.id]).shortfall
        < solution.shortfall
    )
    excess = len(inside) - rule.count
    message = (
        f"{len(inside)} electives from {what} ({some_of(codes)}), at most {rule.count} allowed; "
        f"{', '.join(by_index[i].code for i in left_out)} "
        f"{'does' if len(left_out) == 1 else 'do'} not count"
    )
    if harmful:
        return replace(
            base,
            status=Status.FAIL,
            message=message,
            span=by_index[left_out[0]].span,
            hint=f"replace {excess} of {', '.join(codes)} with electives not from {what}",
        )
    return replace(
        base,
        message=message + f", and the plan is complete without {'it' if excess == 1 else 'them'}"
        if counted_inside
        else message,
        span=by_index[left_out[0]].span,
    )
