"""A fetched qualification as register data, through the text importer's own readings.

The packaging-rules HTML becomes numbered lines (`rulestext`) under a `CODE - Title (Release N)`
heading and a `Packaging rules` heading, exactly the page text `import tga` reads, and goes
through `importer.qualpage.import_qualification`: the same sentence readings, the same rule
building, the same unit lists, every rule keeping its sentence and every unread sentence a
manual check. The header facts (title, release, releases, usage, mappings) are then taken from
the API's JSON rather than from text.

Then the checks a page cannot make on itself, each mismatch named in the report and in the
file, and the lists it touches held only in part (`core_complete: false`, `complete: false`),
never guessed:
- the unit grid's core units (`isEssential`) are the core list the HTML gives;
- every unit the grid lists is in one of the HTML's lists;
- every code the HTML tags (`<ntr-tcref>`) is placed in a list or kept in a sentence;
- the counts the rules state add up to the release's `packagingInformation`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from qualcheck.errors import QualcheckError
from qualcheck.fetch.rulestext import RulesText, read_rules
from qualcheck.fetch.shapes import (
    MISFIT,
    Detail,
    FetchError,
    GridUnit,
    Mapping,
    Metadata,
    PackagingInfo,
    Reader,
)
from qualcheck.importer.header import find_heading
from qualcheck.importer.outputs import UnitEntry, mapped_entry
from qualcheck.importer.pagetext import Line, Page
from qualcheck.importer.qualpage import QualImport, import_qualification
from qualcheck.importer.unitpage import unit_level

_RULES_HEADING = "packaging rules"


@dataclass
class Fetched:
    """What the API gave for one qualification: every response read, none judged yet."""

    code: str
    detail: Detail
    detail_url: str
    release: int
    packaging: PackagingInfo | None
    release_url: str
    grid: list[GridUnit]
    grid_url: str
    contents: list[tuple[str, str]]  # (bundle URL, HTML) of every bundle item, in order
    units: dict[str, tuple[Detail, str]]  # unit code -> its detail and URL
    metadata: Metadata
    base: str
    today: dt.date


@dataclass
class Built:
    code: str
    data: dict[str, Any]
    titles: dict[str, str]
    units: list[UnitEntry]
    fetched_on: dt.date
    report: list[tuple[str, int, str, str]] = field(default_factory=list)  # (url, line, kind, text)
    converted: int = 0
    rule_sentences: int = 0


def unit_source(fetched: Fetched) -> dict[str, Any]:
    """The units file source every unit fetched on one day cites."""
    return {
        "id": f"tga-api-{fetched.today.isoformat()}",
        "title": "training.gov.au API: unit of competency details (/training/CODE)",
        "url": f"{fetched.base}/training",
        "note": _stamp(fetched),
    }


def _stamp(fetched: Fetched) -> str:
    version = f", version {fetched.metadata.version}" if fetched.metadata.version else ""
    return (
        f"Fetched by qualcheck fetch on {fetched.today.isoformat()}; the register's data as of its "
        f"sync time {fetched.metadata.synced} ({fetched.base}/metadata{version})."
    )


def rules_page(fetched: Fetched) -> tuple[Page, RulesText, str]:
    """The page text the importer reads, the rules' lines and tagged codes, and their URL."""
    found: list[tuple[str, RulesText]] = []
    for url, html in fetched.contents:
        found.append((url, read_rules(html, Reader(url, fetched.code).content_error)))
    headed = [i for i, (_, text) in enumerate(found) if any(_is_rules_heading(x) for x in text.lines)]
    tagged = [i for i, (_, text) in enumerate(found) if text.tagged]
    if headed:
        at = headed[0]
    elif len(tagged) == 1:
        at = tagged[0]
    else:
        url = fetched.contents[0][0] if fetched.contents else fetched.release_url
        raise FetchError(
            MISFIT,
            "the response does not fit: no content bundle item holds the packaging rules "
            "(no 'Packaging Rules' heading, and "
            + ("no item tags units" if not tagged else "several items tag units")
            + ")",
            url,
            fetched.code,
            "the API may have changed; qualcheck reads only the shapes it knows",
        )
    rules_url, rules = found[at]
    heading = f"{fetched.code} - {fetched.detail.title} (Release {fetched.release})"
    lines = [Line(0, heading)]
    for i, (_, text) in enumerate(found):
        if i != at:  # other content (entry requirements, description) before the rules
            lines += [Line(0, line) for line in text.lines if not _is_rules_heading(line)]
    if not headed:
        lines.append(Line(0, "Packaging rules"))
    lines += [Line(n, line) for n, line in enumerate(rules.lines, start=1)]
    return Page(rules_url, tuple(lines), None), rules, rules_url


def _is_rules_heading(text: str) -> bool:
    return text.lower().rstrip(" :") == _RULES_HEADING


