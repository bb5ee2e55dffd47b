"""A qualification page: header, packaging rules and unit lists, as register data plus a report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from qualcheck.errors import InputError, Span
from qualcheck.importer.header import ASCED_LEVELS, Header, parse_header
from qualcheck.importer.packaging import read_rules
from qualcheck.importer.pagetext import Line, Page
from qualcheck.importer.rules import RULE_KINDS, Outcome
from qualcheck.importer.sentences import RULE_SETS, Reading
from qualcheck.importer.unitlists import ListedUnit, Lists, UnitList, parse_lists, starts_lists
from qualcheck.importer.unitpage import mapping_data
from qualcheck.models.common import level_from_code_digit

_NAMED_GROUPS = re.compile(r"\bgroups? ([A-Z](?:(?:\s*,\s*|\s+or\s+|\s+and\s+)(?:group\s+)?[A-Z]\b)*)", re.I)
_LISTED = re.compile(r"\b(?:electives? listed|listed electives?|elective units listed|list below)\b", re.I)
_END = ("training component details", "the content being displayed has been produced")


@dataclass
class QualImport:
    code: str
    data: dict[str, Any]
    titles: dict[str, str]  # unit code -> title, for comments and unit entries
    listed: list[ListedUnit]
    readings: list[Reading]
    outcome: Outcome
    notes: list[tuple[int, str]] = field(default_factory=list)
    counts_line: int = 1  # the page line that states the unit counts (else the packaging rules)

    @property
    def rule_sentences(self) -> int:
        return sum(1 for r in self.readings if r.kind in RULE_KINDS)


def import_qualification(page: Page, start: int, heading: re.Match[str]) -> QualImport:
    lines = page.lines
    rules_at = _rules_heading(lines, start)
    if rules_at is None:
        raise InputError(
            "QC070",
            "qualification page without a 'Packaging Rules' section",
            Span(page.path, lines[start].number, 1),
            "save the whole qualification page, including its packaging rules",
        )
    while rules_at + 1 < len(lines) and lines[rules_at + 1].text.lower() == "packaging rules":
        rules_at += 1
    end = next((i for i in range(rules_at, len(lines)) if lines[i].text.lower().startswith(_END)), len(lines))
    header = parse_header(lines, start, heading, rules_at)
    lists_at = next((i for i in range(rules_at + 1, end) if starts_lists(lines, i, end)), end)
    unit_lists = parse_lists(lines, lists_at, end)
    notes: list[tuple[int, str]] = []
    level = _level(header, page.path, notes)
    _add_named_groups(lines[rules_at + 1 : lists_at], unit_lists)
    groups = {g.key: g.title for g in unit_lists.groups}
    core = unit_lists.core.units if unit_lists.core else []
    listed_electives = sum(len(g.units) for g in unit_lists.groups)
    named = all(code in unit_lists.prerequisites for code in unit_lists.asterisked)
    readings, outcome = read_rules(
        lines[rules_at + 1 : lists_at],
        code=header.code,
        title=header.title,
        level=level,
        groups=groups,
        core_listed=len(core),
        prerequisites_named=named and bool(unit_lists.asterisked),
        extra=_choice_readings(unit_lists),
    )
    for rule in outcome.rules:
        if rule["kind"] == "electives_from" and unit_lists.choices:
            # The chosen unit of the core's "one only of" is counted among the electives (below),
            # so it is one of the places electives come from.
            rule["from"]["groups"] = [*rule["from"].get("groups", []), "choice"]
        if rule["text"] in {choice.title for choice in unit_lists.choices}:
            rule["note"] = (
                "The core list ends with a choice of one unit: the fixed core units are encoded as core "
                "and the chosen unit is counted among the electives, exactly one of these."
            )
    notes += outcome.notes
    if outcome.total is None and outcome.electives is None and outcome.points_total is None:
        per_set = any(r.reason.startswith(RULE_SETS) for r in outcome.unread)
        raise InputError(
            "QC073",
            "the packaging rules state the unit counts only inside one specialisation's own rule set, which "
            "the rule language cannot say yet"
            if per_set
            else "the packaging rules state no unit total, elective count or points total",
            Span(page.path, lines[rules_at].number, 1),
            "write the register file of the specialisation you need by hand from the page"
            if per_set
            else "save the page with its packaging rules in full",
        )
    data = _qualification(page, header, level, unit_lists, outcome, core, notes)
    if listed_electives == 0 and not unit_lists.groups and outcome.rules:
        notes.append((lines[lists_at - 1].number if lists_at else 1, "no elective lists found on the page"))
    listed = [
        *core,
        *(u for g in unit_lists.groups for u in g.units),
        *(u for c in unit_lists.choices for u in c.units),
    ]
    titles = {u.code: u.title for u in listed}
    counts_line = next((r.line.number for r in readings if r.kind == "counts"), lines[rules_at].number)
    return QualImport(header.code, data, titles, listed, readings, outcome, notes, counts_line)


def _add_named_groups(rule_lines: tuple[Line, ...], unit_lists: Lists) -> None:
    """Groups the rules name but the page does not list: empty lists, marked incomplete."""
    known = {g.key for g in unit_lists.groups}
    for line in rule_lines:
        for found in re.finditer(_NAMED_GROUPS, line.text):
            for key in re.findall(r"\b([A-Z])\b", re.sub(r"(?i)group", "", found.group(1))):
                if key not in known:
                    known.add(key)
                    unit_lists.groups.append(
                        UnitList("group", key, f"Group {key}", line.number, complete=False)
                    )
    for line in rule_lines:
        for name in re.findall(r"\b(general|specialist) electives\b", line.text, re.I):
            if name.lower() not in known:
                known.add(name.lower())
                title = f"{name.capitalize()} electives"
                unit_lists.groups.append(UnitList("group", name.lower(), title, line.number, complete=False))
    mentions = [line for line in rule_lines if _LISTED.search(line.text)]
    if not known and mentions:
        unit_lists.groups.append(
            UnitList("group", "electives", "Elective units", mentions[0].number, complete=False)
        )


def entry_requirement(lines: tuple[Line, ...]) -> str | None:
    at = _find(lines, "entry requirements", 0)
    if at is None or at + 1 >= len(lines):
        return None
    text = lines[at + 1].text
    empty = re.search(r"\bno entry requirements?\b|^(?:nil|none|not applicable)\.?$", text, re.IGNORECASE)
    return None if empty else text


#: Headings a packaging-rules section goes by: the register's, and those of copies of it.
RULES_HEADINGS = ("packaging rules", "qualification rules", "qualification outline", "what will i study?")


def _rules_heading(lines: tuple[Line, ...], start: int) -> int | None:
    return next(
        (i for i in range(start, len(lines)) if lines[i].text.lower().rstrip(":").strip() in RULES_HEADINGS),
        None,
    )


def _find(lines: tuple[Line, ...], heading: str, start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].text.lower().rstrip(":") == heading), None)


def _level(header: Header, path: str, notes: list[tuple[int, str]]) -> int:
    if header.asced_level in ASCED_LEVELS:
        return ASCED_LEVELS[header.asced_level]
    digit = header.code[3] if header.code[:3].isalpha() else ""
    level = level_from_code_digit(digit) if digit else None
    if level is None and header.asced_level is not None:
        raise InputError(
            "QC071",
            f"cannot tell the AQF level of {header.code}: ASCED level of education {header.asced_level} "
            "is not one the importer knows, and the code has no level digit",
            Span(path, header.asced_line or header.heading_line, 1),
            "check the Classifications section against the page on training.gov.au",
        )
    if level is None:
        raise InputError(
            "QC071",
            f"cannot tell the AQF level of {header.code}: no known ASCED level of education on the page",
            Span(path, header.heading_line, 1),
            "save the page with its Classifications section",
        )
    shown = (
        f"ASCED level {header.asced_level} is not one the importer knows"
        if header.asced_level
        else "no ASCED level"
    )
    notes.append(
        (header.asced_line or header.heading_line, f"{shown}: AQF {level} taken from the code's level digit")
    )
    return level


def _choice_readings(unit_lists: Lists) -> list[Reading]:
    readings = []
    for choice in unit_lists.choices:
        line = Line(choice.line, choice.title)
        reading = Reading(
            line=line, text=choice.title, kind="choice", units=tuple(u.code for u in choice.units)
        )
        readings.append(reading)
    return readings


def _qualification(
    page: Page,
    header: Header,
    level: int,
    unit_lists: Lists,
    outcome: Outcome,
    core: list[ListedUnit],
    notes: list[tuple[int, str]],
) -> dict[str, Any]:
    core_codes = [u.code for u in core]
    choice_codes = [u.code for c in unit_lists.choices for u in c.units]
    core_units = outcome.core if outcome.core is not None else len(core_codes)
    if unit_lists.choices:
        # "4 fixed core units and one only of ...": the choice is encoded as rules over electives.
        core_units = len(core_codes)
    total = outcome.total
    electives = outcome.electives
    if total is None and electives is not None:
        total = core_units + electives
    if total is not None:
        electives = total - core_units
    packaging: dict[str, Any] = {}
    if total is not None:
        packaging["total_units"] = total
    packaging["core_units"] = core_units
    if electives is not None and total is not None:
        packaging["elective_units"] = electives
    if outcome.points_total is not None:
        packaging["points_total"] = outcome.points_total
    packaging["core"] = core_codes
    core_complete = unit_lists.core.complete if unit_lists.core else False
    if len(core_codes) != core_units:
        core_complete = False
        notes.append(
            (
                unit_lists.core.line if unit_lists.core else 1,
                f"{len(core_codes)} core units listed, {core_units} stated",
            )
        )
    if not core_complete:
        packaging["core_complete"] = False
    _short_groups(unit_lists, outcome, notes)
    groups: dict[str, Any] = {}
    for group in unit_lists.groups:
        units = [u.code for u in group.units if u.code not in core_codes]
        entry: dict[str, Any] = {"title": group.title}
        if not group.complete:
            entry["complete"] = False
        if not group.units:
            entry["note"] = "Named by the packaging rules; the saved page shows no list."
        entry["units"] = units
        groups[group.key] = entry
    if choice_codes:
        groups["choice"] = {"title": unit_lists.choices[0].title, "units": choice_codes}
    if groups:
        packaging["groups"] = groups
    if outcome.rules:
        packaging["rules"] = outcome.rules
    if outcome.manual:
        packaging["manual"] = outcome.manual
    if outcome.specialisations:
        packaging["specialisations"] = outcome.specialisations
    prerequisites = {k: v for k, v in unit_lists.prerequisites.items() if v}
    if prerequisites:
        packaging["prerequisites"] = prerequisites
    entry_text = entry_requirement(page.lines)
    if entry_text:
        packaging["entry_requirements"] = {"text": entry_text}
    data: dict[str, Any] = {"code": header.code, "title": header.title}
    if header.release is not None:
        data["release"] = header.release
    data["aqf_level"] = level
    if header.status:
        data["status"] = header.status
    if header.releases:
        data["releases"] = [_release(r, d) for r, d in header.releases]
    if header.mappings:
        data["mappings"] = [mapping_data(m) for m in header.mappings]
    source: dict[str, Any] = {
        "title": source_title("qualification", page, header.code, header.title, header.release)
    }
    if page.source_url:
        source["url"] = page.source_url
    if header.release is not None:
        source["release"] = header.release
    source["note"] = f"Imported by qualcheck import tga from {page.name}."
    data["source"] = [source]
    data["packaging"] = packaging
    return data


def _short_groups(unit_lists: Lists, outcome: Outcome, notes: list[tuple[int, str]]) -> None:
    """A group list shorter than a minimum the rules state over it is held in part, never whole."""
    by_key = {g.key: g for g in unit_lists.groups}
    rules = [*outcome.rules, *(r for s in outcome.specialisations.values() for r in s["rules"])]
    for rule in rules:
        keys = rule.get("from", {}).get("groups", [])
        if rule.get("kind") != "at_least" or not keys or any(k not in by_key for k in keys):
            continue
        listed = sum(len(by_key[k].units) for k in keys)
        if listed < rule["count"] and any(by_key[k].complete for k in keys):
            for key in keys:
                by_key[key].complete = False
            names = ", ".join(by_key[k].title for k in keys)
            notes.append(
                (
                    by_key[keys[0]].line,
                    f"{names}: {listed} units listed, rule '{rule['id']}' needs {rule['count']}",
                )
            )


def source_title(kind: str, page: Page, code: str, title: str, release: int | None) -> str:
    """A source's title that says where the page came from: training.gov.au only when the page's
    own address is there, else the page's own title or address, else its file name."""
    shown = f"{code} - {title}" + (f" (Release {release})" if release is not None else "")
    if page.from_register():
        return f"training.gov.au {kind} details: {shown}"
    return f"{shown}, from {page.described()}"


def _release(release: int, date: Any) -> dict[str, Any]:
    return {"release": release, "date": date.isoformat()} if date else {"release": release}
