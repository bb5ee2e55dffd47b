"""GitHub Actions workflow commands: each problem annotates its line of the plan in a pull request.

`::error file=F,line=L,col=C,title=T::MESSAGE`. GitHub reads `%`, CR and LF in the message as
escapes, and also `:` and `,` in property values (they would end the value early), so each is
written as its percent code. Before that, every control character from input is made `visible`:
the log shows an escape sequence (which it would otherwise render) as text, and a line break
in a plan cannot end the annotation and start a command of its own.

Quiet as concise is (`reporters.summary`): annotations only for the plans a person must act on,
so a pull request over hundreds of plans shows the few that fail; the summary after them, in the
job's log, names those files and sums what was left out; -v annotates every finding but passes,
-q only the input errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.problems import level
from qualcheck.reporters.summary import QuietLineReporter, lines_for

if TYPE_CHECKING:
    pass

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(QuietLineReporter):
    # The footer (QuietLineReporter's) is plain text in the job's log: each line after the first
    # starts with a word or two spaces, never `::`, so none is read as a command.

    def plan(self, plan: PlanResult) -> str:
        lines = []
        for p in lines_for(plan, self.verbosity, self.baseline):
            props = [f"file={escape_property(visible(p.path))}"]
            if p.line is not None:
                props.append(f"line={p.line}")
                props.append(f"col={p.column or 1}")
            props.append(f"title={escape_property(visible(f'{p.code} {p.label}'))}")
            message = visible(p.message + (f" (fix: {p.hint})" if p.hint else ""))
            command = _COMMANDS[level(p)]
            lines.append(f"::{command} {','.join(props)}::{escape_data(message)}\n")
        return "".join(lines)
