"""Types shared by every model: codes, AQF levels, mappings, releases, sources."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Whole strings only (fullmatch: `$` would let a trailing newline through). A unit code has a digit.
_UNIT_CODE = re.compile(r"[A-Z]{3}(?=[A-Z]*[0-9])[A-Z0-9]{3,12}")
_QUAL_CODE = re.compile(r"[A-Z]{3}[0-9]{5}|[0-9]{5}[A-Z]{2,4}")

#: AQF levels used by VET qualifications (there is no VET qualification at level 7).
AQF_LEVELS = (1, 2, 3, 4, 5, 6, 8)

AQF_LEVEL_NAMES = {
    1: "Certificate I",
    2: "Certificate II",
    3: "Certificate III",
    4: "Certificate IV",
    5: "Diploma",
    6: "Advanced Diploma",
    8: "Graduate Certificate / Graduate Diploma",
}


def _code_problem(value: str, kind: str, example: str) -> str:
    cleaned = value.strip().upper()
    if cleaned != value:
        return f"{value!r} is not a {kind} code: write it as {cleaned} (capitals, no spaces)"
    return f"{value!r} is not a {kind} code (codes look like {example})"


def _check_unit_code(value: str) -> str:
    if not _UNIT_CODE.fullmatch(value):
        raise ValueError(_code_problem(value, "unit", "BSBCCO504A or CHCCCS015"))
    return value


def _check_qual_code(value: str) -> str:
    if not _QUAL_CODE.fullmatch(value):
        raise ValueError(_code_problem(value, "qualification", "BSB50311, or 10283NAT for a course"))
    return value


def is_unit_code(value: str) -> bool:
    return _UNIT_CODE.fullmatch(value) is not None


def is_qualification_code(value: str) -> bool:
    return _QUAL_CODE.fullmatch(value) is not None


UnitCode = Annotated[str, AfterValidator(_check_unit_code)]
QualCode = Annotated[str, AfterValidator(_check_qual_code)]
AqfLevel = Literal[1, 2, 3, 4, 5, 6, 8]
Status = Literal["current", "superseded", "deleted"]


class StrictModel(BaseModel):
    """Base for every register and plan model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Held(StrictModel):
    """Something a student holds: a qualification, unit or skill set, by code. In YAML a bare code
    is shorthand for `{code: CODE}`."""

    code: str = Field(min_length=1, description="A qualification, unit or skill set code.")
    specialisation: str | None = Field(
        None,
        min_length=1,
        description="For a qualification: the specialisation it was awarded with, as the award names it "
        "(e.g. Disability for 'Certificate III in Individual Support (Disability)').",
    )

    def __str__(self) -> str:
        return self.code + (f" with the {self.specialisation} specialisation" if self.specialisation else "")

    def same_specialisation(self, other: str | None) -> bool:
        """Whether `other` names this specialisation: case, hyphens and spacing aside, so that a
        specialisation key (`ageing-and-disability`) and its title (`Ageing and Disability`) agree."""
        return other is not None and _words(other) == _words(self.specialisation or "")

    def may_cover_specialisation(self, other: str | None) -> bool:
        """Whether `other` is a different specialisation that names this one among others, as
        'Ageing and Disability' names 'Disability': whether it counts is for a person to judge."""
        if other is None or self.specialisation is None or self.same_specialisation(other):
            return False
        return set(_words(self.specialisation).split()) <= set(_words(other).split())


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def codes_as_held(value: Any) -> Any:
    """Before validation: bare codes in a list become `{code: CODE}`."""
    if isinstance(value, list):
        return [{"code": item} if isinstance(item, str) else item for item in value]
    return value


class Mapping(StrictModel):
    """A link between two releases of the same training product, as training.gov.au states it."""

    code: str = Field(description="The other unit or qualification.")
    relation: Literal["supersedes", "superseded_by"]
    equivalent: bool = Field(description="True when the source says 'and is equivalent to'.")
    title: str | None = None
    date: dt.date | None = None


class ReleaseInfo(StrictModel):
    release: int = Field(ge=1)
    date: dt.date | None = None


class Source(StrictModel):
    """Where a register file's facts came from."""

    id: str | None = Field(None, description="Short name that entries use to cite this source.")
    title: str
    url: str | None = None
    release: int | None = None
    note: str | None = Field(None, description="What the source left out, or how it was read.")


def level_from_code_digit(digit: str) -> int | None:
    """The AQF level a code's level digit hints at, or None when it hints at none.

    Digits 7 and 8 are graduate-level in VET codes; AQF 7 has no VET qualifications.
    """
    if digit in "123456":
        return int(digit)
    if digit in "78":
        return 8
    return None
