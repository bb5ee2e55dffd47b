"""QC206 specialisation-met: tell a plan that names no specialisation which ones it meets.

A specialisation whose "all of" rule draws on a list held only in part is never reported as met:
the rest of that list is unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.engine.electives import satisfiable
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Qualification, Specialisation


def unnamed_specialisations(
    qualification: Qualification, units: list[ResolvedUnit], span: Span
) -> list[Finding]:
    return [
        Finding(
            "QC206",
            Status.INFO,
            f"the plan also meets the {specialisation.title} specialisation ({key}), which it does not name",
            span,
            hint=f"add 'specialisation: {key}' to award it",
        )
        for key, specialisation in qualification.packaging.specialisations.items()
        if _knowable(qualification, specialisation)
        and satisfiable(qualification, units, specialisation.rules)
    ]


def _knowable(qualification: Qualification, specialisation: Specialisation) -> bool:
    groups = qualification.packaging.groups
    return all(
        groups[name].complete
        for rule in specialisation.rules
        if rule.kind == "all_of"
        for name in rule.from_.groups
    )
