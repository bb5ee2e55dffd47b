"""A unit of competency page: code, title, releases, status, mappings, prerequisites, sector."""

from __future__ import annotations

import re
from typing import Any

from qualcheck.importer.header import MappingRow, mapping_row, parse_header
from qualcheck.importer.pagetext import Line, Page
from qualcheck.models.common import is_unit_code

_CODE = re.compile(r"\b[A-Z]{3}[A-Z0-9]{3,12}\b")
_SECTION_END = (
    "links",
    "assessment requirements",
    "elements and performance criteria",
    "custom content section",
)


def import_unit(page: Page, start: int, heading: re.Match[str]) -> dict[str, Any]:
    lines = page.lines
    end = _index(lines, ("modification history",), start) or len(lines)
    header = parse_header(lines, start, heading, end)
    mappings = list(header.mappings) + _mapping_prose(lines)
    unit: dict[str, Any] = {"code": header.code, "title": header.title}
    if header.release is not None:
        unit["release"] = header.release
    if header.status:
        unit["status"] = header.status
    level = unit_level(header.code)
    if level is not None:
        unit["level"] = level
        unit["level_basis"] = "inferred-from-code"
    if header.releases:
        unit["releases"] = [
            {"release": r, "date": d.isoformat()} if d else {"release": r} for r, d in header.releases
        ]
    seen: set[tuple[str, str]] = set()
    rows = []
    for row in mappings:
        if (row.code, row.relation) not in seen:
            seen.add((row.code, row.relation))
            rows.append(mapping_data(row))
    if rows:
        unit["mappings"] = rows
    prerequisites = _prerequisites(lines, header.code)
    if prerequisites:
        unit["prerequisites"] = prerequisites
    sector = _after(lines, ("unit sector", "unit sector(s)", "unit sectors"))
    if sector:
        unit["sector"] = sector
    if header.field_of_education:
        unit["field_of_education"] = header.field_of_education
    return unit


def unit_level(code: str) -> int | None:
    """The AQF level the code's level digit hints at (the first digit after the letters)."""
    digits = [ch for ch in code[3:] if ch.isdigit()]
    return level_hint(digits[0]) if digits else None


def level_hint(digit: str) -> int | None:
    from qualcheck.models.common import level_from_code_digit

    value = level_from_code_digit(digit)
    return value if value in (1, 2, 3, 4, 5, 6, 8) else None


def mapping_data(row: MappingRow) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": row.code}
    if row.title:
        entry["title"] = row.title
    entry["relation"] = row.relation
    entry["equivalent"] = row.equivalent
    if row.date:
        entry["date"] = row.date.isoformat()
    return entry


def _index(lines: tuple[Line, ...], names: tuple[str, ...], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].text.lower().rstrip(": ") in names), None)


def _after(lines: tuple[Line, ...], names: tuple[str, ...]) -> str | None:
    at = _index(lines, names, 0)
    if at is None or at + 1 >= len(lines):
        return None
    text = lines[at + 1].text.strip(" |")
    return None if text.lower().startswith("not applicable") else text


def _prerequisites(lines: tuple[Line, ...], code: str) -> list[str]:
    at = _index(
        lines, ("pre-requisites", "prerequisites", "prerequisite", "pre-requisite", "prerequisite unit(s)"), 0
    )
    if at is None:
        return []
    found: list[str] = []
    for line in lines[at + 1 : at + 6]:
        if line.text.lower().startswith("not applicable") or line.text.lower().startswith("nil"):
            break
        codes = [c for c in _CODE.findall(line.text) if is_unit_code(c) and c != code]
        if not codes:
            break
        found += [c for c in codes if c not in found]
    return found


def _mapping_prose(lines: tuple[Line, ...]) -> list[MappingRow]:
    """The 'Unit Mapping Information' form: sentences, and '-' lists after a colon."""
    at = _index(lines, ("unit mapping information",), 0)
    if at is None:
        return []
    rows: list[MappingRow] = []
    pending: tuple[str, bool] | None = None
    for line in lines[at + 1 :]:
        text = line.text
        if text.lower().rstrip(": ") in _SECTION_END:
            break
        if pending and text.startswith(("-", "•")):
            found = re.match(r"^[-•]\s*([A-Z]{3}[A-Z0-9]{3,12})\b\s*(.*)$", text)
            if found and is_unit_code(found.group(1)):
                title = found.group(2).strip().rstrip(".") or None
                rows.append(MappingRow(found.group(1), pending[0], pending[1], title, None, line.number))
            continue
        pending = None
        head = re.match(r"^(Supersedes|Is superseded by)\b(.*?)(?:to)?:\s*$", text, re.IGNORECASE)
        if head:
            relation = "superseded_by" if head.group(1).lower().startswith("is") else "supersedes"
            phrase = text.lower()
            pending = (relation, "equivalent" in phrase and "not equivalent" not in phrase)
            continue
        row = mapping_row(Line(line.number, text.rstrip(".")))
        if row is not None:
            rows.append(row)
    return rows
