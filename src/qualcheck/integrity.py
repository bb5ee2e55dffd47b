"""The register's own consistency, checked when a file is loaded.

The models check each file's shape and its stated counts; this module checks what a plan's
verdict silently depends on across entries and files:
- QC052 a unit listed twice in one group;
- QC053 a listed unit that no units file defines (a plan using it could not be judged);
- QC054 rules no plan can meet (a minimum larger than the list it draws on, a cap below a
  minimum over the same units, exclusive minimums that need more electives than counted);
- QC055 mappings that go round in a circle (a unit that supersedes itself, directly or
  through a chain), which would make "the latest release" meaningless.

Each problem is a DataError at the register file's line and column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.errors import DataError
from qualcheck.models import AtLeast, AtMost, ImportWindow, Qualification, Selector, UnitFile
from qualcheck.yamlsource import YamlDocument

if TYPE_CHECKING:
    from qualcheck.register import Register

_FIX_DATA = "correct the register file (it must match its source)"


def check_qualification(qualification: Qualification, doc: YamlDocument, register: Register) -> None:
    """Raise DataError for the first inconsistency in a loaded qualification."""
    _check_lists(qualification, doc, register)
    _check_rules(qualification, doc)
    for index, mapping in enumerate(qualification.mappings):
        if mapping.code == qualification.code:
            raise DataError(
                "QC055",
                f"{qualification.code} is mapped to itself",
                doc.span(("mappings", index, "code")),
                _FIX_DATA,
            )


def check_unit_file(unit_file: UnitFile, doc: YamlDocument) -> None:
    """Raise DataError when the mappings of a units file go round in a circle."""
    # An edge old -> new for each "superseded_by" and each (reversed) "supersedes".
    newer: dict[str, set[str]] = {}
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for u, unit in enumerate(unit_file.units):
        for m, mapping in enumerate(unit.mappings):
            old, new = (
                (unit.code, mapping.code)
                if mapping.relation == "superseded_by"
                else (mapping.code, unit.code)
            )
            newer.setdefault(old, set()).add(new)
            where.setdefault((old, new), (u, m))
    for start in sorted(newer):
        cycle = _cycle_from(start, newer)
        if cycle:
            u, m = where[(cycle[-2], cycle[-1])]
            raise DataError(
                "QC055",
                "mappings go round in a circle: " + " -> ".join(cycle) + " (each superseded by the next)",
                doc.span(("units", u, "mappings", m, "code")),
                _FIX_DATA,
            )


def _cycle_from(start: str, newer: dict[str, set[str]]) -> list[str]:
    """A path start -> ... -> start along `newer`, or [] when there is none."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        code, path = stack.pop()
        for nxt in sorted(newer.get(code, ())):
            if nxt == start:
                return [*path, nxt]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def _check_lists(qualification: Qualification, doc: YamlDocument, register: Register) -> None:
    packaging = qualification.packaging
    listed: list[tuple[str, tuple[str | int, ...]]] = [
        (code, ("packaging", "core", i)) for i, code in enumerate(packaging.core)
    ]
    for name, group in packaging.groups.items():
        seen: set[str] = set()
        for i, code in enumerate(group.units):
            loc: tuple[str | int, ...] = ("packaging", "groups", name, "units", i)
            if code in seen:
                raise DataError(
                    "QC052", f"{code} is listed twice in group {name}", doc.span(loc), "keep one of them"
                )
            seen.add(code)
            listed.append((code, loc))
    for r, rule in enumerate(packaging.rules):
        if rule.from_ is None:
            continue
        listed.extend(
            (code, ("packaging", "rules", r, "from", "units", i)) for i, code in enumerate(rule.from_.units)
        )
    for code, loc in listed:
        if register.unit(code) is None and register.mapped_title(code) is None:
            raise DataError(
                "QC053",
                f"{code} is listed by {qualification.code} but no units file defines it",
                doc.span(loc),
                f"add {code} to units/{code[:3]}.yaml, or correct the code",
            )


def _check_rules(qualification: Qualification, doc: YamlDocument) -> None:
    packaging = qualification.packaging
    rules = packaging.rules
    for r, rule in enumerate(rules):
        if not isinstance(rule, AtLeast):
            continue
        span = doc.span(("packaging", "rules", r))
        available = _listed_only(rule.from_, qualification)
        if available is not None and len(available) < rule.count:
            raise DataError(
                "QC054",
                f"rule '{rule.id}' needs at least {rule.count} electives from lists that hold only "
                f"{len(available)}: no plan can meet it",
                span,
                _FIX_DATA,
            )
        for cap in rules:
            if (
                isinstance(cap, AtMost)
                and cap.count < rule.count
                and _within(rule.from_, cap.from_, qualification)
            ):
                raise DataError(
                    "QC054",
                    f"rule '{rule.id}' needs at least {rule.count} electives that rule '{cap.id}' caps at "
                    f"{cap.count}: no plan can meet both",
                    span,
                    _FIX_DATA,
                )
    exclusive = [rule for rule in rules if isinstance(rule, AtLeast) and rule.exclusive]
    needed = sum(rule.count for rule in exclusive)
    if packaging.elective_units is not None and needed > packaging.elective_units:
        last = rules.index(exclusive[-1])
        raise DataError(
            "QC054",
            f"rules {', '.join(repr(r.id) for r in exclusive)} each need their own electives, "
            f"{needed} in all, but only {packaging.elective_units} electives count",
            doc.span(("packaging", "rules", last)),
            _FIX_DATA,
        )


def _listed_only(selector: Selector, qualification: Qualification) -> set[str] | None:
    """The electives a selector can ever match, when it names them all outright; else None."""
    packaging = qualification.packaging
    if selector.levels or selector.imported:
        return None
    groups = [packaging.groups[name] for name in selector.groups]
    if not all(group.complete for group in groups):
        return None
    codes = {code for group in groups for code in group.units} | set(selector.units)
    return codes - set(packaging.core)


def _within(inner: Selector, outer: Selector, qualification: Qualification) -> bool:
    """Whether every unit `inner` matches is certainly matched by `outer`."""
    groups = qualification.packaging.groups
    outer_units = set(outer.units) | {code for name in outer.groups for code in groups[name].units}
    groups_inside = all(
        name in outer.groups or (groups[name].complete and set(groups[name].units) <= outer_units)
        for name in inner.groups
    )
    return (
        groups_inside
        and set(inner.units) <= outer_units
        and set(inner.levels) <= set(outer.levels)
        and _window_within(inner.imported, outer)
    )


def _window_within(inner: tuple[ImportWindow, ...], outer: Selector) -> bool:
    """Whether every import the windows of `inner` admit is certainly matched by `outer`."""
    return all(any(_one_within(window, outer, w) for w in (None, *outer.imported)) for window in inner)


def _one_within(inner: ImportWindow, outer: Selector, window: ImportWindow | None) -> bool:
    """Whether every import `inner` admits is matched by `window` (None: by `outer.levels`)."""
    if window is None:
        return bool(inner.levels) and set(inner.levels) <= set(outer.levels)
    levels_ok = not window.levels or (bool(inner.levels) and set(inner.levels) <= set(window.levels))
    packages_ok = not window.packages or (
        bool(inner.packages) and set(inner.packages) <= set(window.packages)
    )
    # Each package `window` leaves out must be left out by `inner` too.
    excluded_ok = all(
        p in inner.exclude_packages or (bool(inner.packages) and p not in inner.packages)
        for p in window.exclude_packages
    )
    return levels_ok and packages_ok and excluded_ok
