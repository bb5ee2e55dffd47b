"""`qualcheck transfer PLAN --to CODE`: what a student's units are worth in the qualification
that replaces theirs, judged beside the one they are enrolled in.

The plan is carried unit by unit through the register's mappings: a unit the new qualification
lists, or lists an equivalent of, carries; a unit whose successor in the new qualification is
not equivalent does not stand in for it (credit for that successor needs assessment), and the
report names the pair. Every unit stays in the carried plan, in its place, so the engine decides
what counts (a unit may still count as an imported elective) and each finding points at the
student's own file. Confirmations about the old qualification's lists or rules do not carry; a
unit's level and what the student holds do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qualcheck.engine import check_plan
from qualcheck.engine.view import LocatedPlan
from qualcheck.findings import PlanResult, Status, Verdict
from qualcheck.io.neutral import visible
from qualcheck.io.yamlsource import Loc, YamlDocument
from qualcheck.models import Plan, Qualification
from qualcheck.register.store import Register


@dataclass(frozen=True)
class Carried:
    """What became of one plan entry."""

    code: str
    how: str  # "carries", "carries as X (equivalent)", "needs assessment for X", "judged as it is"
    needs_assessment: tuple[str, ...] = ()  # successors in the new qualification it does not stand in for


@dataclass
class Transfer:
    old: PlanResult
    new: PlanResult
    carried: list[Carried] = field(default_factory=list)
    relation: str = ""  # how the register relates the two qualifications, in words
    dropped: list[str] = field(default_factory=list)  # what did not carry (confirmations, a specialisation)

    def exit_code(self) -> int:
        """0 when the plan is valid in the new qualification, 1 when not, 2 when it cannot be judged."""
        verdict = self.new.verdict()
        return 0 if verdict is Verdict.VALID else 2 if verdict is Verdict.ERROR else 1


def transfer(
    located: LocatedPlan, to: Qualification, register: Register, as_of: dt.date | None = None
) -> Transfer:
    """The plan judged as it is and as carried to `to`, on `as_of`."""
    old = check_plan(located, register, as_of)
    plan, doc = located.plan, located.positions
    listed = set(to.packaging.core).union(*(g.units for g in to.packaging.groups.values()))
    carried = [_carry(entry.code, listed, register) for entry in plan.units]
    kept, dropped = _confirmations(plan)
    specialisation = plan.specialisation if plan.specialisation in to.packaging.specialisations else None
    if plan.specialisation and specialisation is None:
        dropped.append(
            f"specialisation '{plan.specialisation}': {to.code} has no specialisation of that name"
        )
    moved = plan.model_copy(
        update={
            "qualification": to.code,
            "release": None,
            "specialisation": specialisation,
            "confirmed": tuple(plan.confirmed[i] for i in kept),
        }
    )
    new = check_plan(LocatedPlan(moved, _renumbered(doc, kept)), register, as_of)
    return Transfer(old, new, carried, _relation(register.qualification(plan.qualification), to), dropped)


def _relation(old: Qualification | None, to: Qualification) -> str:
    """The register's mapping between the two, in words; said plainly when it records none.
    Either file may record it (the old one as superseded_by, the new one as supersedes)."""
    if old is not None:
        found = [m for m in old.mappings if m.code == to.code and m.relation == "superseded_by"]
        found += [m for m in to.mappings if m.code == old.code and m.relation == "supersedes"]
        for m in found:
            kind = "equivalent" if m.equivalent else "not equivalent"
            date = f", {m.date.isoformat()}" if m.date else ""
            return f"{to.code} supersedes {old.code} ({kind}{date})"
    which = old.code if old else "the plan's qualification"
    return f"the register records no mapping between {which} and {to.code}: not recorded as its replacement"


def _carry(code: str, listed: set[str], register: Register) -> Carried:
    if code in listed:
        return Carried(code, "carries")
    equivalents = sorted((register.equivalents(code) - {code}) & listed)
    if equivalents:
        return Carried(code, f"carries as {equivalents[0]} (equivalent)")
    unit = register.unit(code)
    successors = sorted(
        m.code
        for m in (unit.mappings if unit else ())
        if m.relation == "superseded_by" and not m.equivalent and m.code in listed
    )
    if successors:
        return Carried(code, f"needs assessment for {', '.join(successors)}", tuple(successors))
    return Carried(code, "not listed there: judged as the new qualification reads it (an import, or not)")


def _confirmations(plan: Plan) -> tuple[list[int], list[str]]:
    """Indices of the confirmations that carry (a unit's level, what the student holds), and the
    others in words: a listing or a rule of the old qualification says nothing of the new one."""
    kept, dropped = [], []
    for i, c in enumerate(plan.confirmed):
        if c.level is not None or c.prior is not None:
            kept.append(i)
        else:
            dropped.append(f"confirmation '{c.fact}': it is about {plan.qualification}'s lists or rules")
    return kept, dropped


def _renumbered(doc: YamlDocument, kept: list[int]) -> YamlDocument:
    """The plan's positions with the kept confirmations numbered as in the carried plan."""

    def moved(table: dict[Loc, tuple[int, int]]) -> dict[Loc, tuple[int, int]]:
        out = {loc: at for loc, at in table.items() if loc[:1] != ("confirmed",) or len(loc) == 1}
        for new_index, old_index in enumerate(kept):
            for loc, at in table.items():
                if loc[:2] == ("confirmed", old_index):
                    out[("confirmed", new_index) + loc[2:]] = at
        return out

    return YamlDocument(doc.path, doc.data, moved(doc.values), moved(doc.keys))


def still_needs(result: PlanResult) -> list[str]:
    """What keeps a plan from its qualification: each failing or undecided rule, in words."""
    if result.error is not None:
        return [f"not judged: {result.error.message}"]
    return [
        f"{f.code} {f.name}: {f.message}"
        for f in result.findings
        if f.status in (Status.FAIL, Status.ERROR) or f.undecided
    ]


def render_transfer(t: Transfer) -> str:
    """The two judgements side by side in words, then what became of each unit."""
    lines = []
    checked = t.new.checked_on or t.old.checked_on
    on = f" (checked on {checked.isoformat()})" if checked else ""
    lines.append(
        f"{t.old.path}: {t.old.qualification} as enrolled, or transferred to {t.new.qualification}{on}"
    )
    lines.append(f"  {t.relation}")
    for label, result in (("as enrolled", t.old), ("transferred", t.new)):
        verdict = result.verdict().value.upper()
        title = f" {result.qualification_title}" if result.qualification_title else ""
        lines.append("")
        lines.append(f"  {label}: {result.qualification}{title}: {verdict}")
        for reason in result.not_current:
            lines.append(f"    not current: {reason}")
        needs = still_needs(result)
        for need in needs:
            lines.append(f"    needs: {need}")
        if not needs:
            lines.append("    needs: nothing: every rule is met")
    lines.append("")
    lines.append("  Units")
    width = max((len(c.code) for c in t.carried), default=10)
    for c in t.carried:
        lines.append(f"    {c.code.ljust(width)}  {c.how}")
    for note in t.dropped:
        lines.append(f"  not carried: {note}")
    return "\n".join(visible(line) for line in lines) + "\n"


def transfer_to_dict(t: Transfer) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "as_enrolled": {**t.old.to_dict(), "needs": still_needs(t.old)},
        "transferred": {**t.new.to_dict(), "needs": still_needs(t.new)},
        "units": [
            {"code": c.code, "how": c.how, "needs_assessment": list(c.needs_assessment)} for c in t.carried
        ],
        "relation": t.relation,
        "not_carried": t.dropped,
        "exit_code": t.exit_code(),
    }
