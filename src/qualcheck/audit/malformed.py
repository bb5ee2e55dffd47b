"""Hand each malformed line of a cohort to the student it names, who is then not judged.

A student judged on the lines that could be read, without the one that could not, may get the
wrong verdict either way: the lost line may be the unit that completes the qualification, or a
result that undoes it. So a malformed line whose student can be read leaves that student
unjudged:

- for the qualification the line names, when the student has other lines for it;
- for every qualification of the student when the line's qualification cannot be read, or names
  one that none of the student's other lines names (a line with a field too wide or too narrow
  reads a neighbouring field as its qualification);
- a student with no other line is listed from the malformed line alone.

Which pairs a line goes to depends only on the lines that could be read, never on the order of
the malformed ones, so the report is the same for the rows in any order. A line whose student
cannot be read stays only in the list of malformed lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualcheck.audit.avetmiss import LineProblem
from qualcheck.audit.cohort import Enrolment

Groups = dict[tuple[str, str], Enrolment]


def attach_malformed(groups: Groups, problems: Iterable[LineProblem]) -> None:
    """Add each problem that names a student to the enrolments it may belong to (see above)."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for key in groups:
        pairs.setdefault(key[0], []).append(key)
    for problem in problems:
        if problem.student is None:
            continue
        key = (problem.student, problem.qualification or "")
        if problem.qualification and key in pairs.get(problem.student, ()):
            targets = [key]
        else:
            targets = pairs.get(problem.student) or [key]
        for target in targets:
            enrolment = groups.get(target)
            if enrolment is None:
                enrolment = groups[target] = Enrolment(target[0], target[1], problem.path)
            enrolment.malformed.append(problem)
