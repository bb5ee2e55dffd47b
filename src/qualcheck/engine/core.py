"""QC101 core-units: every core unit must be in the plan.

Where the register holds the core list only in part, the rule cannot pass on the register alone:
the units it lacks are unknown. Units of the plan outside every list may be those core units; the
count they could bring (`core_hopeful`) lets the totals be judged both ways.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.engine.recorded import NO_RECORD, add_or_achieve
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.view import RegisterView
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Qualification


def check_core(
    qualification: Qualification,
    units: list[ResolvedUnit],
    register: RegisterView,
    units_span: Span,
    recorded: frozenset[str] = NO_RECORD,
) -> tuple[Finding, list[ResolvedUnit], int]:
    """The finding, the core units that count, and how many could count if every unlisted unit
    that may be core is. `recorded`: codes the student has a row for outside what counts (see
    engine.recorded)."""
    packaging = qualification.packaging
    present = {u.listed_as: u for u in units if u.counts and u.core}
    missing = [code for code in packaging.core if code not in present]
    counted = [present[c] for c in packaging.core if c in present]
    # Units a person confirmed are on a core list the register holds only in part.
    counted += [u for u in units if u.counts and u.core and u.listed_as not in packaging.core]
    have = len(counted)
    lacking = max(0, packaging.core_units - have)
    hopeful = have + min(lacking, sum(1 for u in units if u.counts and u.maybe_core))
    passed = Finding(
        "QC101",
        Status.PASS,
        f"all {packaging.core_units} core units present",
        units_span,
        rule_id="core",
        rule_text=f"{packaging.core_units} core units",
        have=have,
        need=packaging.core_units,
        units=tuple(u.code for u in counted),
    )
    if missing:
        titles = [(c, f"{c} {_title(register, c)}") for c in missing]
        message = f"{len(missing)} of {packaging.core_units} core units missing: {', '.join(missing)}"
        hint = add_or_achieve(titles, recorded, "; ")
        return replace(passed, status=Status.FAIL, message=message, hint=hint), counted, hopeful
    if lacking:
        return (
            replace(
                passed,
                status=Status.MANUAL,
                undecided=True,
                message=f"the plan holds the {len(packaging.core)} core units the register lists, of "
                f"{packaging.core_units}; not decided: the register's core list is held only in part, so "
                f"whether the plan holds the other {lacking} is not recorded",
                hint="complete the core list in the register, or confirm under `confirmed:` in the plan each "
                "unit that is core: {unit: CODE, listed_in: core, by: NAME, on: YYYY-MM-DD, evidence: WHERE}",
            ),
            counted,
            hopeful,
        )
    return passed, counted, hopeful


def _title(register: RegisterView, code: str) -> str:
    unit = register.unit(code)
    return unit.title if unit else ""
