"""`electives_from`: every elective comes from a set (the allowed sources: the groups, imports
within a window). It sets no count; it decides which electives are eligible at all. A unit
from elsewhere fails the rule only when the plan needed it to count, else it warns. Yields
QC202, said before the counting rules. Where the register holds no such rule, one standing for
"only the units listed" (`UNSEEN_SOURCES`) is judged in its place."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.engine.assignment import best_assignment
from qualcheck.engine.kinds.base import Reading, Sets
from qualcheck.engine.resolve import ResolvedUnit, level_words
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import ElectivesFrom

CODE = "QC202"

# Not a sentence of the source: what stands in for the elective-source rules nobody saw.
UNSEEN_SOURCES = (
    "(no rule seen on where electives may come from: only the units listed are known to be allowed)"
)


def bound(rule: ElectivesFrom, sets: Sets) -> None:
    """No bound: the rule limits which electives are eligible (engine.electives), not how many."""


def read(rule: ElectivesFrom, r: Reading) -> Finding:
    pool = r.pool
    outside = [u for u in pool if u.index not in r.eligible]
    allowed = rule.from_.describe(r.packaging)
    unseen = rule.text == UNSEEN_SOURCES
    base = Finding(
        CODE,
        Status.PASS,
        "",
        rule_id=rule.id,
        rule_text=None if unseen else rule.text,
        units=tuple(u.code for u in outside),
    )
    if not outside:
        where = " (the register holds no rule on where else electives may come from)" if unseen else ""
        return replace(base, message=f"every elective comes from {allowed}{where}")
    reasons = [_why_outside(u) for u in outside]
    for u, reason in zip(outside, reasons, strict=True):
        r.why_not[u.index] = reason
    # Needed only if counting them would lessen a shortfall: a plan already complete needs no search.
    needed = (
        r.solution.shortfall > 0
        and best_assignment([u.index for u in pool], r.bounds).shortfall < r.solution.shortfall
    )
    message = _grouped(outside, reasons) + f". Electives must come from {allowed}"
    return replace(
        base,
        status=Status.FAIL if needed else Status.WARN,
        message=message
        if needed
        else message + "; the plan is complete without " + ("it" if len(outside) == 1 else "them"),
        span=outside[0].span,
        hint=f"replace {', '.join(u.code for u in outside)} with electives from {allowed}",
    )


def _grouped(units: list[ResolvedUnit], reasons: list[str]) -> str:
    """Reasons that differ only in the unit named, said once for all of them."""
    by_tail: dict[str, list[str]] = {}
    for unit, reason in zip(units, reasons, strict=True):
        by_tail.setdefault(reason.removeprefix(unit.code), []).append(unit.code)
    parts = []
    for tail, codes in by_tail.items():
        if len(codes) > 1 and tail.startswith(" cannot be shown to count"):
            parts.append(_and(codes) + tail)
        else:
            parts.extend(code + tail for code in codes)
    return "; ".join(parts)


def _and(codes: list[str]) -> str:
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def _why_outside(unit: ResolvedUnit) -> str:
    if unit.exists_unknown:
        return f"{unit.code} cannot be shown to count: no units file in the register defines it"
    if unit.maybe_in or unit.maybe_core:
        return (
            f"{unit.code} cannot be shown to count: not in the register's lists, some of which are "
            "held only in part"
        )
    if unit.level is None:
        where = (
            f"{unit.source_qualification}'s level is not known either (not in the register, no level digit)"
            if unit.source_qualification
            else "add `from: QUALIFICATION` to say which qualification it is imported from"
        )
        return f"{unit.code} cannot be shown to count: AQF level unknown ({where})"
    if unit.imported:
        basis = f"from {unit.source_qualification}" if unit.source_qualification else "by its code"
        inferred = ", inferred" if unit.level_inferred else ""
        where = f"{level_words(unit.level)} ({basis}{inferred})"
        return f"{unit.code} is imported at {where}, outside the allowed levels"
    groups = " and ".join(sorted(unit.groups)) or "no group"
    return f"{unit.code} is listed in group {groups}, which this rule does not allow"
