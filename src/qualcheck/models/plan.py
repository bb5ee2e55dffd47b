"""A plan: the units a student has chosen (or achieved) for one qualification."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from qualcheck.models import wording
from qualcheck.models.common import (
    AqfLevel,
    Date,
    Held,
    Positive,
    QualCode,
    StrictModel,
    UnitCode,
    codes_as_held,
)
from qualcheck.models.values import NOT_COUNTING_OUTCOMES

__all__ = ["NOT_COUNTING_OUTCOMES"]

Outcome = Literal["enrolled", "completed", "credit-transfer", "rpl", "not-yet-competent", "withdrawn"]


class PlanEntry(StrictModel):
    """One unit in a plan. A bare code in YAML is shorthand for `{code: CODE}`."""

    code: UnitCode
    from_: QualCode | None = Field(
        None, alias="from", description="The qualification an imported unit is taken from."
    )
    outcome: Outcome | None = None


class Confirmation(wording.ConfirmationWords, StrictModel):
    """A fact the register does not record, or a check no program can make, settled by a person.

    One of four forms, each with who confirmed it, when, and on what evidence:
    - `{unit: CODE, listed_in: A}`: the unit is listed in that group (or `core`) of the
      qualification, where the register holds the list only in part;
    - `{unit: CODE, level: 5}`: the unit's AQF level, where the register does not record it;
    - `{prior: CODE}` (optionally with `specialisation:`): the student holds this, for the entry
      requirement;
    - `{rule: RULE_ID}`: a rule the data cannot decide, or a manual check, is met.
    """

    unit: UnitCode | None = Field(
        None, description="The unit a `listed_in` or `level` confirmation is about."
    )
    listed_in: str | None = Field(
        None, min_length=1, description="The group key (or `core`) the unit is listed in."
    )
    level: AqfLevel | None = Field(None, description="The unit's AQF level.")
    prior: QualCode | UnitCode | None = Field(
        None, description="A qualification, unit or skill set the student holds."
    )
    specialisation: str | None = Field(
        None, min_length=1, description="With `prior:`: the specialisation it was awarded with."
    )
    rule: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]*$", description="The id of the rule or manual check confirmed."
    )
    by: str = Field(min_length=1, description="Who confirmed it.")
    on: str = Field(description="The date it was confirmed, YYYY-MM-DD.")
    evidence: str = Field(min_length=1, description="What it was confirmed from.")

    @field_validator("on", mode="before")
    @classmethod
    def _a_date(cls, value: Any) -> Any:
        try:
            dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD") from None
        if not isinstance(value, str):
            raise ValueError("give the date as YYYY-MM-DD")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Confirmation:
        forms = [
            self.unit is not None and self.listed_in is not None and self.level is None,
            self.unit is not None and self.level is not None and self.listed_in is None,
            self.prior is not None,
            self.rule is not None,
        ]
        extra = self.unit is not None and (self.prior is not None or self.rule is not None)
        if sum(forms) != 1 or extra or (self.specialisation is not None and self.prior is None):
            raise ValueError(
                "a confirmation is one of {unit, listed_in}, {unit, level}, {prior[, specialisation]} "
                "or {rule}, each with by, on and evidence"
            )
        return self


class Plan(StrictModel):
    # Checked against the register rather than a pattern, so a typo gets "did you mean".
    qualification: str = Field(min_length=1)
    release: Positive | None = Field(
        None, description="Release of the qualification; latest known when absent."
    )
    student: str | None = None
    specialisation: str | None = None
    prior: tuple[Held, ...] = Field(
        (),
        description="Qualifications, units or skill sets the student already holds (entry requirements): "
        "a code, or {code, specialisation} for a qualification awarded with a specialisation.",
    )
    units: tuple[PlanEntry, ...] = Field(min_length=1)
    confirmed: tuple[Confirmation, ...] = Field(
        (),
        description="Facts the register does not record, and manual checks, confirmed by a person: "
        "each names who, when and on what evidence.",
    )
    enrolled: Date | None = Field(
        None, description="When the student enrolled in the qualification (YYYY-MM-DD): transition windows."
    )
    issued: Date | None = Field(
        None, description="When the testamur was issued, or is to be (YYYY-MM-DD): transition windows."
    )

    @field_validator("units", mode="before")
    @classmethod
    def _expand_bare_codes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"code": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("prior", mode="before")
    @classmethod
    def _expand_prior_codes(cls, value: Any) -> Any:
        return codes_as_held(value)

    @field_validator("student", mode="before")
    @classmethod
    def _student_as_text(cls, value: Any) -> Any:
        # Student identifiers are often all digits; keep them as text.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
