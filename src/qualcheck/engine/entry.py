"""QC310 entry-requirements: what a student must hold before entry.

A plan states what the student holds in `prior:`. Without it, or when the requirement is a
judgement (such as vocational competence), the result is manual: never a silent pass.
"""

from __future__ import annotations

from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import Plan, Qualification


def check_entry(qualification: Qualification, plan: Plan, span: Span) -> list[Finding]:
    requirement = qualification.packaging.entry_requirements
    if requirement is None:
        return []
    base = {"rule_id": "entry-requirements", "rule_text": requirement.text}
    if not requirement.any_of:
        return [
            Finding(
                "QC310",
                Status.MANUAL,
                "a person must judge the entry requirement",
                span,
                hint="record the evidence of entry in the student file",
                **base,
            )
        ]  # type: ignore[arg-type]
    options = " or ".join(" + ".join(option) for option in requirement.any_of)
    if not plan.prior:
        return [
            Finding(
                "QC310",
                Status.MANUAL,
                f"entry needs {options}; the plan lists nothing under prior:",
                span,
                hint="list what the student holds under prior:, or confirm entry by hand",
                **base,
            )
        ]  # type: ignore[arg-type]
    held = set(plan.prior)
    met = [option for option in requirement.any_of if held.issuperset(option)]
    if met:
        return [
            Finding(
                "QC310",
                Status.PASS,
                f"entry requirement met by {' + '.join(met[0])}",
                span,
                units=tuple(met[0]),
                **base,
            )
        ]  # type: ignore[arg-type]
    return [
        Finding(
            "QC310",
            Status.FAIL,
            f"entry needs {options}; prior: lists {', '.join(plan.prior)}",
            span,
            hint=f"the student needs {options} before entry",
            **base,
        )
    ]  # type: ignore[arg-type]
