"""Reporters turn a RunResult into text for people or machines; none of them checks anything.

Each format lives in its own module, imported only when asked for, so a run pays only for the
format it prints. The format names below are the one list of them: the command line's choices
and the pyproject.toml settings are checked against these, and this module imports nothing, so
reading them costs the command line no start-up time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcheck.findings import RunResult

FORMATS = ("text", "concise", "json", "junit", "sarif", "github", "markdown", "html")


def render(result: RunResult, fmt: str, color: bool = False, verbosity: int = 0) -> str:
    """`verbosity`: -1 verdicts and summary only (-q), 0 normal, 1 passes in detail too (-v).

    The machine formats (json, junit, sarif) always carry everything they hold; the line formats
    (concise, github) are quiet by default (see reporters.summary).
    """
    if fmt == "text":
        from qualcheck.reporters.text import render_text

        return render_text(result, color, verbosity)
    if fmt == "concise":
        from qualcheck.reporters.concise import render_concise

        return render_concise(result, verbosity)
    if fmt == "json":
        from qualcheck.reporters.json import render_json

        return render_json(result)
    if fmt == "junit":
        from qualcheck.reporters.junit import render_junit

        return render_junit(result)
    if fmt == "sarif":
        from qualcheck.reporters.sarif import render_sarif

        return render_sarif(result)
    if fmt == "github":
        from qualcheck.reporters.github import render_github

        return render_github(result, verbosity)
    if fmt == "markdown":
        from qualcheck.reporters.markdown import render_markdown

        return render_markdown(result)
    if fmt == "html":
        from qualcheck.reporters.html import render_html

        return render_html(result)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
