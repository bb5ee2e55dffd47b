"""Minimal ANSI styling for the text report (rich costs ~80 ms of start-up; this costs none)."""

from __future__ import annotations

import os
from typing import TextIO

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "cyan": "36",
}

COLORS = ("auto", "always", "never")  # the --color choices and the color setting's values


def use_color(choice: str, stream: TextIO) -> bool:
    """Decide colour from --color, then NO_COLOR / FORCE_COLOR / TERM=dumb, then the terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Styler:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled:  # a report of many plans calls this some 50 times a plan
            return text
        styles = tuple(s for s in styles if s)  # "" means "no style", e.g. `"red" if x else ""`
        if not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"
