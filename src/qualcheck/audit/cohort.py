"""Group unit records by student and qualification, and judge each group.

The engine checks one plan. For a student part-way through a qualification, two plans are
checked: the units already achieved (eligible for award when valid), and those plus the units in
progress (on track when valid; otherwise the student cannot complete as enrolled). The engine's
failed rules are the reasons; an on-track student's reasons name the units in progress, which are
what is still to come. Every code the student has a row for is handed to the engine, so no fix
suggests one of them. A completion reported in NAT00130 that the achieved units do not support is
flagged. A student with a malformed line is not judged: the other lines alone could give the
wrong verdict either way.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from qualcheck.api import internal_error
from qualcheck.audit.avetmiss import LineProblem, nat_date
from qualcheck.audit.outcomes import Treatment
from qualcheck.engine import check_plan
from qualcheck.engine.currency import not_current
from qualcheck.engine.transition import has_window, window_closes
from qualcheck.engine.view import LocatedPlan
from qualcheck.errors import QualcheckError
from qualcheck.findings import PlanResult, Status, Verdict
from qualcheck.gates.scope import judge_on_scope
from qualcheck.gates.scopefile import Scope
from qualcheck.models import Outcome, Plan, PlanEntry
from qualcheck.models.common import is_qualification_code
from qualcheck.register.store import Register

# Set by `qualcheck --debug`: an unexpected error is raised with its traceback, not reported.
DEBUG_ENV = "QUALCHECK_DEBUG"


class CohortVerdict(str, Enum):
    ELIGIBLE = "eligible"  # eligible for award
    ON_TRACK = "on-track"
    CANNOT_COMPLETE = "cannot-complete"  # cannot complete as enrolled
    NOT_JUDGED = "not-judged"  # unknown qualification or unit, or a malformed line: fix the data first


VERDICT_WORDS = {
    CohortVerdict.ELIGIBLE: "eligible for award",
    CohortVerdict.ON_TRACK: "on track",
    CohortVerdict.CANNOT_COMPLETE: "cannot complete as enrolled",
    CohortVerdict.NOT_JUDGED: "not judged",
}

# Plan outcome words handed to the engine; it only needs to know that these count.
_PLAN_WORD: dict[Treatment, Outcome] = {Treatment.ACHIEVED: "completed", Treatment.IN_PROGRESS: "enrolled"}


class UnitRecord(NamedTuple):  # a tuple: small and quick to build, a million per run
    code: str
    treatment: Treatment
    line: int
    imported_from: str | None = None
    credit_transfer: bool = False  # issued by another RTO (outcome 60, or credit-transfer)
    start: str = ""  # the activity start date as a NAT file writes it (DDMMYYYY); blank in CSV plans


@dataclass
class Enrolment:
    """Every record of one student in one qualification, from one source file."""

    student: str
    qualification: str
    path: str
    records: list[UnitRecord] = field(default_factory=list)
    completion: tuple[str, int] | None = None  # (path, line) of a NAT00130 record
    completed: str = ""  # its completion date as written (DDMMYYYY), when its issued flag is Y
    parchment: str = ""  # its parchment issue date, when the record holds one
    malformed: list[LineProblem] = field(default_factory=list)  # this student's unreadable lines

    def dates(self, closes: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
        """When the student enrolled and was issued the testamur, for the transition window that
        closes on `closes`, as far as the records show them.

        Enrolled: the earliest start of the training delivered here (credit transfers were not);
        none when a start date is blank or cannot be read, as the earliest read might not be the
        earliest there is. Issued: the parchment's issue date; without one, the completion date
        only where it is after the window closed (the issue came later still, so after it too),
        else not known (a completion in time says nothing of when the parchment was issued)."""
        starts = [nat_date(r.start) for r in self.records if not r.credit_transfer]
        enrolled = None if not starts or None in starts else min(d for d in starts if d is not None)
        issued = nat_date(self.parchment) if self.parchment else None
        completed = nat_date(self.completed) if self.completed else None
        if issued is None and completed is not None and closes is not None:
            if completed > closes:
                issued = completed
            elif enrolled is not None and enrolled < closes:
                # Issued, on a day not recorded: only an enrolment after the cut-off can be judged.
                enrolled = None
        return enrolled, issued

    @property
    def first_line(self) -> int:
        if self.records:
            return min(r.line for r in self.records)
        if self.completion:
            return self.completion[1]
        return self.malformed[0].line if self.malformed else 0


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    hint: str = ""
    units: tuple[str, ...] = ()  # the units the reason names, for reading by program
    # The lines of the student's own file that record those units (set per student: the same
    # plan shares its reasons between students, each with rows of their own).
    lines: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "hint": self.hint or None,
            "units": list(self.units),
            "lines": list(self.lines),
        }


@dataclass
class Judgement:
    student: str
    qualification: str
    title: str | None
    path: str
    line: int
    verdict: CohortVerdict
    counts: dict[str, int]
    reasons: list[Reason]
    completion: tuple[str, int] | None = None
    unsupported_completion: bool = False
    malformed: tuple[LineProblem, ...] = ()
    # Why the qualification is not current on the date checked (superseded, deleted): an
    # eligible student's testamur then waits on the transition rules; empty when current.
    not_current: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "qualification": self.qualification or None,  # None: not readable on a malformed line
            "title": self.title,
            "verdict": self.verdict.value,
            "unsupported_completion": self.unsupported_completion,
            "not_current": list(self.not_current),
            "completion": {"path": self.completion[0], "line": self.completion[1]}
            if self.completion
            else None,
            "path": self.path,
            "line": self.line,
            "units": self.counts,
            "reasons": [r.to_dict() for r in self.reasons],
            "malformed_lines": [
                {"path": p.path, "line": p.line, "message": p.message} for p in self.malformed
            ],
        }


def group(records: Iterable[tuple[str, str, str, UnitRecord]]) -> dict[tuple[str, str], Enrolment]:
    """(student, qualification, path, record) in any order -> one Enrolment per student and qualification."""
    groups: dict[tuple[str, str], Enrolment] = {}
    for student, qualification, path, record in records:
        key = (student, qualification)
        enrolment = groups.get(key)
        if enrolment is None:
            enrolment = groups[key] = Enrolment(student, qualification, path)
        enrolment.records.append(record)
    return groups


def ordered(groups: dict[tuple[str, str], Enrolment]) -> list[Enrolment]:
    """A stable order for reports, whatever order the rows came in."""
    return [groups[key] for key in sorted(groups)]


def judge(
    enrolment: Enrolment, register: Register, as_of: dt.date | None = None, scope: Scope | None = None
) -> Judgement:
    """One student's judgement; with `as_of`, the qualification's currency on that date too; with
    `scope`, the RTO's scope of registration as a gate (gates.scope)."""
    counts = {t.value: 0 for t in Treatment}
    for record in enrolment.records:
        counts[record.treatment.value] += 1
    judgement = Judgement(
        student=enrolment.student,
        qualification=enrolment.qualification,
        title=None,
        path=enrolment.path,
        line=enrolment.first_line,
        verdict=CohortVerdict.NOT_JUDGED,
        counts=counts,
        reasons=[],
        completion=enrolment.completion,
        malformed=tuple(enrolment.malformed),
    )
    try:
        if enrolment.malformed:
            _not_judged_for_malformed_lines(enrolment, register, judgement)
        else:
            _judge(enrolment, register, judgement, scope, as_of)
    except QualcheckError as error:
        judgement.verdict = CohortVerdict.NOT_JUDGED
        judgement.reasons = [Reason(error.code, error.message, error.hint)]
    except Exception as exc:  # one student's unexpected failure never loses the rest of the cohort
        if os.environ.get(DEBUG_ENV):
            raise
        unexpected = internal_error(enrolment.path, exc)
        judgement.verdict = CohortVerdict.NOT_JUDGED
        judgement.reasons = [Reason(unexpected.code, unexpected.message, unexpected.hint)]
    judgement.reasons = _with_rows(judgement.reasons, enrolment)
    if as_of is not None and judgement.title is not None:
        qualification = register.qualification(enrolment.qualification)
        judgement.not_current = not_current(qualification, as_of) if qualification else ()
    if enrolment.completion and judgement.verdict is not CohortVerdict.ELIGIBLE:
        judgement.unsupported_completion = True
        path, line = enrolment.completion
        judgement.reasons.insert(
            0,
            Reason(
                "completion",
                f"{path}:{line} reports {enrolment.qualification} completed, but the achieved units do not "
                "meet its packaging rules",
                "check the completion before a certificate is issued",
            ),
        )
    return judgement


