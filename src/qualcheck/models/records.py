"""Plain records of the register and of plans: slotted objects with the models' fields and words,
built without pydantic, for a run that finds everything plainly valid.

Two readers build them, each all or nothing: anything that does not fit exactly raises
`NotPlain`, and the caller then takes the full path (the YAML validated by the pydantic models),
so every message stays the one the models give.
- `qualification_record` and `unit_file_record` read a register file's validated data, as the
  register cache keeps it (`model_dump(mode="json")` of the model: every field, by its Python
  name, no shorthand). Every field's type, each literal, code and AQF level, and the groups the
  rules name are checked, so a damaged or planted cache entry is refused, never trusted.
- `plan_record` reads a plan's YAML data where it is plainly valid: only the forms whose meaning
  is beyond doubt (bare codes, `{code, from, outcome}`, `{code, specialisation}`, the four forms
  of a confirmation) are read here; anything else goes to the model.

The engine reads records and models alike, through the protocols of models.shapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from qualcheck.models import invariants, wording
from qualcheck.models.values import (
    AQF_LEVELS,
    OUTCOMES,
    STATUSES,
    is_qualification_code,
    is_unit_code,
)

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    pass

T = TypeVar("T")

_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_PACKAGE = re.compile(r"[A-Z]{3}")


class NotPlain(ValueError):
    """Data that is not exactly what a record is read from: read it the full way instead."""


class _Record:
    """Equal when of one class with equal fields, as the frozen models are."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = type(self).__slots__
        return names

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Record) and type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__name__}({fields})"


class Held(wording.HeldWords, _Record):
    """A qualification, unit or skill set a student holds."""

    __slots__ = ("code", "specialisation")

    code: str
    specialisation: str | None

    def __init__(self, code: str, specialisation: str | None) -> None:
        self.code = code
        self.specialisation = specialisation


class Mapping(_Record):
    """A link between two releases of the same training product."""

    __slots__ = ("code", "date", "equivalent", "relation", "title")

    code: str
    relation: str
    equivalent: bool
    title: str | None
    date: dt.date | None

    def __init__(
        self,
        code: str,
        relation: str,
        equivalent: bool,
        title: str | None,
        date: dt.date | None,
    ) -> None:
        self.code = code
        self.relation = relation
        self.equivalent = equivalent
        self.title = title
        self.date = date


class ReleaseInfo(_Record):
    __slots__ = ("date", "release")

    release: int
    date: dt.date | None

    def __init__(self, release: int, date: dt.date | None) -> None:
        self.release = release
        self.date = date


class Source(_Record):
    """Where a register file's facts came from."""

    __slots__ = ("id", "note", "release", "title", "url")

    id: str | None
    title: str
    url: str | None
    release: int | None
    note: str | None

    def __init__(
        self,
        id: str | None,
        title: str,
        url: str | None,
        release: int | None,
        note: str | None,
    ) -> None:
        self.id = id
        self.title = title
        self.url = url
        self.release = release
        self.note = note


class ImportWindow(wording.WindowWords, _Record):
    """Units from outside the qualification's lists: from which levels and packages."""

    __slots__ = ("exclude_packages", "levels", "packages")

    levels: tuple[int, ...]
    packages: tuple[str, ...]
    exclude_packages: tuple[str, ...]

    def __init__(
        self,
        levels: tuple[int, ...],
        packages: tuple[str, ...],
        exclude_packages: tuple[str, ...],
    ) -> None:
        self.levels = levels
        self.packages = packages
        self.exclude_packages = exclude_packages


class Selector(wording.SelectorWords, _Record):
    """A set of electives: a unit belongs when it matches any one of the clauses."""

    __slots__ = ("groups", "imported", "levels", "units")

    groups: tuple[str, ...]
    imported: tuple[ImportWindow, ...]
    levels: tuple[int, ...]
    units: tuple[str, ...]

    def __init__(
        self,
        groups: tuple[str, ...],
        imported: tuple[ImportWindow, ...],
        levels: tuple[int, ...],
        units: tuple[str, ...],
    ) -> None:
        self.groups = groups
        self.imported = imported
        self.levels = levels
        self.units = units


