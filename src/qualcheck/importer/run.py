"""Import pages into a register folder and report what could not be read.

A run writes its files together or not at all (`writing.write_all`): every page is read and
every file built and checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.errors import InputError, QualcheckError, Span
from qualcheck.importer.header import find_heading, heading_for_code
from qualcheck.importer.outputs import (
    Outputs,
    UnitEntry,
    listed_entry,
    mapped_entry,
    qualification_text,
    unit_file_text,
)
from qualcheck.importer.pagetext import Page, read_page
from qualcheck.importer.qualpage import RULES_HEADINGS, QualImport, import_qualification, source_title
from qualcheck.importer.unitpage import import_unit
from qualcheck.importer.writing import WriteError, check_writable, current_text, write_all
from qualcheck.models.common import is_qualification_code, is_unit_code
from qualcheck.register.layout import UNITS, qualification_file, units_file


@dataclass
class ReportLine:
    path: str
    line: int
    kind: str  # unread | guidance | note
    text: str


@dataclass
class Refusal:
    """A page the run could not import, and why (its error names the file, line and column)."""

    path: str
    error: QualcheckError


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: list[ReportLine] = field(default_factory=list)
    rule_sentences: int = 0
    converted: int = 0
    qualifications: list[QualImport] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for r in self.report if r.kind == "unread")


def import_pages(
    paths: list[Path], out: Path, *, force: bool = False, write: bool = True, code: str | None = None
) -> ImportResult:
    """Import every page that can be imported; each page that cannot is a `Refusal`, and the
    others are still written. `code` names the qualification of a page without a register heading."""
    result = ImportResult()
    outputs = Outputs()
    read: list[tuple[Page, QualImport | dict[str, Any]]] = []
    for path in paths:
        try:
            page = read_page(path)
            imported = _read(page, code)
            if isinstance(imported, QualImport):
                # Refused here, before its units join the run, when its file would not load.
                qualification_text(imported.data, imported.titles, Span(page.path, imported.counts_line, 1))
            read.append((page, imported))
        except QualcheckError as error:
            result.refused.append(Refusal(str(path), error))
    kept = _newest(read, result)
    for page, imported in read:
        if isinstance(imported, QualImport):
            if kept[imported.code] is imported:
                _add_qualification(imported, page, outputs, result)
        else:
            _add_unit(imported, page, outputs)
    changed = []
    for path, text, current in _texts(outputs, out, force=force, pages=paths):
        if check_writable(path, text, current, force=force):
            result.written.append(path)
            changed.append((path, text))
        else:
            result.unchanged.append(path)
    if write and changed:
        # Units files first: a run stopped part way never leaves a qualification listing units
        # that no units file defines yet.
        write_all(sorted(changed, key=lambda file: file[0].parent.name != UNITS), force=force, pages=paths)
    return result


def import_page(path: Path, code: str | None = None) -> QualImport | dict[str, Any]:
    """One page, read but not written: a qualification import, or a unit's data."""
    return _read(read_page(path), code)


def _read(page: Page, code: str | None) -> QualImport | dict[str, Any]:
    found = find_heading(page.lines)
    named = False
    if found is None and code is not None:
        found, named = heading_for_code(page.lines, code), True
    if found is None:
        raise _unrecognised(page, code)
    index, heading = found
    if named or _is_qualification(page, heading.group("code")):  # --code names a qualification
        return import_qualification(page, index, heading)
    return import_unit(page, index, heading)


def _newest(
    read: list[tuple[Page, QualImport | dict[str, Any]]], result: ImportResult
) -> dict[str, QualImport]:
    """Of two pages for one qualification, the newer release (the first named, when they show
    the same release or no release); each page left out is reported."""
    kept: dict[str, tuple[Page, QualImport]] = {}
    for page, imported in read:
        if not isinstance(imported, QualImport):
            continue
        known = kept.get(imported.code)
        if known is None:
            kept[imported.code] = (page, imported)
            continue
        newer = _release(imported) > _release(known[1])
        winner, loser = ((page, imported), known) if newer else (known, (page, imported))
        kept[imported.code] = winner
        why = (
            f"release {_release(winner[1])}, newer than this page's "
            + (f"release {_release(loser[1])}" if _release(loser[1]) else "(which shows no release)")
            if _release(winner[1]) > _release(loser[1])
            else "the same release (or no release shown), and the first page named is kept"
        )
        result.report.append(
            ReportLine(
                loser[0].path,
                loser[1].counts_line,
                "note",
                f"{imported.code} not written from this page: {winner[0].path} holds it too, {why}",
            )
        )
    return {code: qual for code, (_, qual) in kept.items()}


