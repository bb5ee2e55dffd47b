"""Import pages into a register folder and report what could not be read.

A run writes its files together or not at all (`writing.write_all`): every page is read and
every file built and checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.errors import InputError, Span
from qualcheck.importer.header import find_heading
from qualcheck.importer.outputs import (
    Outputs,
    UnitEntry,
    listed_entry,
    mapped_entry,
    qualification_text,
    unit_file_text,
)
from qualcheck.importer.pagetext import Page, read_page
from qualcheck.importer.qualpage import QualImport, import_qualification
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
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: list[ReportLine] = field(default_factory=list)
    rule_sentences: int = 0
    converted: int = 0
    qualifications: list[QualImport] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for r in self.report if r.kind == "unread")


def import_pages(paths: list[Path], out: Path, *, force: bool = False, write: bool = True) -> ImportResult:
    result = ImportResult()
    outputs = Outputs()
    pages = [read_page(path) for path in paths]
    for page in pages:
        _import_page(page, outputs, result)
    changed = []
    for path, text, current in _texts(outputs, out, force=force, pages=paths):
        if check_writable(path, text, current, force=force):
            result.written.append(path)
            changed.append((path, text))
        else:
            result.unchanged.append(path)
    if write:
        # Units files first: a run stopped part way never leaves a qualification listing units
        # that no units file defines yet.
        write_all(sorted(changed, key=lambda file: file[0].parent.name != UNITS), force=force, pages=paths)
    return result


def import_page(path: Path) -> QualImport | dict[str, Any]:
    """One page, read but not written: a qualification import, or a unit's data."""
    page = read_page(path)
    found = find_heading(page.lines)
    if found is None:
        raise _unrecognised(page)
    index, heading = found
    if _is_qualification(page, heading.group("code")):
        return import_qualification(page, index, heading)
    return import_unit(page, index, heading)


def _is_qualification(page: Page, code: str) -> bool:
    """Qualification or unit page: the page's own title line decides, else the code's form."""
    titles = {line.text.lower() for line in page.lines[:40]}
    if "unit of competency details" in titles:
        return False
    if "qualification details" in titles or any(
        line.text.lower() == "packaging rules" for line in page.lines
    ):
        return True
    return is_qualification_code(code) and not is_unit_code(code)


def _unrecognised(page: Page) -> InputError:
    if not page.lines:
        return InputError(
            "QC070",
            "the page holds no text",
            Span(page.path, 1, 1),
            "save the qualification or unit details page from training.gov.au",
        )
    first = page.lines[0].number
    return InputError(
        "QC070",
        "not a recognised training.gov.au page: no 'CODE - Title (Release N)' heading near the top",
        Span(page.path, first, 1),
        "save the qualification or unit details page from its beginning",
    )


def _import_page(page: Page, outputs: Outputs, result: ImportResult) -> None:
    found = find_heading(page.lines)
    if found is None:
        raise _unrecognised(page)
    index, heading = found
    if _is_qualification(page, heading.group("code")):
        _add_qualification(import_qualification(page, index, heading), page, outputs, result)
    else:
        _add_unit(import_unit(page, index, heading), page, outputs)


def _add_qualification(qual: QualImport, page: Page, outputs: Outputs, result: ImportResult) -> None:
    name = page.path.rsplit("/", 1)[-1]
    outputs.qualifications[qual.code] = (qual.data, qual.titles)
    outputs.origins[qual.code] = Span(page.path, qual.counts_line, 1)
    result.qualifications.append(qual)
    source = {
        "id": qual.code.lower(),
        "title": f"{qual.code} unit lists, from {name}",
        "note": "codes and titles only",
    }
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
    release = f" (Release {unit['release']})" if "release" in unit else ""
    source: dict[str, Any] = {
        "id": unit["code"].lower(),
        "title": f"training.gov.au unit of competency details: {unit['code']}{release}",
    }
    if page.source_url:
        source["url"] = page.source_url
    source["note"] = f"Imported from {page.path.rsplit('/', 1)[-1]}."
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
        merged = unit_file_text(package, path, before, outputs, force=force)
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
