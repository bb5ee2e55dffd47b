"""`qualcheck show`: one unit or qualification, and where the register uses it."""

from __future__ import annotations

from qualcheck.commands.tree import Node
from qualcheck.models import Mapping, Qualification, ReleaseInfo, Unit
from qualcheck.models.common import AQF_LEVEL_NAMES, is_qualification_code
from qualcheck.register.store import Register


def show(code: str, register: Register) -> Node | None:
    if is_qualification_code(code):
        qualification = register.qualification(code)
        return _qualification(qualification) if qualification else None
    unit = register.unit(code)
    if unit is None:
        return None
    return _unit(unit, register)


def _qualification(q: Qualification) -> Node:
    root = Node(f"{q.code} {q.title}")
    root.add(f"release: {q.release if q.release else 'not recorded'}")
    root.add(f"AQF level: {q.aqf_level} ({AQF_LEVEL_NAMES[q.aqf_level]})")
    root.add(f"status: {q.status or 'not recorded'}")
    _releases(root, q.releases)
    _mappings(root, q.mappings)
    p = q.packaging
    size = (
        f"{p.total_units} units = {p.core_units} core + {p.elective_units} electives"
        if p.total_units is not None
        else f"{p.points_total} points, {p.core_units} core units"
    )
    groups = f"{len(p.groups)} group{'s' if len(p.groups) != 1 else ''}"
    root.add(f"packaging: {size} from {groups}; `qualcheck explain {q.code}`")
    if p.specialisations:
        root.add("specialisations: " + ", ".join(f"{s.title} ({k})" for k, s in p.specialisations.items()))
    sources = root.add("sources")
    for s in q.source:
        sources.add(s.title + (f" <{s.url}>" if s.url else ""))
    return root


def _unit(unit: Unit, register: Register) -> Node:
    root = Node(f"{unit.code} {unit.title}")
    if unit.level is None:
        root.add("AQF level: not known")
    else:
        basis = "stated" if unit.level_basis == "stated" else "inferred from the code"
        root.add(f"AQF level: {unit.level} ({AQF_LEVEL_NAMES[unit.level]}), {basis}")
    root.add(f"status: {unit.status or 'not recorded'}")
    if unit.release:
        root.add(f"release: {unit.release}")
    _releases(root, unit.releases)
    _mappings(root, unit.mappings)
    equivalents = sorted(register.equivalents(unit.code) - {unit.code})
    if equivalents:
        root.add("equivalent (through mappings): " + ", ".join(equivalents))
    if unit.prerequisites:
        root.add("prerequisites: " + ", ".join(unit.prerequisites))
    if unit.sector:
        root.add(f"sector: {unit.sector}")
    uses = root.add("listed in")
    for where in listed_in(unit.code, register):
        uses.add(where)
    if not uses.children:
        uses.add("no qualification in this register")
    return root


def listed_in(code: str, register: Register) -> list[str]:
    """Every place a qualification in the register lists `code` (or a unit equivalent to it)."""
    equivalents = register.equivalents(code)
    found = []
    for qual_code in register.qualification_codes():
        q = register.qualification(qual_code)
        if q is None:
            continue
        p = q.packaging
        places = [("core", p.core)] + [(g.title, g.units) for g in p.groups.values()]
        for name, codes in places:
            for listed in codes:
                if listed in equivalents:
                    via = "" if listed == code else f" as {listed} (equivalent)"
                    found.append(f"{q.code} {q.title}: {name}{via}")
    return found


def _releases(root: Node, releases: tuple[ReleaseInfo, ...]) -> None:
    if not releases:
        return
    node = root.add("releases")
    for r in releases:
        node.add(f"{r.release}: {r.date or 'date not recorded'}")


def _mappings(root: Node, mappings: tuple[Mapping, ...]) -> None:
    if not mappings:
        return
    node = root.add("mappings")
    for m in mappings:
        relation = "supersedes" if m.relation == "supersedes" else "is superseded by"
        equivalent = "and is equivalent to" if m.equivalent else "but is not equivalent to"
        title = f" {m.title}" if m.title else ""
        date = f" ({m.date})" if m.date else ""
        node.add(f"{relation} {equivalent} {m.code}{title}{date}")
