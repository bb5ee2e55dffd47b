"""`qualcheck explain`: a qualification's packaging rules as a tree, in plain words."""

from __future__ import annotations

from qualcheck.commands.tree import Node
from qualcheck.models import Packaging, PackagingRule, Qualification
from qualcheck.models.common import AQF_LEVEL_NAMES
from qualcheck.register.store import Register


def explain_code(code: str, register: Register) -> Node | None:
    """The tree for a qualification code, or None when the register does not hold it."""
    qualification = register.qualification(code)
    return explain(qualification, register) if qualification else None


def explain(qualification: Qualification, register: Register) -> Node:
    p = qualification.packaging
    release = f"release {qualification.release}" if qualification.release else "release not recorded"
    status = qualification.status or "status not recorded"
    level = f"AQF {qualification.aqf_level} {AQF_LEVEL_NAMES[qualification.aqf_level]}"
    root = Node(f"{qualification.code} {qualification.title} ({release}, {level}, {status})")
    if p.total_units is not None:
        root.add(f"Total: {p.total_units} units = {p.core_units} core + {p.elective_units} electives")
    if p.points_total is not None:
        root.add(f"Total: {p.points_total} points (units' points values are listed beside them)")
    core_points = _core_points(p)
    core = root.add(
        f"Core: all {p.core_units} units"
        + ("" if core_points is None else f", {core_points} points")
        + ("" if p.core_complete else " (list held only in part)")
    )
    for code in p.core:
        core.add(_unit_line(code, p, register))
    if p.elective_units is not None:
        electives = root.add(f"Electives: {p.elective_units} units")
    elif p.points_total is not None and core_points is not None:
        electives = root.add(
            f"Electives: by points, {max(0, p.points_total - core_points)} of the {p.points_total} "
            f"after the core's {core_points}"
        )
    else:
        electives = root.add("Electives: by points")
    for rule in p.rules:
        _rule(electives, rule, p)
    for name, group in p.groups.items():
        size = f"{len(group.units)} units" + ("" if group.complete else ", held only in part")
        node = electives.add(f"{group.title} [{name}]: {size}")
        for code in group.units:
            node.add(_unit_line(code, p, register))
        if group.note:
            node.add(f"note: {group.note}")
    if p.specialisations:
        specs = root.add("Specialisations (apply when a plan names one)")
        for key, spec in p.specialisations.items():
            node = specs.add(f"{spec.title} (specialisation: {key})")
            for rule in spec.rules:
                _rule(node, rule, p)
    if p.entry_requirements:
        entry = root.add(f'Entry requirements: "{p.entry_requirements.text}"')
        for option in p.entry_requirements.any_of:
            entry.add("holds " + " + ".join(map(str, option)))
        if not p.entry_requirements.any_of:
            entry.add("a person must judge this")
    if p.prerequisites:
        prereq = root.add("Prerequisites")
        for unit, required in p.prerequisites.items():
            prereq.add(f"{unit} needs {', '.join(required)}")
    if p.manual:
        manual = root.add("Checks for a person")
        for check in p.manual:
            manual.add(f'"{check.text}"')
    return root


def _rule(parent: Node, rule: PackagingRule, p: Packaging) -> None:
    node = parent.add(f"{rule.describe(p)} [{rule.id}]")
    node.add(f'source: "{rule.text}"')
    if rule.note:
        node.add(f"reading: {rule.note}")
    for line in rule.details():
        node.add(line)


def _core_points(p: Packaging) -> int | None:
    """The core's points in a points-based qualification, when every core unit has a value."""
    if p.points_total is None or not p.core_complete or any(c not in p.points for c in p.core):
        return None
    return sum(p.points[c] for c in p.core)


def _unit_line(code: str, p: Packaging, register: Register) -> str:
    unit = register.unit(code)
    title = unit.title if unit else "(not in the register)"
    star = " *" if code in p.prerequisites else ""
    points = f" ({p.points[code]} points)" if code in p.points else ""
    return f"{code}{star} {title}{points}"
