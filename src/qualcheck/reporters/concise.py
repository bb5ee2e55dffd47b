"""One line per problem, `path:line:col: QC123 message`, as compilers and linters print them.

Editors and CI log viewers turn such lines into links. Passes are listed only with -v; with -q
only the summary line is printed. Each line goes through `visible`: what it quotes from input
cannot start a line of its own or send an escape sequence.
"""

from __future__ import annotations

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import plan_problems, summary_line


class ConciseReporter:
    separator = ""

    def __init__(self, verbosity: int = 0) -> None:
        self.verbosity = verbosity

    def header(self, run: RunSummary) -> str:
        return ""

    def plan(self, plan: PlanResult) -> str:
        if self.verbosity < 0:
            return ""
        lines = []
        for p in plan_problems(plan, include_pass=self.verbosity > 0):
            where = f"{p.path}:{p.line or 1}:{p.column or 1}"
            lines.append(visible(f"{where}: {p.code} [{p.status.value}] {p.label}: {p.message}") + "\n")
        return "".join(lines)

    def footer(self, run: RunSummary, body: bool) -> str:
        return summary_line(run) + "\n"
