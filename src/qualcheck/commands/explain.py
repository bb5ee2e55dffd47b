"""`qualcheck explain`: a qualification's packaging rules as a tree, in plain words."""

from __future__ import annotations

from qualcheck.commands.tree import Node
from qualcheck.engine.selectors import describe, describe_window, listed_units
from qualcheck.models import (
    AllOf,
    AtLeast,
    AtMost,
    ElectivesFrom,
    Packaging,
    PackagingRule,
    PointsAtLeast,
    PointsAtMost,
    Qualification,
    Selector,
)
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
    what = "the electives" if rule.from_ is None else describe(rule.from_, p)
    if isinstance(rule, PointsAtLeast):
        text = f"at least {rule.points} points from {what}"
    elif isinstance(rule, PointsAtMost):
        text = f"at most {rule.points} points from {what}"
    elif isinstance(rule, AtLeast):
        text = f"at least {rule.count} from {what}"
        if not rule.exclusive:
            text += " (may overlap other minimums)"
    elif isinstance(rule, AtMost) and what.startswith("units imported") and _imports_only(rule.from_):
        # "at most 2 units imported from any package or accredited course other than BSB"
        text = f"at most {rule.count} {'unit' if rule.count == 1 else 'units'}{what.removeprefix('units')}"
    elif isinstance(rule, AtMost):
        text = f"at most {rule.count} from {what}"
    elif isinstance(rule, AllOf):
        known = len(listed_units(rule.from_, p))
        partial = any(not p.groups[g].complete for g in rule.from_.groups)
        # A list held only in part has more units than the register holds: no count to promise.
        text = (
            f"all units of {what} ({known} held; the list is held only in part)"
            if partial
            else (f"all {known} units of {what}")
        )
    elif isinstance(rule, ElectivesFrom):
        text = f"every elective from {what}"
    node = parent.add(f"{text} [{rule.id}]")
    node.add(f'source: "{rule.text}"')
    if rule.note:
        node.add(f"reading: {rule.note}")
    if isinstance(rule, ElectivesFrom):
        for window in rule.from_.imported:
            node.add(f"imports: {describe_window(window)}")


def _imports_only(selector: Selector) -> bool:
    return not (selector.groups or selector.levels or selector.units)


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
