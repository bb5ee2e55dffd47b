"""The register's own consistency: one checker for the loader and for `qualcheck check-data`.

The models check each file's shape and its stated counts; this module checks what a plan's
verdict silently depends on across entries and files:
- QC051 a qualification file named for another code (files are found by their name);
- QC052 a unit defined twice, or listed twice in one group;
- QC053 a listed unit that no units file defines (a plan using it could not be judged);
- QC054 rules no plan can meet: a minimum larger than the list it draws on, a cap below a
  minimum over the same units, exclusive minimums that need more electives than count, all-of
  over more units than count, a points minimum more than its listed units can give, a points
  cap below a points minimum over the same units (each in the rules of every specialisation
  too). Only what is certainly impossible is refused: a set with imports, levels or a list held
  only in part (`complete: false`) may hold more than the register shows;
- QC055 mappings that go round in a circle (a unit that supersedes itself, directly or
  through a chain, within one units file or across several), which would make "the latest
  release" meaningless.

Each check yields every problem it finds as a `Problem`. The register raises the first one as a
DataError when it loads a file (exit 2); `check-data` (checkdata.py) prints them all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from qualcheck.errors import DataError, Span
from qualcheck.io.yamlsource import YamlDocument, load_yaml, read_text

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import ImportWindow, PackagingRule, Qualification, Selector, UnitFile

# Read through the protocols the models and the plain records share (rule kinds by `kind`), so
# the register can check either: a cached file is read back without building any model.

# The rule kinds whose contradictions these checks cover (tests/test_rule_kinds.py holds every kind
# of the rule language to this list): minimums, caps and "all of" against their lists and each
# other, points minimums and caps likewise, and `electives_from` as the set the others draw on.
HANDLED_KINDS = ("at_least", "at_most", "electives_from", "all_of", "points_at_least", "points_at_most")

_FIX_DATA = "correct the register file (it must match its source)"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One inconsistency of the register, at its file:line:col, with what to do about it."""

    code: str
    message: str
    span: Span
    hint: str = _FIX_DATA

    def error(self) -> DataError:
        return DataError(self.code, self.message, self.span, self.hint)

    def __str__(self) -> str:
        return f"{self.span}: {self.code} {self.message}"


def raise_first(problems: Iterable[Problem]) -> None:
    """Raise the first problem as a DataError; return when there is none."""
    for problem in problems:
        raise problem.error()


def qualification_problems(
    qualification: Qualification, doc: YamlDocument, path: Path, defines: Callable[[str], bool]
) -> Iterator[Problem]:
    """Every inconsistency of a qualification loaded from `path`; `defines` says whether some units
    file defines a code (or names it in a mapping, with a title)."""
    yield from _name_problems(qualification, doc, path)
    yield from _list_problems(qualification, doc, defines)
    yield from _rule_problems(qualification, doc)
    yield from _self_mappings(qualification, doc)


def qualification_register_problems(
    qualification: Qualification, doc: YamlDocument, path: Path, defines: Callable[[str], bool]
) -> Iterator[Problem]:
    """The problems of `qualification_problems` that hang on more than the file's own bytes: its
    name, and the units files that define what it lists (the rest were found, if at all, when the
    file's data was first read and cached)."""
    yield from _name_problems(qualification, doc, path)
    yield from _list_problems(qualification, doc, defines)


def _name_problems(qualification: Qualification, doc: YamlDocument, path: Path) -> Iterator[Problem]:
    if qualification.code != path.stem:
        yield Problem(
            "QC051",
            f"file holds {qualification.code}, but is named {path.name}",
            doc.span(("code",)),
            f"rename it to {qualification.code}.yaml",
        )


def _self_mappings(qualification: Qualification, doc: YamlDocument) -> Iterator[Problem]:
    for index, mapping in enumerate(qualification.mappings):
        if mapping.code == qualification.code:
            yield Problem(
                "QC055", f"{qualification.code} is mapped to itself", doc.span(("mappings", index, "code"))
            )


