"""What the line-oriented formats (concise, github, sarif, junit) report: one record per problem.

A plan that could not be read yields its input errors; a checked plan yields its findings
other than passes (and passes too, when asked). Positions fall back to the plan file itself
when a finding has none, so every record can be located.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcheck.codes import KINDS
from qualcheck.findings import PlanResult, Status
from qualcheck.reporters.base import RunSummary


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    column: int | None
    code: str
    status: Status
    message: str
    hint: str = ""
    rule_id: str | None = None
    undecided: bool = False  # a rule the data cannot decide (see Finding.undecided)
    strict: bool = False  # the run treats warnings as failures (PlanResult.strict)

    @property
    def name(self) -> str:
        kind = KINDS.get(self.code)
        return kind.name if kind else self.code

    @property
    def label(self) -> str:
        """The rule's id in the qualification when there is one, else the code's name."""
        return self.rule_id or self.name


def plan_problems(plan: PlanResult, include_pass: bool = False) -> list[Problem]:
    if plan.error is not None:
        return [
            Problem(
                error.span.path if error.span else plan.path,
                error.span.line if error.span else None,
                error.span.column if error.span else None,
                error.code,
                Status.ERROR,
                error.message,
                error.hint,
            )
            for error in [plan.error, *plan.error.others]
        ]
    found = [
        Problem(
            f.span.path if f.span else plan.path,
            f.span.line if f.span else None,
            f.span.column if f.span else None,
            f.code,
            f.status,
            f.message,
            f.hint,
            f.rule_id,
            f.undecided,
            plan.strict,
        )
        for f in plan.findings
        if include_pass or f.status is not Status.PASS
    ]
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0, p.code))


def fails_plan(problem: Problem) -> bool:
    """Whether this record keeps its plan from being valid."""
    status = problem.status
    return (
        status in (Status.FAIL, Status.ERROR)
        or problem.undecided
        or (problem.strict and status is Status.WARN)
    )


def level(problem: Problem) -> str:
    """error / warning / note, the severity words SARIF and GitHub share."""
    if fails_plan(problem):
        return "error"
    if problem.status is Status.WARN:
        return "warning"
    return "note"


def summary_line(run: RunSummary) -> str:
    total = run.plans
    return (
        f"{total} plan{'' if total == 1 else 's'}: {run.valid} valid, {run.invalid} invalid, "
        + (f"{run.undecided} undecided, " if run.undecided else "")
        + f"{run.error} not checked"
    )
