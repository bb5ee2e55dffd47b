"""QC310 entry-requirements: what a student must hold before entry.

A plan states what the student holds in `prior:`. Without it, or when the requirement is a
judgement (such as vocational competence), the result is manual: never a silent pass. So is a
requirement for a qualification's specialisation (`{code: CHC33021, specialisation: Disability}`)
when `prior:` lists the code but not the specialisation it was awarded with.
"""

from __future__ import annotations

from dataclasses import replace

from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import Held, Plan, Qualification


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
    options = " or ".join(" + ".join(map(str, option)) for option in requirement.any_of)
    if not plan.prior:
        return [
            replace(
                manual,
                message=f"entry needs {options}; the plan lists nothing under prior:",
                hint="list what the student holds under prior:, or confirm entry by hand",
            )
        ]
    judged = [(option, _judge(option, plan.prior)) for option in requirement.any_of]
    met = [option for option, (ok, _) in judged if ok]
    if met:
        return [
            replace(
                manual,
                status=Status.PASS,
                message=f"entry requirement met by {' + '.join(map(str, met[0]))}",
                units=tuple(item.code for item in met[0]),
                hint="",
            )
        ]
    unstated = [item for _, (_, items) in judged for item in items]
    held = ", ".join(map(str, plan.prior))
    if unstated:
        # The code is held, but prior: does not say with which specialisation, or names a wider
        # one that includes the one required: a person decides.
        needed = " or ".join(dict.fromkeys(map(str, unstated)))
        example = unstated[0]
        wider = any(h.specialisation for h in plan.prior if h.code in {i.code for i in unstated})
        why = (
            "with a specialisation that names the one required among others: whether it counts is "
            "for a person to judge"
            if wider
            else "without the specialisation"
        )
        return [
            replace(
                manual,
                message=f"entry needs {options}; prior: lists {held}, {why} (entry needs {needed})",
                units=tuple(dict.fromkeys(item.code for item in unstated)),
                hint=f"if the student holds {example}, write it under prior: as "
                f"{{code: {example.code}, specialisation: {example.specialisation}}}; "
                "else confirm entry by hand",
            )
        ]
    return [
        replace(
            manual,
            status=Status.FAIL,
            message=f"entry needs {options}; prior: lists {held}",
            hint=f"the student needs {options} before entry",
        )
    ]


def _judge(option: tuple[Held, ...], prior: tuple[Held, ...]) -> tuple[bool, list[Held]]:
    """Whether `prior` meets every item of `option`; when it does not, the items only a person
    can settle: the code is held without naming a specialisation, or with a wider one that
    names the one required ('Ageing and Disability' for 'Disability')."""
    unsettled: list[Held] = []
    for item in option:
        same_code = [held for held in prior if held.code == item.code]
        if item.specialisation is None and same_code:
            continue
        if any(item.same_specialisation(held.specialisation) for held in same_code):
            continue
        if any(
            held.specialisation is None or item.may_cover_specialisation(held.specialisation)
            for held in same_code
        ):
            unsettled.append(item)
            continue
        return False, []
    return not unsettled, unsettled