def unit_file_problems(unit_file: UnitFile, doc: YamlDocument) -> Iterator[Problem]:
    """A unit defined twice in one units file (a file holds only its own package's units, so no
    other file can define it too)."""
    first: dict[str, Span] = {}
    for index, unit in enumerate(unit_file.units):
        span = doc.span(("units", index, "code"))
        if unit.code in first:
            at = f" (first at line {first[unit.code].line})" if first[unit.code].line else ""
            yield Problem("QC052", f"unit {unit.code} is defined twice{at}", span, "keep one definition")
        else:
            first[unit.code] = span


def unit_file_cycles(unit_file: UnitFile, doc: YamlDocument) -> Iterator[Problem]:
    """The circles among the mappings of one units file (Supersessions finds those across files)."""
    newer: dict[str, set[str]] = {}
    where: dict[tuple[str, str], Loc] = {}
    for old, new, loc in supersession_edges(unit_file):
        newer.setdefault(old, set()).add(new)
        where.setdefault((old, new), loc)
    for cycle in supersession_cycles(newer):
        yield _cycle_problem(cycle, doc.span(where[(cycle[-2], cycle[-1])]))


def supersession_edges(unit_file: UnitFile) -> Iterator[tuple[str, str, Loc]]:
    """(older code, newer code, where) for each mapping of a units file: an edge old -> new for
    each "superseded_by" and each (reversed) "supersedes"."""
    for u, unit in enumerate(unit_file.units):
        for m, mapping in enumerate(unit.mappings):
            loc: Loc = ("units", u, "mappings", m, "code")
            if mapping.relation == "superseded_by":
                yield unit.code, mapping.code, loc
            else:
                yield mapping.code, unit.code, loc


def _cycle_problem(cycle: list[str], span: Span) -> Problem:
    return Problem(
        "QC055",
        "mappings go round in a circle: " + " -> ".join(cycle) + " (each superseded by the next)",
        span,
    )


class Supersessions:
    """The supersession mappings of every file added so far, so that a circle through two files
    is found as one within a file is. The register adds each units file as it loads it, then loads
    the packages the file's mappings name (`add` returns them), then asks for `problems`; only a
    file that adds a mapping is checked, so a register without mappings across packages pays
    nothing. check-data adds every file, qualifications too, and reports every circle."""

    def __init__(self) -> None:
        self.newer: dict[str, set[str]] = {}
        self.where: dict[tuple[str, str], tuple[Path, Loc]] = {}

    def _edge(self, old: str, new: str, path: Path, loc: Loc) -> None:
        self.newer.setdefault(old, set()).add(new)
        self.where.setdefault((old, new), (path, loc))

    def add(self, unit_file: UnitFile, path: Path) -> set[str]:
        """Record the file's mappings; the packages of the codes they name (this one included)."""
        packages: set[str] = set()
        for old, new, loc in supersession_edges(unit_file):
            self._edge(old, new, path, loc)
            packages.update((old[:3], new[:3]))
        return packages

    def add_qualification(self, qualification: Qualification, path: Path) -> None:
        """Record a qualification's mappings (one to itself is `qualification_problems`' to report)."""
        for m, mapping in enumerate(qualification.mappings):
            if mapping.code == qualification.code:
                continue
            old, new = (
                (qualification.code, mapping.code)
                if mapping.relation == "superseded_by"
                else (mapping.code, qualification.code)
            )
            self._edge(old, new, path, ("mappings", m, "code"))

    def problems(self) -> Iterator[Problem]:
        """One problem (QC055) per circle among the mappings added so far, at the mapping that
        closes it as seen from its smallest code (the same place whatever order files loaded in)."""
        for cycle in supersession_cycles(self.newer):
            path, loc = self.where[(cycle[-2], cycle[-1])]
            doc = load_yaml(read_text(path), str(path))
            yield _cycle_problem(cycle, doc.span(loc))


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


