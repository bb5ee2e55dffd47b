"""Types shared by every model: codes, AQF levels, whole numbers, flags, dates, mappings, sources.

Values are taken as YAML writes them, never converted from another kind: a whole number is a
plain integer (not true, not 3.0, not "3" in quotes), a flag is true or false (not 1 or "yes"),
a date is YYYY-MM-DD text (not a number of seconds). pydantic's own conversions would read all of
those, so every such field uses the types below. Codes are checked against their whole value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from qualcheck.models import wording
from qualcheck.models.values import (
    AQF_LEVEL_NAMES,
    AQF_LEVELS,
    is_qualification_code,
    is_unit_code,
    level_from_code_digit,
)

__all__ = ["AQF_LEVELS", "AQF_LEVEL_NAMES", "is_qualification_code", "is_unit_code", "level_from_code_digit"]

_DECIMAL_WHOLE = re.compile(r"[-+]?[0-9]{1,20}\.0*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _code_problem(value: str, kind: str, example: str) -> str:
    cleaned = value.strip().upper()
    # A value with a line break or other control character is shown escaped, as Python writes it.
    quoted = f"'{value}'" if value.isprintable() else repr(value)
    if cleaned != value and cleaned.isprintable():
        return f"{quoted} is not a {kind} code: write it as {cleaned} (capitals, no spaces)"
    return f"{quoted} is not a {kind} code (codes look like {example})"


def _check_unit_code(value: str) -> str:
    if not is_unit_code(value):
        raise ValueError(_code_problem(value, "unit", "BSBCCO504A or CHCCCS015"))
    return value


def _check_qual_code(value: str) -> str:
    if not is_qualification_code(value):
        raise ValueError(_code_problem(value, "qualification", "BSB50311, or 10283NAT for a course"))
    return value


def _shown(value: Any) -> str:
    """A value as a message quotes it: YAML's words for true, false and null; long text cut."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _whole_number(value: Any) -> Any:
    """Before validation: only a plain integer is a whole number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DECIMAL_WHOLE.fullmatch(value.strip()):
        whole = value.strip().split(".")[0].lstrip("+")
        raise ValueError(f"{_shown(value)} is not a whole number: write it as {whole}")
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        raise ValueError(f"{_shown(value)} is text (in quotes), not a number: write it without quotes")
    raise ValueError(f"{_shown(value)} is not a whole number")


def _flag(value: Any) -> Any:
    """Before validation: only true and false are a flag."""
    if isinstance(value, bool):
        return value
    raise ValueError(f"{_shown(value)} is not true or false")


def _iso_date(value: Any) -> Any:
    """Before validation: a date is YYYY-MM-DD text (or a date, for models built in code)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError(f"{_shown(value)} is not a date: write it as YYYY-MM-DD")


# The same rules for editors, as JSON Schema patterns (ECMAScript regexes): a value such as
# 'BSBCCO504A - BSBLED501A' (two codes on one line) is flagged as it is typed.
UNIT_CODE_PATTERN = r"^(?=[A-Z]{3}[A-Z0-9]*[0-9])[A-Z]{3}[A-Z0-9]{3,12}$"
QUAL_CODE_PATTERN = r"^(?:[A-Z]{3}[0-9]{5}|[0-9]{5}[A-Z]{2,4})$"

UnitCode = Annotated[
    str,
    AfterValidator(_check_unit_code),
    WithJsonSchema({"type": "string", "pattern": UNIT_CODE_PATTERN, "description": "A unit code."}),
]
QualCode = Annotated[
    str,
    AfterValidator(_check_qual_code),
    WithJsonSchema({"type": "string", "pattern": QUAL_CODE_PATTERN, "description": "A qualification code."}),
]
#: A whole number as YAML writes one: never true/false, a decimal or quoted digits. Count is 0 or
#: more, Positive 1 or more (the bound sits before the check, so schemas show it as `minimum`).
Whole = Annotated[int, BeforeValidator(_whole_number)]
Count = Annotated[int, Field(ge=0), BeforeValidator(_whole_number)]
Positive = Annotated[int, Field(ge=1), BeforeValidator(_whole_number)]
#: true or false, as YAML writes them: never 1, 0, "yes" or "no".
Flag = Annotated[bool, BeforeValidator(_flag)]
#: A date written YYYY-MM-DD: never a number, which pydantic would read as seconds since 1970.
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
AqfLevel = Annotated[Literal[1, 2, 3, 4, 5, 6, 8], BeforeValidator(_whole_number)]
Status = Literal["current", "superseded", "deleted"]


class StrictModel(BaseModel):
    """Base for every register and plan model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Held(wording.HeldWords, StrictModel):
    """Something a student holds: a qualification, unit or skill set, by code. In YAML a bare code
    is shorthand for `{code: CODE}`."""

    code: str = Field(min_length=1, description="A qualification, unit or skill set code.")
    specialisation: str | None = Field(
        None,
        min_length=1,
        description="For a qualification: the specialisation it was awarded with, as the award names it "
        "(e.g. Disability for 'Certificate III in Individual Support (Disability)').",
    )


def codes_as_held(value: Any) -> Any:
    """Before validation: bare codes in a list become `{code: CODE}`."""
    if isinstance(value, list):
        return [{"code": item} if isinstance(item, str) else item for item in value]
    return value


class Mapping(StrictModel):
    """A link between two releases of the same training product, as training.gov.au states it."""

    code: str = Field(description="The other unit or qualification.")
    relation: Literal["supersedes", "superseded_by"]
    equivalent: Flag = Field(description="True when the source says 'and is equivalent to'.")
    title: str | None = None
    date: Date | None = None


class ReleaseInfo(StrictModel):
    release: Positive
    date: Date | None = None


class Source(StrictModel):
    """Where a register file's facts came from."""

    id: str | None = Field(None, description="Short name that entries use to cite this source.")
    title: str
    url: str | None = None
    release: Whole | None = None
    note: str | None = Field(None, description="What the source left out, or how it was read.")
