"""QC101 core-units: every core unit must be in the plan."""

from __future__ import annotations

from dataclasses import replace

from qualcheck.engine.recorded import NO_RECORD, add_or_achieve
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import Qualification
from qualcheck.register import Register


def check_core(
    qualification: Qualification,
    units: list[ResolvedUnit],
    register: Register,
    units_span: Span,
    recorded: frozenset[str] = NO_RECORD,
) -> tuple[Finding, list[ResolvedUnit]]:
    """`recorded`: codes the student has a row for outside what counts (see engine.recorded)."""
    packaging = qualification.packaging
    present = {u.listed_as: u for u in units if u.counts and u.core}
    missing = [code for code in packaging.core if code not in present]
    have = len(packaging.core) - len(missing)
    counted = [present[c] for c in packaging.core if c in present]
    passed = Finding(
        "QC101",
        Status.PASS,
        f"all {packaging.core_units} core units present",
        units_span,
        rule_id="core",
        rule_text=f"{packaging.core_units} core units",
        have=have,
        need=packaging.core_units,
        units=tuple(u.code for u in counted),
    )
    if missing:
        titles = [(c, f"{c} {_title(register, c)}") for c in missing]
        message = f"{len(missing)} of {packaging.core_units} core units missing: {', '.join(missing)}"
        hint = add_or_achieve(titles, recorded, "; ")
        return replace(passed, status=Status.FAIL, message=message, hint=hint), counted
    if not packaging.core_complete:
        return replace(
            passed,
            status=Status.WARN,
            message="the register's core list is incomplete, so other core units may be missing",
            hint="complete the qualification's core list in the register",
        ), counted
    return passed, counted


def _title(register: Register, code: str) -> str:
    unit = register.unit(code)
    return unit.title if unit else ""
