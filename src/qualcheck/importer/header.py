"""The summary part of a page: heading, releases, usage recommendation, mappings, classifications."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from qualcheck.importer.pagetext import Line

_HEADING = re.compile(
    r"^(?P<code>[A-Z]{3}[A-Z0-9]{3,12}|[0-9]{5}[A-Z]{2,4})\s+[-–]\s+(?P<title>.+?)"
    r"(?:\s*\(Release\s+(?P<release>\d+)\))?$"
)
_DATE = re.compile(r"(?<!\d)(\d{1,2})/([A-Z][a-z]{2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
    )
}
_MAPPING = re.compile(
    r"^(?P<phrase>Supersedes and is equivalent to|Supersedes but is not equivalent to|"
    r"Supersedes and is not equivalent to|Supersedes|"
    r"Is superseded by and (?:is )?equivalent to|Is superseded by but is not equivalent to|"
    r"Is superseded by and is not equivalent to|Is superseded by)\s*:?\s+"
    r"(?P<code>[A-Z]{3}[A-Z0-9]{3,12}|[0-9]{5}[A-Z]{2,4})\b\s*[-–]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_STATUSES = {"current": "current", "superseded": "superseded", "deleted": "deleted"}

#: ASCED Qualification/Course Level of Education codes and the AQF level they stand for.
ASCED_LEVELS = {"411": 6, "421": 5, "511": 4, "514": 3, "521": 2, "524": 1}


@dataclass(frozen=True)
class MappingRow:
    code: str
    relation: str  # supersedes | superseded_by
    equivalent: bool
    title: str | None
    date: dt.date | None
    line: int


@dataclass
class Header:
    code: str
    title: str
    release: int | None
    heading_line: int
    status: str | None = None
    releases: list[tuple[int, dt.date | None]] = field(default_factory=list)
    mappings: list[MappingRow] = field(default_factory=list)
    asced_level: str | None = None
    asced_line: int | None = None
    field_of_education: str | None = None


def parse_date(text: str) -> dt.date | None:
    found = _DATE.search(text)
    if not found:
        return None
    try:
        if found.group(1):
            return dt.date(int(found.group(3)), _MONTHS[found.group(2)], int(found.group(1)))
        return dt.date(int(found.group(4)), int(found.group(5)), int(found.group(6)))
    except (KeyError, ValueError):
        return None


def find_heading(lines: tuple[Line, ...]) -> tuple[int, re.Match[str]] | None:
    """The first 'CODE - Title (Release N)' line within the page's first lines."""
    for index, line in enumerate(lines[:60]):
        found = _HEADING.match(line.text)
        if found:
            return index, found
    return None


def parse_header(lines: tuple[Line, ...], start: int, heading: re.Match[str], end: int) -> Header:
    header = Header(
        code=heading.group("code"),
        title=heading.group("title").strip(),
        release=int(heading.group("release")) if heading.group("release") else None,
        heading_line=lines[start].number,
    )
    index = start + 1
    while index < end:
        text = lines[index].text
        lowered = text.lower()
        if lowered.startswith("usage recommendation"):
            value = text.split(":", 1)[1].strip() if ":" in text else ""
            if not value and index + 1 < end:
                value = lines[index + 1].text
            header.status = _STATUSES.get(value.strip().lower().rstrip("."))
        elif lowered.startswith("releases"):
            header.releases = _releases(lines, index + 1, end)
        elif (row := mapping_row(lines[index])) is not None:
            header.mappings.append(row)
        elif "level of education identifier" in lowered and header.asced_level is None:
            found = re.search(r"\b(\d{3})\b", text)
            if found:
                header.asced_level = found.group(1)
                header.asced_line = lines[index].number
        elif "field of education identifier" in lowered and header.field_of_education is None:
            found = re.search(r"\b(\d{4,6})\b", text)
            if found:
                header.field_of_education = found.group(1)
        index += 1
    return header


