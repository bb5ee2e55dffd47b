"""One line per problem, `path:line:col: QC123 message`, as compilers and linters print them.

Editors and CI log viewers turn such lines into links. Passes are listed only with -v; with -q
only the summary line is printed. Each line goes through `visible`: what it quotes from input
cannot start a line of its own or send an escape sequence.
"""

from __future__ import annotations

from qualcheck.findings import RunResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.problems import plan_problems, summary_line


def render_concise(result: RunResult, verbosity: int = 0) -> str:
    lines: list[str] = []
    if verbosity >= 0:
        for plan in result.plans:
            for p in plan_problems(plan, include_pass=verbosity > 0):
                where = f"{p.path}:{p.line or 1}:{p.column or 1}"
                lines.append(visible(f"{where}: {p.code} [{p.status.value}] {p.label}: {p.message}"))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