def _release(qual: QualImport) -> int:
    release = qual.data.get("release")
    return release if isinstance(release, int) else 0


def _is_qualification(page: Page, code: str) -> bool:
    """Qualification or unit page: the page's own title line decides, else the code's form."""
    titles = {line.text.lower() for line in page.lines[:40]}
    if "unit of competency details" in titles:
        return False
    if "qualification details" in titles or any(
        line.text.lower().rstrip(":") in RULES_HEADINGS for line in page.lines
    ):
        return True
    return is_qualification_code(code) and not is_unit_code(code)


def _unrecognised(page: Page, code: str | None) -> InputError:
    if not page.lines:
        return InputError(
            "QC070",
            "the page holds no text",
            Span(page.path, 1, 1),
            "save the qualification or unit details page from training.gov.au",
        )
    first = page.lines[0].number
    if code is not None:
        return InputError(
            "QC070",
            f"--code {code}: the page shows no title for it (a line with the code and the title, or a "
            "qualification title such as 'Certificate III in ...')",
            Span(page.path, first, 1),
            "save the page with the qualification's title, or check the code",
        )
    return InputError(
        "QC070",
        "not a recognised training.gov.au page: no 'CODE - Title (Release N)' heading near the top",
        Span(page.path, first, 1),
        "save the qualification or unit details page from its beginning, or name its qualification "
        "with --code CODE",
    )


def _add_qualification(qual: QualImport, page: Page, outputs: Outputs, result: ImportResult) -> None:
    outputs.qualifications[qual.code] = (qual.data, qual.titles)
    outputs.origins[qual.code] = Span(page.path, qual.counts_line, 1)
    result.qualifications.append(qual)
    source: dict[str, Any] = {
        "id": qual.code.lower(),
        "title": f"{qual.code} unit lists, from {page.described()}",
        "note": f"codes and titles only, imported from {page.name}",
    }
    if page.source_url:
        source["url"] = page.source_url
    for unit in qual.listed:
        outputs.add_unit(listed_entry(unit.code, unit.title, source))
    result.rule_sentences += qual.rule_sentences
    result.converted += len(qual.outcome.converted)
    for reading in qual.outcome.unread:
        text = f"{reading.text} ({reading.reason})"
        result.report.append(ReportLine(page.path, reading.line.number, "unread", text))
    for reading in qual.outcome.guidance:
        result.report.append(ReportLine(page.path, reading.line.number, "guidance", reading.text))
    for line, note in qual.notes:
        result.report.append(ReportLine(page.path, line, "note", note))


def _add_unit(unit: dict[str, Any], page: Page, outputs: Outputs) -> None:
    source: dict[str, Any] = {
        "id": unit["code"].lower(),
        "title": source_title("unit of competency", page, unit["code"], unit["title"], unit.get("release")),
    }
    if page.source_url:
        source["url"] = page.source_url
    source["note"] = f"Imported from {page.name}."
    outputs.add_unit(UnitEntry(unit, True, source))
    for mapping in unit.get("mappings", []):
        if is_unit_code(mapping["code"]):
            entry = mapped_entry(unit, mapping, source)
            if entry is not None:
                outputs.add_unit(entry)


def _texts(
    outputs: Outputs, out: Path, *, force: bool, pages: list[Path]
) -> list[tuple[Path, str, str | None]]:
    """Each file the import makes: its path, new text and current text (None: a new file)."""
    files: list[tuple[Path, str, str | None]] = []
    for code, (data, titles) in sorted(outputs.qualifications.items()):
        text = qualification_text(data, titles, outputs.origins.get(code))
        path = _named(qualification_file(out, code), code)
        files.append((path, text, current_text(path, pages)))
    for package in sorted({code[:3] for code in outputs.units}):
        path = _named(units_file(out, package), package)
        before = current_text(path, pages)
        merged = unit_file_text(
            package, path, before, outputs, force=force, origin="imported from saved register pages"
        )
        if merged is not None:
            files.append((path, merged, before))
    return files


def _named(path: Path | None, code: str) -> Path:
    """A register file's path; a code that is no code (never from a page the importer read)
    names no file."""
    if path is None:
        raise WriteError("QC072", f"{code!r} is not a code: no register file is named for it", None)
    return path


def summary(result: ImportResult) -> str:
    share = f" ({100 * result.converted / result.rule_sentences:.0f} %)" if result.rule_sentences else ""
    return (
        f"{result.converted} of {result.rule_sentences} rule sentences became rules{share}; "
        f"{result.unread} kept as manual checks"
    )
