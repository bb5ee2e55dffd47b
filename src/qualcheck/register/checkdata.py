"""`qualcheck check-data`: every problem of a register, each at its file:line:col.

Reads every file of the folder and runs on each the checks the register runs as it loads one
(integrity.py), so that check-data finds what `validate --data` would refuse, with the same
codes (QC052-QC055), and goes on to find the rest: files that fail to load, units defined twice,
listed units no units file defines, rules no plan can meet, mappings that go round in a circle
(across every units file and qualification at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcheck.errors import DataError, QualcheckError, Span
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import YamlDocument, load_yaml, read_text
from qualcheck.models import Qualification, UnitFile
from qualcheck.register.integrity import (
    Problem,
    Supersessions,
    qualification_problems,
    unit_file_problems,
)
from qualcheck.register.layout import QUALIFICATIONS, UNITS

__all__ = ["Problem", "check_register"]


def check_register(root: Path) -> list[Problem]:
    """Every problem of the register at `root`, in file and position order.

    Raises DataError (QC050) when the folder has neither qualifications/ nor units/."""
    quals_dir, units_dir = root / QUALIFICATIONS, root / UNITS
    if not quals_dir.is_dir() and not units_dir.is_dir():
        raise DataError(
            "QC050", "no qualifications/ or units/ folder", Span(str(root)), "name a register folder"
        )
    problems: list[Problem] = []
    defined: dict[str, Span] = {}  # each unit code, at its first definition
    mapped: set[str] = set()  # codes units files name, with a title, in a mapping
    supersessions = Supersessions()
    for path in sorted(units_dir.glob("*.yaml")) if units_dir.is_dir() else []:
        loaded = _load(path, UnitFile, problems)
        if loaded is None:
            continue
        doc, unit_file = loaded
        problems += unit_file_problems(unit_file, doc)
        for index, unit in enumerate(unit_file.units):
            span = doc.span(("units", index, "code"))
            first = defined.setdefault(unit.code, span)
            if first.path != span.path:  # twice in one file is unit_file_problems' to report
                problems.append(
                    Problem(
                        "QC052",
                        f"unit {unit.code} is defined twice (first at {first})",
                        span,
                        "keep one definition",
                    )
                )
            mapped.update(mapping.code for mapping in unit.mappings if mapping.title)
        supersessions.add(unit_file, path)

    def defines(code: str) -> bool:
        return code in defined or code in mapped

    for path in sorted(quals_dir.glob("*.yaml")) if quals_dir.is_dir() else []:
        loaded_q = _load(path, Qualification, problems)
        if loaded_q is None:
            continue
        doc, qualification = loaded_q
        problems += qualification_problems(qualification, doc, path, defines)
        supersessions.add_qualification(qualification, path)
    problems += supersessions.problems()
    problems.sort(key=lambda p: (p.span.path, p.span.line or 0, p.span.column or 0, p.code))
    return problems


def _load(path: Path, model: Any, problems: list[Problem]) -> tuple[YamlDocument, Any] | None:
    try:
        doc = load_yaml(read_text(path), str(path))
        return doc, load_model(doc, model, DataError)
    except QualcheckError as error:
        for item in [error, *error.others]:
            problems.append(
                Problem(item.code, f"does not load: {item.message}", item.span or Span(str(path)), item.hint)
            )
        return None