def _not_judged_for_malformed_lines(enrolment: Enrolment, register: Register, judgement: Judgement) -> None:
    code = enrolment.qualification
    found = register.qualification(code) if is_qualification_code(code) else None
    judgement.title = found.title if found else None
    for problem in enrolment.malformed:
        if problem.qualification == code:
            which = ""
        elif problem.qualification is None:
            which = " and its qualification cannot be read"
        else:  # a qualification none of the student's other lines names: it may be misread
            which = f" and names {problem.qualification}, which none of their other lines does"
        judgement.reasons.append(
            Reason(
                "malformed-line",
                f"{problem.path}:{problem.line}, one of this student's lines, is malformed{which}: "
                f"{problem.message}",
                "correct the line and audit again: judged on the other lines alone, the student could "
                "get the wrong verdict either way",
            )
        )


def _judge(
    enrolment: Enrolment, register: Register, judgement: Judgement, scope: Scope | None, as_of: dt.date | None
) -> None:
    code = enrolment.qualification
    if not is_qualification_code(code):
        judgement.reasons = [
            Reason("QC010", f"'{code}' is not a qualification code", "only qualifications can be checked")
        ]
        return
    qualification = register.qualification(code)
    if qualification is None:
        judgement.reasons = [
            Reason("QC010", f"unknown qualification {code}", "add it to the register, or use --data")
        ]
        return
    judgement.title = qualification.title
    if not enrolment.records:
        judgement.verdict = CohortVerdict.CANNOT_COMPLETE
        judgement.reasons = [Reason("no-units", "no training activity is reported for this qualification")]
        return
    achieved = _entries(enrolment.records, {Treatment.ACHIEVED})
    reachable = _entries(enrolment.records, {Treatment.ACHIEVED, Treatment.IN_PROGRESS})
    # Every code with a row, whatever its outcome: the engine suggests none of them as a fix.
    recorded = frozenset(r.code for r in enrolment.records)
    # The transition window needs the dates only where the qualification has one: elsewhere
    # leaving them out lets students with the same units share one judgement.
    dates = (
        (*enrolment.dates(window_closes(qualification)), as_of)
        if has_window(qualification)
        else (None, None, None)
    )
    now = _check(enrolment, achieved, recorded, register, scope, dates) if achieved else None
    if now is not None and now[0] is Verdict.VALID:
        judgement.verdict = CohortVerdict.ELIGIBLE
        judgement.reasons = list(now[1])  # the checks a person must still make before the award
        return
    if now is not None and now[0] in (Verdict.ERROR, Verdict.UNDECIDED):
        judgement.reasons = list(now[1])  # not judged: an input error, or a rule the data cannot decide
        return
    later = now
    if len(reachable) > len(achieved):
        later = _check(enrolment, reachable, recorded, register, scope, dates)
    if later is None:
        judgement.verdict = CohortVerdict.CANNOT_COMPLETE
        judgement.reasons = [Reason("no-units", "no unit is achieved or in progress")]
    elif later[0] is Verdict.VALID:
        judgement.verdict = CohortVerdict.ON_TRACK
        # What is short now is made up by the units in progress: no fix is needed, so none is given.
        short = [replace(r, hint="") for r in now[1]] if now is not None else []
        judgement.reasons = [_still_to_come(achieved, reachable)] + (
            short or [Reason("no-units", "no unit achieved yet")]
        )
    elif later[0] in (Verdict.ERROR, Verdict.UNDECIDED):
        judgement.reasons = list(later[1])
    else:
        judgement.verdict = CohortVerdict.CANNOT_COMPLETE
        judgement.reasons = list(later[1])


