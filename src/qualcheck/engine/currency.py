"""QC401 currency: flag what had stopped being current by the date checked (--as-of, else today).

A unit superseded by a unit that is *not* equivalent, or deleted, by the date is a warning: a
student may still hold it, but enrolling in it, or counting it without checking the transition
rules, is risky. A qualification superseded by the date is a warning too (teach-out applies).
Equivalent supersession is not flagged: the old unit still counts for the new one.

`not_current` says, for issuance, why the qualification itself is not current on the date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.view import RegisterView
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Mapping, Qualification


def check_currency(
    qualification: Qualification,
    units: list[ResolvedUnit],
    register: RegisterView,
    as_of: dt.date,
    qualification_span: Span,
) -> list[Finding]:
    findings = []
    successor = _superseded(qualification.mappings, as_of)
    if successor is not None:
        kind = "equivalent" if successor.equivalent else "not equivalent"
        when = (
            f"on {successor.date}, before {as_of}"
            if successor.date
            else f"on a date the register does not record (checked on {as_of})"
        )
        findings.append(
            Finding(
                "QC401",
                Status.WARN,
                f"{qualification.code} was superseded by {successor.code} ({kind}) {when}",
                qualification_span,
                units=(qualification.code,),
                hint="check the transition and teach-out period for students still enrolled",
            )
        )
    for unit in units:
        data = register.unit(unit.code)
        if data is None:
            continue
        if data.status == "deleted" and (data.deleted_on is None or data.deleted_on <= as_of):
            when = f" on {data.deleted_on}" if data.deleted_on else " (date not recorded)"
            findings.append(
                Finding(
                    "QC401",
                    Status.WARN,
                    f"{unit.code} was deleted{when}",
                    unit.span,
                    units=(unit.code,),
                    hint="check that the student achieved it while it was current",
                )
            )
            continue
        mapping = _superseded(data.mappings, as_of, equivalent=False)
        if mapping is not None:
            findings.append(
                Finding(
                    "QC401",
                    Status.WARN,
                    f"{unit.code} was superseded by {mapping.code}, which is not equivalent, "
                    + (f"on {mapping.date}" if mapping.date else "on a date the register does not record"),
                    unit.span,
                    units=(unit.code, mapping.code),
                    hint=f"a student enrolling after the change needs {mapping.code}; check when "
                    f"{unit.code} was achieved",
                )
            )
    return findings


def not_current(qualification: Qualification, as_of: dt.date) -> tuple[str, ...]:
    """Why `qualification` is not current on `as_of`, in words; empty when it is current.

    A supersession dated after `as_of` leaves it current on that date. Dates come only from the
    register: one it does not record is said to be not recorded, never guessed.
    """
    code = qualification.code
    successor = _superseded(qualification.mappings, as_of)
    if successor is not None:
        when = f"on {successor.date}" if successor.date else "on a date the register does not record"
        kind = "" if successor.equivalent else " (not equivalent)"
        return (f"{code} was superseded by {successor.code}{kind} {when}: check the transition period",)
    if qualification.status == "deleted":
        return (f"{code} was deleted, on a date the register does not record: check the transition period",)
    if qualification.status == "superseded" and not any(
        m.relation == "superseded_by" for m in qualification.mappings
    ):
        return (
            f"{code} is recorded as superseded, but the register records neither its replacement nor "
            "the date: check the transition period",
        )
    return ()


def _superseded(
    mappings: tuple[Mapping, ...], as_of: dt.date, equivalent: bool | None = None
) -> Mapping | None:
    """The supersession in force by `as_of`; one without a recorded date is taken as in force."""
    for mapping in mappings:
        if mapping.relation != "superseded_by" or (mapping.date is not None and mapping.date > as_of):
            continue
        if equivalent is None or mapping.equivalent == equivalent:
            return mapping
    return None
