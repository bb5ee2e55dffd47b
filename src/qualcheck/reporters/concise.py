"""One line per problem, `path:line:col: QC123 message`, as compilers and linters print them.

Editors and CI log viewers turn such lines into links. Quiet by default, so a batch of hundreds
of plans prints a line only for what a person must act on: the findings of the plans that are
not valid (invalid, undecided, not checked; against a baseline, only findings it does not hold).
The warnings, manual checks and notes on valid plans are summed under the summary, which names
the files that need a person (`reporters.summary`); -v lists every finding, passes too; -q only
the input errors, one line each, and the summary. Each line goes through `visible`: what it
quotes from input cannot start a line of its own or send an escape sequence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import summary_line
from qualcheck.reporters.summary import lines_for, quiet_summary

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck


class ConciseReporter:
    separator = ""

    def __init__(self, verbosity: int = 0, baseline: BaselineCheck | None = None) -> None:
        self.verbosity = verbosity
        self.baseline = baseline

    def header(self, run: RunSummary) -> str:
        return ""

    def plan(self, plan: PlanResult) -> str:
        lines = []
        for p in lines_for(plan, self.verbosity, self.baseline, include_pass=True):
            where = f"{p.path}:{p.line or 1}:{p.column or 1}"
            lines.append(visible(f"{where}: {p.code} [{p.status.value}] {p.label}: {p.message}") + "\n")
        return "".join(lines)

    def footer(self, run: RunSummary, body: bool) -> str:
        return "\n".join([summary_line(run), *quiet_summary(run, self.verbosity)]) + "\n"