class AtLeast(wording.RuleWords, _Record):
    kind: Literal["at_least"] = "at_least"
    __slots__ = ("count", "exclusive", "from_", "id", "note", "text")

    id: str
    text: str
    note: str | None
    count: int
    from_: Selector
    exclusive: bool

    def __init__(
        self,
        id: str,
        text: str,
        note: str | None,
        count: int,
        from_: Selector,
        exclusive: bool,
    ) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.count = count
        self.from_ = from_
        self.exclusive = exclusive


class AtMost(wording.RuleWords, _Record):
    kind: Literal["at_most"] = "at_most"
    __slots__ = ("count", "from_", "id", "note", "text")

    id: str
    text: str
    note: str | None
    count: int
    from_: Selector

    def __init__(self, id: str, text: str, note: str | None, count: int, from_: Selector) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.count = count
        self.from_ = from_


class ElectivesFrom(wording.RuleWords, _Record):
    kind: Literal["electives_from"] = "electives_from"
    __slots__ = ("from_", "id", "note", "text")

    id: str
    text: str
    note: str | None
    from_: Selector

    def __init__(self, id: str, text: str, note: str | None, from_: Selector) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.from_ = from_


class AllOf(wording.RuleWords, _Record):
    kind: Literal["all_of"] = "all_of"
    __slots__ = ("from_", "id", "note", "text")

    id: str
    text: str
    note: str | None
    from_: Selector

    def __init__(self, id: str, text: str, note: str | None, from_: Selector) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.from_ = from_


class PointsAtLeast(wording.RuleWords, _Record):
    kind: Literal["points_at_least"] = "points_at_least"
    __slots__ = ("from_", "id", "note", "points", "text")

    id: str
    text: str
    note: str | None
    points: int
    from_: Selector | None

    def __init__(self, id: str, text: str, note: str | None, points: int, from_: Selector | None) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.points = points
        self.from_ = from_


class PointsAtMost(wording.RuleWords, _Record):
    kind: Literal["points_at_most"] = "points_at_most"
    __slots__ = ("from_", "id", "note", "points", "text")

    id: str
    text: str
    note: str | None
    points: int
    from_: Selector

    def __init__(self, id: str, text: str, note: str | None, points: int, from_: Selector) -> None:
        self.id = id
        self.text = text
        self.note = note
        self.points = points
        self.from_ = from_


PackagingRule = AtLeast | AtMost | ElectivesFrom | AllOf | PointsAtLeast | PointsAtMost


class Specialisation(_Record):
    __slots__ = ("rules", "title")

    title: str
    rules: tuple[PackagingRule, ...]

    def __init__(self, title: str, rules: tuple[PackagingRule, ...]) -> None:
        self.title = title
        self.rules = rules


class EntryRequirement(_Record):
    __slots__ = ("any_of", "text")

    text: str
    any_of: tuple[tuple[Held, ...], ...]

    def __init__(self, text: str, any_of: tuple[tuple[Held, ...], ...]) -> None:
        self.text = text
        self.any_of = any_of


class ManualCheck(_Record):
    __slots__ = ("id", "text", "unread")

    id: str
    text: str
    unread: bool

    def __init__(self, id: str, text: str, unread: bool = False) -> None:
        self.id = id
        self.text = text
        self.unread = unread


class UnitGroup(_Record):
    __slots__ = ("complete", "note", "title", "units")

    title: str
    units: tuple[str, ...]
    complete: bool
    note: str | None

    def __init__(self, title: str, units: tuple[str, ...], complete: bool, note: str | None) -> None:
        self.title = title
        self.units = units
        self.complete = complete
        self.note = note


