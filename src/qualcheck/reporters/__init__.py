"""Reporters turn results into text for people or machines; none of them checks anything.

Each format lives in its own module, imported only when asked for, so a run pays only for the
format it prints. Every format is a `Reporter` (reporters.base): a header, a piece of text per
plan and a footer, so a batch can render each plan as it is judged, in any process, and the
report is those pieces put together in order. The format names below are the one list of them:
the command line's choices and the pyproject.toml settings are checked against these, and this
module imports nothing at start-up, so reading them costs the command line no time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck
    from qualcheck.findings import RunResult
    from qualcheck.reporters.base import Reporter

FORMATS = ("text", "concise", "json", "junit", "sarif", "github", "markdown", "html")

#: The formats that print lines only for the plans that need a person and sum what they leave out.
QUIET_FORMATS = ("concise", "github")


def reporter(
    fmt: str, color: bool = False, verbosity: int = 0, baseline: BaselineCheck | None = None
) -> Reporter:
    """The format `fmt`. `verbosity`: -1 verdicts and summary only (-q), 0 normal, 1 passes in
    detail too (-v). The machine formats (json, junit, sarif) always carry everything they hold;
    the line formats (concise, github) are quiet by default, and against `baseline` leave out the
    findings it holds (see reporters.summary)."""
    if fmt == "text":
        from qualcheck.reporters.text import TextReporter

        return TextReporter(color, verbosity)
    if fmt == "concise":
        from qualcheck.reporters.concise import ConciseReporter

        return ConciseReporter(verbosity, baseline)
    if fmt == "json":
        from qualcheck.reporters.json import JsonReporter

        return JsonReporter()
    if fmt == "junit":
        from qualcheck.reporters.junit import JunitReporter

        return JunitReporter()
    if fmt == "sarif":
        from qualcheck.reporters.sarif import SarifReporter

        return SarifReporter()
    if fmt == "github":
        from qualcheck.reporters.github import GithubReporter

        return GithubReporter(verbosity, baseline)
    if fmt == "markdown":
        from qualcheck.reporters.markdown import MarkdownReporter

        return MarkdownReporter()
    if fmt == "html":
        from qualcheck.reporters.html import HtmlReporter

        return HtmlReporter()
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


def render(result: RunResult, fmt: str, color: bool = False, verbosity: int = 0) -> str:
    """The whole report of `result` in the format `fmt` (see `reporter`)."""
    from qualcheck.reporters.base import RunSummary, assemble

    chosen = reporter(fmt, color, verbosity, result.baseline)
    summary = RunSummary.of(result, sums_left_out(fmt, verbosity))
    return assemble(chosen, summary, [chosen.plan(plan) for plan in result.plans])


def sums_left_out(fmt: str, verbosity: int) -> bool:
    """Whether the format's summary sums what it left out (the quiet line formats, without -v)."""
    return fmt in QUIET_FORMATS and verbosity <= 0
