"""The API's responses read into typed records, or a FetchError naming the URL and the field.

The shapes follow what third parties documented (nobody here reaches the service), so fields are
read tolerantly where the documentation says two things (a release named by GUID or by number)
and strictly everywhere else: a missing field, a value of the wrong type, a code that is not a
code, or text holding control characters is an error that names the field by its path in the
response (`releases[2].releaseNumber`). No value from a response is trusted further than this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from qualcheck.errors import QualcheckError, Span
from qualcheck.io.neutral import CONTROL_IN_TEXT
from qualcheck.models.common import is_qualification_code, is_unit_code

#: The finding codes of a failed fetch: the request failed, or the response does not fit.
UNREACHABLE = "QC074"
MISFIT = "QC075"

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")
_STATUSES = {"current": "current", "superseded": "superseded", "deleted": "deleted"}


class FetchError(QualcheckError):
    """One qualification could not be fetched: the code, the URL and what went wrong."""

    def __init__(self, code: str, message: str, url: str, subject: str = "", hint: str = "") -> None:
        shown = f"{subject}: {message}" if subject else message
        super().__init__(code, shown, Span(url), hint)
        self.url = url
        self.subject = subject


@dataclass(frozen=True)
class Release:
    number: int
    id: str  # the GUID, or the number as text where the response gives no id
    date: dt.date | None
    currency: str | None


@dataclass(frozen=True)
class Mapping:
    code: str
    title: str | None
    relation: str  # supersedes | superseded_by
    equivalent: bool
    date: dt.date | None


@dataclass(frozen=True)
class Detail:
    code: str
    title: str
    kind: str | None  # qualification | unit | ... as the response says
    status: str | None  # current | superseded | deleted, else None
    releases: tuple[Release, ...]
    mappings: tuple[Mapping, ...]


@dataclass(frozen=True)
class PackagingInfo:
    core: int
    elective: int
    measure: str  # units | points


@dataclass(frozen=True)
class ReleaseDetail:
    number: int
    packaging: PackagingInfo | None
    bundles: tuple[str, ...]


@dataclass(frozen=True)
class GridUnit:
    code: str
    title: str
    essential: bool
    has_prerequisites: bool


@dataclass(frozen=True)
class Metadata:
    synced: str  # the data export's sync time as the API gives it (ISO date or date and time)
    version: str | None


@dataclass
class Reader:
    """Reads one response, naming each field by its path when it does not fit."""

    url: str
    subject: str  # the code the response is for
    path: list[str] = field(default_factory=list)

    def fail(self, where: str, message: str) -> FetchError:
        return FetchError(
            MISFIT,
            f"the response does not fit: {where} {message}"
            if where
            else f"the response does not fit: {message}",
            self.url,
            self.subject,
            "the API may have changed; qualcheck reads only the shapes it knows",
        )

    def content_error(self, message: str) -> FetchError:
        """The error for HTML in a bundle item that does not fit."""
        return self.fail("content", message)

    def object(self, value: Any, where: str = "") -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where or "the body", f"is {_kind(value)}, not an object")
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"is {_kind(value)}, not a list")
        return value

    def need(self, data: dict[str, Any], name: str, where: str = "") -> Any:
        if name not in data or data[name] is None:
            raise self.fail(_join(where, name), "is missing")
        return data[name]

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"is {_kind(value)}, not text")
        return clean_text(value, lambda message: self.fail(where, message))

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"is {_kind(value)}, not true or false")
        return value

    def whole(self, value: Any, where: str) -> int:
        """A whole number, given as a number or as its digits (the release number is text)."""
        if isinstance(value, bool):
            raise self.fail(where, "is true or false, not a whole number")
        if isinstance(value, int) and value >= 0:
            return value
        digits = value.strip() if isinstance(value, str) else ""
        # ASCII digits only: str.isdigit also takes '³', which int() refuses.
        if digits.isascii() and digits.isdecimal() and len(digits) <= 9:
            return int(digits)
        if isinstance(value, float) and value.is_integer() and 0 <= value < 1e9:
            return int(value)
        raise self.fail(where, f"is {_kind(value)}, not a whole number")

    def date(self, value: Any, where: str) -> dt.date | None:
        if value is None or value == "":
            return None
        text = self.text(value, where)
        found = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text)
        if not found:
            raise self.fail(where, f"is {text[:40]!r}, not a date (YYYY-MM-DD)")
        try:
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise self.fail(where, f"is {text[:40]!r}, not a date") from None

    def unit_code(self, value: Any, where: str) -> str:
        code = self.text(value, where)
        if not is_unit_code(code):
            raise self.fail(where, f"is {code[:40]!r}, not a unit code")
        return code

    def any_code(self, value: Any, where: str) -> str:
        code = self.text(value, where)
        if not (is_unit_code(code) or is_qualification_code(code)):
            raise self.fail(where, f"is {code[:40]!r}, not a unit or qualification code")
        return code


def clean_text(value: str, fail: Any) -> str:
    """`value` with its whitespace collapsed; `fail(message)` gives the error for a control."""
    bad = CONTROL_IN_TEXT.search(value)  # none belongs in a title or a rule sentence
    if bad:
        raise fail(f"holds a control character (U+{ord(bad.group()):04X})")
    return _SPACES.sub(" ", value).strip()


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true or false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def read_detail(body: Any, url: str, code: str) -> Detail:
    """`GET /api/training/{code}`: the component's code, title, releases and mappings."""
    r = Reader(url, code)
    data = r.object(body)
    found = r.any_code(r.need(data, "code"), "code")
    if found != code:
        raise r.fail("code", f"is {found}, not the {code} asked for")
    title = r.text(r.need(data, "title"), "title")
    if not title:
        raise r.fail("title", "is empty")
    kind = r.text(data["type"], "type").lower() if data.get("type") is not None else None
    usage = data.get("usageRecommendation")
    status = _STATUSES.get(r.text(usage, "usageRecommendation").lower()) if usage is not None else None
    releases = []
    for i, item in enumerate(r.list(r.need(data, "releases"), "releases")):
        where = f"releases[{i}]"
        entry = r.object(item, where)
        number = r.whole(r.need(entry, "releaseNumber", where), f"{where}.releaseNumber")
        if number < 1:
            raise r.fail(f"{where}.releaseNumber", "is 0, not a release number")
        ident = r.text(entry["id"], f"{where}.id") if entry.get("id") is not None else str(number)
        currency = entry.get("currency")
        releases.append(
            Release(
                number,
                ident,
                r.date(entry.get("releaseDate"), f"{where}.releaseDate"),
                r.text(currency, f"{where}.currency").lower() if currency is not None else None,
            )
        )
    mappings = _mappings(r, data)
    return Detail(found, title, kind, status, tuple(releases), tuple(mappings))


