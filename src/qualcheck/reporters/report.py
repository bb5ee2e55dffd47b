"""Wording shared by the reports a person reads (text, markdown, html): verdicts, rule rows, unit rows.

Those formats lay the same content out differently; keeping the words here keeps them the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcheck.findings import Finding, PlanResult, Status, UnitPlacement, Verdict

VERDICT_WORDS = {
    Verdict.VALID: "VALID",
    Verdict.INVALID: "INVALID",
    Verdict.UNDECIDED: "UNDECIDED",
    Verdict.ERROR: "NOT CHECKED",
}


def verdict_sentence(plan: PlanResult, strict: bool) -> str:
    verdict = plan.verdict(strict)
    what = f"{plan.qualification} release {plan.release}"
    if verdict is Verdict.VALID:
        return f"The plan meets every packaging rule of {what}."
    if verdict is Verdict.INVALID:
        count, names = rule_list(failed_rules(plan, strict))
        return f"{count} of {what} not met: {names}."
    if verdict is Verdict.UNDECIDED:
        count, names = rule_list([f for f in plan.findings if f.undecided])
        return f"{count} ({names}) of {what} cannot be decided from the data: a person must confirm."
    return "The plan could not be checked: fix the input errors below and run again."


@dataclass(frozen=True)
class RuleRow:
    status: str
    code: str
    rule: str
    message: str
    have: str
    need: str
    fix: str
    rule_text: str


def rule_rows(plan: PlanResult) -> list[RuleRow]:
    """The qualification's rules, then notes on individual entries, in the engine's order."""
    ordered = [f for f in plan.findings if f.rule_id is not None] + [
        f for f in plan.findings if f.rule_id is None
    ]
    return [_row(f) for f in ordered]


def _row(f: Finding) -> RuleRow:
    fix = f.hint if f.status is not Status.PASS else ""
    return RuleRow(
        status=f.status.value,
        code=f.code,
        rule=f.rule_id or f.name,
        message=f.message,
        have="" if f.have is None else str(f.have),
        need="" if f.need is None else str(f.need),
        fix=fix,
        rule_text=f.rule_text or "",
    )


@dataclass(frozen=True)
class UnitRow:
    code: str
    title: str
    level: str
    counted: str
    line: str


def unit_rows(plan: PlanResult) -> list[UnitRow]:
    return [_unit(p) for p in plan.placements]


def _unit(p: UnitPlacement) -> UnitRow:
    where = p.detail if p.role != "elective" else f"elective, {p.detail}"
    if p.counted_as:
        where += f", counts as {p.counted_as}"
    level = f"AQF {p.level}" + (" (inferred)" if p.level_inferred else "") if p.level else "unknown"
    return UnitRow(
        code=p.code,
        title=p.title or "(not in register)",
        level=level,
        counted=where,
        line="" if p.span is None or p.span.line is None else str(p.span.line),
    )


def failed_rules(plan: PlanResult, strict: bool) -> list[Finding]:
    """The findings that make the plan invalid: failures, and warnings under strict."""
    return [f for f in plan.findings if f.status is Status.FAIL or (strict and f.status is Status.WARN)]


def rule_list(findings: list[Finding]) -> tuple[str, str]:
    """('2 rules', 'QC102 total, QC201 electives'): how many rules, and which."""
    names = ", ".join(f"{f.code} {f.rule_id or f.name}" for f in findings)
    return f"{len(findings)} rule{'s' if len(findings) != 1 else ''}", names
