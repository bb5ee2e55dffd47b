"""A qualification and its packaging rules, as a closed set of typed rule kinds.

Counting rules apply to electives (units that are not core). Each rule keeps the sentence
of the source it encodes in `text`, so that every result can quote the rule it checked.
Each kind also gives its static reading here: what it requires in plain words (`describe`)
and the units it names outright (`listed`); how the engine judges it is in engine/kinds/.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from qualcheck.models import invariants, wording
from qualcheck.models.common import (
    AqfLevel,
    Count,
    Flag,
    Held,
    Mapping,
    Positive,
    QualCode,
    ReleaseInfo,
    Source,
    Status,
    StrictModel,
    UnitCode,
    Whole,
    codes_as_held,
)

PackageCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{3}$",
        description="A training package: the three capitals its unit codes start with.",
    ),
]


class ImportWindow(wording.WindowWords, StrictModel):
    """Units from outside the qualification's lists: from which levels and packages.

    `packages` names the packages allowed; `exclude_packages` the packages not allowed, for
    "any other Training Package" (any package but these). A unit's package is the first three
    letters of its code."""

    levels: tuple[AqfLevel, ...] = Field((), description="AQF levels allowed; empty: any level.")
    packages: tuple[PackageCode, ...] = Field(
        (), description="Training packages allowed (e.g. CHC); empty: any."
    )
    exclude_packages: tuple[PackageCode, ...] = Field(
        (),
        description="Training packages left out ('any other Training Package' than these); empty: none.",
    )

    @model_validator(mode="after")
    def _packages_apart(self) -> ImportWindow:
        both = [p for p in self.packages if p in self.exclude_packages]
        if both:
            raise ValueError(
                f"{', '.join(both)} {'is' if len(both) == 1 else 'are'} both in packages and in "
                "exclude_packages: a window either allows a package or leaves it out"
            )
        return self


class Selector(wording.SelectorWords, StrictModel):
    """A set of electives: a unit belongs when it matches any one of the clauses."""

    groups: tuple[str, ...] = Field((), description="Units listed in these elective groups.")
    imported: tuple[ImportWindow, ...] = Field(
        (),
        description="Units imported from elsewhere, within this window, or within any one of a list of "
        "windows (each with its own levels and packages).",
    )
    levels: tuple[AqfLevel, ...] = Field((), description="Any elective at these AQF levels.")
    units: tuple[UnitCode, ...] = Field((), description="These units, by code.")

    @field_validator("imported", mode="before")
    @classmethod
    def _one_window_or_many(cls, value: Any) -> Any:
        # `imported: {levels: [5]}` is shorthand for a list of one window.
        if value is None:
            return ()
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list) and not value:
            raise ValueError("lists no import window: give at least one, or leave out imported")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if not (self.groups or self.imported or self.levels or self.units):
            raise ValueError("a selector needs at least one of groups, imported, levels, units")
        return self


class _Rule(wording.RuleWords, StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable name, used in reports.")
    text: str = Field(description="The source's sentence this rule encodes.")
    note: str | None = Field(
        None, description="How the sentence was read, where it allows more than one reading."
    )


class AtLeast(_Rule):
    """At least `count` of the electives must come from `from`."""

    kind: Literal["at_least"]
    count: Positive
    from_: Selector = Field(alias="from")
    exclusive: Flag = Field(
        True,
        description="Units credited to this minimum count towards no other exclusive minimum "
        "(a unit counts once). False for a minimum nested in another ('including at least 1 from').",
    )


class AtMost(_Rule):
    """At most `count` of the electives may come from `from`."""

    kind: Literal["at_most"]
    count: Count
    from_: Selector = Field(alias="from")


class ElectivesFrom(_Rule):
    """Every elective must come from `from` (the allowed sources)."""

    kind: Literal["electives_from"]
    from_: Selector = Field(alias="from")


class AllOf(_Rule):
    """Every unit listed in `from` must be among the electives ("all Group A electives")."""

    kind: Literal["all_of"]
    from_: Selector = Field(alias="from")


class PointsAtLeast(_Rule):
    """The electives in `from` (all electives when omitted) must be worth at least `points`."""

    kind: Literal["points_at_least"]
    points: Positive
    from_: Selector | None = Field(None, alias="from")


class PointsAtMost(_Rule):
    """At most `points` may come from the electives in `from`."""

    kind: Literal["points_at_most"]
    points: Count
    from_: Selector = Field(alias="from")


PackagingRule = Annotated[
    AtLeast | AtMost | ElectivesFrom | AllOf | PointsAtLeast | PointsAtMost, Field(discriminator="kind")
]


class Specialisation(StrictModel):
    """A named award variant whose extra rules apply when a plan names it."""

    title: str
    rules: tuple[PackagingRule, ...] = Field(min_length=1)


class EntryRequirement(StrictModel):
    """What a student must hold before entry. `any_of` lists alternatives, each a set of codes
    (qualifications, units or skill sets) held together; without `any_of` only a person can judge.
    An item `{code: CHC33021, specialisation: Disability}` needs that qualification awarded with
    that specialisation."""

    text: str
    any_of: tuple[tuple[Held, ...], ...] = ()

    @field_validator("any_of", mode="before")
    @classmethod
    def _expand_codes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [codes_as_held(option) for option in value]
        return value


class ManualCheck(StrictModel):
    """Guidance no program can check, shown to a person as a manual check; or, with `unread`, a
    packaging rule sentence held only as text, which keeps a plan undecided until a person
    confirms it is met."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str
    unread: Flag = Field(
        False,
        description="True for a packaging rule sentence not read as a rule (import tga, fetch): it may "
        "decide the plan, so a plan is undecided until a person confirms it (`confirmed: {rule: ID}`).",
    )


class UnitGroup(StrictModel):
    title: str
    units: tuple[UnitCode, ...]
    complete: Flag = Field(True, description="False when the source showed only part of the list.")
    note: str | None = None


class Packaging(StrictModel):
    total_units: Positive | None = Field(None, description="Null for points-based qualifications.")
    core_units: Count = Field(description="Number of core units the source states.")
    elective_units: Count | None = Field(
        None, description="Number of elective units the source states; null when points decide."
    )
    points_total: Positive | None = Field(None, description="Total points, for points-based qualifications.")
    points: dict[UnitCode, Whole] = Field(
        default_factory=dict, description="Points value of each unit in this qualification."
    )
    core: tuple[UnitCode, ...]
    core_complete: Flag = True
    groups: dict[str, UnitGroup] = Field(default_factory=dict)
    rules: tuple[PackagingRule, ...] = ()
    manual: tuple[ManualCheck, ...] = ()
    specialisations: dict[str, Specialisation] = Field(default_factory=dict)
    prerequisites: dict[UnitCode, tuple[UnitCode, ...]] = Field(
        default_factory=dict, description="Unit -> units it requires, as the qualification marks them (*)."
    )
    entry_requirements: EntryRequirement | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Packaging:
        problems = invariants.packaging_inconsistencies(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Qualification(StrictModel):
    code: QualCode
    title: str
    release: Positive | None = Field(None, description="Null when no source showed the release number.")
    aqf_level: AqfLevel
    status: Status | None = Field(None, description="Usage recommendation; null when no source showed it.")
    releases: tuple[ReleaseInfo, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    source: tuple[Source, ...] = Field(min_length=1)
    packaging: Packaging