def build(fetched: Fetched) -> Built:
    page, rules, rules_url = rules_page(fetched)
    found = find_heading(page.lines)
    if found is None or found[0] != 0:  # the title broke the heading's pattern
        raise FetchError(
            MISFIT, "the response does not fit: title cannot head a page", fetched.detail_url, fetched.code
        )
    try:
        qual = import_qualification(page, 0, found[1])
    except QualcheckError as error:
        raise FetchError(error.code, error.message, rules_url, fetched.code, error.hint) from None
    data = qual.data
    # The importer notes when no ASCED level was on the page and the code's digit gave the level.
    from_digit = any("ASCED" in note for _, note in qual.notes)
    _header(data, fetched, from_digit)
    built = Built(fetched.code, data, dict(qual.titles), [], fetched.today)
    built.converted = len(qual.outcome.converted)
    built.rule_sentences = qual.rule_sentences
    for reading in qual.outcome.unread:
        built.report.append((rules_url, reading.line.number, "unread", f"{reading.text} ({reading.reason})"))
    for reading in qual.outcome.guidance:
        built.report.append((rules_url, reading.line.number, "guidance", reading.text))
    for line, note in qual.notes:
        if "ASCED" not in note:  # the API gives no classification: the level is always the code's
            built.report.append((rules_url, line, "note", note))
    problems = _cross_check(fetched, qual, rules, rules_url, data["packaging"])
    for url, text in problems:
        built.report.append((url, 0, "mismatch", text))
    if problems:
        data["source"][0]["note"] += " Held in part: " + " ".join(text for _, text in problems)
    _prerequisite_checks(fetched, data["packaging"], built)
    for unit in fetched.grid:
        built.titles.setdefault(unit.code, unit.title)
    return built


def _header(data: dict[str, Any], fetched: Fetched, level_from_digit: bool) -> None:
    """Title, release, usage, releases and mappings from the JSON, in the register's order."""
    detail = fetched.detail
    packaging = data.pop("packaging")
    aqf = data.pop("aqf_level")
    for key in ("title", "release", "status", "releases", "mappings", "source"):
        data.pop(key, None)
    data["title"] = detail.title
    data["release"] = fetched.release
    data["aqf_level"] = aqf
    if detail.status:
        data["status"] = detail.status
    releases = sorted(detail.releases, key=lambda r: r.number, reverse=True)
    if releases:
        data["releases"] = [_release(r.number, r.date) for r in releases]
    if detail.mappings:
        data["mappings"] = [_mapping(m) for m in detail.mappings]
    data["source"] = [
        {
            "title": f"training.gov.au API: {detail.code} - {detail.title} (Release {fetched.release})",
            "url": fetched.detail_url,
            "release": fetched.release,
            "note": _stamp(fetched)
            + (
                " The AQF level is the code's level digit (the API gives no classification)."
                if level_from_digit
                else " The AQF level is the ASCED level of education the content states."
            ),
        }
    ]
    data["packaging"] = packaging


def _release(number: int, date: dt.date | None) -> dict[str, Any]:
    return {"release": number, "date": date.isoformat()} if date else {"release": number}


def _mapping(mapping: Mapping) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": mapping.code}
    if mapping.title:
        entry["title"] = mapping.title
    entry["relation"] = mapping.relation
    entry["equivalent"] = mapping.equivalent
    if mapping.date:
        entry["date"] = mapping.date.isoformat()
    return entry


def _cross_check(
    fetched: Fetched, qual: QualImport, rules: RulesText, rules_url: str, packaging: dict[str, Any]
) -> list[tuple[str, str]]:
    """Each mismatch between the HTML's lists, the unit grid and the counts, with its URL; the
    lists each touches are marked as held only in part."""
    problems: list[tuple[str, str]] = []
    groups: dict[str, dict[str, Any]] = packaging.get("groups", {})
    core = list(packaging["core"])
    in_lists = set(core) | {code for group in groups.values() for code in group["units"]}
    in_lists |= {u.code for u in qual.listed}

    def hold(what: str, url: str, text: str, *, core_list: bool, group_lists: bool) -> None:
        problems.append((url, text))
        if core_list:
            packaging["core_complete"] = False
        if group_lists:
            for group in groups.values():
                group["complete"] = False
                note = f"Held in part: {what}."
                group["note"] = f"{group['note']} {note}" if group.get("note") else note

    if fetched.grid:
        grid_core = {u.code for u in fetched.grid if u.essential}
        if grid_core != set(core):
            extra = sorted(grid_core - set(core))
            missing = sorted(set(core) - grid_core)
            parts = []
            if extra:
                parts.append(f"the unit grid's core units {', '.join(extra)} are not in the rules' core list")
            if missing:
                parts.append(f"the rules' core units {', '.join(missing)} are not core in the unit grid")
            what = "the core list and the unit grid disagree"
            hold(what, fetched.grid_url, "; ".join(parts) + ".", core_list=True, group_lists=False)
        unplaced = sorted({u.code for u in fetched.grid if not u.essential} - in_lists)
        if unplaced:
            hold(
                "the unit grid lists electives no list holds",
                fetched.grid_url,
                f"the unit grid lists {len(unplaced)} elective unit(s) no list of the rules holds: "
                f"{', '.join(unplaced)}.",
                core_list=False,
                group_lists=True,
            )
    # Whole words: BSBWOR502 is not kept by a sentence naming BSBWOR502B.
    kept = set(re.findall(r"[A-Z0-9]+", " ".join(_texts(packaging))))
    lost = sorted({code for code, _ in rules.tagged if code not in in_lists and code not in kept})
    if lost:
        hold(
            "the rules tag units no list holds",
            rules_url,
            f"the packaging rules tag {len(lost)} code(s) that no list holds and no rule keeps: "
            f"{', '.join(lost)}.",
            core_list=True,
            group_lists=True,
        )
    info = fetched.packaging
    if info is not None:
        stated = _counts_problem(info, packaging)
        if stated:
            what = "the counts disagree with the release's packaging information"
            hold(what, fetched.release_url, stated, core_list=True, group_lists=True)
    return problems


