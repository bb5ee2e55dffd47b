"""--redact: student identifiers replaced by a stable short hash before any report is made.

A plan's `student:` (PlanResult.student) and an audit's student identifier (each judgement, and
each malformed line that names one) are the student identifiers qualcheck reads. Redaction works
on the results, not in each reporter, so every format, the job summary included, shows the same
hash and none can forget to: `student-` and 12 hex digits of SHA-256 over the identifier, the
same on every run and machine, so two reports of one student can still be matched. Where a
message quotes the identifier it is replaced there too. Paths are kept as they are (a CI log
needs to say which file to open).

The hash hides an identifier from a reader; it does not stop someone who can guess identifiers
(numbered ones, say) from hashing each guess and comparing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from qualcheck.findings import PlanResult, RunResult

if TYPE_CHECKING:
    from qualcheck.audit.run import AuditResult

PREFIX = "student-"
_SALT = b"qualcheck student identifier\x00"  # so the hash is not the plain SHA-256 of the identifier


def student_hash(student: str) -> str:
    """The stable short hash shown instead of `student`."""
    return PREFIX + hashlib.sha256(_SALT + student.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _scrub(text: str, student: str | None) -> str:
    """`text` with each occurrence of the identifier, as a word of its own, replaced by its hash
    (so the identifier `S1` leaves `S10` and `BSB50311` alone)."""
    if not student or student not in text:
        return text
    word = re.compile(rf"(?<![\w-]){re.escape(student)}(?![\w-])")
    return word.sub(student_hash(student), text)


def redact_plan(plan: PlanResult) -> PlanResult:
    if plan.student is None:
        return plan
    student = plan.student
    findings = [
        replace(f, message=_scrub(f.message, student), hint=_scrub(f.hint, student)) for f in plan.findings
    ]
    return replace(plan, student=student_hash(student), findings=findings)


def redact_run(result: RunResult) -> RunResult:
    return replace(result, plans=[redact_plan(plan) for plan in result.plans])


def redact_audit(result: AuditResult) -> AuditResult:
    """The audit with every judgement's student, and each malformed line's, shown as its hash."""
    from qualcheck.audit.avetmiss import LineProblem

    def line(problem: LineProblem) -> LineProblem:
        student = problem.student
        if student is None:
            return problem
        return replace(problem, student=student_hash(student), message=_scrub(problem.message, student))

    judgements = [
        replace(
            j,
            student=student_hash(j.student),
            reasons=[replace(r, message=_scrub(r.message, j.student)) for r in j.reasons],
            malformed=tuple(line(p) for p in j.malformed),
        )
        for j in result.judgements
    ]
    return replace(
        result,
        judgements=judgements,
        problems=[line(p) for p in result.problems],
        warnings=[line(p) for p in result.warnings],
    )
