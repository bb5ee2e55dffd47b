"""The rule engine: resolve a plan's units, then check each packaging rule.

`check_plan` is the only entry point; each rule family lives in its own module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from qualcheck.engine.assignment import SearchTooLarge
from qualcheck.engine.confirmations import read_confirmations, settle
from qualcheck.engine.core import check_core
from qualcheck.engine.currency import check_currency, not_current
from qualcheck.engine.electives import check_electives
from qualcheck.engine.entry import check_entry
from qualcheck.engine.prerequisites import check_prerequisites
from qualcheck.engine.recorded import recorded_codes
from qualcheck.engine.release import check_release
from qualcheck.engine.resolve import ResolvedUnit, level_words, resolve_units
from qualcheck.engine.specialisations import unnamed_specialisations
from qualcheck.engine.view import LocatedPlan, RegisterView
from qualcheck.errors import InputError
from qualcheck.findings import Finding, PlanResult, Status, UnitPlacement
from qualcheck.io.yamlsource import YamlDocument
from qualcheck.models import Plan, Qualification

__all__ = ["LocatedPlan", "RegisterView", "check_plan"]


def check_plan(
    located: LocatedPlan,
    register: RegisterView,
    as_of: dt.date | None = None,
    *,
    recorded: Iterable[str] = (),
    barred: Mapping[str, str] | None = None,
) -> PlanResult:
    """Check one plan, with the positions of its values, against its qualification in a
    read-only view of the register. Raises InputError when it cannot be checked.

    With `as_of`, units and the qualification are also checked for currency on that date, and
    the date is recorded on the result (issuance needs it); without it, currency is not checked.
    `recorded` names every unit the student has a record of, in the plan or not (the audit's
    rows): no fix suggests adding one of them, or an equivalent (see engine.recorded).
    `barred` maps codes that may not count to why (a compliance gate's, e.g. off scope).
    """
    plan, doc = located.plan, located.positions
    qualification = _qualification(plan, doc, register)
    result = PlanResult(
        path=doc.path,
        qualification=qualification.code,
        qualification_title=qualification.title,
        release=qualification.release,
        student=plan.student,
        specialisation=qualification.packaging.specialisations[plan.specialisation].title
        if plan.specialisation
        else None,
    )
    units_span = doc.span(("units",), key=True)
    confirmations = read_confirmations(plan, doc, qualification)
    units, unit_findings = resolve_units(plan, doc, qualification, register, confirmations, barred)
    held = recorded_codes(recorded, register)
    core_finding, core_units, core_hopeful = check_core(qualification, units, register, units_span, held)
    specialisations = qualification.packaging.specialisations
    named = specialisations[plan.specialisation].rules if plan.specialisation else ()
    try:
        electives = check_electives(
            qualification, units, len(core_units), units_span, named, confirmations, core_hopeful, held
        )
    except SearchTooLarge as exc:
        raise InputError(
            "QC016",
            f"not judged: {qualification.code}'s rules and this plan's units cross each other in too many "
            f"ways for the exact search ({exc})",
            units_span,
            "a person must check this plan by hand; please report it, with the plan, so the search can "
            "learn this shape",
        ) from None
    extra = check_prerequisites(qualification, units, electives.counted, register, units_span, held)
    extra += check_release(plan, qualification, doc)
    entry_span = doc.span(("prior",), key=True) if plan.prior else units_span
    extra += check_entry(qualification, plan, entry_span, confirmations)
    if as_of is not None:
        extra += check_currency(qualification, units, register, as_of, doc.span(("qualification",)))
        result.checked_on = as_of
        result.not_current = not_current(qualification, as_of)
    if not plan.specialisation:
        extra += unnamed_specialisations(qualification, units, units_span)
    manual = [
        Finding(
            "QC901",
            Status.MANUAL,
            check.text,
            units_span,
            rule_id=check.id,
            rule_text=check.text,
            hint="a person must confirm this; no program can",
        )
        for check in qualification.packaging.manual
    ]
    total_finding, *elective_findings = electives.findings
    # Rules in the order the source states them, then notes about individual entries.
    findings = [total_finding, core_finding, *elective_findings, *extra, *manual]
    findings = [settle(f, confirmations) for f in findings]
    result.findings = [*findings, *unit_findings, *confirmations.stale()]
    result.confirmed = [str(c) for i, c in enumerate(confirmations.entries) if i in confirmations.used]
    result.placements = [_placement(u, electives.counted, electives.why_not) for u in units]
    return result


def _qualification(plan: Plan, doc: YamlDocument, register: RegisterView) -> Qualification:
    qualification = register.qualification(plan.qualification)
    if qualification is None:
        suggestion = register.suggest_qualification(plan.qualification)
        held = ", ".join(register.qualification_codes()) or "none"
        raise InputError(
            "QC010",
            f"unknown qualification {plan.qualification}",
            doc.span(("qualification",)),
            f"did you mean {suggestion}?"
            if suggestion
            else f"the register holds: {held}; use --data to point at another register",
        )
    if (
        plan.release is not None
        and qualification.release is not None
        and plan.release != qualification.release
    ):
        raise InputError(
            "QC012",
            f"{plan.qualification} release {plan.release} is not in the register "
            f"(it holds release {qualification.release})",
            doc.span(("release",)),
            f"remove 'release:' to check against release {qualification.release}, or add release "
            f"{plan.release} to the register",
        )
    known = qualification.packaging.specialisations
    if plan.specialisation is not None and plan.specialisation not in known:
        raise InputError(
            "QC013",
            f"{plan.qualification} has no specialisation '{plan.specialisation}'",
            doc.span(("specialisation",)),
            f"choose one of: {', '.join(known)}"
            if known
            else f"{plan.qualification} has no specialisations: remove 'specialisation:'",
        )
    return qualification


def _placement(unit: ResolvedUnit, counted: frozenset[int], why_not: dict[int, str]) -> UnitPlacement:
    stand_in = unit.listed_as if unit.listed_as and unit.listed_as != unit.code else None
    if not unit.counts:
        role, detail = "not counted", unit.reason
    elif unit.core:
        role, detail = "core", "core"
    elif unit.index in counted:
        role, detail = "elective", _where(unit)
    else:
        role, detail = "not counted", why_not.get(unit.index, "does not count")
    return UnitPlacement(
        code=unit.code,
        title=unit.title,
        role=role,
        detail=detail,
        counted_as=stand_in,
        level=unit.level,
        level_inferred=unit.level_inferred,
        span=unit.span,
        outcome=unit.outcome,
    )


def _where(unit: ResolvedUnit) -> str:
    if unit.groups:
        return "Group " + " and ".join(sorted(unit.groups))
    source = f"from {unit.source_qualification}" if unit.source_qualification else "not listed"
    return f"imported {source}, {level_words(unit.level)}"