def _texts(packaging: dict[str, Any]) -> list[str]:
    texts = [r["text"] for r in packaging.get("rules", ())]
    texts += [m["text"] for m in packaging.get("manual", ())]
    for spec in packaging.get("specialisations", {}).values():
        texts += [r["text"] for r in spec["rules"]]
    for code, needs in packaging.get("prerequisites", {}).items():
        texts += [code, *needs]
    if packaging.get("entry_requirements"):
        texts.append(packaging["entry_requirements"]["text"])
    return texts


def _counts_problem(info: PackagingInfo, packaging: dict[str, Any]) -> str | None:
    if info.measure == "points":
        total = packaging.get("points_total")
        if total is None:
            return (
                f"the release counts {info.core} + {info.elective} points; the rules state no points total."
            )
        if info.core + info.elective != total:
            return (
                f"the release's packaging information gives {info.core} core and {info.elective} elective "
                f"points ({info.core + info.elective}); the rules state {total} points."
            )
        return None
    core, electives = packaging.get("core_units"), packaging.get("elective_units")
    if (core, electives) != (info.core, info.elective):
        return (
            f"the release's packaging information gives {info.core} core and {info.elective} elective "
            f"units; the rules state {core} core and {electives if electives is not None else 'no'} elective."
        )
    return None


def _prerequisite_checks(fetched: Fetched, packaging: dict[str, Any], built: Built) -> None:
    """A unit the grid says has prerequisites that the rules do not name: a manual check."""
    named = set(packaging.get("prerequisites", {}))
    manual = packaging.setdefault("manual", [])
    ids = {m["id"] for m in manual}
    for unit in fetched.grid:
        if unit.has_prerequisites and unit.code not in named:
            ident = f"prerequisites-{unit.code.lower()}"
            if ident in ids:
                continue
            ids.add(ident)
            text = (
                f"The unit grid says {unit.code} has prerequisites, which the packaging rules do not name: "
                "a person checks them on training.gov.au before it counts."
            )
            manual.append({"id": ident, "text": text})
            built.report.append((fetched.grid_url, 0, "unread", text))
    if not manual:
        packaging.pop("manual")
    elif "rules" in packaging:  # keep the register's key order: rules, then manual
        packaging["manual"] = packaging.pop("manual")


def unit_entries(fetched: Fetched, titles: dict[str, str]) -> list[UnitEntry]:
    """An entry for every fetched unit, and for each unit its mappings name (the other side)."""
    source = unit_source(fetched)
    entries = []
    for code, (detail, _url) in sorted(fetched.units.items()):
        releases = sorted(detail.releases, key=lambda r: r.number, reverse=True)
        current = next((r for r in releases if r.currency == "current"), releases[0] if releases else None)
        unit: dict[str, Any] = {"code": code, "title": detail.title}
        if current is not None:
            unit["release"] = current.number
        if detail.status:
            unit["status"] = detail.status
        level = unit_level(code)
        if level is not None:
            unit["level"] = level
            unit["level_basis"] = "inferred-from-code"
        if releases:
            unit["releases"] = [_release(r.number, r.date) for r in releases]
        mappings = [_mapping(m) for m in detail.mappings if re.fullmatch(r"[A-Z]{3}[A-Z0-9]{3,12}", m.code)]
        if mappings:
            unit["mappings"] = mappings
        entries.append(UnitEntry(unit, True, source))
        for mapping in mappings:
            other = mapped_entry(unit, mapping, source)
            if other is not None:
                entries.append(other)
        titles.setdefault(code, detail.title)
    return entries
