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

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.summary import QuietLineReporter, lines_for


class ConciseReporter(QuietLineReporter):
    def plan(self, plan: PlanResult) -> str:
        lines = []
        for p in lines_for(plan, self.verbosity, self.baseline, include_pass=True):
            where = f"{p.path}:{p.line or 1}:{p.column or 1}"
            lines.append(visible(f"{where}: {p.code} [{p.status.value}] {p.label}: {p.message}") + "\n")
        return "".join(lines)