def mapping_row(line: Line) -> MappingRow | None:
    found = _MAPPING.match(line.text)
    if not found:
        return None
    phrase = found.group("phrase").lower()
    rest = found.group("rest")
    date = parse_date(rest)
    return MappingRow(
        code=found.group("code"),
        relation="superseded_by" if phrase.startswith("is superseded") else "supersedes",
        equivalent="equivalent" in phrase and "not equivalent" not in phrase,
        title=_mapping_title(rest),
        date=date,
        line=line.number,
    )


def _mapping_title(rest: str) -> str | None:
    text = _DATE.sub("", rest).strip(" -–|.")
    # Copied tables run the title into the notes column: "Diploma of Customer ContactThis ..."
    joined = re.search(r"[a-z)](?=[A-Z][a-z])", text)
    if joined:
        text = text[: joined.end()]
    text = text.strip(" -–|.")
    return text or None


def _releases(lines: tuple[Line, ...], index: int, end: int) -> list[tuple[int, dt.date | None]]:
    found: list[tuple[int, dt.date | None]] = []
    stop = min(end, index + 12)
    while index < stop:
        text = lines[index].text
        if text.lower().startswith(("usage recommendation", "mapping", "companion", "classification")):
            break
        number = re.search(r"(\d+)\s*\(this release\)|release\s+(\d+)\)", text, re.IGNORECASE)
        if number:
            release = int(number.group(1) or number.group(2))
            date = parse_date(text)
            if date is None and index + 1 < stop:
                date = parse_date(lines[index + 1].text)
            if all(r != release for r, _ in found):
                found.append((release, date))
        index += 1
    return found


_QUALIFICATION_TITLE = re.compile(
    r"^(?:(?:the )?(?:Certificate (?:I{1,3}|IV)|Diploma|Advanced Diploma|Graduate (?:Certificate|Diploma))"
    r" (?:in|of) [A-Z(].{2,100})$"
)
_RELEASE = re.compile(r"\s*\(Release\s+(\d+)\)\s*$", re.IGNORECASE)


def heading_for_code(lines: tuple[Line, ...], code: str) -> tuple[int, re.Match[str]] | None:
    """For a page without a register heading (a copied PDF, a vendor page) whose qualification
    the user names: the first line giving the code with a title ('SHB30121 Certificate III in
    Beauty Services', 'Certificate III in Beauty Services (SHB30121)'), else the first line that
    is a qualification title. The heading is read as 'CODE - Title (Release N)' would be."""
    if not _HEADING.match(f"{code} - x"):
        return None
    quoted = re.escape(code)
    with_code = [
        re.compile(rf"^{quoted}\s*[-–:|]?\s+(?P<title>[A-Z].+)$"),
        re.compile(rf"^(?P<title>[A-Z].+?)\s*[-–:|(]\s*{quoted}\s*\)?\s*$"),
    ]
    for index, line in enumerate(lines[:80]):
        for pattern in with_code:
            found = pattern.match(line.text)
            if found and _QUALIFICATION_TITLE.match(_RELEASE.sub("", found.group("title"))):
                return index, _synthetic(code, found.group("title"))
    others = {m.group(1) for line in lines[:80] if (m := re.match(r"^([A-Z]{3}\d{5})\b", line.text))}
    if others - {code}:
        return None  # the page names its own qualification, and it is another one
    for index, line in enumerate(lines[:80]):
        if _QUALIFICATION_TITLE.match(_RELEASE.sub("", line.text)):
            return index, _synthetic(code, line.text)
    return None


def _synthetic(code: str, title: str) -> re.Match[str]:
    release = _RELEASE.search(title)
    name = _RELEASE.sub("", title)
    name = re.sub(rf"\s*\(\s*{re.escape(code)}\s*\).*$", "", name).strip(" -–:|")  # "... (RII30920) Current"
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    text = f"{code} - {name}" + (f" (Release {release.group(1)})" if release else "")
    found = _HEADING.match(text)
    assert found is not None  # the code was checked against the same pattern
    return found
