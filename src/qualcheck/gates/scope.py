"""Scope of registration: the qualification and every unit that counts towards it must be on the
RTO's scope, except units held by credit transfer (issued elsewhere, not delivered here).

A unit off scope cannot count, so every such entry is barred from counting and the plan is judged
without them: if it is still complete, they were not needed (a warning: delivered off scope, or
planned to be); if it then fails, the gate fails naming them. A superseded code
on scope covers its successor only where the register records the successor as equivalent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from qualcheck.engine import check_plan
from qualcheck.engine.view import LocatedPlan, RegisterView
from qualcheck.findings import Finding, PlanResult, Status, Verdict
from qualcheck.gates.scopefile import Scope
from qualcheck.models.values import NOT_COUNTING_OUTCOMES

CODE = "QC501"
QUALIFICATION_RULE = "scope-qualification"  # rule ids of the gate's two results
UNITS_RULE = "scope-units"
NOT_DELIVERED = "credit-transfer"  # issued by another RTO: needs no scope here


def judge_on_scope(
    located: LocatedPlan,
    register: RegisterView,
    scope: Scope,
    as_of: dt.date | None = None,
    *,
    recorded: Iterable[str] = (),
) -> PlanResult:
    """The plan judged as check_plan does, with units off `scope` not counting, and the scope
    gate's finding after the packaging rules."""
    # Every entry off scope is barred from counting before the rules are read, so no assignment
    # can count one (barring only those a first reading counted would let the next reading count
    # another off-scope unit in their place).
    off = {
        entry.code: f"not on the scope of registration ({scope.path})"
        for entry in located.plan.units
        if entry.outcome not in (NOT_DELIVERED, *NOT_COUNTING_OUTCOMES)
        and covering(entry.code, scope, register) is None
    }
    result = check_plan(located, register, as_of, recorded=tuple(recorded), barred=off)
    findings = [_qualification_finding(result.qualification or "", scope, register, located)]
    if off:
        findings.append(_units_finding(sorted(off), result, scope))
    else:
        counted = sum(1 for p in result.placements if p.role in ("core", "elective"))
        findings.append(
            Finding(
                CODE,
                Status.PASS,
                f"every counted unit ({counted}) is on scope or held by credit transfer ({_source(scope)})",
                rule_id=UNITS_RULE,
            )
        )
    _insert_after_rules(result, findings)
    return result


def covering(code: str, scope: Scope, register: RegisterView) -> str | None:
    """The code on `scope` that covers `code`: itself, or a unit it supersedes with equivalence
    (as the register records it, through chains); None when none does."""
    if code in scope.codes:
        return code
    for earlier in sorted(_equivalent_predecessors(code, register)):
        if earlier in scope.codes:
            return earlier
    return None


def _equivalent_predecessors(code: str, register: RegisterView) -> set[str]:
    """Codes `code` supersedes, directly or through a chain, each step marked equivalent."""
    members = register.equivalents(code)
    earlier_of: dict[str, set[str]] = {}  # later code -> the codes it equivalently supersedes
    for member in members:
        unit = register.unit(member)
        for m in unit.mappings if unit else ():
            if not m.equivalent or m.code not in members:
                continue
            later, before = (member, m.code) if m.relation == "supersedes" else (m.code, member)
            earlier_of.setdefault(later, set()).add(before)
    found: set[str] = set()
    todo = [code]
    while todo:
        for before in earlier_of.get(todo.pop(), ()):
            if before not in found:
                found.add(before)
                todo.append(before)
    found.discard(code)
    return found


def _qualification_finding(code: str, scope: Scope, register: RegisterView, located: LocatedPlan) -> Finding:
    span = located.positions.span(("qualification",))
    if code in scope.codes:
        return Finding(CODE, Status.PASS, f"{code} is on scope ({_source(scope)})", span, QUALIFICATION_RULE)
    qualification = register.qualification(code)
    earlier = [
        m.code
        for m in (qualification.mappings if qualification else ())
        if m.relation == "supersedes" and m.equivalent and m.code in scope.codes
    ]
    if earlier:
        return Finding(
            CODE,
            Status.PASS,
            f"{code} is on scope through {earlier[0]}, which it supersedes and is equivalent to "
            f"({_source(scope)})",
            span,
            QUALIFICATION_RULE,
        )
    return Finding(
        CODE,
        Status.FAIL,
        f"{code} is not on the scope of registration ({_source(scope)}): it cannot be issued by this RTO",
        span,
        QUALIFICATION_RULE,
        units=(code,),
        hint=f"add {code} to the RTO's scope (an application to the regulator) before issuing, "
        "or correct the scope file",
    )


def _units_finding(codes: list[str], result: PlanResult, scope: Scope) -> Finding:
    """The units off scope, by what the plan is without them (`result`): a failure when the plan
    then fails (they cannot make up what it lacks), else a warning; either way the verdict is the
    rules' reading without them."""
    without = result.verdict()
    spans = {p.code: p.span for p in result.placements}
    many = len(codes) > 1
    it = "them" if many else "it"
    said = f"{', '.join(codes)} {'are' if many else 'is'} not on the scope of registration ({_source(scope)})"
    if without is Verdict.VALID:
        status, message = Status.WARN, f"{said}; the plan is complete without {it}"
    elif without is Verdict.INVALID:
        status, message = (
            Status.FAIL,
            f"{said} and cannot count; without {it} the plan does not meet every rule",
        )
    else:
        status, message = Status.WARN, f"{said} and cannot count: the rules are read without {it}"
    return Finding(
        CODE,
        status,
        message,
        spans.get(codes[0]),
        UNITS_RULE,
        units=tuple(codes),
        hint="replace each with an elective on scope, add it to the scope, or record `outcome: "
        "credit-transfer` for a unit issued by another RTO",
    )


def _source(scope: Scope) -> str:
    return scope.path + (f", column {scope.column}" if scope.column else "")


def _insert_after_rules(result: PlanResult, findings: list[Finding]) -> None:
    """The gate's findings after the packaging rules' results, before notes on single entries."""
    at = max((i + 1 for i, f in enumerate(result.findings) if f.rule_id is not None), default=0)
    result.findings[at:at] = findings
