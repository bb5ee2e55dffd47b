"""QC301 prerequisites: a unit that requires others needs them in the plan too.

Requirements come from the qualification's lists (units marked with an asterisk) and from the
unit's own page. A prerequisite held under an equivalent code counts. A prerequisite outside
the qualification's lists is still required; whether it also counts towards the total depends on
the elective rules, and the finding says which way it went.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.engine.recorded import NO_RECORD, add_or_achieve
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.view import RegisterView
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Qualification


def check_prerequisites(
    qualification: Qualification,
    units: list[ResolvedUnit],
    counted: frozenset[int],
    register: RegisterView,
    units_span: Span,
    recorded: frozenset[str] = NO_RECORD,
) -> list[Finding]:
    """`recorded`: codes the student has a row for outside what counts (see engine.recorded)."""
    packaging = qualification.packaging
    held = [u for u in units if u.counts]
    needs: list[tuple[ResolvedUnit, list[str]]] = []
    for unit in held:
        if not (unit.core or unit.index in counted):
            continue
        required = list(packaging.prerequisites.get(unit.listed_as or unit.code, ()))
        own = register.unit(unit.code)
        required += [p for p in (own.prerequisites if own else ()) if p not in required]
        if required:
            needs.append((unit, required))
    if not needs:
        return []
    held_classes = [(u, register.equivalents(u.code)) for u in held]
    listed = set(packaging.core) | {c for g in packaging.groups.values() for c in g.units}
    missing: list[str] = []
    lacking: list[str] = []  # the prerequisites not held, one per need
    notes: list[str] = []
    checked = 0
    for unit, required in needs:
        for prerequisite in required:
            checked += 1
            holder = next((u for u, eq in held_classes if prerequisite in eq), None)
            if holder is None:
                missing.append(f"{unit.code} needs {prerequisite}")
                lacking.append(prerequisite)
            elif prerequisite not in listed and holder.listed_as is None:
                counts = holder.core or holder.index in counted
                notes.append(
                    f"{holder.code} (prerequisite of {unit.code}) is not in the qualification's lists: "
                    + (
                        "it counts as an imported elective"
                        if counts
                        else "it does not count towards the total"
                    )
                )
    if not checked:
        return []
    detail = ("; " + "; ".join(notes)) if notes else ""
    if missing:
        return [
            Finding(
                "QC301",
                Status.FAIL,
                "missing prerequisites: " + "; ".join(missing) + detail,
                units_span,
                rule_id="prerequisites",
                rule_text="units marked with an asterisk need their prerequisite units",
                have=checked - len(missing),
                need=checked,
                hint=add_or_achieve([(p, p) for p in lacking], recorded),
            )
        ]
    return [
        Finding(
            "QC301",
            Status.PASS,
            f"all {checked} prerequisite{'s' if checked != 1 else ''} held" + detail,
            units_span,
            rule_id="prerequisites",
            rule_text="units marked with an asterisk need their prerequisite units",
            have=checked,
            need=checked,
        )
    ]
