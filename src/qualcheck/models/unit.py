"""A unit of competency as the register holds it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from qualcheck.models import invariants
from qualcheck.models.common import (
    AqfLevel,
    Date,
    Mapping,
    Positive,
    ReleaseInfo,
    Source,
    Status,
    StrictModel,
    UnitCode,
)

LevelBasis = Literal["stated", "inferred-from-code"]


class Unit(StrictModel):
    code: UnitCode
    title: str
    release: Positive | None = None
    status: Status | None = Field(
        None, description="Usage recommendation; null when not shown by the source."
    )
    level: AqfLevel | None = Field(None, description="AQF level the unit sits at.")
    level_basis: LevelBasis | None = Field(
        None, description="'stated' when a source states it, else 'inferred-from-code'."
    )
    releases: tuple[ReleaseInfo, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    deleted_on: Date | None = Field(None, description="When the unit was deleted, where a source shows it.")
    prerequisites: tuple[UnitCode, ...] = ()
    sector: str | None = None
    field_of_education: str | None = None
    source: str | None = Field(None, description="Which of the file's sources this entry came from.")

    @model_validator(mode="after")
    def _level_has_basis(self) -> Unit:
        if (self.level is None) != (self.level_basis is None):
            raise ValueError("give level and level_basis together (or neither)")
        return self


class UnitFile(StrictModel):
    """One file of data/units/: the units of one training package."""

    package: str = Field(pattern=r"^[A-Z]{3}$")
    sources: tuple[Source, ...] = Field(min_length=1)
    units: tuple[Unit, ...]

    @model_validator(mode="after")
    def _sources_cited_exist(self) -> UnitFile:
        problems = invariants.unit_file_inconsistencies(self)
        if problems:
            raise ValueError(problems[0])
        return self
