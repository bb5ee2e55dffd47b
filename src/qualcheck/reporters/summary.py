"""What a batch's summary says besides its counts: the files that need a person, what the quiet line
formats left out, and the findings counted by code and by qualification (--statistics).

Every format's summary names the plans that are invalid, undecided or not checked (the first
FILES_NAMED of each, then how many more), so a CI log of 500 plans says which five to open. The
line formats (concise, github) print lines only for the plans that need a person; what they leave
out (the warnings, manual checks and notes on valid plans) is summed here in one sentence, and
`-v` lists it. Every path and code from input goes through `visible` where it becomes text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from qualcheck.codes import name_of
from qualcheck.findings import Finding, PlanResult, RunResult, Status, Verdict
from qualcheck.io.neutral import visible
from qualcheck.reporters.problems import Problem, plan_problems

FILES_NAMED = 20  # per verdict: enough to act on, few enough for one line of a log

#: The verdicts whose files a summary names, with the word it names them by.
NEEDS_A_PERSON = (
    (Verdict.INVALID, "invalid"),
    (Verdict.UNDECIDED, "undecided"),
    (Verdict.ERROR, "not checked"),
)

#: What a line format leaves out on a valid plan, by status: the singular and plural words.
_QUIET_KINDS = (
    (Status.WARN, "warning", "warnings"),
    (Status.MANUAL, "manual check", "manual checks"),
    (Status.INFO, "note", "notes"),
)


@dataclass(frozen=True)
class NamedFiles:
    """The plans of one verdict: the first FILES_NAMED paths, and how many more there are."""

    verdict: Verdict
    word: str
    paths: tuple[str, ...]
    more: int

    @property
    def total(self) -> int:
        return len(self.paths) + self.more

    def line(self) -> str:
        """`invalid (3): a.yaml, b.yaml, c.yaml`, or `... and 12 more` past the first ones."""
        more = f" and {self.more} more" if self.more else ""
        return visible(f"{self.word} ({self.total}): {', '.join(self.paths)}{more}")

    def to_dict(self) -> dict[str, Any]:
        return {"files": list(self.paths), "more": self.more}


def named_files(result: RunResult) -> list[NamedFiles]:
    """The verdicts some plan of the run has, among NEEDS_A_PERSON, each with its files."""
    found = []
    for verdict, word in NEEDS_A_PERSON:
        paths = [plan.path for plan in result.plans if plan.verdict() is verdict]
        if paths:
            found.append(
                NamedFiles(verdict, word, tuple(paths[:FILES_NAMED]), max(0, len(paths) - FILES_NAMED))
            )
    return found


def named_files_data(result: RunResult) -> dict[str, Any]:
    """The JSON summary's `files`: for invalid, undecided and error, the first paths and the rest's count."""
    named = {f.verdict: f for f in named_files(result)}
    return {
        verdict.value: (named[verdict].to_dict() if verdict in named else {"files": [], "more": 0})
        for verdict, _ in NEEDS_A_PERSON
    }


def summary_lines(result: RunResult) -> list[str]:
    """The lines naming the files under a summary's counts (none when every plan is valid)."""
    return [f"  {named.line()}" for named in named_files(result)]


# What the quiet line formats leave out -------------------------------------------------------


def needs_a_person(result: RunResult, plan: PlanResult) -> bool:
    """Whether a line format prints this plan's lines by default: it could not be checked, or it
    is not valid (against a baseline: it has a failing finding the baseline does not hold)."""
    verdict = plan.verdict()
    if verdict is Verdict.ERROR:
        return True
    if result.baseline is not None:
        return result.baseline.new_in(plan)
    return verdict is not Verdict.VALID


def lines_for(
    result: RunResult, plan: PlanResult, verbosity: int, include_pass: bool = False
) -> list[Problem]:
    """The records a line format prints for `plan`: with -v (1) every one (passes too, with
    `include_pass`); by default (0) those of a plan that needs a person (not the findings a
    baseline holds); with -q (-1) only its input errors."""
    if verbosity > 0:
        return plan_problems(plan, include_pass=include_pass)
    if verbosity < 0:
        return [p for p in plan_problems(plan) if p.status is Status.ERROR]
    if not needs_a_person(result, plan):
        return []
    baseline = result.baseline
    if baseline is not None and plan.error is None:
        plan = replace(plan, findings=[f for f in plan.findings if not baseline.is_known(plan, f)])
    return plan_problems(plan)


def run_lines(result: RunResult) -> list[str]:
    """The lines under the text report's summary: the files that need a person (for a batch),
    the baseline's counts and the statistics, as asked for."""
    lines = summary_lines(result) if len(result.plans) != 1 else []
    if result.baseline is not None:
        lines += result.baseline.lines()
    if result.statistics:
        lines += statistics(result).lines()
    return lines


def quiet_summary(result: RunResult, verbosity: int) -> list[str]:
    """The lines under a line format's summary: the files that need a person, what was left out,
    the baseline's counts and the statistics, as asked for."""
    lines = summary_lines(result)
    if verbosity <= 0:
        left = left_out_line(result, [plan for plan in result.plans if not needs_a_person(result, plan)])
        if left:
            lines.append(f"  {left}")
    if result.baseline is not None:
        lines += result.baseline.lines()
    if result.statistics:
        lines += statistics(result).lines()
    return lines


