"""`qualcheck check-data`: a register's own integrity, each problem at its file:line:col.

Checks: files that fail to load; units defined twice; units a qualification lists that no units
file defines; rules naming unknown groups; impossible rules (a minimum larger than its set, all-of
over more units than the electives, a cap below a minimum over the same set); supersession chains
that loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcheck.errors import DataError, QualcheckError, Span
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import YamlDocument, load_yaml, read_text
from qualcheck.models import AllOf, AtLeast, AtMost, Qualification, UnitFile
from qualcheck.register.integrity import supersession_cycles


@dataclass(frozen=True)
class Problem:
    span: Span
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.span}: {self.code} {self.message}"


def check_register(root: Path) -> list[Problem]:
    quals_dir, units_dir = root / "qualifications", root / "units"
    if not quals_dir.is_dir() and not units_dir.is_dir():
        raise DataError(
            "QC050", "no qualifications/ or units/ folder", Span(str(root)), "name a register folder"
        )
    problems: list[Problem] = []
    units: dict[str, Span] = {}
    edges: dict[str, list[tuple[str, Span]]] = {}
    for path in sorted(units_dir.glob("*.yaml")) if units_dir.is_dir() else []:
        loaded = _load(path, UnitFile, problems)
        if loaded is None:
            continue
        doc, unit_file = loaded
        for index, unit in enumerate(unit_file.units):
            span = doc.span(("units", index, "code"))
            if unit.code in units:
                problems.append(
                    Problem(span, "QC065", f"unit {unit.code} is defined twice (first at {units[unit.code]})")
                )
            else:
                units[unit.code] = span
            for m_index, mapping in enumerate(unit.mappings):
                old, new = (
                    (mapping.code, unit.code)
                    if mapping.relation == "supersedes"
                    else (unit.code, mapping.code)
                )
                edges.setdefault(old, []).append((new, doc.span(("units", index, "mappings", m_index))))
    for path in sorted(quals_dir.glob("*.yaml")) if quals_dir.is_dir() else []:
        loaded_q = _load(path, Qualification, problems)
        if loaded_q is None:
            continue
        doc, qualification = loaded_q
        problems += _listed_missing(doc, qualification, units)
        problems += _impossible(doc, qualification)
        for m_index, mapping in enumerate(qualification.mappings):
            old, new = (
                (mapping.code, qualification.code)
                if mapping.relation == "supersedes"
                else (qualification.code, mapping.code)
            )
            edges.setdefault(old, []).append((new, doc.span(("mappings", m_index))))
    problems += _cycles(edges)
    problems.sort(key=lambda p: (p.span.path, p.span.line or 0, p.span.column or 0, p.code))
    return problems


def _load(path: Path, model: Any, problems: list[Problem]) -> tuple[YamlDocument, Any] | None:
    try:
        doc = load_yaml(read_text(path), str(path))
        return doc, load_model(doc, model, DataError)
    except QualcheckError as error:
        for item in [error, *error.others]:
            problems.append(
                Problem(item.span or Span(str(path)), item.code, f"does not load: {item.message}")
            )
        return None


def _listed_missing(doc: YamlDocument, qualification: Qualification, units: dict[str, Span]) -> list[Problem]:
    found = []
    packaging = qualification.packaging
    places: list[tuple[str, tuple[str | int, ...]]] = [
        (code, ("packaging", "core", i)) for i, code in enumerate(packaging.core)
    ]
    for name, group in packaging.groups.items():
        places += [(code, ("packaging", "groups", name, "units", i)) for i, code in enumerate(group.units)]
    for code, loc in places:
        if code not in units:
            found.append(Problem(doc.span(loc), "QC066", f"{code} is listed but no units file defines it"))
    return found


def _impossible(doc: YamlDocument, qualification: Qualification) -> list[Problem]:
    packaging = qualification.packaging
    found = []
    electives = packaging.elective_units
    rule_sets = [("rules", packaging.rules)] + [
        (f"specialisations.{key}", spec.rules) for key, spec in packaging.specialisations.items()
    ]
    for where, rules in rule_sets:
        base: tuple[str | int, ...] = ("packaging", "rules") if where == "rules" else (
            "packaging", "specialisations", where.split(".", 1)[1], "rules"
        )  # fmt: skip
        for index, rule in enumerate(rules):
            span = doc.span((*base, index))
            selector = rule.from_
            if selector is None or selector.imported or selector.levels:
                continue
            known = all(packaging.groups[g].complete for g in selector.groups if g in packaging.groups)
            size = len(
                {u for g in selector.groups if g in packaging.groups for u in packaging.groups[g].units}
                | set(selector.units)
            )
            if isinstance(rule, AtLeast) and known and rule.count > size:
                found.append(
                    Problem(span, "QC067", f"rule '{rule.id}' needs {rule.count} units from a set of {size}")
                )
            if isinstance(rule, AllOf) and electives is not None and size > electives:
                found.append(
                    Problem(
                        span,
                        "QC067",
                        f"rule '{rule.id}' needs all {size} units but there are {electives} electives",
                    )
                )
            if isinstance(rule, AtMost):
                for other in rules:
                    if isinstance(other, AtLeast) and other.from_ == selector and other.count > rule.count:
                        found.append(
                            Problem(
                                span,
                                "QC067",
                                f"rule '{rule.id}' allows at most {rule.count} from the set where "
                                f"'{other.id}' needs at least {other.count}",
                            )
                        )
    return found


def _cycles(edges: dict[str, list[tuple[str, Span]]]) -> list[Problem]:
    """One problem per loop of supersession mappings, at the first mapping of the loop as followed
    from its smallest code (the same finder the register uses as it loads, so both see the same
    loops, in time that grows with the mappings rather than with the paths through them)."""
    newer = {old: [new for new, _ in targets] for old, targets in edges.items()}
    found = []
    for loop in supersession_cycles(newer):
        span = next(span for new, span in edges[loop[0]] if new == loop[1])
        found.append(Problem(span, "QC068", f"supersession loops: {' -> '.join(loop)}"))
    return found
