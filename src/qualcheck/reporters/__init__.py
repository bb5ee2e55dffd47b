"""Reporters turn a RunResult into text for people or machines; none of them checks anything."""

from __future__ import annotations

from collections.abc import Callable

from qualcheck.findings import RunResult

Reporter = Callable[[RunResult, bool], str]  # (result, colour) -> output text

FORMATS = ("text", "json")


def render(result: RunResult, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        from qualcheck.reporters.json import render_json

        return render_json(result)
    from qualcheck.reporters.text import render_text

    return render_text(result, color)
