"""GitHub Actions workflow commands: each problem annotates its line of the plan in a pull request.

`::error file=F,line=L,col=C,title=T::MESSAGE`. GitHub reads `%`, CR and LF in the message as
escapes, and also `:` and `,` in property values (they would end the value early), so each is
written as its percent code. Before that, every control character from input is made `visible`:
the log shows an escape sequence (which it would otherwise render) as text, and a line break
in a plan cannot end the annotation and start a command of its own.
"""

from __future__ import annotations

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import level, plan_problems, summary_line

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    separator = ""

    def header(self, run: RunSummary) -> str:
        return ""

    def plan(self, plan: PlanResult) -> str:
        lines = []
        for p in plan_problems(plan):
            props = [f"file={escape_property(visible(p.path))}"]
            if p.line is not None:
                props.append(f"line={p.line}")
                props.append(f"col={p.column or 1}")
            props.append(f"title={escape_property(visible(f'{p.code} {p.label}'))}")
            message = visible(p.message + (f" (fix: {p.hint})" if p.hint else ""))
            command = _COMMANDS[level(p)]
            lines.append(f"::{command} {','.join(props)}::{escape_data(message)}\n")
        return "".join(lines)

    def footer(self, run: RunSummary, body: bool) -> str:
        return summary_line(run) + "\n"  # plain text: shown in the job's log