class Packaging(_Record):
    __slots__ = (
        "core",
        "core_complete",
        "core_units",
        "elective_units",
        "entry_requirements",
        "groups",
        "manual",
        "points",
        "points_total",
        "prerequisites",
        "rules",
        "specialisations",
        "total_units",
    )

    total_units: int | None
    core_units: int
    elective_units: int | None
    points_total: int | None
    points: dict[str, int]
    core: tuple[str, ...]
    core_complete: bool
    groups: dict[str, UnitGroup]
    rules: tuple[PackagingRule, ...]
    manual: tuple[ManualCheck, ...]
    specialisations: dict[str, Specialisation]
    prerequisites: dict[str, tuple[str, ...]]
    entry_requirements: EntryRequirement | None

    def __init__(
        self,
        total_units: int | None,
        core_units: int,
        elective_units: int | None,
        points_total: int | None,
        points: dict[str, int],
        core: tuple[str, ...],
        core_complete: bool,
        groups: dict[str, UnitGroup],
        rules: tuple[PackagingRule, ...],
        manual: tuple[ManualCheck, ...],
        specialisations: dict[str, Specialisation],
        prerequisites: dict[str, tuple[str, ...]],
        entry_requirements: EntryRequirement | None,
    ) -> None:
        self.total_units = total_units
        self.core_units = core_units
        self.elective_units = elective_units
        self.points_total = points_total
        self.points = points
        self.core = core
        self.core_complete = core_complete
        self.groups = groups
        self.rules = rules
        self.manual = manual
        self.specialisations = specialisations
        self.prerequisites = prerequisites
        self.entry_requirements = entry_requirements


class Qualification(_Record):
    __slots__ = (
        "aqf_level",
        "code",
        "mappings",
        "packaging",
        "release",
        "releases",
        "source",
        "status",
        "title",
    )

    code: str
    title: str
    release: int | None
    aqf_level: int
    status: str | None
    releases: tuple[ReleaseInfo, ...]
    mappings: tuple[Mapping, ...]
    source: tuple[Source, ...]
    packaging: Packaging

    def __init__(
        self,
        code: str,
        title: str,
        release: int | None,
        aqf_level: int,
        status: str | None,
        releases: tuple[ReleaseInfo, ...],
        mappings: tuple[Mapping, ...],
        source: tuple[Source, ...],
        packaging: Packaging,
    ) -> None:
        self.code = code
        self.title = title
        self.release = release
        self.aqf_level = aqf_level
        self.status = status
        self.releases = releases
        self.mappings = mappings
        self.source = source
        self.packaging = packaging


class Unit(_Record):
    """A unit of competency as the register holds it."""

    __slots__ = (
        "code",
        "deleted_on",
        "field_of_education",
        "level",
        "level_basis",
        "mappings",
        "prerequisites",
        "release",
        "releases",
        "sector",
        "source",
        "status",
        "title",
    )

    code: str
    title: str
    release: int | None
    status: str | None
    level: int | None
    level_basis: str | None
    releases: tuple[ReleaseInfo, ...]
    mappings: tuple[Mapping, ...]
    deleted_on: dt.date | None
    prerequisites: tuple[str, ...]
    sector: str | None
    field_of_education: str | None
    source: str | None

    def __init__(
        self,
        code: str,
        title: str,
        release: int | None,
        status: str | None,
        level: int | None,
        level_basis: str | None,
        releases: tuple[ReleaseInfo, ...],
        mappings: tuple[Mapping, ...],
        deleted_on: dt.date | None,
        prerequisites: tuple[str, ...],
        sector: str | None,
        field_of_education: str | None,
        source: str | None,
    ) -> None:
        self.code = code
        self.title = title
        self.release = release
        self.status = status
        self.level = level
        self.level_basis = level_basis
        self.releases = releases
        self.mappings = mappings
        self.deleted_on = deleted_on
        self.prerequisites = prerequisites
        self.sector = sector
        self.field_of_education = field_of_education
        self.source = source


class UnitFile(_Record):
    """One file of data/units/: the units of one training package."""

    __slots__ = ("package", "sources", "units")

    package: str
    sources: tuple[Source, ...]
    units: tuple[Unit, ...]

    def __init__(self, package: str, sources: tuple[Source, ...], units: tuple[Unit, ...]) -> None:
        self.package = package
        self.sources = sources
        self.units = units


