"""The audit's reports: text for people, json for programs, csv for spreadsheets.

The format names below are the one list of them, for the command line's choices; this module
imports nothing at start-up, each reporter only when its format is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcheck.audit.run import AuditResult

AUDIT_FORMATS = ("text", "json", "csv")


def render_audit(result: AuditResult, fmt: str) -> str:
    """A cohort audit's report in one of AUDIT_FORMATS."""
    if fmt == "text":
        from qualcheck.audit.reporters.text import render_audit_text

        return render_audit_text(result)
    if fmt == "json":
        from qualcheck.audit.reporters.json import render_audit_json

        return render_audit_json(result)
    if fmt == "csv":
        from qualcheck.audit.reporters.csv import render_audit_csv

        return render_audit_csv(result)
    raise ValueError(f"unknown audit format {fmt!r}; known: {', '.join(AUDIT_FORMATS)}")
