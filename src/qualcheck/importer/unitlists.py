"""Unit lists under their headings: core units, elective groups, choices, prerequisite tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualcheck.importer.pagetext import Line
from qualcheck.models.common import is_unit_code

_CODE_LINE = re.compile(r"^(\*?)\s*([A-Z]{3}[A-Z0-9]{3,12})\s*(\*?)(?=\s|$)\s*(?:[-–|:]\s*)?(.*)$")
_CODE = re.compile(r"\b[A-Z]{3}[A-Z0-9]{3,12}\b")
_GROUP = re.compile(r"^(?:electives?\s*(?:units?)?\s*[-–:]?\s*)?group\s+([A-Z0-9]{1,2})\b", re.IGNORECASE)
_CHOICE = re.compile(r"\b(?:one only of|only one of|one of the following)\b", re.IGNORECASE)
_INLINE_PREREQ = re.compile(
    r"\(?\s*pre-?requisites?\s*(?:units?)?\s*:?\s*((?:[A-Z]{3}[A-Z0-9]{3,12}[,;\s]*(?:and\s+)?)+)\)?",
    re.IGNORECASE,
)


@dataclass
class ListedUnit:
    code: str
    title: str
    asterisk: bool
    line: int


@dataclass
class UnitList:
    kind: str  # core | group | choice
    key: str
    title: str
    line: int
    units: list[ListedUnit] = field(default_factory=list)
    complete: bool = True
    codes: set[str] = field(default_factory=set, repr=False)  # the codes in `units`


@dataclass
class Lists:
    core: UnitList | None = None
    groups: list[UnitList] = field(default_factory=list)
    choices: list[UnitList] = field(default_factory=list)
    prerequisites: dict[str, list[str]] = field(default_factory=dict)
    asterisked: set[str] = field(default_factory=set)


def code_line(text: str) -> re.Match[str] | None:
    found = _CODE_LINE.match(text)
    return found if found and is_unit_code(found.group(2)) else None


def heading_kind(text: str) -> tuple[str, str, str] | None:
    """(kind, key, title) of a list heading, or None for any other line."""
    if len(text) > 90 or code_line(text) or re.match(r"^\d", text):
        return None
    lowered = text.lower().rstrip(" :")
    if _CHOICE.search(lowered):
        return "choice", "choice", text.rstrip(" :")
    if re.search(r"\b(?:must|may|should|can)\b", lowered) or text.endswith("."):
        return None
    if re.match(r"^(?:the )?core(?: units?)?\b", lowered):
        return "core", "core", "Core units"
    if re.match(r"^pre-?requisites?\b", lowered):
        return "prereq", "prereq", text
    group = _GROUP.match(text)
    if group:
        return "group", group.group(1).upper(), text.rstrip(" :")
    if re.match(r"^electives?(?: units?)?$", lowered):
        return "group", "electives", "Elective units"
    return (
        "other",
        slug(re.sub(r"\b(?:group|electives?|units?|the)\b", " ", lowered)) or "other",
        text.rstrip(" :"),
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def starts_lists(lines: tuple[Line, ...], index: int, end: int) -> bool:
    """A list heading whose next lines (through more headings) reach a unit code line."""
    first = heading_kind(lines[index].text)
    if first is None:
        return False
    if first[0] in ("choice", "other"):
        return index + 1 < end and code_line(lines[index + 1].text) is not None
    for probe in range(index + 1, min(end, index + 4)):
        if code_line(lines[probe].text):
            return True
        kind = heading_kind(lines[probe].text)
        if kind is None or kind[0] == "other":
            return False
    return False


def parse_lists(lines: tuple[Line, ...], start: int, end: int) -> Lists:
    found = Lists()
    current: UnitList | None = None
    pending_other: tuple[str, str, str, int] | None = None
    for index in range(start, end):
        line = lines[index]
        text = line.text
        if text in ("...", "…"):
            if current is not None:
                current.complete = False
            continue
        match = code_line(text)
        if match:
            if current is None and pending_other is not None:
                current = _open(found, *pending_other)
            pending_other = None
            if current is None:
                continue
            if not match.group(4).strip(" *") and index + 1 < end and _is_title(lines[index + 1].text):
                # Some copies print the code and the title on separate lines.
                match = code_line(f"{text} {lines[index + 1].text}") or match
            _add(found, current, match, line)
            continue
        previous = code_line(lines[index - 1].text) if index > start else None
        if previous is not None and not previous.group(4).strip(" *") and _is_title(text):
            continue  # the title line of a code printed alone
        kind = heading_kind(text)
        if kind is None:
            continue
        if kind[0] == "other":
            pending_other = (*kind, line.number)
            current = None
            continue
        pending_other = None
        current = _open(found, *kind, line.number)
    found.groups = [g for g in found.groups if g.units]
    found.choices = [c for c in found.choices if c.units]
    return found


def _undoubled(title: str) -> str:
    """'Fumigate soilFumigate soil' (a grid's code-and-title column run into its title column)."""
    half = len(title) // 2
    if len(title) % 2 == 0 and half and title[:half] == title[half:]:
        return title[:half]
    return title


def _is_title(text: str) -> bool:
    """A line that can be the title of a code printed alone on the line before."""
    return text not in ("...", "…") and code_line(text) is None and not _looks_like_heading(text)


def _looks_like_heading(text: str) -> bool:
    kind = heading_kind(text)
    return kind is not None and kind[0] != "other"


def _open(found: Lists, kind: str, key: str, title: str, number: int) -> UnitList:
    if kind == "core":
        if found.core is None:
            found.core = UnitList("core", "core", title, number)
        return found.core
    if kind == "choice":
        choice = UnitList("choice", f"choice-{len(found.choices) + 1}", title, number)
        found.choices.append(choice)
        return choice
    if kind == "prereq":
        return UnitList("prereq", "prereq", title, number)
    if key == "electives" and found.groups and found.groups[-1].key != "electives":
        return found.groups[-1]
    for group in found.groups:
        if group.key == key:
            return group
    # A heading that names no group nor electives ("Units of competency", "Unit grid rows seen")
    # lists units it does not say are the whole list: held in part.
    if kind == "other" and re.search(r"\bcore\b", title, re.I) and re.search(r"\belective\b", title, re.I):
        # "Code Unit of Competence Core or Elective ...": a unit table's column headings; its
        # rows marked Elective are electives, of a list the table shows only in part.
        key, title = "electives", "Elective units (from a unit table)"
        for group in found.groups:
            if group.key == key:
                return group
    # "Code Unit Core / Elective": a grid's column headings, not a group.
    named = re.search(r"\b(?:electives?|group|specialisation|stream)\b", title, re.I) and not re.search(
        r"\bcore\b", title, re.I
    )
    group = UnitList("group", key, title, number, complete=kind == "group" or bool(named))
    found.groups.append(group)
    return group


def _add(found: Lists, current: UnitList, match: re.Match[str], line: Line) -> None:
    code = match.group(2)
    rest = match.group(4)
    asterisk = bool(match.group(1) or match.group(3)) or rest.startswith("*")
    rest = rest.lstrip("* ")
    if current.kind == "prereq":
        required = [c for c in _CODE.findall(rest) if is_unit_code(c) and c != code]
        if required:
            found.prerequisites.setdefault(code, [])
            found.prerequisites[code] += [c for c in required if c not in found.prerequisites[code]]
        return
    inline = _INLINE_PREREQ.search(rest)
    if inline:
        required = [c for c in _CODE.findall(inline.group(1)) if is_unit_code(c)]
        found.prerequisites.setdefault(code, []).extend(required)
        rest = (rest[: inline.start()] + rest[inline.end() :]).strip()
        asterisk = True
    essential = re.search(
        r"\s*(?:\b|(?<=[a-z]))(?:Current|Superseded|Deleted)?\s*(Core|Elective)\s*\|?\s*$", rest
    )
    # "CODE | Title | Core | None | 40 |": a grid whose Core/Elective column is not the last.
    essential = essential or re.search(r"\s*\|\s*(Core|Elective)\s*\|.*$", rest)
    title = (rest[: essential.start()] if essential else rest).strip(" -–|*")
    title = _undoubled(title)
    if asterisk:
        found.asterisked.add(code)
    if essential and essential.group(1) == "Core" and current.kind != "core":
        # A unit grid's row marked Core is a core unit, whatever heading the grid sits under; a
        # grid shows rows, not the whole list, so the core list is held in part.
        if found.core is None:
            found.core = UnitList("core", "core", "Core units", line.number, complete=False)
        current = found.core
    if code in current.codes:
        return
    current.codes.add(code)
    current.units.append(ListedUnit(code, title, asterisk, line.number))