class PlanEntry(_Record):
    """One unit in a plan."""

    __slots__ = ("code", "from_", "outcome")

    code: str
    from_: str | None
    outcome: str | None

    def __init__(self, code: str, from_: str | None, outcome: str | None) -> None:
        self.code = code
        self.from_ = from_
        self.outcome = outcome


class Confirmation(wording.ConfirmationWords, _Record):
    """A fact the register does not record, or a check no program can make, settled by a person."""

    __slots__ = ("by", "evidence", "level", "listed_in", "on", "prior", "rule", "specialisation", "unit")

    unit: str | None
    listed_in: str | None
    level: int | None
    prior: str | None
    specialisation: str | None
    rule: str | None
    by: str
    on: str
    evidence: str

    def __init__(
        self,
        unit: str | None,
        listed_in: str | None,
        level: int | None,
        prior: str | None,
        specialisation: str | None,
        rule: str | None,
        by: str,
        on: str,
        evidence: str,
    ) -> None:
        self.unit = unit
        self.listed_in = listed_in
        self.level = level
        self.prior = prior
        self.specialisation = specialisation
        self.rule = rule
        self.by = by
        self.on = on
        self.evidence = evidence


class Plan(_Record):
    """A plan: the units a student has chosen (or achieved) for one qualification."""

    __slots__ = (
        "confirmed",
        "enrolled",
        "issued",
        "prior",
        "qualification",
        "release",
        "specialisation",
        "student",
        "units",
    )

    qualification: str
    release: int | None
    student: str | None
    specialisation: str | None
    prior: tuple[Held, ...]
    units: tuple[PlanEntry, ...]
    confirmed: tuple[Confirmation, ...]
    # A plain plan records no dates: a plan that gives one is read by the model.
    enrolled: dt.date | None
    issued: dt.date | None

    def __init__(
        self,
        qualification: str,
        release: int | None,
        student: str | None,
        specialisation: str | None,
        prior: tuple[Held, ...],
        units: tuple[PlanEntry, ...],
        confirmed: tuple[Confirmation, ...],
        enrolled: dt.date | None = None,
        issued: dt.date | None = None,
    ) -> None:
        self.qualification = qualification
        self.release = release
        self.student = student
        self.specialisation = specialisation
        self.prior = prior
        self.units = units
        self.confirmed = confirmed
        self.enrolled = enrolled
        self.issued = issued


# Reading validated register data ------------------------------------------------------------


def _fields(data: object, names: tuple[str, ...]) -> dict[str, Any]:
    """`data` as a mapping of exactly these fields."""
    if type(data) is not dict or len(data) != len(names) or any(name not in data for name in names):
        raise NotPlain
    return data


def _text(value: object) -> str:
    if type(value) is not str:
        raise NotPlain
    return value


def _maybe_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _whole(value: object, least: int | None = None) -> int:
    if type(value) is not int or (least is not None and value < least):
        raise NotPlain
    return value


def _maybe_whole(value: object, least: int | None = None) -> int | None:
    return None if value is None else _whole(value, least)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise NotPlain
    return value


def _one_of(value: object, choices: tuple[str, ...]) -> str:
    if type(value) is not str or value not in choices:
        raise NotPlain
    return value


def _maybe_one_of(value: object, choices: tuple[str, ...]) -> str | None:
    return None if value is None else _one_of(value, choices)


def _level(value: object) -> int:
    if type(value) is not int or value not in AQF_LEVELS:
        raise NotPlain
    return value


def _maybe_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if type(value) is not str or len(value) != 10:
        raise NotPlain
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise NotPlain from None


def _items(value: object, read: Callable[[Any], T]) -> tuple[T, ...]:
    if type(value) is not list:
        raise NotPlain
    return tuple(read(item) for item in value)


def _table(value: object, read: Callable[[Any], T]) -> dict[str, T]:
    if type(value) is not dict:
        raise NotPlain
    return {_text(key): read(item) for key, item in value.items()}


def _unit_code(value: object) -> str:
    if type(value) is not str or not is_unit_code(value):
        raise NotPlain
    return value


def _qualification_code(value: object) -> str:
    if type(value) is not str or not is_qualification_code(value):
        raise NotPlain
    return value


