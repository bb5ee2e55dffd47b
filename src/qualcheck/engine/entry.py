"""QC310 entry-requirements: what a student must hold before entry.

A plan states what the student holds in `prior:`. Without it, or when the requirement is a
judgement (such as vocational competence), the result is manual: never a silent pass.
"""

from __future__ import annotations

from dataclasses import replace

from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import Plan, Qualification


def check_entry(qualification: Qualification, plan: Plan, span: Span) -> list[Finding]:
    requirement = qualification.packaging.entry_requirements
    if requirement is None:
        return []
    manual = Finding(
        "QC310",
        Status.MANUAL,
        "a person must judge the entry requirement",
        span,
        rule_id="entry-requirements",
        rule_text=requirement.text,
        hint="record the evidence of entry in the student file",
    )
    if not requirement.any_of:
        return [manual]
    options = " or ".join(" + ".join(option) for option in requirement.any_of)
    if not plan.prior:
        return [
            replace(
                manual,
                message=f"entry needs {options}; the plan lists nothing under prior:",
                hint="list what the student holds under prior:, or confirm entry by hand",
            )
        ]
    held = set(plan.prior)
    met = [option for option in requirement.any_of if held.issuperset(option)]
    if met:
        return [
            replace(
                manual,
                status=Status.PASS,
                message=f"entry requirement met by {' + '.join(met[0])}",
                units=met[0],
                hint="",
            )
        ]
    return [
        replace(
            manual,
            status=Status.FAIL,
            message=f"entry needs {options}; prior: lists {', '.join(plan.prior)}",
            hint=f"the student needs {options} before entry",
        )
    ]