def _with_rows(reasons: list[Reason], enrolment: Enrolment) -> list[Reason]:
    """Each reason with the lines of the student's file that record the units it names."""
    rows: dict[str, list[int]] = {}
    for record in enrolment.records:
        rows.setdefault(record.code, []).append(record.line)
    return [
        replace(r, lines=tuple(sorted({line for code in r.units for line in rows.get(code, ())})))
        if r.units
        else r
        for r in reasons
    ]


def _still_to_come(achieved: list[PlanEntry], reachable: list[PlanEntry]) -> Reason:
    done = {e.code for e in achieved}
    coming = tuple(e.code for e in reachable if e.code not in done)
    n = len(coming)
    return Reason(
        "in-progress",
        f"still to come: {n} unit{'' if n == 1 else 's'} in progress, {', '.join(coming)}",
        units=coming,
    )


def _entries(records: list[UnitRecord], wanted: set[Treatment]) -> list[PlanEntry]:
    # A unit reported twice (say, continuing one year and achieved the next) is one unit.
    best: dict[str, UnitRecord] = {}
    for record in records:
        if record.treatment in wanted:
            kept = best.get(record.code)
            if kept is None or (
                kept.treatment is not Treatment.ACHIEVED and record.treatment is Treatment.ACHIEVED
            ):
                best[record.code] = record
    return [
        _entry(r.code, r.imported_from, r.treatment, r.credit_transfer)
        for r in sorted(best.values(), key=lambda r: r.line)
    ]