def _package(value: object) -> str:
    if type(value) is not str or not _PACKAGE.fullmatch(value):
        raise NotPlain
    return value


def _rule_id(value: object) -> str:
    if type(value) is not str or not _RULE_ID.fullmatch(value):
        raise NotPlain
    return value


def _held(data: object) -> Held:
    d = _fields(data, ("code", "specialisation"))
    code, specialisation = _text(d["code"]), _maybe_text(d["specialisation"])
    if not code or specialisation == "":
        raise NotPlain
    return Held(code, specialisation)


def _mapping(data: object) -> Mapping:
    d = _fields(data, ("code", "relation", "equivalent", "title", "date"))
    return Mapping(
        _text(d["code"]),
        _one_of(d["relation"], ("supersedes", "superseded_by")),
        _flag(d["equivalent"]),
        _maybe_text(d["title"]),
        _maybe_date(d["date"]),
    )


def _release(data: object) -> ReleaseInfo:
    d = _fields(data, ("release", "date"))
    return ReleaseInfo(_whole(d["release"], 1), _maybe_date(d["date"]))


def _source(data: object) -> Source:
    d = _fields(data, ("id", "title", "url", "release", "note"))
    return Source(
        _maybe_text(d["id"]),
        _text(d["title"]),
        _maybe_text(d["url"]),
        _maybe_whole(d["release"]),
        _maybe_text(d["note"]),
    )


def _window(data: object) -> ImportWindow:
    d = _fields(data, ("levels", "packages", "exclude_packages"))
    window = ImportWindow(
        _items(d["levels"], _level), _items(d["packages"], _package), _items(d["exclude_packages"], _package)
    )
    if set(window.packages) & set(window.exclude_packages):
        raise NotPlain
    return window


def _selector(data: object) -> Selector:
    d = _fields(data, ("groups", "imported", "levels", "units"))
    selector = Selector(
        _items(d["groups"], _text),
        _items(d["imported"], _window),
        _items(d["levels"], _level),
        _items(d["units"], _unit_code),
    )
    if not (selector.groups or selector.imported or selector.levels or selector.units):
        raise NotPlain
    return selector


def _maybe_selector(value: object) -> Selector | None:
    return None if value is None else _selector(value)


_RULE_FIELDS = ("id", "text", "note")


