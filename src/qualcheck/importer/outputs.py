"""The files an import produces: qualification files, and unit files merged by package.

Every text is loaded back through the register's models before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.errors import DataError, QualcheckError, Span
from qualcheck.importer.unitpage import unit_level
from qualcheck.importer.writing import WriteError
from qualcheck.importer.yamltext import dump
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import load_yaml
from qualcheck.models import Qualification, UnitFile


@dataclass
class UnitEntry:
    data: dict[str, Any]
    strong: bool  # from the unit's own page (else from a list or a mapping)
    source: dict[str, Any]


@dataclass
class Outputs:
    qualifications: dict[str, tuple[dict[str, Any], dict[str, str]]] = field(default_factory=dict)
    units: dict[str, UnitEntry] = field(default_factory=dict)
    origins: dict[str, Span] = field(default_factory=dict)  # qualification code -> its page's counts

    def add_unit(self, entry: UnitEntry) -> None:
        code = entry.data["code"]
        known = self.units.get(code)
        if known is None or (entry.strong and not known.strong):
            if known is not None and not known.strong:
                _merge_mappings(entry.data, known.data)
            self.units[code] = entry
        elif not known.strong and not entry.strong:
            _merge_mappings(known.data, entry.data)


def listed_entry(code: str, title: str, source: dict[str, Any]) -> UnitEntry:
    data: dict[str, Any] = {"code": code, "title": title}
    _add_level(data)
    return UnitEntry(data, False, source)


def mapped_entry(unit: dict[str, Any], mapping: dict[str, Any], source: dict[str, Any]) -> UnitEntry | None:
    """An entry for a unit known only from another unit's mapping (the other side of the link)."""
    title = mapping.get("title")
    if not title:
        return None
    data: dict[str, Any] = {"code": mapping["code"], "title": title}
    if mapping["relation"] == "supersedes":
        data["status"] = "superseded"
    _add_level(data)
    back: dict[str, Any] = {
        "code": unit["code"],
        "relation": "superseded_by" if mapping["relation"] == "supersedes" else "supersedes",
        "equivalent": mapping["equivalent"],
    }
    if "date" in mapping:
        back["date"] = mapping["date"]
    data["mappings"] = [back]
    return UnitEntry(data, False, source)


def _add_level(data: dict[str, Any]) -> None:
    level = unit_level(data["code"])
    if level is not None:
        data["level"] = level
        data["level_basis"] = "inferred-from-code"


def _merge_mappings(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Join what two pages say about a unit they both only mention (mappings, superseded status)."""
    if other.get("status") == "superseded" and "status" not in into:
        into["status"] = "superseded"
        into.update({k: into.pop(k) for k in [k for k in into if k not in ("code", "title", "status")]})
    rows = list(into.get("mappings", []))
    for row in other.get("mappings", []):
        if all((r["code"], r["relation"]) != (row["code"], row["relation"]) for r in rows):
            rows.append(row)
    if rows:
        into["mappings"] = rows


def qualification_text(data: dict[str, Any], titles: dict[str, str], where: Span | None = None) -> str:
    """The qualification file's text; `where` is the page line a failure to load points at."""
    header = (
        f"{data['code']} {data['title']}, imported from a saved register page (see source:).\n"
        "Entries under manual: are sentences the importer could not turn into rules; check them."
    )
    text = dump(data, titles, header)
    verify(text, Qualification, f"{data['code']}.yaml", where)
    return text


def unit_file_text(
    package: str, path: Path, before: str | None, outputs: Outputs, *, force: bool, origin: str
) -> str | None:
    """The text of `path`, the units file of `package`, after the import is merged into the
    text it had `before` (None: no such file yet), or None when nothing changes. `origin` says
    in the file's first comment line where its units came from ("imported from saved register pages")."""
    ours = {c: e for c, e in outputs.units.items() if c[:3] == package}
    existing: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    if before is not None:
        doc = load_yaml(before, str(path))
        load_model(doc, UnitFile, DataError)
        existing = list(doc.data.get("units", []))
        sources = list(doc.data.get("sources", []))
    known = {u["code"]: i for i, u in enumerate(existing)}
    changed = before is None
    for code, entry in sorted(ours.items(), key=lambda kv: (not kv[1].strong, kv[0])):
        record = dict(entry.data)
        record["source"] = entry.source["id"]
        if code in known:
            current = existing[known[code]]
            if not entry.strong or _same(current, record):
                continue
            if not force:
                raise WriteError(
                    "QC072",
                    f"already defines {code} differently",
                    Span(str(path)),
                    "use --force to replace its entry with the imported one",
                )
            existing[known[code]] = record
        else:
            known[code] = len(existing)
            existing.append(record)
        if all(s.get("id") != entry.source["id"] for s in sources):
            sources.append(entry.source)
        changed = True
    if not changed:
        return None
    if before is not None and not force:
        raise WriteError(
            "QC072",
            "already exists and the import would add units to it",
            Span(str(path)),
            "use --force to merge",
        )
    data = {"package": package, "sources": sources, "units": existing}
    header = (
        f"Units of the {package} training package, {origin} (see sources:).\n"
        "Levels marked inferred-from-code come from the code's level digit."
    )
    text = dump(data, {}, header)
    verify(text, UnitFile, f"{package}.yaml")
    return text


def _same(current: dict[str, Any], record: dict[str, Any]) -> bool:
    strip = {k: v for k, v in current.items() if k != "source"}
    return strip == {k: v for k, v in record.items() if k != "source"}


def verify(
    text: str, model: type[Qualification] | type[UnitFile], name: str, where: Span | None = None
) -> None:
    try:
        load_model(load_yaml(text, name), model, DataError)
    except QualcheckError as error:
        raise DataError(
            "QC073",
            f"the imported {name} would not load: {error.message}",
            where or Span(name),
            "check the unit counts and lists on the page" if where else "",
        ) from None