def left_out_line(result: RunResult, plans: list[PlanResult]) -> str | None:
    """One sentence summing the findings that are not passes on `plans` (the plans a line format
    printed nothing for), but for those a baseline holds: `not shown: 1 warning (QC401) and 1
    manual check (QC901) on each of 498 valid plans: run -v to list them`. None when there is
    nothing to sum."""
    per_plan: dict[str, Counter[Status]] = {}
    codes: dict[Status, set[str]] = {status: set() for status, _, _ in _QUIET_KINDS}
    for plan in plans:
        counts: Counter[Status] = Counter()
        for finding in plan.findings:
            if result.baseline is not None and result.baseline.is_known(plan, finding):
                continue  # counted as known, in the baseline's line
            if finding.status in codes:
                counts[finding.status] += 1
                codes[finding.status].add(finding.code)
        if counts:
            per_plan[plan.path] = counts
    if not per_plan:
        return None
    kinds = [(status, one, many) for status, one, many in _QUIET_KINDS if codes[status]]

    def words(status: Status, one: str, many: str, count: int) -> str:
        return f"{count} {one if count == 1 else many} ({', '.join(sorted(codes[status]))})"

    # Against a baseline, a plan left out may be invalid by findings the baseline holds.
    valid = "valid " if all(plan.verdict() is Verdict.VALID for plan in plans) else ""
    shapes = {tuple(counts[status] for status, _, _ in kinds) for counts in per_plan.values()}
    if len(shapes) == 1:  # the same on each: say it once
        (shape,) = shapes
        each = [words(status, one, many, n) for (status, one, many), n in zip(kinds, shape, strict=True) if n]
        where = f"on 1 {valid}plan" if len(per_plan) == 1 else f"on each of {len(per_plan)} {valid}plans"
        text = f"{_and(each)} {where}"
    else:
        parts = []
        for status, one, many in kinds:
            holding = [counts[status] for counts in per_plan.values() if counts[status]]
            word = f"{valid}plan" if len(holding) == 1 else f"{valid}plans"
            parts.append(f"{words(status, one, many, sum(holding))} on {len(holding)} {word}")
        text = _and(parts)
    return visible(f"not shown: {text}: run -v to list them")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# Statistics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCount:
    code: str
    name: str
    findings: int  # how many findings of this code the run has
    plans: int  # on how many plans


@dataclass(frozen=True)
class QualificationCount:
    qualification: str | None  # None: plans that could not be read far enough to name one
    verdicts: dict[str, int]  # verdict -> plans
    codes: dict[str, int] = field(default_factory=dict)  # finding code -> findings, most first

    @property
    def plans(self) -> int:
        return sum(self.verdicts.values())


@dataclass(frozen=True)
class Statistics:
    """The run's findings other than passes (input errors included), by code and by qualification."""

    by_code: list[CodeCount]
    by_qualification: list[QualificationCount]

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_code": [
                {"code": c.code, "name": c.name, "findings": c.findings, "plans": c.plans}
                for c in self.by_code
            ],
            "by_qualification": [
                {
                    "qualification": q.qualification,
                    "plans": q.plans,
                    "verdicts": q.verdicts,
                    "codes": q.codes,
                }
                for q in self.by_qualification
            ],
        }

    def lines(self) -> list[str]:
        """The statistics as plain text lines, for the text, concise and github reports."""
        out = ["findings by code (passes not counted):"]
        width = max((len(c.name) for c in self.by_code), default=0)
        for c in self.by_code:
            plans = "plan" if c.plans == 1 else "plans"
            found = "finding" if c.findings == 1 else "findings"
            out.append(f"  {c.code} {c.name.ljust(width)}  {c.findings} {found} on {c.plans} {plans}")
        if not self.by_code:
            out.append("  none")
        out.append("findings by qualification:")
        for q in self.by_qualification:
            name = q.qualification or "(not read)"
            verdicts = ", ".join(f"{n} {_VERDICT_WORDS[v]}" for v, n in q.verdicts.items() if n)
            codes = ", ".join(f"{code} {n}" for code, n in q.codes.items()) or "no findings"
            plans = "plan" if q.plans == 1 else "plans"
            out.append(visible(f"  {name}: {q.plans} {plans} ({verdicts}): {codes}"))
        return out


_VERDICT_WORDS = {v.value: word for v, word in NEEDS_A_PERSON} | {Verdict.VALID.value: "valid"}


def plan_codes(plan: PlanResult) -> list[str]:
    """The codes of a plan's findings that are not passes, and of its input errors, one per finding."""
    if plan.error is not None:
        return [error.code for error in (plan.error, *plan.error.others)]
    return [f.code for f in plan.findings if f.status is not Status.PASS]


def statistics(result: RunResult) -> Statistics:
    findings: Counter[str] = Counter()
    plans_with: Counter[str] = Counter()
    by_qualification: dict[str | None, tuple[Counter[str], Counter[str]]] = {}
    for plan in result.plans:
        codes = plan_codes(plan)
        findings.update(codes)
        plans_with.update(set(codes))
        verdicts, per_code = by_qualification.setdefault(plan.qualification, (Counter(), Counter()))
        verdicts[plan.verdict().value] += 1
        per_code.update(codes)
    by_code = [
        CodeCount(code, name_of(code), count, plans_with[code])
        for code, count in sorted(findings.items(), key=lambda item: (-item[1], item[0]))
    ]
    order = [v.value for v in Verdict]
    quals = [
        QualificationCount(
            qualification,
            {v: verdicts[v] for v in order},
            dict(sorted(per_code.items(), key=lambda item: (-item[1], item[0]))),
        )
        for qualification, (verdicts, per_code) in sorted(
            by_qualification.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]
    return Statistics(by_code, quals)


def failing(plan: PlanResult) -> list[Finding]:
    """The findings that keep a checked plan from being valid: failures, undecided rules, and
    warnings under --strict."""
    return [
        f
        for f in plan.findings
        if f.status in (Status.FAIL, Status.ERROR) or f.undecided or (plan.strict and f.status is Status.WARN)
    ]
