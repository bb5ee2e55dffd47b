"""QC101 core-units: every core unit must be in the plan."""

from __future__ import annotations

from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import Qualification
from qualcheck.register import Register


def check_core(
    qualification: Qualification, units: list[ResolvedUnit], register: Register, units_span: Span
) -> tuple[Finding, list[ResolvedUnit]]:
    packaging = qualification.packaging
    present = {u.listed_as: u for u in units if u.counts and u.core}
    missing = [code for code in packaging.core if code not in present]
    have = len(packaging.core) - len(missing)
    counted = [present[c] for c in packaging.core if c in present]
    text = f"{packaging.core_units} core units"
    if missing:
        titles = "; ".join(f"{c} {_title(register, c)}" for c in missing)
        return Finding(
            "QC101",
            Status.FAIL,
            f"{len(missing)} of {packaging.core_units} core units missing: {', '.join(missing)}",
            units_span,
            rule_id="core",
            rule_text=text,
            have=have,
            need=packaging.core_units,
            units=tuple(u.code for u in counted),
            hint=f"add {titles}",
        ), counted
    if not packaging.core_complete:
        return Finding(
            "QC101",
            Status.WARN,
            "the register's core list is incomplete, so other core units may be missing",
            units_span,
            rule_id="core",
            rule_text=text,
            have=have,
            need=packaging.core_units,
            units=tuple(u.code for u in counted),
            hint="complete the qualification's core list in the register",
        ), counted
    return Finding(
        "QC101",
        Status.PASS,
        f"all {packaging.core_units} core units present",
        units_span,
        rule_id="core",
        rule_text=text,
        have=have,
        need=packaging.core_units,
        units=tuple(u.code for u in counted),
    ), counted


def _title(register: Register, code: str) -> str:
    unit = register.unit(code)
    return unit.title if unit else ""
