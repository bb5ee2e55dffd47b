"""Turn sentence readings into the typed rules of the rule language (as plain data).

Rules are built as dictionaries in the register's YAML shape, so they can be written as text and
loaded back through the models. Every reading is accounted for: it becomes a rule, a count, a
manual check, or an entry of the import report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualcheck.importer.sentences import Reading, Source
from qualcheck.importer.wording import ALL_LEVELS
from qualcheck.models.common import AQF_LEVEL_NAMES

#: Reading kinds that state a rule (the benchmark's denominator).
RULE_KINDS = frozenset(
    {
        "counts",
        "points-total",
        "at-least",
        "remaining",
        "cap",
        "allow",
        "all-of",
        "choice",
        "prereq-note",
        "unread",
    }
)


@dataclass
class Outcome:
    total: int | None = None
    core: int | None = None
    electives: int | None = None
    points_total: int | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)
    specialisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    manual: list[dict[str, Any]] = field(default_factory=list)
    converted: list[Reading] = field(default_factory=list)
    unread: list[Reading] = field(default_factory=list)
    guidance: list[Reading] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    # Each written rule with the readings it was written from (the conservation check's input).
    origins: list[tuple[dict[str, Any], tuple[Reading, ...]]] = field(default_factory=list)
    # Counts a rule carries in another form ("up to 4 additional" written as at most 8).
    restated: list[tuple[Reading, int]] = field(default_factory=list)

    def written_index(self) -> dict[int, list[dict[str, Any]]]:
        """The rules written from each reading, by the reading's `id`."""
        index: dict[int, list[dict[str, Any]]] = {}
        for rule, readings in self.origins:
            for reading in readings:
                index.setdefault(id(reading), []).append(rule)
        return index


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}  # the suffix to try next for each base

    def take(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`, ... when taken (each base resumes where it stopped)."""
        name, n = base, self.next.get(base, 2)
        if name in self.used:
            name = f"{base}-{n}"
            while name in self.used:
                n += 1
                name = f"{base}-{n}"
            n += 1
        self.next[base] = n
        self.used.add(name)
        return name


def build(
    readings: list[Reading],
    elective_hint: int | None,
    prerequisites_named: bool,
    package: str = "",
    listed: tuple[str, ...] = (),
) -> Outcome:
    """`package` is the qualification's own training package (the first letters of its code);
    `listed` the elective groups the page lists."""
    out = Outcome()
    ids = _Ids()
    spec_ids: dict[int, _Ids] = {}  # rule ids are unique within each specialisation
    for reading in readings:
        if reading.kind == "counts":
            total, core, electives = reading.counts
            out.total = total if total is not None else out.total
            out.core = core if core is not None else out.core
            out.electives = electives if electives is not None else out.electives
            out.converted.append(reading)
        elif reading.kind == "points-total":
            out.points_total = reading.count
            out.converted.append(reading)
    electives = out.electives if out.electives is not None else elective_hint
    _split_as_remainder(readings, electives)
    _settle_other_packages(readings, package)

    position = {id(r): i for i, r in enumerate(readings)}
    spec: tuple[str, str] | None = None
    sources: list[tuple[Source, Reading]] = []
    caps: list[tuple[Source, Reading, dict[str, Any]]] = []
    source_text: Reading | None = None
    source_at = 0
    for reading in readings:
        if reading.kind == "context":
            spec = reading.specialisation
            continue
        if reading.kind in ("counts", "points-total", "lead-in", "heading", "rule-set"):
            continue
        target = out.rules
        if reading.kind in ("all-of", "at-least") and reading.specialisation:
            key, title = reading.specialisation
            target = out.specialisations.setdefault(key, {"title": title, "rules": []})["rules"]
        elif spec is not None and reading.kind in ("all-of", "cap", "allow", "at-least"):
            target = out.specialisations.setdefault(spec[0], {"title": spec[1], "rules": []})["rules"]
        tids = ids if target is out.rules else spec_ids.setdefault(id(target), _Ids())
        if reading.kind == "guidance":
            out.guidance.append(reading)
            out.manual.append({"id": ids.take(_manual_id(reading.text)), "text": reading.text})
        elif reading.kind == "unread" or (reading.kind == "prereq-note" and not prerequisites_named):
            if reading.kind == "prereq-note":
                reading.reason = "the page does not name every asterisked unit's prerequisites"
            out.unread.append(reading)
            # A rule sentence not read: it keeps a plan undecided until a person confirms it.
            out.manual.append(
                {"id": ids.take(_manual_id(reading.text)), "text": reading.text, "unread": True}
            )
        elif reading.kind == "prereq-note":
            out.converted.append(reading)
        elif reading.kind == "all-of":
            for group in reading.all_of:
                rule = _rule(tids, f"all-group-{group.lower()}", "all_of", reading, {"groups": [group]})
                _put(out, target, rule, reading)
            out.converted.append(reading)
        elif reading.kind == "choice":
            selector = {"units": list(reading.units)}
            one = _rule(tids, "choose-one", "at_least", reading, selector, count=1, exclusive=False)
            _put(out, target, one, reading)
            _put(out, target, _rule(tids, "choose-only-one", "at_most", reading, selector, count=1), reading)
            out.converted.append(reading)
        elif reading.kind == "at-least":
            selector = selector_data(reading.source)
            _put(
                out,
                target,
                _rule(tids, _least_id(reading.source), "at_least", reading, selector, count=reading.count),
                reading,
            )
            if reading.nested:
                count, inner = reading.nested
                nested = _rule(
                    tids,
                    _least_id(inner),
                    "at_least",
                    reading,
                    selector_data(inner),
                    count=count,
                    exclusive=False,
                )
                _put(out, target, nested, reading)
            out.converted.append(reading)
        elif reading.kind in ("remaining", "allow") or (
            reading.kind == "cap"
            and reading.source.window is None
            and not reading.source.levels
            and spec is None
        ):
            sources.append((reading.source, reading))
            if source_text is None:
                source_text, source_at = reading, len(out.rules)
            if reading.kind == "cap" and reading.count is not None:
                _put(out, target, _group_cap(tids, reading, readings[: position[id(reading)]], out), reading)
            out.converted.append(reading)
        elif reading.kind == "cap":
            capped = Source(
                window=reading.source.window, levels=reading.source.levels, excluded=reading.source.excluded
            )
            if capped.empty():
                capped = Source(groups=reading.source.groups)
            rule = _rule(
                tids, _cap_id(capped), "at_most", reading, selector_data(capped), count=reading.count
            )
            if reading.source.reading:
                rule["note"] = f"Read as {reading.source.reading}."
            _put(out, target, rule, reading)
            if target is out.rules:
                caps.append((capped, reading, rule))
                if reading.source.groups and reading.source.window is not None:
                    # "up to 4 from the listed electives or from ... at AQF 3, 4 or 5": also the sources.
                    sources.append((reading.source, reading))
                    if source_text is None:
                        source_text, source_at = reading, len(out.rules) - 1
            out.converted.append(reading)
    if source_text is None:
        source_text, source_at = _sources_by_count(readings, caps, electives, sources, out, listed)
    if source_text is not None:
        rule = _sources_rule(ids, source_text, sources, caps)
        out.rules.insert(source_at, rule)
        origin = {id(r): r for r in [*(r for _, r in sources), *(r for _, r, _ in caps)]}
        out.origins.append((rule, tuple(origin.values())))
    return out


def _sources_by_count(
    readings: list[Reading],
    caps: list[tuple[Source, Reading, dict[str, Any]]],
    electives: int | None,
    sources: list[tuple[Source, Reading]],
    out: Outcome,
    listed: tuple[str, ...],
) -> tuple[Reading | None, int]:
    """'At least 2 from the listed electives' and 'up to 2 from any Training Package' with 4
    electives: every elective is in a minimum's set or a cap's window, so those are the sources.
    Only when the minimums and caps together account for every elective, and every listed group
    is in some minimum's groups: the sentences do not make a listed group ineligible."""
    converted = {id(r) for r in out.converted}
    least = [
        r
        for r in readings
        if r.kind == "at-least"
        and not r.specialisation
        and r.count
        and r.source.groups
        and id(r) in converted
    ]
    windows = [(capped, reading) for capped, reading, _ in caps if capped.window is not None]
    if electives is None or not least or not windows:
        return None, 0
    if sum(r.count or 0 for r in least) + sum(r.count or 0 for _, r in windows) < electives:
        return None, 0
    if not set(listed) <= {group for r in least for group in r.source.groups}:
        return None, 0
    sources += [(Source(groups=r.source.groups), r) for r in least]
    first = least[0]
    at = next((i for i, rule in enumerate(out.rules) if rule["text"] == first.text), 0)
    return first, at


def _group_cap(ids: _Ids, reading: Reading, before_it: list[Reading], out: Outcome) -> dict[str, Any]:
    """'up to 9 from Group C': at most 9 from Group C. 'Up to 4 additional units from Group A or B'
    after '4 from Group A' (or any cap after 'for the remaining units:'): at most 8 from Group A or
    B, the earlier minimum plus the additional."""
    count = reading.count or 0
    covered = set(reading.source.groups)
    note = ""
    # "For the remaining 2 elective units: up to 2 from the listed electives" caps the remainder too.
    remainder = any(r.kind == "lead-in" and "remaining" in r.text.lower() for r in before_it)
    if "additional" in reading.text.lower() or remainder:
        earlier = [
            r
            for r in before_it
            if r.kind == "at-least"
            and r.count is not None
            and r.source.groups
            and set(r.source.groups) <= covered
        ]
        if earlier:
            before = sum(r.count or 0 for r in earlier)
            out.restated.extend((reading, r.count or 0) for r in earlier)
            out.restated.append((reading, count))
            note = (
                f"Read as at most {before + count}: the {before} of "
                + ", ".join(f"line {r.line.number}" for r in earlier)
                + f" plus up to {count} more."
            )
            count += before
    capped = Source(groups=reading.source.groups)
    rule = _rule(ids, _cap_id(capped), "at_most", reading, selector_data(capped), count=count)
    if note:
        rule["note"] = note
    return rule


def _put(out: Outcome, target: list[dict[str, Any]], rule: dict[str, Any], reading: Reading) -> None:
    target.append(rule)
    out.origins.append((rule, (reading,)))


def _split_as_remainder(readings: list[Reading], electives: int | None) -> None:
    """'3 from A or B' + '2 from A, B or C' with 5 electives: the last part is the remainder."""
    parts = [r for r in readings if r.kind == "at-least" and not r.nested]
    if len(parts) < 2 or electives is None or any(r.kind == "remaining" for r in readings):
        return
    if sum(r.count or 0 for r in parts) != electives:
        return
    last = parts[-1]
    covered = set(last.source.groups)
    if all(set(r.source.groups) <= covered for r in parts[:-1]) and last.source.groups:
        last.kind = "remaining"


def _sources_rule(
    ids: _Ids,
    first: Reading,
    sources: list[tuple[Source, Reading]],
    caps: list[tuple[Source, Reading, dict[str, Any]]],
) -> dict[str, Any]:
    groups: list[str] = []
    windows: list[Window] = []
    for source, _ in sources:
        groups += [g for g in source.groups if g not in groups]
        if source.window is not None:
            windows.append((*source.window, source.excluded))
    notes: list[str] = []
    for capped, reading, _rule_data in caps:
        if capped.window is not None:
            windows.append((*capped.window, capped.excluded))
        if capped.levels and windows:
            windows.append((capped.levels, windows[0][1], windows[0][2]))
            notes.append(
                f"Imports at {_levels(capped.levels)} are allowed through '{reading.text.rstrip('.')}', "
                "which caps them."
            )
    selector: dict[str, Any] = {"groups": groups} if groups else {}
    if windows:
        # Each sentence keeps its own window; windows are joined only where the join is exact.
        joined = [window_data(*window) for window in _union(windows)]
        selector["imported"] = joined[0] if len(joined) == 1 else joined
        if any(s.reading for s, _ in sources):
            notes.insert(0, "Imports read as " + "; ".join(s.reading for s, _ in sources if s.reading) + ".")
    text = " ".join(r.text for _, r in sources) if len(sources) > 1 else first.text
    rule = _rule(ids, "elective-sources", "electives_from", first, selector)
    rule["text"] = text
    if notes:
        rule["note"] = " ".join(notes)
    return rule


Window = tuple[tuple[int, ...], tuple[str, ...], tuple[str, ...]]  # levels, packages, excluded packages
# A set of packages: ("in", P) for the packages P, or ("out", E) for every package but E.
Packages = tuple[str, frozenset[str]]


def _union(windows: list[Window]) -> list[Window]:
    """The windows, with those another window holds dropped and pairs whose union is itself one
    window (same levels, or same packages) joined. The result admits exactly the same imports."""
    sets: list[tuple[frozenset[int], Packages]] = []
    for levels, packages, excluded in windows:
        packs: Packages = ("in", frozenset(packages)) if packages else ("out", frozenset(excluded))
        sets.append((frozenset(levels or ALL_LEVELS), packs))
    changed = True
    while changed:
        changed = False
        for i, j in [(i, j) for i in range(len(sets)) for j in range(len(sets)) if i != j]:
            (levels_i, packs_i), (levels_j, packs_j) = sets[i], sets[j]
            if levels_i <= levels_j and _packages_within(packs_i, packs_j):
                merged = sets[j]
            elif levels_i == levels_j:
                merged = (levels_i, _packages_union(packs_i, packs_j))
            elif packs_i == packs_j:
                merged = (levels_i | levels_j, packs_i)
            else:
                continue
            sets[min(i, j)] = merged
            del sets[max(i, j)]
            changed = True
            break
    return [
        (
            tuple(sorted(levels)),
            tuple(sorted(packs)) if kind == "in" else (),
            tuple(sorted(packs)) if kind == "out" else (),
        )
        for levels, (kind, packs) in sets
    ]


def _packages_within(inner: Packages, outer: Packages) -> bool:
    if inner[0] == "in":
        return inner[1] <= outer[1] if outer[0] == "in" else not inner[1] & outer[1]
    return outer[0] == "out" and outer[1] <= inner[1]


def _packages_union(a: Packages, b: Packages) -> Packages:
    if a[0] == "in" and b[0] == "in":
        return ("in", a[1] | b[1])
    if a[0] == "out" and b[0] == "out":
        return ("out", a[1] & b[1])
    named, left_out = (a[1], b[1]) if a[0] == "in" else (b[1], a[1])
    return ("out", left_out - named)


def _settle_other_packages(readings: list[Reading], package: str) -> None:
    """ "Other Training Packages" leaves out the packages the page's other import sentences name,
    or, when they name none, the qualification's own package."""
    named = [
        p for r in readings if r.source.window is not None and not r.source.other for p in r.source.window[1]
    ]
    for reading in readings:
        source = reading.source
        if not source.other or source.window is None or source.window[1]:
            continue
        source.excluded = tuple(dict.fromkeys(named)) or ((package,) if package else ())
        if source.excluded:
            whose = "named by the page's other import rules" if named else "this qualification's package"
            source.reading = source.reading.replace(
                " from any package or course",
                f" from any package or course other than {', '.join(source.excluded)} ({whose})",
                1,
            )


def _rule(
    ids: _Ids, base: str, kind: str, reading: Reading, selector: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": ids.take(base), "kind": kind}
    rule.update({k: v for k, v in extra.items() if k != "exclusive" or v is False})
    rule["from"] = selector
    rule["text"] = reading.text
    return rule


def selector_data(source: Source) -> dict[str, Any]:
    selector: dict[str, Any] = {}
    if source.groups:
        selector["groups"] = list(source.groups)
    if source.window is not None:
        selector["imported"] = window_data(*source.window, source.excluded)
    if source.levels:
        selector["levels"] = list(source.levels)
    return selector


def window_data(
    levels: tuple[int, ...], packages: tuple[str, ...], excluded: tuple[str, ...] = ()
) -> dict[str, Any]:
    window: dict[str, Any] = {}
    if levels and set(levels) != set(ALL_LEVELS):
        window["levels"] = list(levels)
    if packages:
        window["packages"] = list(packages)
    elif excluded:
        window["exclude_packages"] = list(excluded)
    return window


def _least_id(source: Source) -> str:
    if source.groups:
        return "group-" + "-or-".join(g.lower() for g in source.groups) + "-minimum"
    return "import-minimum" if source.window is not None else "level-minimum"


def _cap_id(source: Source) -> str:
    if source.levels and len(source.levels) == 1:
        return AQF_LEVEL_NAMES[source.levels[0]].lower().replace(" ", "-").replace("/", "") + "-cap"
    if source.window is not None:
        return "other-package-cap" if source.excluded else "import-cap"
    return "group-" + "-or-".join(g.lower() for g in source.groups) + "-cap" if source.groups else "level-cap"


def _levels(levels: tuple[int, ...]) -> str:
    return "AQF " + ", ".join(str(lv) for lv in levels)


def _manual_id(text: str) -> str:
    words = [w for w in "".join(ch.lower() if ch.isalnum() else " " for ch in text).split() if len(w) > 2][:4]
    return "-".join(words) or "manual"
