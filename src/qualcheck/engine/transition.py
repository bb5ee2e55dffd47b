"""QC402 transition windows: a plan's `enrolled:` and `issued:` dates against the transition and
teach-out rules of the Standards in force on the date concerned.

The Standards for RTOs 2015 apply until 30 June 2025, the Compliance Standards 2025 from 1 July
2025. For a qualification superseded by a replacement (the replacement's release date is the
mapping's date on the register):
- 2015, clause 1.26: learners completed and certified, or transferred, within 1 year of the
  replacement's release;
- 2025, section 14: no new enrolments from 1 year after the replacement's release; learners
  already enrolled complete or transfer "in a timely manner" (no date: a person judges it).
So an enrolment on or after that day fails (by the Standards in force on the day of enrolment),
an issue date after it fails where the window closed under the 2015 Standards and is a manual
check where it closed under the 2025 Standards, and a plan enrolled but not issued fails once a
window that closed under the 2015 Standards is past on the day checked, and is told the deadline
otherwise. A unit in the plan that is superseded or deleted has a window too (1 year; clause 1.27
lifts clause 1.26 where the qualification itself lists the superseded unit), but a plan records
no date for each unit, so each is a manual check that states the dates. Only plans that record
`enrolled:` or `issued:` are checked: without them nothing here can be dated.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.view import RegisterView
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:
    from qualcheck.models.shapes import Mapping, Plan, Qualification

CODE = "QC402"
RULE = "transition-window"
STANDARDS_2025_FROM = dt.date(2025, 7, 1)
CLAUSE_2015 = "Standards for RTOs 2015, clause 1.26"
CLAUSE_2025 = "Compliance Standards 2025, section 14"


def check_transition(
    qualification: Qualification,
    plan: Plan,
    units: list[ResolvedUnit],
    register: RegisterView,
    as_of: dt.date | None,
    spans: dict[str, Span],
) -> list[Finding]:
    """The qualification's window for this plan, then a manual check per superseded or deleted
    counted unit; nothing when the plan records neither date."""
    if plan.enrolled is None and plan.issued is None:
        return []
    findings = []
    successor = _replacement(qualification.mappings)
    if successor is not None:
        findings.append(_qualification_window(qualification.code, successor, plan, as_of, spans))
    elif qualification.status in ("deleted", "superseded"):
        findings.append(
            Finding(
                CODE,
                Status.MANUAL,
                f"{qualification.code} is recorded as {qualification.status}, but the register records no "
                "replacement or date: its transition window (1 year when replaced, 2 years when not, "
                f"{CLAUSE_2015}; {CLAUSE_2025}) cannot be dated",
                spans["qualification"],
                RULE,
                hint="look up the date on training.gov.au and check the window by hand",
            )
        )
    listed = set(qualification.packaging.core).union(
        *(g.units for g in qualification.packaging.groups.values())
    )
    for unit in units:
        if unit.counts:
            found = _unit_window(unit, register, listed)
            if found is not None:
                findings.append(found)
    return findings


def _replacement(mappings: tuple[Mapping, ...]) -> Mapping | None:
    return next((m for m in mappings if m.relation == "superseded_by"), None)


def has_window(qualification: Qualification) -> bool:
    """Whether a transition window applies: the qualification is replaced, superseded or deleted."""
    return _replacement(qualification.mappings) is not None or qualification.status in (
        "deleted",
        "superseded",
    )


def window_closes(qualification: Qualification) -> dt.date | None:
    """The day the window of a replaced qualification closes, where the register dates the
    replacement's release; None otherwise."""
    successor = _replacement(qualification.mappings)
    return one_year_after(successor.date) if successor is not None and successor.date else None


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _standards(day: dt.date) -> str:
    return CLAUSE_2015 if day < STANDARDS_2025_FROM else CLAUSE_2025