def _list_problems(
    qualification: Qualification, doc: YamlDocument, defines: Callable[[str], bool]
) -> Iterator[Problem]:
    packaging = qualification.packaging
    listed: list[tuple[str, Loc]] = [
        (code, ("packaging", "core", i)) for i, code in enumerate(packaging.core)
    ]
    for name, group in packaging.groups.items():
        seen: set[str] = set()
        for i, code in enumerate(group.units):
            loc: Loc = ("packaging", "groups", name, "units", i)
            if code in seen:
                yield Problem(
                    "QC052", f"{code} is listed twice in group {name}", doc.span(loc), "keep one of them"
                )
            seen.add(code)
            listed.append((code, loc))
    for base, rules in _rule_lists(qualification):
        for r, rule in enumerate(rules):
            if rule.from_ is not None:
                listed.extend(
                    (code, (*base, r, "from", "units", i)) for i, code in enumerate(rule.from_.units)
                )
    for code, loc in listed:
        if not defines(code):
            yield Problem(
                "QC053",
                f"{code} is listed by {qualification.code} but no units file defines it",
                doc.span(loc),
                f"add {code} to units/{code[:3]}.yaml, or correct the code",
            )


def _rule_lists(qualification: Qualification) -> Iterator[tuple[Loc, Sequence[PackagingRule]]]:
    """The qualification's rules, then each specialisation's, with where each list is."""
    packaging = qualification.packaging
    yield ("packaging", "rules"), packaging.rules
    for key, specialisation in packaging.specialisations.items():
        yield ("packaging", "specialisations", key, "rules"), specialisation.rules


@dataclass(frozen=True)
class _Placed:
    """A rule with where it is."""

    rule: PackagingRule
    loc: Loc


@dataclass(frozen=True)
class _Rules:
    """Rules in force together, sorted by what they can contradict."""

    minima: tuple[_Placed, ...] = ()  # at_least, all_of, points_at_least
    caps: tuple[_Placed, ...] = ()  # at_most, points_at_most
    sources: tuple[Selector, ...] = ()  # the sets of electives_from rules
    exclusive: tuple[_Placed, ...] = ()  # exclusive at_least rules
    others: tuple[_Placed, ...] = ()

    @classmethod
    def of(cls, rules: Iterable[_Placed]) -> _Rules:
        minima, caps, sources, exclusive, others = [], [], [], [], []
        for place in rules:
            rule = place.rule
            if rule.kind in ("at_least", "all_of", "points_at_least"):
                minima.append(place)
                if rule.kind == "at_least" and rule.exclusive:
                    exclusive.append(place)
            elif rule.kind in ("at_most", "points_at_most"):
                caps.append(place)
            else:
                if rule.kind == "electives_from":
                    sources.append(rule.from_)
                others.append(place)
        return cls(tuple(minima), tuple(caps), tuple(sources), tuple(exclusive), tuple(others))


def _rule_problems(qualification: Qualification, doc: YamlDocument) -> Iterator[Problem]:
    """The qualification's rules on their own, then each specialisation's with them: only a
    problem a specialisation's rule takes part in is new there."""
    lists = list(_rule_lists(qualification))
    main_base, main_rules = lists[0]
    main = _Rules.of(_Placed(rule, (*main_base, r)) for r, rule in enumerate(main_rules))
    yield from _contradictions(qualification, doc, _Rules(), main, "")
    for base, rules in lists[1:]:
        extra = _Rules.of(_Placed(rule, (*base, r)) for r, rule in enumerate(rules))
        yield from _contradictions(qualification, doc, main, extra, f" (with specialisation '{base[2]}')")


