"""The register's own consistency, checked when a file is loaded.

The models check each file's shape and its stated counts; this module checks what a plan's
verdict silently depends on across entries and files:
- QC052 a unit listed twice in one group;
- QC053 a listed unit that no units file defines (a plan using it could not be judged);
- QC054 rules no plan can meet (a minimum larger than the list it draws on, a cap below a
  minimum over the same units, exclusive minimums that need more electives than counted);
- QC055 mappings that go round in a circle (a unit that supersedes itself, directly or
  through a chain, within one units file or across several), which would make "the latest
  release" meaningless.

Each problem is a DataError at the register file's line and column.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from qualcheck.errors import DataError, Span
from qualcheck.io.yamlsource import YamlDocument, load_yaml, read_text
from qualcheck.models import AtLeast, AtMost, ImportWindow, Qualification, Selector, UnitFile

if TYPE_CHECKING:
    from qualcheck.register.store import Register

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
    newer: dict[str, set[str]] = {}
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for old, new, u, m in supersession_edges(unit_file):
        newer.setdefault(old, set()).add(new)
        where.setdefault((old, new), (u, m))
    cycles = supersession_cycles(newer)
    if cycles:
        u, m = where[(cycles[0][-2], cycles[0][-1])]
        raise _cycle_error(cycles[0], doc.span(("units", u, "mappings", m, "code")))


def supersession_edges(unit_file: UnitFile) -> Iterator[tuple[str, str, int, int]]:
    """(older code, newer code, unit index, mapping index) for each mapping of a units file: an
    edge old -> new for each "superseded_by" and each (reversed) "supersedes"."""
    for u, unit in enumerate(unit_file.units):
        for m, mapping in enumerate(unit.mappings):
            if mapping.relation == "superseded_by":
                yield unit.code, mapping.code, u, m
            else:
                yield mapping.code, unit.code, u, m


def _cycle_error(cycle: list[str], span: Span) -> DataError:
    return DataError(
        "QC055",
        "mappings go round in a circle: " + " -> ".join(cycle) + " (each superseded by the next)",
        span,
        _FIX_DATA,
    )


class Supersessions:
    """The supersession mappings of every units file loaded so far, so that a circle through two
    files is found as one within a file is. The register adds each file as it loads it, then loads
    the packages the file's mappings name (`add` returns them), then calls `check`; only a file that
    adds a mapping is checked, so a register without mappings across packages pays nothing."""

    def __init__(self) -> None:
        self.newer: dict[str, set[str]] = {}
        self.where: dict[tuple[str, str], tuple[Path, int, int]] = {}

    def add(self, unit_file: UnitFile, path: Path) -> set[str]:
        """Record the file's mappings; the packages of the codes they name (this one included)."""
        packages: set[str] = set()
        for old, new, u, m in supersession_edges(unit_file):
            self.newer.setdefault(old, set()).add(new)
            self.where.setdefault((old, new), (path, u, m))
            packages.update((old[:3], new[:3]))
        return packages

    def check(self) -> None:
        """Raise DataError (QC055) for a circle among the mappings added so far, at the mapping that
        closes it as seen from its smallest code (the same place whatever order files loaded in)."""
        cycles = supersession_cycles(self.newer)
        if not cycles:
            return
        path, u, m = self.where[(cycles[0][-2], cycles[0][-1])]
        doc = load_yaml(read_text(path), str(path))
        raise _cycle_error(cycles[0], doc.span(("units", u, "mappings", m, "code")))


def supersession_cycles(newer: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One circle per group of codes that supersede one another round a circle, each as
    [a, b, ..., a] from its smallest code, in order of that code.

    The groups are the strongly connected components (Tarjan's algorithm, without recursion), so
    the time grows with the number of codes and mappings, never with the number of paths between
    them: a hostile register with every unit mapped to every other is checked as fast as it is read.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in sorted(newer):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(newer.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(newer.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in newer.get(node, ()):
                        groups.append(group)
    return sorted((_circle(min(group), group, newer) for group in groups), key=lambda c: c[0])


def _circle(start: str, group: set[str], newer: Mapping[str, Iterable[str]]) -> list[str]:
    """The shortest path start -> ... -> start inside `group` (one exists: it is a component)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        code = queue.popleft()
        for nxt in sorted(newer.get(code, ())):
            if nxt == start:
                path = [code]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt in group and nxt not in came_from:
                came_from[nxt] = code
                queue.append(nxt)
    raise AssertionError(f"no circle through {start}")  # pragma: no cover - a component has one


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
