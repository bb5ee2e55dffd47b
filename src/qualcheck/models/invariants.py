"""What the models check across the fields of one entry (counts that add up, rule ids used once,
groups that rules name, sources that units cite), written once against models.shapes: the
models' validators raise these problems, and a plain record read back from the register cache
is refused for any of them, so a damaged or planted entry can never judge a plan.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models import shapes


def packaging_inconsistencies(packaging: shapes.Packaging) -> list[str]:
    """Every way the packaging contradicts itself, each as one sentence; empty when it does not."""
    p = packaging
    problems: list[str] = []
    if p.total_units is None or p.elective_units is None:
        if p.points_total is None:
            problems.append(
                "give total_units and elective_units, or points_total for a points-based qualification"
            )
    elif p.core_units + p.elective_units != p.total_units:
        problems.append(
            f"core_units ({p.core_units}) + elective_units ({p.elective_units}) "
            f"is not total_units ({p.total_units})"
        )
    if p.core_complete and len(p.core) != p.core_units:
        problems.append(f"core lists {len(p.core)} units but core_units is {p.core_units}")
    if len(set(p.core)) != len(p.core):
        problems.append("a core unit is listed twice")
    ids = [rule.id for rule in p.rules] + [check.id for check in p.manual]
    for rule_id in {i for i, n in Counter(ids).items() if n > 1}:
        problems.append(f"rule id '{rule_id}' is used twice")
    all_rules = list(p.rules) + [r for s in p.specialisations.values() for r in s.rules]
    for rule in all_rules:
        for group in rule.from_.groups if rule.from_ else ():
            if group not in p.groups:
                problems.append(f"rule '{rule.id}' names group '{group}', which is not defined")
        if rule.kind == "at_least" and p.elective_units is not None and rule.count > p.elective_units:
            problems.append(
                f"rule '{rule.id}' needs {rule.count} electives but there are only {p.elective_units}"
            )
    core = set(p.core)
    for name, unit_group in p.groups.items():
        both = sorted(core.intersection(unit_group.units))
        if both:
            problems.append(f"group '{name}' lists core units {', '.join(both)}")
    return problems


def unit_file_inconsistencies(unit_file: shapes.UnitFile) -> list[str]:
    """Sources the units cite that the file does not list, then units of another package."""
    problems: list[str] = []
    known = {source.id for source in unit_file.sources if source.id}
    cited = {unit.source for unit in unit_file.units if unit.source}
    missing = sorted(cited - known)
    if missing:
        problems.append(f"units cite sources not listed under sources: {', '.join(missing)}")
    wrong = sorted(u.code for u in unit_file.units if not u.code.startswith(unit_file.package))
    if wrong:
        problems.append(f"units of another package in the {unit_file.package} file: {', '.join(wrong)}")
    return problems
