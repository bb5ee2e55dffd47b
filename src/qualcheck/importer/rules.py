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
    manual: list[dict[str, str]] = field(default_factory=list)
    converted: list[Reading] = field(default_factory=list)
    unread: list[Reading] = field(default_factory=list)
    guidance: list[Reading] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name


def build(readings: list[Reading], elective_hint: int | None, prerequisites_named: bool) -> Outcome:
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

    spec: tuple[str, str] | None = None
    sources: list[tuple[Source, Reading]] = []
    caps: list[tuple[Source, Reading, dict[str, Any]]] = []
    source_text: Reading | None = None
    source_at = 0
    for reading in readings:
        if reading.kind == "context":
            spec = reading.specialisation
            continue
        if reading.kind in ("counts", "points-total", "lead-in"):
            continue
        target = out.rules
        if reading.kind == "all-of" and reading.specialisation:
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
            out.manual.append({"id": ids.take(_manual_id(reading.text)), "text": reading.text})
        elif reading.kind == "prereq-note":
            out.converted.append(reading)
        elif reading.kind == "all-of":
            for group in reading.all_of:
                target.append(
                    _rule(tids, f"all-group-{group.lower()}", "all_of", reading, {"groups": [group]})
                )
            out.converted.append(reading)
        elif reading.kind == "choice":
            selector = {"units": list(reading.units)}
            target.append(_rule(tids, "choose-one", "at_least", reading, selector, count=1, exclusive=False))
            target.append(_rule(tids, "choose-only-one", "at_most", reading, selector, count=1))
            out.converted.append(reading)
        elif reading.kind == "at-least":
            selector = _selector(reading.source)
            target.append(
                _rule(tids, _least_id(reading.source), "at_least", reading, selector, count=reading.count)
            )
            if reading.nested:
                count, inner = reading.nested
                target.append(
                    _rule(
                        tids,
                        _least_id(inner),
                        "at_least",
                        reading,
                        _selector(inner),
                        count=count,
                        exclusive=False,
                    )
                )
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
            out.converted.append(reading)
        elif reading.kind == "cap":
            capped = Source(window=reading.source.window, levels=reading.source.levels)
            if capped.empty():
                capped = Source(groups=reading.source.groups)
            rule = _rule(tids, _cap_id(capped), "at_most", reading, _selector(capped), count=reading.count)
            if reading.source.reading:
                rule["note"] = f"Read as {reading.source.reading}."
            target.append(rule)
            if target is out.rules:
                caps.append((capped, reading, rule))
                if reading.source.groups and reading.source.window is not None:
                    # "up to 4 from the listed electives or from ... at AQF 3, 4 or 5": also the sources.
                    sources.append((reading.source, reading))
                    if source_text is None:
                        source_text, source_at = reading, len(out.rules) - 1
            out.converted.append(reading)
    if source_text is not None:
        rule = _sources_rule(ids, source_text, sources, caps)
        out.rules.insert(source_at, rule)
        if "joined into one" in rule.get("note", ""):
            out.notes.append((source_text.line.number, "import windows joined: " + rule["note"]))
    return out


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
    windows: list[tuple[tuple[int, ...], tuple[str, ...]]] = []
    for source, _ in sources:
        groups += [g for g in source.groups if g not in groups]
        if source.window is not None:
            windows.append(source.window)
    notes: list[str] = []
    for capped, reading, _rule_data in caps:
        if capped.window is not None:
            windows.append(capped.window)
        if capped.levels and windows:
            windows.append((capped.levels, windows[0][1]))
            notes.append(
                f"Imports at {_levels(capped.levels)} are allowed through '{reading.text.rstrip('.')}', "
                "which caps them."
            )
    selector: dict[str, Any] = {"groups": groups} if groups else {}
    if windows:
        levels = () if any(not w[0] for w in windows) else tuple(sorted({lv for w in windows for lv in w[0]}))
        packages = () if any(not w[1] for w in windows) else tuple(sorted({p for w in windows for p in w[1]}))
        loose = _loose_join(windows)
        if loose:
            notes.append(
                "The import windows are joined into one, which also lets in imports no sentence allows "
                f"({loose}); check imports of that kind by hand."
            )
        selector["imported"] = _window(levels, packages)
        if any(s.reading for s, _ in sources):
            notes.insert(0, "Imports read as " + "; ".join(s.reading for s, _ in sources if s.reading) + ".")
    text = " ".join(r.text for _, r in sources) if len(sources) > 1 else first.text
    rule = _rule(ids, "elective-sources", "electives_from", first, selector)
    rule["text"] = text
    if notes:
        rule["note"] = " ".join(notes)
    return rule


def _loose_join(windows: list[tuple[tuple[int, ...], tuple[str, ...]]]) -> str:
    """An example of an import the joined window allows but no single window does, or ''."""
    levels = sorted({lv for w in windows for lv in (w[0] or ALL_LEVELS)})
    named = sorted({p for w in windows for p in w[1]})
    others = any(not w[1] for w in windows)
    for level in levels:
        for package in [*named, *(["another package"] if others else [])]:
            if not any(level in (w[0] or ALL_LEVELS) and (not w[1] or package in w[1]) for w in windows):
                return f"AQF {level} from {package}"
    return ""


def _rule(
    ids: _Ids, base: str, kind: str, reading: Reading, selector: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": ids.take(base), "kind": kind}
    rule.update({k: v for k, v in extra.items() if k != "exclusive" or v is False})
    rule["from"] = selector
    rule["text"] = reading.text
    return rule


def _selector(source: Source) -> dict[str, Any]:
    selector: dict[str, Any] = {}
    if source.groups:
        selector["groups"] = list(source.groups)
    if source.window is not None:
        selector["imported"] = _window(*source.window)
    if source.levels:
        selector["levels"] = list(source.levels)
    return selector


def _window(levels: tuple[int, ...], packages: tuple[str, ...]) -> dict[str, Any]:
    window: dict[str, Any] = {}
    if levels and set(levels) != set(ALL_LEVELS):
        window["levels"] = list(levels)
    if packages:
        window["packages"] = list(packages)
    return window


def _least_id(source: Source) -> str:
    if source.groups:
        return "group-" + "-or-".join(g.lower() for g in source.groups) + "-minimum"
    return "import-minimum" if source.window is not None else "level-minimum"


def _cap_id(source: Source) -> str:
    if source.levels and len(source.levels) == 1:
        return AQF_LEVEL_NAMES[source.levels[0]].lower().replace(" ", "-").replace("/", "") + "-cap"
    if source.window is not None:
        return "import-cap"
    return "group-" + "-or-".join(g.lower() for g in source.groups) + "-cap" if source.groups else "level-cap"


def _levels(levels: tuple[int, ...]) -> str:
    return "AQF " + ", ".join(str(lv) for lv in levels)


def _manual_id(text: str) -> str:
    words = [w for w in "".join(ch.lower() if ch.isalnum() else " " for ch in text).split() if len(w) > 2][:4]
    return "-".join(words) or "manual"
