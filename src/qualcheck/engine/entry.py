"""QC310 entry-requirements: what a student must hold before entry.

A plan states what the student holds in `prior:` (or a person confirms it under `confirmed:`).
Without either, what the student holds is not recorded: the rule is undecided, and so the plan,
until someone records it. So is a requirement for a qualification's specialisation
(`{code: CHC33021, specialisation: Disability}`) when `prior:` lists the code but not the
specialisation it was awarded with, and a requirement that is a judgement (such as vocational
competence): undecided until a person records the judgement under `confirmed:`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.engine.confirmations import Confirmations
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import EntryRequirement, Held, Plan, Qualification


def check_entry(
    qualification: Qualification, plan: Plan, span: Span, confirmations: Confirmations | None = None
) -> list[Finding]:
    requirement = qualification.packaging.entry_requirements
    if requirement is None:
        return []
    confirmations = confirmations or Confirmations()
    confirmed = confirmations.prior() if requirement.any_of else []
    finding = _entry(requirement, (*plan.prior, *(held for held, _ in confirmed)), span)
    # A confirmation counts as used when the result would differ without it.
    if confirmed and finding != _entry(requirement, plan.prior, span):
        used = [str(confirmations.use(i)) for _, i in confirmed]
        return [replace(finding, confirmed=tuple(used))]
    return [finding]


def _entry(requirement: EntryRequirement, prior: tuple[Held, ...], span: Span) -> Finding:
    manual = Finding(
        "QC310",
        Status.MANUAL,
        "not decided: a person must judge the entry requirement, and no judgement is recorded",
        span,
        rule_id="entry-requirements",
        rule_text=requirement.text,
        undecided=True,
        hint="record the evidence of entry in the student file, and the judgement under `confirmed:` in "
        "the plan: {rule: entry-requirements, by: NAME, on: YYYY-MM-DD, evidence: WHERE}",
    )
    if not requirement.any_of:
        return manual
    options = " or ".join(" + ".join(map(str, option)) for option in requirement.any_of)
    if not prior:
        return replace(
            manual,
            undecided=True,
            message=f"entry needs {options}; not decided: the plan lists nothing under prior:, so what "
            "the student holds is not recorded",
            hint="list what the student holds under prior:, or confirm under `confirmed:` in the plan: "
            "{prior: CODE, by: NAME, on: YYYY-MM-DD, evidence: WHERE}",
        )
    judged = [(option, _judge(option, prior)) for option in requirement.any_of]
    met = [option for option, (ok, _) in judged if ok]
    if met:
        return replace(
            manual,
            status=Status.PASS,
            undecided=False,
            message=f"entry requirement met by {' + '.join(map(str, met[0]))}",
            units=tuple(item.code for item in met[0]),
            hint="",
        )
    unstated = [item for _, (_, items) in judged for item in items]
    held = ", ".join(map(str, prior))
    if unstated:
        # The code is held, but prior: does not say with which specialisation, or names a wider
        # one that includes the one required: a person decides.
        needed = " or ".join(dict.fromkeys(map(str, unstated)))
        example = unstated[0]
        wider = any(h.specialisation for h in prior if h.code in {i.code for i in unstated})
        why = (
            "with a specialisation that names the one required among others: whether it counts is "
            "for a person to judge"
            if wider
            else "without the specialisation"
        )
        return replace(
            manual,
            undecided=True,
            message=f"entry needs {options}; prior: lists {held}, {why} (entry needs {needed}); not decided",
            units=tuple(dict.fromkeys(item.code for item in unstated)),
            hint=f"if the student holds {example}, write it under prior: as "
            f"{{code: {example.code}, specialisation: {example.specialisation}}}; "
            "else confirm entry under `confirmed:`: {rule: entry-requirements, by: NAME, on: YYYY-MM-DD, "
            "evidence: WHERE}",
        )
    return replace(
        manual,
        status=Status.FAIL,
        undecided=False,
        message=f"entry needs {options}; prior: lists {held}",
        hint=f"the student needs {options} before entry",
    )


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