def _contradictions(
    qualification: Qualification, doc: YamlDocument, old: _Rules, new: _Rules, context: str
) -> Iterator[Problem]:
    """What no plan can meet among the rules `old` and `new` in force together, where `new` takes
    part (`old` were checked on their own); each problem at a rule of `new`."""
    packaging = qualification.packaging
    electives = packaging.elective_units
    sources = old.sources + new.sources

    def problem(message: str, place: _Placed) -> Problem:
        return Problem("QC054", message + context, doc.span(place.loc))

    for place in new.minima:
        rule = place.rule
        if rule.kind == "at_least":
            available = _listed_only(rule.from_, qualification)
            if available is not None and len(available) < rule.count:
                yield problem(
                    f"rule '{rule.id}' needs at least {rule.count} electives from lists that hold only "
                    f"{len(available)}: no plan can meet it",
                    place,
                )
        elif rule.kind == "all_of" and electives is not None:
            size = len(_listed(rule.from_, qualification))
            if size > electives:
                yield problem(
                    f"rule '{rule.id}' needs all {size} units of its lists, but only {electives} "
                    "electives count: no plan can meet it",
                    place,
                )
        elif rule.kind == "points_at_least":
            most = _most_points(rule.from_, sources, qualification)
            if most is not None and most < rule.points:
                yield problem(
                    f"rule '{rule.id}' needs at least {rule.points} points from lists whose units give "
                    f"only {most}: no plan can meet it",
                    place,
                )
    pairs = chain(
        ((m, c, m) for m in new.minima for c in old.caps + new.caps),
        ((m, c, c) for m in old.minima for c in new.caps),
    )
    for minimum, cap_place, at in pairs:
        rule, cap = minimum.rule, cap_place.rule
        if (rule.kind == "at_least" or rule.kind == "all_of") and cap.kind == "at_most":
            need = rule.count if rule.kind == "at_least" else len(_listed(rule.from_, qualification))
            if cap.count < need and _within(rule.from_, cap.from_, qualification):
                yield problem(
                    f"rule '{rule.id}' needs at least {need} electives that rule '{cap.id}' caps at "
                    f"{cap.count}: no plan can meet both",
                    at,
                )
        elif (
            rule.kind == "points_at_least"
            and cap.kind == "points_at_most"
            and rule.from_ is not None
            and cap.points < rule.points
            and _within(rule.from_, cap.from_, qualification)
        ):
            yield problem(
                f"rule '{rule.id}' needs at least {rule.points} points that rule '{cap.id}' caps "
                f"at {cap.points}: no plan can meet both",
                at,
            )
    before = sum(p.rule.count for p in old.exclusive if p.rule.kind == "at_least")
    needed = before + sum(p.rule.count for p in new.exclusive if p.rule.kind == "at_least")
    if electives is not None and needed > electives and before <= electives:
        exclusive = old.exclusive + new.exclusive
        yield problem(
            f"rules {', '.join(repr(p.rule.id) for p in exclusive)} each need their own electives, "
            f"{needed} in all, but only {electives} electives count",
            new.exclusive[-1],
        )


def _listed(selector: Selector, qualification: Qualification) -> set[str]:
    """The units a selector names outright: its groups' units and its `units`."""
    groups = qualification.packaging.groups
    return {code for name in selector.groups for code in groups[name].units} | set(selector.units)


def _listed_only(selector: Selector, qualification: Qualification) -> set[str] | None:
    """The electives a selector can ever match, when it names them all outright; else None."""
    packaging = qualification.packaging
    if selector.levels or selector.imported:
        return None
    if not all(packaging.groups[name].complete for name in selector.groups):
        return None
    return _listed(selector, qualification) - set(packaging.core)


def _most_points(
    selector: Selector | None, sources: Sequence[Selector], qualification: Qualification
) -> int | None:
    """The most points the electives of `selector` (None: every elective) can ever give, when that
    is certain: the set names its units outright, in complete lists, each with its points value.
    Every elective must come from each `electives_from` rule's set (`sources`), so with no
    selector a source set that is certain stands in. None when the register cannot say (a unit
    without its points value, or one named only in a `units:` list, which may count as another
    code and so with that code's points)."""
    packaging = qualification.packaging
    if selector is None:
        bounds = [b for b in (_most_points(s, (), qualification) for s in sources) if b is not None]
        return min(bounds) if bounds else None
    codes = _listed_only(selector, qualification)
    if codes is None:
        return None
    grouped = {code for group in packaging.groups.values() for code in group.units}
    if not set(selector.units) <= grouped | set(packaging.core):
        return None
    if not codes <= set(packaging.points):
        return None
    return sum(packaging.points[code] for code in codes)


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
