"""Results are data: every check yields Findings, every reporter reads the same records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from qualcheck.codes import name_of
from qualcheck.errors import QualcheckError, Span

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck

#: Outcomes that mean the unit has been achieved (completed, or granted by credit transfer or RPL).
ACHIEVED = frozenset({"completed", "credit-transfer", "rpl"})


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    MANUAL = "manual"
    INFO = "info"
    ERROR = "error"


class Verdict(str, Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNDECIDED = "undecided"  # a rule depends on a fact the data lacks: a person must decide it
    ERROR = "error"  # the plan could not be checked: fix the input first


@dataclass(frozen=True)
class Finding:
    code: str
    status: Status
    message: str
    span: Span | None = None
    rule_id: str | None = None
    rule_text: str | None = None
    have: int | None = None
    need: int | None = None
    units: tuple[str, ...] = ()
    hint: str = ""
    # A rule whose result hangs on a fact nobody recorded (status `manual`): unlike a manual
    # check (guidance no program can check), it keeps the plan from being valid.
    undecided: bool = False
    # What a person confirmed for this result (who, when, on what evidence): shown, never hidden.
    confirmed: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return name_of(self.code)

    def to_dict(self) -> dict[str, Any]:
        span = self.span
        return {
            "code": self.code,
            "name": name_of(self.code),
            "status": self.status.value,
            "message": self.message,
            "rule_id": self.rule_id,
            "rule_text": self.rule_text,
            "have": self.have,
            "need": self.need,
            "units": list(self.units),
            "hint": self.hint or None,
            "undecided": self.undecided,
            "confirmed": list(self.confirmed),
            "path": span.path if span else None,
            "line": span.line if span else None,
            "column": span.column if span else None,
        }


@dataclass(frozen=True)
class UnitPlacement:
    """Where one plan entry counted (or why it did not)."""

    code: str
    title: str | None
    role: str  # "core", "elective", or "not counted"
    detail: str  # e.g. "Group A", "imported from BSB60420 (AQF 6)", "duplicate of BSBCCO602B"
    counted_as: str | None = None  # the listed unit it stands in for, when not itself
    level: int | None = None
    level_inferred: bool = False
    span: Span | None = None
    outcome: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "role": self.role,
            "detail": self.detail,
            "counted_as": self.counted_as,
            "aqf_level": self.level,
            "aqf_level_inferred": self.level_inferred,
            "outcome": self.outcome,
            "line": self.span.line if self.span else None,
        }


@dataclass(frozen=True)
class Issuance:
    """Whether the qualification can be issued on `checked_on`, and every reason it cannot.

    Issuable only when the plan is valid, every counted unit is achieved, and the qualification
    is current on the date checked. `checked_on` is None only when the caller gave no date (the
    command line always gives one: --as-of, else today); currency is then unknown, so not issuable.
    """

    issuable: bool
    reasons: tuple[str, ...]
    checked_on: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "issuable": self.issuable,
            "reasons": list(self.reasons),
            "checked_on": self.checked_on.isoformat() if self.checked_on else None,
        }


#: Why a plan with this verdict does not make its qualification, in words.
NOT_VALID = {
    Verdict.INVALID: "the plan does not meet every packaging rule",
    Verdict.UNDECIDED: "a packaging rule cannot be decided from the data",
    Verdict.ERROR: "the plan could not be checked",
}


@dataclass
class PlanResult:
    path: str
    qualification: str | None = None
    qualification_title: str | None = None
    release: int | None = None
    student: str | None = None
    specialisation: str | None = None
    findings: list[Finding] = field(default_factory=list)
    placements: list[UnitPlacement] = field(default_factory=list)
    error: QualcheckError | None = None  # set when the plan could not be checked at all
    confirmed: list[str] = field(default_factory=list)  # the plan's confirmations some result used
    # Whether the run treats warnings as failures (--strict): set once, by api.validate, so the
    # verdict is settled in one place and no reporter re-applies it.
    strict: bool = False
    checked_on: dt.date | None = None  # the date currency was checked on; None: not checked
    # Why the qualification is not current on `checked_on` (superseded, deleted); empty when it is.
    not_current: tuple[str, ...] = ()

    def verdict(self) -> Verdict:
        """The plan's verdict, under the run's `strict` (settled once, by api.validate)."""
        strict = self.strict
        statuses = {f.status for f in self.findings}
        if self.error is not None or Status.ERROR in statuses:
            return Verdict.ERROR
        if Status.FAIL in statuses or (strict and Status.WARN in statuses):
            return Verdict.INVALID
        if any(f.undecided for f in self.findings):
            return Verdict.UNDECIDED
        return Verdict.VALID

    def not_yet_achieved(self) -> list[str]:
        """Counted units whose outcome is not an achievement (enrolled, or no outcome given)."""
        return [
            p.code for p in self.placements if p.role in ("core", "elective") and p.outcome not in ACHIEVED
        ]

    def achieved(self) -> bool:
        """A valid plan whose every counted unit is achieved. Whether the qualification can be
        issued is a separate question (`issuance`): it must also be current."""
        return self.verdict() is Verdict.VALID and not self.not_yet_achieved()

    def issuance(self) -> Issuance:
        """Whether the qualification can be issued on the date checked, with every reason it cannot."""
        return self._issuance(self.verdict())

    def _issuance(self, verdict: Verdict) -> Issuance:
        reasons = list(self.not_current)
        if self.checked_on is None and verdict is not Verdict.ERROR:
            reasons.append("currency was not checked: no date was given")
        if verdict is not Verdict.VALID:
            reasons.append(NOT_VALID.get(verdict, f"the plan's verdict is {verdict.value}"))
        pending = self.not_yet_achieved() if verdict is not Verdict.ERROR else []
        if pending:
            reasons.append(
                f"{len(pending)} counted unit{'s are' if len(pending) != 1 else ' is'} not yet achieved"
            )
        return Issuance(not reasons, tuple(reasons), self.checked_on)

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status is status)

    def to_dict(self) -> dict[str, Any]:
        error = None
        if self.error is not None:
            errors = [self.error, *self.error.others]
            error = [
                {
                    "code": e.code,
                    "message": e.message,
                    "hint": e.hint or None,
                    "path": e.span.path if e.span else self.path,
                    "line": e.span.line if e.span else None,
                    "column": e.span.column if e.span else None,
                }
                for e in errors
            ]
        verdict = self.verdict()  # settled once here: every field below reads it
        outstanding = self.not_yet_achieved()
        return {
            "path": self.path,
            "verdict": verdict.value,
            "achieved": verdict is Verdict.VALID and not outstanding,
            "outstanding": outstanding,
            "issuance": self._issuance(verdict).to_dict(),
            "qualification": self.qualification,
            "qualification_title": self.qualification_title,
            "release": self.release,
            "student": self.student,
            "specialisation": self.specialisation,
            "errors": error,
            "findings": [f.to_dict() for f in self.findings],
            "units": [p.to_dict() for p in self.placements],
            "confirmed": list(self.confirmed),
        }


@dataclass
class RunResult:
    plans: list[PlanResult]
    strict: bool = False
    checked_on: dt.date | None = None  # the date currency was checked on; None: not checked
    settings: str | None = None  # the pyproject.toml whose [tool.qualcheck] settings applied
    statistics: bool = False  # --statistics: the reports that can count findings by code do
    # --baseline: the run judged against recorded findings; its exit code counts only new ones.
    baseline: BaselineCheck | None = None

    def exit_code(self) -> int:
        if self.baseline is not None:
            return self.baseline.exit_code(self)
        return exit_code_of({plan.verdict() for plan in self.plans})


def exit_code_of(verdicts: set[Verdict]) -> int:
    """0 every plan valid, 1 some plan invalid or undecided, 2 some plan not checked."""
    if Verdict.ERROR in verdicts:
        return 2
    if Verdict.INVALID in verdicts or Verdict.UNDECIDED in verdicts:
        return 1
    return 0
