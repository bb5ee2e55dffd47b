"""A plan: the units a student has chosen (or achieved) for one qualification."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from qualcheck.models.common import Held, QualCode, StrictModel, UnitCode, codes_as_held

Outcome = Literal["enrolled", "completed", "credit-transfer", "rpl", "not-yet-competent", "withdrawn"]

#: Outcomes that can never count towards a qualification.
NOT_COUNTING_OUTCOMES: frozenset[str] = frozenset({"not-yet-competent", "withdrawn"})


class PlanEntry(StrictModel):
    """One unit in a plan. A bare code in YAML is shorthand for `{code: CODE}`."""

    code: UnitCode
    from_: QualCode | None = Field(
        None, alias="from", description="The qualification an imported unit is taken from."
    )
    outcome: Outcome | None = None


class Plan(StrictModel):
    # Checked against the register rather than a pattern, so a typo gets "did you mean".
    qualification: str = Field(min_length=1)
    release: int | None = Field(
        None, ge=1, description="Release of the qualification; latest known when absent."
    )
    student: str | None = None
    specialisation: str | None = None
    prior: tuple[Held, ...] = Field(
        (),
        description="Qualifications, units or skill sets the student already holds (entry requirements): "
        "a code, or {code, specialisation} for a qualification awarded with a specialisation.",
    )
    units: tuple[PlanEntry, ...] = Field(min_length=1)

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