def _mappings(r: Reader, data: dict[str, Any]) -> list[Mapping]:
    """mappingInformation (what this component supersedes, as documented), and the
    supersedes/supersededBy lists search results carry, where a detail has them too."""
    found: list[Mapping] = []
    sources = (
        ("mappingInformation", "supersedes", ("mapsToCode", "code"), ("mapsToTitle", "title")),
        ("supersedes", "supersedes", ("code", "mapsToCode"), ("title", "mapsToTitle")),
        ("supersededBy", "superseded_by", ("code", "mapsToCode"), ("title", "mapsToTitle")),
    )
    for name, relation, codes, titles in sources:
        if data.get(name) is None:
            continue
        for i, item in enumerate(r.list(data[name], name)):
            where = f"{name}[{i}]"
            entry = r.object(item, where)
            key = next((k for k in codes if entry.get(k) is not None), codes[0])
            code = r.any_code(r.need(entry, key, where), f"{where}.{key}")
            title_key = next((k for k in titles if entry.get(k) is not None), None)
            title = r.text(entry[title_key], f"{where}.{title_key}") if title_key else None
            equivalent = r.flag(r.need(entry, "isEquivalent", where), f"{where}.isEquivalent")
            date = r.date(entry.get("date"), f"{where}.date")
            if all((m.code, m.relation) != (code, relation) for m in found):
                found.append(Mapping(code, title or None, relation, equivalent, date))
    return found


