"""QC014 release-not-recorded: a plan names a release the register cannot confirm it holds.

When the register's file records no release number (no source showed it), a plan that names a
release may be judged against the rules of another one: the result is undecided until a person
confirms the file's rules are that release's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.findings import Finding, Status
from qualcheck.io.yamlsource import YamlDocument

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Plan, Qualification


def check_release(plan: Plan, qualification: Qualification, doc: YamlDocument) -> list[Finding]:
    if plan.release is None or qualification.release is not None:
        return []
    return [
        Finding(
            "QC014",
            Status.MANUAL,
            f"the plan is for release {plan.release}, but the register does not record which release of "
            f"{qualification.code} its rules are from; not decided",
            doc.span(("release",)),
            rule_id="release",
            rule_text=f"release {plan.release}",
            undecided=True,
            hint=f"check the rules against release {plan.release} on training.gov.au and record the "
            "release in the register, or confirm under `confirmed:` in the plan: "
            "{rule: release, by: NAME, on: YYYY-MM-DD, evidence: WHERE}",
        )
    ]
