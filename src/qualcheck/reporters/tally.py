"""What a report's header and footer say about all of a run's plans, added up plan by plan.

A batch renders each plan as it is judged and drops it, so the summary cannot go back over the
plans: a `RunTally` takes each plan once, as it is rendered, and keeps only what the summaries
need: the verdict counts, the first files of each verdict that needs a person, what the quiet
line formats left out, the statistics, the findings against a baseline, the job summary's rows.
It holds plain values only, so a worker process sends its chunk's tally with the chunk's text,
and the parent merges the chunks' tallies in order: the summary is the same for any --jobs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qualcheck.findings import PlanResult, Verdict
from qualcheck.reporters.summary import (
    FILES_NAMED,
    NEEDS_A_PERSON,
    LeftOut,
    StatisticsTally,
    named_files,
    needs_a_person,
)

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck, BaselineTally
    from qualcheck.reporters.base import RunSummary

#: The verdicts whose first files a summary names.
_NAMED = tuple(verdict for verdict, _ in NEEDS_A_PERSON)


class RunTally:
    """The verdict counts and the first files of each verdict that needs a person, and, as asked:
    what a quiet line format leaves out (`left_out`: concise and github without -v), --statistics,
    the findings against a baseline (`baseline`; `write_baseline`: the entries of the baseline
    being written too), the job summary's rows (`job_rows`).

    A plain class, not a dataclass: it is on the path of every `validate`, whose start-up a
    dataclass's generated methods would cost about a millisecond (docs/architecture.md)."""

    def __init__(
        self,
        *,
        left_out: bool = False,
        statistics: bool = False,
        baseline: bool = False,
        write_baseline: bool = False,
        job_rows: bool = False,
    ) -> None:
        self.counts: dict[Verdict, int] = dict.fromkeys(Verdict, 0)
        self.named: dict[Verdict, list[str]] = {verdict: [] for verdict in _NAMED}
        self.left_out = LeftOut() if left_out else None
        self.statistics = StatisticsTally() if statistics else None
        self.baseline: BaselineTally | None = None
        if baseline:
            from qualcheck.baseline import BaselineTally

            self.baseline = BaselineTally(written={} if write_baseline else None)
        self.job_rows: list[str] | None = [] if job_rows else None  # the first MAX_ROWS rows
        self.job_plans = 0  # how many plans need a person (a row each)

    def add(self, plan: PlanResult, baseline: BaselineCheck | None) -> None:
        """Count one plan (`baseline`: what the run is judged against, when it is)."""
        verdict = plan.verdict()
        self.counts[verdict] += 1
        named = self.named.get(verdict)
        if named is not None and len(named) < FILES_NAMED:
            named.append(plan.path)
        if self.statistics is not None:
            self.statistics.add(plan)
        if self.baseline is not None and baseline is not None:
            self.baseline.add(plan, baseline)
        if self.left_out is None and self.job_rows is None:
            return
        person = needs_a_person(plan, baseline)
        if self.left_out is not None and not person:
            self.left_out.add(plan, baseline)
        if self.job_rows is not None and person:
            from qualcheck.reporters.jobsummary import MAX_ROWS, row

            self.job_plans += 1
            if len(self.job_rows) < MAX_ROWS:
                self.job_rows.append(row(plan, baseline))

    def merge(self, other: RunTally) -> None:
        """Add the tally of the plans that come after this tally's in the run."""
        for verdict, count in other.counts.items():
            self.counts[verdict] += count
        for verdict, paths in other.named.items():
            self.named[verdict] = (self.named[verdict] + paths)[:FILES_NAMED]
        if self.left_out is not None and other.left_out is not None:
            self.left_out.merge(other.left_out)
        if self.statistics is not None and other.statistics is not None:
            self.statistics.merge(other.statistics)
        if self.baseline is not None and other.baseline is not None:
            self.baseline.merge(other.baseline)
        if self.job_rows is not None and other.job_rows is not None:
            from qualcheck.reporters.jobsummary import MAX_ROWS

            self.job_rows = (self.job_rows + other.job_rows)[:MAX_ROWS]
            self.job_plans += other.job_plans

    def summary(
        self,
        strict: bool = False,
        checked_on: dt.date | None = None,
        settings: str | None = None,
        baseline: BaselineCheck | None = None,
    ) -> RunSummary:
        """The run's summary, once every plan is counted."""
        from qualcheck.reporters.base import RunSummary

        counts = self.counts
        against = (
            baseline.outcome(self.baseline) if baseline is not None and self.baseline is not None else None
        )
        return RunSummary(
            counts[Verdict.VALID],
            counts[Verdict.INVALID],
            counts[Verdict.UNDECIDED],
            counts[Verdict.ERROR],
            strict,
            checked_on,
            settings,
            files=named_files(self.named, counts),
            left_out=self.left_out.sentence() if self.left_out is not None else None,
            statistics=self.statistics.statistics() if self.statistics is not None else None,
            baseline=against,
            job_rows=tuple(self.job_rows) if self.job_rows is not None else (),
            job_plans=self.job_plans,
        )