@lru_cache(maxsize=65536)
def _entry(code: str, imported_from: str | None, treatment: Treatment, credit_transfer: bool) -> PlanEntry:
    # Entries are immutable, so students share them; the codes were checked when read, so the
    # model is built without validating them again.
    outcome: Outcome = "credit-transfer" if credit_transfer else _PLAN_WORD[treatment]
    return PlanEntry.model_construct(code=code, from_=imported_from, outcome=outcome)


Checked = tuple[Verdict, tuple[Reason, ...]]

# Students of one class often hold exactly the same units: each distinct plan is checked once per
# register. Only the verdict and reasons are kept, and neither names a student or a file.
_checked: WeakKeyDictionary[Register, dict[tuple[Any, ...], Checked]] = WeakKeyDictionary()
_CHECKED_LIMIT = 20_000


# Enrolled, issued, and the day checked (which the transition window is judged on).
Dates = tuple[dt.date | None, dt.date | None, dt.date | None]


def _check(
    enrolment: Enrolment,
    entries: list[PlanEntry],
    recorded: frozenset[str],
    register: Register,
    scope: Scope | None,
    dates: Dates,
) -> Checked:
    known = _checked.setdefault(register, {})
    # The fixes depend on the codes recorded outside the plan, so they are part of the key.
    outside = tuple(sorted(recorded.difference(e.code for e in entries)))
    units = tuple((e.code, e.from_, e.outcome) for e in entries)
    key = (enrolment.qualification, units, outside, scope, dates)
    found = known.get(key)
    if found is None:
        result = _check_plan(enrolment, entries, recorded, register, scope, dates)
        found = (result.verdict(), tuple(_reasons(result)))
        if len(known) >= _CHECKED_LIMIT:  # bounded: a national cohort must not grow it forever
            known.clear()
        known[key] = found
    return found


def _check_plan(
    enrolment: Enrolment,
    entries: list[PlanEntry],
    recorded: frozenset[str],
    register: Register,
    scope: Scope | None,
    dates: Dates,
) -> PlanResult:
    plan = Plan.model_construct(
        qualification=enrolment.qualification,
        release=None,
        student=enrolment.student,
        specialisation=None,
        units=tuple(entries),
        enrolled=dates[0],
        issued=dates[1],
    )
    # No YAML behind this plan: positions fall back to the file; the report carries row lines.
    located = LocatedPlan.without_positions(plan, enrolment.path)
    # The day checked reaches the engine only where a window applies (see _judge): the window is
    # judged on it; elsewhere it would change nothing the audit reports.
    if scope is not None:
        return judge_on_scope(located, register, scope, dates[2], recorded=recorded)
    return check_plan(located, register, dates[2], recorded=recorded)


def _reasons(result: PlanResult) -> list[Reason]:
    """Failed rules for a plan that fails; the undecided ones for an undecided plan; for a valid
    one, the checks left to a person."""
    verdict = result.verdict()
    if verdict is Verdict.UNDECIDED:
        # The rules the data cannot decide, and the notes naming what is not recorded.
        chosen = [f for f in result.findings if f.undecided or f.code == "QC207"]
    else:
        wanted = (Status.MANUAL,) if verdict is Verdict.VALID else (Status.FAIL, Status.ERROR)
        chosen = [f for f in result.findings if f.status in wanted]
    return [
        Reason(f.code, f"{f.code} {f.name}: {f.message}", _audit_hint(f.hint), units=f.units) for f in chosen
    ]


# NAT files and CSV plans carry no confirmations: a fix that says to confirm in the plan must say
# how, from an audit.
CONFIRM_FROM_AUDIT = (
    "NAT files and CSV plans hold no confirmations: write this student's plan as YAML, record the "
    "facts under `confirmed:` and check it with `qualcheck validate`"
)


def _audit_hint(hint: str) -> str:
    return f"{hint}; {CONFIRM_FROM_AUDIT}" if "confirmed:" in hint else hint
