"""Wording shared by the reports a person reads (text, markdown, html): verdicts, rule rows, unit rows.

Those formats lay the same content out differently; keeping the words here keeps them the same.
Every sentence and row that holds text from input (a plan, the register, a file name) comes out
through `visible`, so no reporter using these can print a control character from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qualcheck import __version__
from qualcheck.findings import NOT_VALID, Finding, PlanResult, Status, UnitPlacement, Verdict
from qualcheck.io.neutral import visible

VERDICT_WORDS = {
    Verdict.VALID: "VALID",
    Verdict.INVALID: "INVALID",
    Verdict.UNDECIDED: "UNDECIDED",
    Verdict.ERROR: "NOT CHECKED",
}


def release_words(plan: PlanResult) -> str:
    """'release 3', or 'release not recorded' when the register has no release number."""
    return f"release {plan.release}" if plan.release is not None else "release not recorded"


def verdict_sentence(plan: PlanResult) -> str:
    verdict = plan.verdict()
    release = f" release {plan.release}" if plan.release is not None else " (release not recorded)"
    what = visible(f"{plan.qualification}{release}")
    if verdict is Verdict.VALID:
        return f"The plan meets every packaging rule of {what}."
    if verdict is Verdict.INVALID:
        count, names = rule_list(failed_rules(plan))
        return f"{count} of {what} not met: {names}."
    if verdict is Verdict.UNDECIDED:
        count, names = rule_list([f for f in plan.findings if f.undecided])
        return f"{count} ({names}) of {what} cannot be decided from the data: a person must confirm."
    return "The plan could not be checked: fix the input errors below and run again."


def achievement_sentence(plan: PlanResult) -> str:
    """'achieved: ...' or 'not achieved: ...', naming the counted units still outstanding."""
    if plan.achieved():
        return "achieved: every counted unit is completed, credit-transfer or rpl"
    verdict = plan.verdict()
    reasons = (
        [] if verdict is Verdict.VALID else [NOT_VALID.get(verdict, f"the plan's verdict is {verdict.value}")]
    )
    pending = plan.not_yet_achieved()
    if pending:
        many = len(pending) != 1
        reasons.append(
            f"{len(pending)} counted unit{'s' if many else ''} outstanding (not yet achieved): "
            + ", ".join(pending)
        )
    return visible("not achieved: " + "; ".join(reasons))


def issuance_sentence(plan: PlanResult) -> str:
    """'can be issued: ...' or 'not issuable: ...' with every reason, on the date checked."""
    issuance = plan.issuance()
    if not issuance.issuable:
        return visible("not issuable: " + "; ".join(issuance.reasons))
    manual = sum(1 for f in plan.findings if f.status is Status.MANUAL and not f.undecided)
    after = (
        f", once a person confirms the {manual} manual check{'s' if manual != 1 else ''}" if manual else ""
    )
    return (
        "can be issued: the plan is valid, every counted unit is achieved and the register records no "
        f"supersession or deletion of {visible(plan.qualification or '')} by {issuance.checked_on}{after}"
    )


def checked_words(checked_on: dt.date | None) -> str:
    """'checked on 2026-07-01 with qualcheck 0.1.0': the date currency was checked on, and the tool."""
    when = f"checked on {checked_on}" if checked_on else "currency not checked (no date given)"
    return f"{when} with qualcheck {__version__}"


def outcome_words(outcome: str | None) -> str:
    """The plan's outcome for an entry, or 'not recorded' when it gives none."""
    return visible(outcome) if outcome else "not recorded"


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
    confirmed = "".join(f"; confirmed: {text}" for text in f.confirmed)
    return RuleRow(
        status="undecided" if f.undecided else f.status.value,
        code=f.code,
        rule=visible(f.rule_id or f.name),
        message=visible(f.message + confirmed),
        have="" if f.have is None else str(f.have),
        need="" if f.need is None else str(f.need),
        fix=visible(fix),
        rule_text=visible(f.rule_text or ""),
    )


@dataclass(frozen=True)
class UnitRow:
    code: str
    title: str
    level: str
    counted: str
    line: str
    outcome: str


def unit_rows(plan: PlanResult) -> list[UnitRow]:
    return [_unit(p) for p in plan.placements]


def _unit(p: UnitPlacement) -> UnitRow:
    where = p.detail if p.role != "elective" else f"elective, {p.detail}"
    if p.counted_as:
        where += f", counts as {p.counted_as}"
    level = f"AQF {p.level}" + (" (inferred)" if p.level_inferred else "") if p.level else "unknown"
    return UnitRow(
        code=visible(p.code),
        title=visible(p.title or "(not in register)"),
        level=level,
        counted=visible(where),
        line="" if p.span is None or p.span.line is None else str(p.span.line),
        outcome=outcome_words(p.outcome),
    )


def failed_rules(plan: PlanResult) -> list[Finding]:
    """The findings that make the plan invalid: failures, and warnings when the run is strict."""
    return [f for f in plan.findings if f.status is Status.FAIL or (plan.strict and f.status is Status.WARN)]


def rule_list(findings: list[Finding]) -> tuple[str, str]:
    """('2 rules', 'QC102 total, QC201 electives'): how many rules, and which."""
    names = visible(", ".join(f"{f.code} {f.rule_id or f.name}" for f in findings))
    return f"{len(findings)} rule{'s' if len(findings) != 1 else ''}", names


def confirmation_sentences(plan: PlanResult) -> list[str]:
    """What a person confirmed for this plan, each with who, when and on what evidence."""
    return [f"confirmed by a person (not in the register): {visible(text)}" for text in plan.confirmed]


@dataclass(frozen=True)
class StateItem:
    """One line of a plan's state under its verdict: `label: text`; `good` colours the label
    (True achieved or issuable, False not; None for a plain fact)."""

    label: str
    text: str
    good: bool | None = None


def state_items(plan: PlanResult) -> list[StateItem]:
    """Achieved or not, issuable or not, the date checked, and what a person confirmed."""
    achieved, achieved_why = achievement_sentence(plan).split(": ", 1)
    issuable, issuable_why = issuance_sentence(plan).split(": ", 1)
    when = plan.checked_on.isoformat() if plan.checked_on else "not checked (no date given)"
    items = [
        StateItem(achieved.capitalize(), achieved_why, plan.achieved()),
        StateItem(issuable.capitalize(), issuable_why, plan.issuance().issuable),
        StateItem("Currency checked on", when),
    ]
    items += [StateItem("Confirmed by a person (not in the register)", text) for text in plan.confirmed]
    return items
