"""The audit for people: flagged completions first, then each student, then the summary table.

Student ids, titles, paths and messages come from the NAT or CSV files and the register: each
goes through `visible`, so none of their control characters reaches the terminal.
"""

from __future__ import annotations

from qualcheck.audit.avetmiss import LineProblem
from qualcheck.audit.cohort import VERDICT_WORDS, CohortVerdict, Judgement
from qualcheck.audit.outcomes import NATIONAL_OUTCOMES
from qualcheck.audit.run import AuditResult
from qualcheck.io.neutral import visible

_ORDER = [
    CohortVerdict.NOT_JUDGED,
    CohortVerdict.CANNOT_COMPLETE,
    CohortVerdict.ON_TRACK,
    CohortVerdict.ELIGIBLE,
]


def render_audit_text(result: AuditResult) -> str:
    out: list[str] = []
    flagged = [j for j in result.judgements if j.unsupported_completion]
    if flagged:
        out.append(f"Completions the packaging rules do not support ({len(flagged)}):")
        out.extend(_judgement(j, result, verdict=True) for j in flagged)
        out.append("")
    for verdict in _ORDER:
        chosen = [j for j in result.judgements if j.verdict is verdict and not j.unsupported_completion]
        if chosen:
            out.append(f"{VERDICT_WORDS[verdict].capitalize()} ({len(chosen)}):")
            out.extend(_judgement(j, result, reasons=verdict is not CohortVerdict.ELIGIBLE) for j in chosen)
            out.append("")
    if result.problems:
        out.append(f"Malformed lines ({len(result.problems)}), not used:")
        out.extend(visible(f"  {p}{_named(p)}") for p in result.problems)
        out.append("")
    if result.warnings:
        out.append(f"Warnings ({len(result.warnings)}):")
        out.extend(visible(f"  {p}") for p in result.warnings)
        out.append("")
    out.extend(_summary(result))
    return "\n".join(out) + "\n"


def _judgement(j: Judgement, result: AuditResult, reasons: bool = True, verdict: bool = False) -> str:
    title = j.title or result.program_names.get(j.qualification) or ""
    units = j.counts
    qualification = j.qualification or "(qualification not read)"
    head = visible(
        f"  {j.student}  {qualification}{' ' + title if title else ''}  ({j.path}:{j.line}; "
        f"{units['achieved']} achieved, {units['in-progress']} in progress, "
        f"{units['not-achieved']} not achieved, {units['not-counting']} not counting)"
    )
    if verdict:
        head += f"  {VERDICT_WORDS[j.verdict]}"
    # Eligible by the packaging rules is not issuable when the qualification is no longer current.
    current = [f"      ! not current: {visible(why)}" for why in j.not_current]
    if not reasons:
        return "\n".join([head, *current])
    lines = [head, *current]
    # For a student on track the engine's failures are what is still to come, not faults.
    mark = "·" if j.verdict is CohortVerdict.ON_TRACK and not j.unsupported_completion else "✗"
    if j.verdict is CohortVerdict.NOT_JUDGED:
        mark = "?"  # not a fault found: something the data does not say
    for reason in j.reasons:
        rows = f"  ({visible(j.path)}:{', '.join(map(str, reason.lines))})" if reason.lines else ""
        lines.append(f"      {mark} {visible(reason.message)}{rows}")
        if reason.hint:
            lines.append(f"        fix: {visible(reason.hint)}")
    return "\n".join(lines)


def _named(problem: LineProblem) -> str:
    """Who a malformed line leaves unjudged, when it names a student (the student's entries say for
    which qualifications)."""
    return "" if problem.student is None else f" (student {problem.student}: not judged)"


def _summary(result: AuditResult) -> list[str]:
    students = len({j.student for j in result.judgements})
    rows = [
        ("eligible for award", result.count(CohortVerdict.ELIGIBLE)),
        ("on track", result.count(CohortVerdict.ON_TRACK)),
        ("cannot complete as enrolled", result.count(CohortVerdict.CANNOT_COMPLETE)),
        (
            "not judged (unknown code or AQF level, or a malformed line)",
            result.count(CohortVerdict.NOT_JUDGED),
        ),
        ("student-qualification pairs", len(result.judgements)),
        ("students", students),
        ("completions not supported by the rules", result.unsupported_completions),
        ("lines read", result.rows),
        ("malformed lines (not used)", len(result.problems)),
        ("subject-only rows (no program)", result.subject_only),
        ("warnings", len(result.warnings)),
    ]
    width = max(len(label) for label, _ in rows)
    out = ["Summary", *(f"  {label:<{width}}  {count:>9}" for label, count in rows)]
    if result.outcomes:
        out.append("Outcomes read, and how each counted")
        for code, count in sorted(result.outcomes.items()):
            known = NATIONAL_OUTCOMES.get(code)
            label = f"{code} {known.meaning}" if known else visible(code)
            treated = f"  {known.treatment.value}" if known else ""
            out.append(f"  {label:<60}{treated:<15}{count:>9}")
    return out
