"""How each unit outcome counts towards a qualification.

Two vocabularies reach the audit: the AVETMISS national outcome identifiers of NAT00120 files
(two digits), and the plan outcome words of CSV plans (`completed`, `enrolled`, ...). Both map to
one of four treatments, and the audit report says which treatment each code received.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Treatment(str, Enum):
    ACHIEVED = "achieved"  # counts towards the award now
    IN_PROGRESS = "in-progress"  # may count once the result is in
    NOT_ACHIEVED = "not-achieved"  # attempted, no credit: the unit must be done again
    NOT_COUNTING = "not-counting"  # no result that a packaging rule can use


@dataclass(frozen=True)
class OutcomeCode:
    code: str
    meaning: str
    treatment: Treatment
    why: str


# Outcome identifiers accepted in NAT00120: the AVETMISS 8.0 national codes, plus codes that older
# releases or single states use (53, 54, 65, 90). docs/avetmiss.md records where each was checked
# and which are national.
NATIONAL_OUTCOMES: dict[str, OutcomeCode] = {
    o.code: o
    for o in (
        OutcomeCode("20", "competency achieved/pass", Treatment.ACHIEVED, "assessed as competent"),
        OutcomeCode("30", "competency not achieved/fail", Treatment.NOT_ACHIEVED, "assessed, not competent"),
        OutcomeCode("40", "withdrawn/discontinued", Treatment.NOT_ACHIEVED, "left before a result"),
        OutcomeCode(
            "41",
            "incomplete due to training organisation closure",
            Treatment.NOT_ACHIEVED,
            "no result; the unit must be finished elsewhere",
        ),
        OutcomeCode("51", "recognition of prior learning granted", Treatment.ACHIEVED, "RPL counts"),
        OutcomeCode("52", "recognition of prior learning not granted", Treatment.NOT_ACHIEVED, "RPL refused"),
        OutcomeCode(
            "53",
            "recognition of current competency granted (older releases, some states)",
            Treatment.ACHIEVED,
            "competence confirmed",
        ),
        OutcomeCode(
            "54",
            "recognition of current competency not granted (older releases, some states)",
            Treatment.NOT_ACHIEVED,
            "competence not confirmed",
        ),
        OutcomeCode("60", "credit transfer/national recognition", Treatment.ACHIEVED, "credit counts"),
        OutcomeCode(
            "61",
            "superseded subject",
            Treatment.NOT_COUNTING,
            "the unit was replaced before a result; the result belongs to the new unit",
        ),
        OutcomeCode(
            "65",
            "superseded qualification (Queensland): moved to a newer program before finishing",
            Treatment.NOT_COUNTING,
            "the unit belongs to the new program's record, not this one",
        ),
        OutcomeCode("70", "continuing enrolment", Treatment.IN_PROGRESS, "result expected later"),
        OutcomeCode(
            "81",
            "non-assessable enrolment, satisfactorily completed",
            Treatment.NOT_COUNTING,
            "not assessed, so no competency to count",
        ),
        OutcomeCode(
            "82",
            "non-assessable enrolment, withdrawn or not satisfactorily completed",
            Treatment.NOT_COUNTING,
            "not assessed, so no competency to count",
        ),
        OutcomeCode("85", "not yet started", Treatment.IN_PROGRESS, "enrolled, training ahead"),
        OutcomeCode(
            "90",
            "not yet known (withdrawn from the national standard)",
            Treatment.NOT_COUNTING,
            "no result recorded",
        ),
    )
}

# The outcome words a YAML or CSV plan uses (models/plan.py).
PLAN_OUTCOMES: dict[str, Treatment] = {
    "completed": Treatment.ACHIEVED,
    "credit-transfer": Treatment.ACHIEVED,
    "rpl": Treatment.ACHIEVED,
    "enrolled": Treatment.IN_PROGRESS,
    "not-yet-competent": Treatment.NOT_ACHIEVED,
    "withdrawn": Treatment.NOT_ACHIEVED,
}

# A CSV row with no outcome is a unit the student is enrolled in, as in a YAML plan.
DEFAULT_PLAN_OUTCOME = "enrolled"


# Credit transfer: the unit was issued by another RTO, so it needs no scope of registration here.
CREDIT_TRANSFER = frozenset({"60", "credit-transfer"})


def national_treatment(code: str) -> Treatment | None:
    """The treatment of a NAT00120 outcome identifier, or None when the standard has no such code."""
    known = NATIONAL_OUTCOMES.get(code)
    return known.treatment if known else None


def plan_treatment(word: str) -> Treatment | None:
    """The treatment of a CSV outcome: a plan outcome word, or a national identifier."""
    word = word.strip().lower() or DEFAULT_PLAN_OUTCOME
    if word in PLAN_OUTCOMES:
        return PLAN_OUTCOMES[word]
    return national_treatment(word)
