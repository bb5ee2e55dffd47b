"""What every format is made of: a header, one piece of text per plan, and a footer.

A report is `header + separator.join(the plans' pieces that are not empty) + footer`. A plan's
piece depends on that plan alone, so plans can be rendered one at a time as they are judged,
or by worker processes that each render their own chunk: the report is then only those texts
put together in order, and it is the same byte for byte however many processes made it. The
header and footer see only the `RunSummary` (the verdict counts, the run's date and settings),
which is known once every plan is judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from qualcheck.findings import PlanResult, RunResult, Verdict, exit_code_of


@dataclass(frozen=True)
class RunSummary:
    """What a report says about the whole run: counts and settings, no plan's result."""

    valid: int = 0
    invalid: int = 0
    undecided: int = 0
    error: int = 0
    strict: bool = False
    checked_on: dt.date | None = None  # the date currency was checked on, when the run has one
    settings: str | None = None  # the pyproject.toml whose [tool.qualcheck] settings applied

    @classmethod
    def of(cls, result: RunResult) -> RunSummary:
        return cls.counting(
            (plan.verdict() for plan in result.plans), result.strict, run_date(result), result.settings
        )

    @classmethod
    def counting(
        cls,
        verdicts: Iterable[Verdict],
        strict: bool = False,
        checked_on: dt.date | None = None,
        settings: str | None = None,
    ) -> RunSummary:
        counts = dict.fromkeys(Verdict, 0)
        for verdict in verdicts:
            counts[verdict] += 1
        return cls(
            counts[Verdict.VALID],
            counts[Verdict.INVALID],
            counts[Verdict.UNDECIDED],
            counts[Verdict.ERROR],
            strict,
            checked_on,
            settings,
        )

    @property
    def plans(self) -> int:
        return self.valid + self.invalid + self.undecided + self.error

    def count(self, verdict: Verdict) -> int:
        return {
            Verdict.VALID: self.valid,
            Verdict.INVALID: self.invalid,
            Verdict.UNDECIDED: self.undecided,
            Verdict.ERROR: self.error,
        }[verdict]

    def exit_code(self) -> int:
        return exit_code_of({verdict for verdict in Verdict if self.count(verdict)})


def run_date(result: RunResult) -> dt.date | None:
    """The date a run checked currency on: the run's own, else the one its plans share."""
    if result.checked_on is not None:
        return result.checked_on
    dates = {plan.checked_on for plan in result.plans}
    return dates.pop() if len(dates) == 1 else None


class Reporter(Protocol):
    """One format: `plan` may be called in any process, `header` and `footer` once, at the end."""

    #: Written between the pieces of two plans that both have text.
    separator: str

    def header(self, run: RunSummary) -> str: ...

    def plan(self, plan: PlanResult) -> str: ...

    def footer(self, run: RunSummary, body: bool) -> str:
        """`body`: whether any plan's piece had text."""
        ...


def assemble(reporter: Reporter, run: RunSummary, pieces: Iterable[str]) -> str:
    """The report from the plans' pieces, in order (the empty ones left out)."""
    body = reporter.separator.join(piece for piece in pieces if piece)
    return reporter.header(run) + body + reporter.footer(run, bool(body))