def _rule(data: object) -> PackagingRule:
    kind = data.get("kind") if type(data) is dict else None
    rule: PackagingRule
    if kind == "at_least":
        d = _fields(data, ("kind", *_RULE_FIELDS, "count", "from_", "exclusive"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = AtLeast(*head, _whole(d["count"], 1), _selector(d["from_"]), _flag(d["exclusive"]))
    elif kind == "at_most":
        d = _fields(data, ("kind", *_RULE_FIELDS, "count", "from_"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = AtMost(*head, _whole(d["count"], 0), _selector(d["from_"]))
    elif kind == "electives_from":
        d = _fields(data, ("kind", *_RULE_FIELDS, "from_"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = ElectivesFrom(*head, _selector(d["from_"]))
    elif kind == "all_of":
        d = _fields(data, ("kind", *_RULE_FIELDS, "from_"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = AllOf(*head, _selector(d["from_"]))
    elif kind == "points_at_least":
        d = _fields(data, ("kind", *_RULE_FIELDS, "points", "from_"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = PointsAtLeast(*head, _whole(d["points"], 1), _maybe_selector(d["from_"]))
    elif kind == "points_at_most":
        d = _fields(data, ("kind", *_RULE_FIELDS, "points", "from_"))
        head = _rule_id(d["id"]), _text(d["text"]), _maybe_text(d["note"])
        rule = PointsAtMost(*head, _whole(d["points"], 0), _selector(d["from_"]))
    else:
        raise NotPlain
    return rule


def _specialisation(data: object) -> Specialisation:
    d = _fields(data, ("title", "rules"))
    rules = _items(d["rules"], _rule)
    if not rules:
        raise NotPlain
    return Specialisation(_text(d["title"]), rules)


def _entry_requirement(data: object) -> EntryRequirement:
    d = _fields(data, ("text", "any_of"))
    return EntryRequirement(_text(d["text"]), _items(d["any_of"], lambda option: _items(option, _held)))


def _manual(data: object) -> ManualCheck:
    d = _fields(data, ("id", "text", "unread"))
    return ManualCheck(_rule_id(d["id"]), _text(d["text"]), _flag(d["unread"]))


def _group(data: object) -> UnitGroup:
    d = _fields(data, ("title", "units", "complete", "note"))
    return UnitGroup(
        _text(d["title"]), _items(d["units"], _unit_code), _flag(d["complete"]), _maybe_text(d["note"])
    )


_PACKAGING_FIELDS = (
    "total_units",
    "core_units",
    "elective_units",
    "points_total",
    "points",
    "core",
    "core_complete",
    "groups",
    "rules",
    "manual",
    "specialisations",
    "prerequisites",
    "entry_requirements",
)


def _packaging(data: object) -> Packaging:
    d = _fields(data, _PACKAGING_FIELDS)
    entry = d["entry_requirements"]
    packaging = Packaging(
        _maybe_whole(d["total_units"], 1),
        _whole(d["core_units"], 0),
        _maybe_whole(d["elective_units"], 0),
        _maybe_whole(d["points_total"], 1),
        _table(d["points"], _whole),
        _items(d["core"], _unit_code),
        _flag(d["core_complete"]),
        _table(d["groups"], _group),
        _items(d["rules"], _rule),
        _items(d["manual"], _manual),
        _table(d["specialisations"], _specialisation),
        _table(d["prerequisites"], lambda units: _items(units, _unit_code)),
        None if entry is None else _entry_requirement(entry),
    )
    # Held to what the model checks across its fields (every group a rule names is there, the
    # counts add up), and every key of these tables a unit code, as the model's are.
    if invariants.packaging_inconsistencies(packaging):
        raise NotPlain
    if not all(is_unit_code(code) for code in (*packaging.points, *packaging.prerequisites)):
        raise NotPlain
    return packaging


_QUALIFICATION_FIELDS = (
    "code",
    "title",
    "release",
    "aqf_level",
    "status",
    "releases",
    "mappings",
    "source",
    "packaging",
)


def qualification_record(data: object) -> Qualification:
    """A qualification from its validated data; NotPlain when the data is not exactly that."""
    d = _fields(data, _QUALIFICATION_FIELDS)
    sources = _items(d["source"], _source)
    if not sources:
        raise NotPlain
    return Qualification(
        _qualification_code(d["code"]),
        _text(d["title"]),
        _maybe_whole(d["release"], 1),
        _level(d["aqf_level"]),
        _maybe_one_of(d["status"], STATUSES),
        _items(d["releases"], _release),
        _items(d["mappings"], _mapping),
        sources,
        _packaging(d["packaging"]),
    )


_UNIT_FIELDS = (
    "code",
    "title",
    "release",
    "status",
    "level",
    "level_basis",
    "releases",
    "mappings",
    "deleted_on",
    "prerequisites",
    "sector",
    "field_of_education",
    "source",
)


def unit_record(data: object) -> Unit:
    """A unit from its validated data; NotPlain when the data is not exactly that."""
    d = _fields(data, _UNIT_FIELDS)
    level = d["level"]
    unit = Unit(
        _unit_code(d["code"]),
        _text(d["title"]),
        _maybe_whole(d["release"], 1),
        _maybe_one_of(d["status"], STATUSES),
        None if level is None else _level(level),
        _maybe_one_of(d["level_basis"], ("stated", "inferred-from-code")),
        _items(d["releases"], _release),
        _items(d["mappings"], _mapping),
        _maybe_date(d["deleted_on"]),
        _items(d["prerequisites"], _unit_code),
        _maybe_text(d["sector"]),
        _maybe_text(d["field_of_education"]),
        _maybe_text(d["source"]),
    )
    if (unit.level is None) != (unit.level_basis is None):
        raise NotPlain
    return unit


def unit_file_record(data: object) -> UnitFile:
    """A units file from its validated data; NotPlain when the data is not exactly that."""
    d = _fields(data, ("package", "sources", "units"))
    unit_file = UnitFile(
        _package(d["package"]), _items(d["sources"], _source), _items(d["units"], unit_record)
    )
    if not unit_file.sources or invariants.unit_file_inconsistencies(unit_file):
        raise NotPlain
    return unit_file


# Reading a plan's YAML data ------------------------------------------------------------------

_PLAN_KEYS = frozenset(
    {"qualification", "release", "student", "specialisation", "prior", "units", "confirmed"}
)
_ENTRY_KEYS = frozenset({"code", "from", "outcome"})
_HELD_KEYS = frozenset({"code", "specialisation"})
_CONFIRMATION_KEYS = frozenset(
    {"unit", "listed_in", "level", "prior", "specialisation", "rule", "by", "on", "evidence"}
)


def _some_text(value: object) -> str:
    """Text of at least one character."""
    if type(value) is not str or not value:
        raise NotPlain
    return value


def _maybe_some_text(value: object) -> str | None:
    return None if value is None else _some_text(value)


def _plan_entry(item: object) -> PlanEntry:
    if type(item) is str:
        return PlanEntry(_unit_code(item), None, None)
    if type(item) is not dict or not item.keys() <= _ENTRY_KEYS or "code" not in item:
        raise NotPlain
    taken_from = item.get("from")
    return PlanEntry(
        _unit_code(item["code"]),
        None if taken_from is None else _qualification_code(taken_from),
        _maybe_one_of(item.get("outcome"), OUTCOMES),
    )


def _prior(item: object) -> Held:
    if type(item) is str:
        return Held(_some_text(item), None)
    if type(item) is not dict or not item.keys() <= _HELD_KEYS or "code" not in item:
        raise NotPlain
    return Held(_some_text(item["code"]), _maybe_some_text(item.get("specialisation")))


def _confirmation(item: object) -> Confirmation:
    if type(item) is not dict or not item.keys() <= _CONFIRMATION_KEYS:
        raise NotPlain
    if not {"by", "on", "evidence"} <= item.keys():
        raise NotPlain
    on = _text(item["on"])
    try:
        dt.date.fromisoformat(on)  # the model's own test of the date
    except ValueError:
        raise NotPlain from None
    unit, prior, level = item.get("unit"), item.get("prior"), item.get("level")
    if prior is not None and not (
        type(prior) is str and (is_qualification_code(prior) or is_unit_code(prior))
    ):
        raise NotPlain
    rule = item.get("rule")
    confirmation = Confirmation(
        None if unit is None else _unit_code(unit),
        _maybe_some_text(item.get("listed_in")),
        None if level is None else _level(level),
        prior,
        _maybe_some_text(item.get("specialisation")),
        None if rule is None else _rule_id(rule),
        _some_text(item["by"]),
        on,
        _some_text(item["evidence"]),
    )
    c = confirmation
    forms = [
        c.unit is not None and c.listed_in is not None and c.level is None,
        c.unit is not None and c.level is not None and c.listed_in is None,
        c.prior is not None,
        c.rule is not None,
    ]
    extra = c.unit is not None and (c.prior is not None or c.rule is not None)
    if sum(forms) != 1 or extra or (c.specialisation is not None and c.prior is None):
        raise NotPlain
    return confirmation


def plan_record(data: object) -> Plan:
    """A plan from its YAML data where that is plainly valid; NotPlain for anything else (the
    model then reads it, and says what is wrong)."""
    if type(data) is not dict or not data.keys() <= _PLAN_KEYS or "qualification" not in data:
        raise NotPlain
    student = data.get("student")
    if type(student) is int:
        student = str(student)  # identifiers are often all digits; the model keeps them as text
    units = _items(data.get("units"), _plan_entry)
    if not units:
        raise NotPlain
    return Plan(
        _some_text(data["qualification"]),
        _maybe_whole(data.get("release"), 1),
        _maybe_text(student),
        _maybe_text(data.get("specialisation")),
        _items(data.get("prior", []), _prior),
        units,
        _items(data.get("confirmed", []), _confirmation),
    )
