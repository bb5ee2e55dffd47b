"""Severity overrides from `[tool.qualcheck] severity`: how much a note on an entry matters.

Only notes on single entries can be adjusted (a duplicate, a surplus unit, a substitution, an
inferred level, a not-counted outcome, an imported unit the register does not hold). Packaging
rules and input errors cannot: letting a setting turn a failed rule into a pass would let a
configuration file declare an invalid plan valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from qualcheck.codes import ADJUSTABLE
from qualcheck.findings import PlanResult, Status

__all__ = ["ADJUSTABLE", "LEVELS", "apply_severity"]
LEVELS = {"fail": Status.FAIL, "warn": Status.WARN, "info": Status.INFO}


def apply_severity(plan: PlanResult, overrides: Mapping[str, str]) -> PlanResult:
    """`plan` with each adjustable note's status set as `overrides` says (code -> fail|warn|info)."""
    if not overrides or plan.error is not None:
        return plan
    plan.findings = [
        replace(f, status=LEVELS[overrides[f.code]])
        if f.code in overrides and f.rule_id is None and f.status in (Status.WARN, Status.INFO)
        else f
        for f in plan.findings
    ]
    return plan
