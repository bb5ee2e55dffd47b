"""What every format is made of: a header, one piece of text per plan, and a footer.

A report is `header + separator.join(the plans' pieces that are not empty) + footer`. A plan's
piece depends on that plan alone, so plans can be rendered one at a time as they are judged,
or by worker processes that each render their own chunk: the report is then only those texts
put together in order, and it is the same byte for byte however many processes made it. The
header and footer see only the `RunSummary` (the verdict counts, the run's date and settings,
and what reporters.tally adds up plan by plan: the files that need a person, statistics, the
findings against a baseline), which is known once every plan is judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from qualcheck.findings import PlanResult, RunResult, Verdict, exit_code_of

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineOutcome
    from qualcheck.reporters.summary import NamedFiles, Statistics


@dataclass(frozen=True)
class RunSummary:
    """What a report says about the whole run: counts, settings and what was added up over its
    plans (reporters.tally), no plan's result."""

    valid: int = 0
    invalid: int = 0
    undecided: int = 0
    error: int = 0
    strict: bool = False
    checked_on: dt.date | None = None  # the date currency was checked on, when the run has one
    settings: str | None = None  # the pyproject.toml whose [tool.qualcheck] settings applied
    files: tuple[NamedFiles, ...] = ()  # the plans that need a person, by verdict
    left_out: str | None = None  # what a quiet line format left out, in a sentence
    statistics: Statistics | None = None  # --statistics
    baseline: BaselineOutcome | None = None  # the run against a baseline
    job_rows: tuple[str, ...] = ()  # the job summary's first rows of the plans that need a person
    job_plans: int = 0  # how many plans need a person (a row each)

    @classmethod
    def of(cls, result: RunResult, left_out: bool = False) -> RunSummary:
        """The summary of a whole result; `left_out`: sum what a quiet line format leaves out."""
        from qualcheck.reporters.tally import RunTally

        tally = RunTally(
            left_out=left_out, statistics=result.statistics, baseline=result.baseline is not None
        )
        for plan in result.plans:
            tally.add(plan, result.baseline)
        return tally.summary(result.strict, run_date(result), result.settings, result.baseline)

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
        """As RunResult.exit_code: against a baseline, only new failing findings exit 1."""
        if self.baseline is not None:
            return 2 if self.error else (1 if self.baseline.new_failing else 0)
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
