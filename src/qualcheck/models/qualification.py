"""A qualification and its packaging rules, as a closed set of typed rule kinds.

Counting rules apply to electives (units that are not core). Each rule keeps the sentence
of the source it encodes in `text`, so that every result can quote the rule it checked.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from qualcheck.models.common import (
    AqfLevel,
    Mapping,
    QualCode,
    ReleaseInfo,
    Source,
    Status,
    StrictModel,
    UnitCode,
)


class Selector(StrictModel):
    """A set of electives: a unit belongs when it matches any one of the clauses."""

    groups: tuple[str, ...] = Field((), description="Units listed in these elective groups.")
    imported_levels: tuple[AqfLevel, ...] = Field(
        (), description="Units from outside this qualification's lists, at these AQF levels."
    )
    levels: tuple[AqfLevel, ...] = Field((), description="Any elective at these AQF levels.")
    units: tuple[UnitCode, ...] = Field((), description="These units, by code.")

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if not (self.groups or self.imported_levels or self.levels or self.units):
            raise ValueError("a selector needs at least one of groups, imported_levels, levels, units")
        return self


class _Rule(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable name, used in reports.")
    text: str = Field(description="The source's sentence this rule encodes.")
    note: str | None = Field(
        None, description="How the sentence was read, where it allows more than one reading."
    )


class AtLeast(_Rule):
    """At least `count` of the electives must come from `from`."""

    kind: Literal["at_least"]
    count: int = Field(ge=1)
    from_: Selector = Field(alias="from")
    exclusive: bool = Field(
        True,
        description="Units credited to this minimum count towards no other exclusive minimum "
        "(a unit counts once). False for a minimum nested in another ('including at least 1 from').",
    )


class AtMost(_Rule):
    """At most `count` of the electives may come from `from`."""

    kind: Literal["at_most"]
    count: int = Field(ge=0)
    from_: Selector = Field(alias="from")


class ElectivesFrom(_Rule):
    """Every elective must come from `from` (the allowed sources)."""

    kind: Literal["electives_from"]
    from_: Selector = Field(alias="from")


PackagingRule = Annotated[AtLeast | AtMost | ElectivesFrom, Field(discriminator="kind")]


class ManualCheck(StrictModel):
    """Guidance no program can check; shown to a person as a manual check."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str


class UnitGroup(StrictModel):
    title: str
    units: tuple[UnitCode, ...]
    complete: bool = Field(True, description="False when the source showed only part of the list.")
    note: str | None = None


class Packaging(StrictModel):
    total_units: int = Field(ge=1)
    core_units: int = Field(ge=0, description="Number of core units the source states.")
    elective_units: int = Field(ge=0, description="Number of elective units the source states.")
    core: tuple[UnitCode, ...]
    core_complete: bool = True
    groups: dict[str, UnitGroup] = Field(default_factory=dict)
    rules: tuple[PackagingRule, ...] = ()
    manual: tuple[ManualCheck, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Packaging:
        problems: list[str] = []
        if self.core_units + self.elective_units != self.total_units:
            problems.append(
                f"core_units ({self.core_units}) + elective_units ({self.elective_units}) "
                f"is not total_units ({self.total_units})"
            )
        if self.core_complete and len(self.core) != self.core_units:
            problems.append(f"core lists {len(self.core)} units but core_units is {self.core_units}")
        if len(set(self.core)) != len(self.core):
            problems.append("a core unit is listed twice")
        ids = [rule.id for rule in self.rules] + [check.id for check in self.manual]
        for rule_id in {i for i in ids if ids.count(i) > 1}:
            problems.append(f"rule id '{rule_id}' is used twice")
        for rule in self.rules:
            for group in rule.from_.groups:
                if group not in self.groups:
                    problems.append(f"rule '{rule.id}' names group '{group}', which is not defined")
            if isinstance(rule, AtLeast) and rule.count > self.elective_units:
                problems.append(
                    f"rule '{rule.id}' needs {rule.count} electives but there are only {self.elective_units}"
                )
        core = set(self.core)
        for name, unit_group in self.groups.items():
            both = sorted(core.intersection(unit_group.units))
            if both:
                problems.append(f"group '{name}' lists core units {', '.join(both)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Qualification(StrictModel):
    code: QualCode
    title: str
    release: int = Field(ge=1)
    aqf_level: AqfLevel
    status: Status
    releases: tuple[ReleaseInfo, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    source: tuple[Source, ...] = Field(min_length=1)
    packaging: Packaging