def _qualification_window(
    code: str, successor: Mapping, plan: Plan, as_of: dt.date | None, spans: dict[str, Span]
) -> Finding:
    if successor.date is None:
        return Finding(
            CODE,
            Status.MANUAL,
            f"{code} is superseded by {successor.code}, but the register does not record when "
            f"{successor.code} was released: the transition window ({CLAUSE_2015}; {CLAUSE_2025}) cannot "
            "be dated",
            spans["qualification"],
            RULE,
            hint=f"look up {successor.code}'s release date on training.gov.au and check the window by hand",
        )
    released, closes = successor.date, one_year_after(successor.date)
    said = f"{code} is superseded by {successor.code}, released {released}: the window closes {closes}"
    enrolled, issued = plan.enrolled, plan.issued
    if enrolled is not None and enrolled >= closes:
        rule = (
            "no new enrolments from 1 year after the replacement's release"
            if enrolled >= STANDARDS_2025_FROM
            else "learners completed and certified, or transferred, within 1 year of its release"
        )
        return Finding(
            CODE,
            Status.FAIL,
            f"enrolled on {enrolled}, on or after {closes}: {said} ({_standards(enrolled)}: {rule})",
            spans["enrolled"],
            RULE,
            hint=f"enrol the student in {successor.code} (`qualcheck transfer PLAN --to {successor.code}`)",
        )
    if issued is not None:
        if issued < released or issued <= closes:
            return Finding(
                CODE, Status.PASS, f"issued on {issued}, within the window: {said}", spans["issued"], RULE
            )
        if closes < STANDARDS_2025_FROM:
            return Finding(
                CODE,
                Status.FAIL,
                f"issued on {issued}, after the window closed: {said} ({CLAUSE_2015}: learners completed "
                "and certified, or transferred, within 1 year of the replacement's release)",
                spans["issued"],
                RULE,
                hint=f"do not issue {code}; the student transfers to {successor.code}",
            )
        return Finding(
            CODE,
            Status.MANUAL,
            f"issued on {issued}, after {closes}: {said} ({CLAUSE_2025}: learners enrolled by then complete "
            "or transfer in a timely manner, which a person must judge)",
            spans["issued"],
            RULE,
            hint="record why the completion was timely, or transfer the student",
        )
    # Enrolled, not issued: the deadline, by the Standards in force on the day checked.
    assert enrolled is not None
    if as_of is not None and as_of < released:
        message = f"enrolled on {enrolled}; on {as_of}, {code} was not yet superseded"
        return Finding(CODE, Status.PASS, message, spans["enrolled"], RULE)
    if as_of is not None and as_of > closes and closes < STANDARDS_2025_FROM:
        return Finding(
            CODE,
            Status.FAIL,
            f"enrolled on {enrolled} and not issued by {closes}, when the window closed: {said} "
            f"({CLAUSE_2015}: learners completed and certified, or transferred, within 1 year of the "
            "replacement's release)",
            spans["enrolled"],
            RULE,
            hint=f"do not issue {code}; the student transfers to {successor.code} "
            f"(`qualcheck transfer PLAN --to {successor.code}`)",
        )
    rule = (
        f"complete and certify, or transfer, by {closes} ({CLAUSE_2015})"
        if closes < STANDARDS_2025_FROM
        else f"no new enrolments from {closes}; enrolled learners complete or transfer in a timely manner "
        f"({CLAUSE_2025})"
    )
    # Without a date checked (a program's call), whether the window has closed is not known.
    ended = "" if as_of is None else (" (it has closed)" if as_of >= closes else "")
    return Finding(
        CODE,
        Status.WARN,
        f"enrolled on {enrolled}, not yet issued: {said}{ended}; {rule}",
        spans["enrolled"],
        RULE,
        hint=f"finish in time, or compare with `qualcheck transfer PLAN --to {successor.code}`",
    )


def _unit_window(unit: ResolvedUnit, register: RegisterView, listed: set[str]) -> Finding | None:
    data = register.unit(unit.code)
    if data is None:
        return None
    successor = _replacement(data.mappings)
    if successor is not None:
        if unit.code in listed:
            return None  # clause 1.27: the qualification itself lists (requires) the superseded unit
        when = (
            f"released {successor.date}"
            if successor.date
            else "released on a date the register does not record"
        )
        closes = f", so by {one_year_after(successor.date)}" if successor.date else ""
        fact = f"{unit.code} is superseded by {successor.code} ({when})"
        window = f"a student enrolled in it completes it within 1 year of the replacement's release{closes}"
    elif data.status == "deleted":
        when = f"on {data.deleted_on}" if data.deleted_on else "on a date the register does not record"
        closes = f", so by {one_year_after(data.deleted_on)}" if data.deleted_on else ""
        fact = f"{unit.code} was deleted {when}, with no replacement"
        window = f"a student enrolled in it completes it within 1 year{closes}"
    else:
        return None
    return Finding(
        CODE,
        Status.MANUAL,
        f"{fact}: {window} ({CLAUSE_2015}; {CLAUSE_2025}); the plan records no date for the unit",
        unit.span,
        RULE,
        units=(unit.code,),
        hint=f"check when {unit.code} was enrolled in and achieved",
    )
