"""Facts about single values that need no model: the shape of a code, the AQF levels and their
names, the level a code's digit hints at, the outcomes a plan entry may record.

Imported by the models and by everything that must stay light at start-up (the register layout,
the engine, the plain records), so nothing here builds a pydantic class.
"""

from __future__ import annotations

import re

# Always used with fullmatch: `$` would also match before a final newline ("BSBCCO504A\n").
_UNIT_CODE = re.compile(r"[A-Z]{3}[A-Z0-9]{3,12}")
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

#: What a plan entry may record about a unit (the `Outcome` of models.plan, as values).
OUTCOMES = ("enrolled", "completed", "credit-transfer", "rpl", "not-yet-competent", "withdrawn")

#: Outcomes that can never count towards a qualification.
NOT_COUNTING_OUTCOMES: frozenset[str] = frozenset({"not-yet-competent", "withdrawn"})

#: A register entry's usage recommendation (the `Status` of models.common, as values).
STATUSES = ("current", "superseded", "deleted")


def is_unit_code(value: str) -> bool:
    return bool(_UNIT_CODE.fullmatch(value)) and any(ch.isdigit() for ch in value)


def is_qualification_code(value: str) -> bool:
    return bool(_QUAL_CODE.fullmatch(value))


def level_from_code_digit(digit: str) -> int | None:
    """The AQF level a code's level digit hints at, or None when it hints at none.

    Digits 7 and 8 are graduate-level in VET codes; AQF 7 has no VET qualifications.
    """
    if digit in "123456":
        return int(digit)
    if digit in "78":
        return 8
    return None