def read_release(body: Any, url: str, code: str) -> ReleaseDetail:
    """`GET /api/training/{code}/releases/{id}`: its packaging counts and content bundles."""
    r = Reader(url, code)
    data = r.object(body)
    number = r.whole(r.need(data, "releaseNumber"), "releaseNumber")
    packaging = None
    if data.get("packagingInformation") is not None:
        info = r.object(data["packagingInformation"], "packagingInformation")
        where = "packagingInformation"
        measure = r.text(r.need(info, "measure", where), f"{where}.measure").lower()
        if measure not in ("units", "points"):
            raise r.fail(f"{where}.measure", f"is {measure[:20]!r}, not units or points")
        packaging = PackagingInfo(
            r.whole(r.need(info, "core", where), f"{where}.core"),
            r.whole(r.need(info, "elective", where), f"{where}.elective"),
            measure,
        )
    bundles = []
    for i, item in enumerate(r.list(r.need(data, "contentBundles"), "contentBundles")):
        entry = r.object(item, f"contentBundles[{i}]")
        bundles.append(r.text(r.need(entry, "id", f"contentBundles[{i}]"), f"contentBundles[{i}].id"))
    return ReleaseDetail(number, packaging, tuple(bundles))


def read_unitgrid(body: Any, url: str, code: str) -> list[GridUnit]:
    """`GET .../unitgrid`: every unit of the release, core or elective (no group letters)."""
    r = Reader(url, code)
    units = []
    for i, item in enumerate(r.list(body, "the body")):
        where = f"[{i}]"
        entry = r.object(item, where)
        units.append(
            GridUnit(
                r.unit_code(r.need(entry, "code", where), f"{where}.code"),
                r.text(r.need(entry, "title", where), f"{where}.title"),
                r.flag(r.need(entry, "isEssential", where), f"{where}.isEssential"),
                r.flag(entry.get("hasPreRequisites", False), f"{where}.hasPreRequisites"),
            )
        )
    return units


def read_bundle(body: Any, url: str, code: str) -> list[str]:
    """`GET /api/content/bundle/{id}`: the HTML of each item, in sequence order."""
    r = Reader(url, code)
    data = r.object(body)
    items = []
    for i, item in enumerate(r.list(r.need(data, "items"), "items")):
        where = f"items[{i}]"
        entry = r.object(item, where)
        content = r.need(entry, "content", where)
        if not isinstance(content, str):
            raise r.fail(f"{where}.content", f"is {_kind(content)}, not text")
        sequence = r.whole(entry["sequence"], f"{where}.sequence") if entry.get("sequence") is not None else i
        items.append((sequence, i, content))
    return [content for _, _, content in sorted(items)]


def read_metadata(body: Any, url: str) -> Metadata:
    """`GET /api/metadata`: the data export's sync time (a field named for it) and version."""
    r = Reader(url, "metadata")
    data = r.object(body)
    synced = None
    for name in sorted(data):
        if "sync" in name.lower() and isinstance(data[name], str):
            value = r.text(data[name], name)
            if r.date(value, name) is not None:
                synced = value
                break
    if synced is None:
        raise r.fail("", "no sync time (a date in a field whose name says sync)")
    version_key = next((k for k in sorted(data) if "version" in k.lower() and data[k] is not None), None)
    version = None
    if version_key is not None:
        value = data[version_key]
        version = str(value) if isinstance(value, int) else r.text(value, version_key)
    return Metadata(synced, version)
