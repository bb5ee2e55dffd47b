"""`all_of`: every unit a set lists must be among the counted electives ("all Group A
electives"). A list the register holds only in part never passes: the rest of it is unknown,
so the rule is left to a person. Yields QC205."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.engine.assignment import Bound
from qualcheck.engine.kinds.base import BY, Reading, Sets
from qualcheck.engine.recorded import add_or_achieve
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import AllOf

CODE = "QC205"


def bound(rule: AllOf, sets: Sets) -> Bound:
    return Bound(rule.id, sets.of_minimum(rule.from_), low=len(rule.listed(sets.packaging)))


def read(rule: AllOf, r: Reading) -> Finding:
    packaging, by_index = r.packaging, r.by_index
    listed = rule.listed(packaging)
    counted = {by_index[i].listed_as for i in r.solution.counted}
    missing = [c for c in listed if c not in counted]
    have = len(listed) - len(missing)
    what = rule.from_.describe(packaging)
    base = Finding(
        CODE,
        Status.PASS,
        f"all {len(listed)} units of {what} count",
        r.units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=have,
        need=len(listed),
        units=tuple(listed),
    )
    partial = [packaging.groups[g].title for g in rule.from_.groups if not packaging.groups[g].complete]
    if not missing and partial:
        # "All of" a list held only in part is never a pass: the rest of the list is unknown.
        return replace(
            base,
            status=Status.MANUAL,
            undecided=True,
            message=f"all {len(listed)} units the register holds of {what} count; not decided: "
            f"{' and '.join(partial)} {'is' if len(partial) == 1 else 'are'} held only in part, "
            "so whether the plan holds every unit of it is not recorded",
            hint="check the full list on training.gov.au and complete it in the register, or confirm "
            f"under `confirmed:` in the plan: {{rule: {rule.id}, {BY}}}",
        )
    if not missing:
        return base
    # Missing units the plan holds are either recorded without a result that counts (to be
    # achieved) or held but left out of the count (room must be made for them).
    counting = {u.listed_as or u.code for u in by_index.values()}
    to_get = [c for c in missing if c not in r.plan_codes or (c in r.recorded and c not in counting)]
    return replace(
        base,
        status=Status.FAIL,
        message=f"{have} of the {len(listed)} units of {what} count; missing: {', '.join(missing)}",
        units=tuple(c for c in listed if c in counted),
        hint=add_or_achieve([(c, c) for c in to_get], r.recorded) or "make room for them among the electives",
    )
