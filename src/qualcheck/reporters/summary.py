"""What a batch's summary says besides its counts: the files that need a person, what the quiet line
formats left out, and the findings counted by code and by qualification (--statistics).

Every format's summary names the plans that are invalid, undecided or not checked (the first
FILES_NAMED of each, then how many more), so a CI log of 500 plans says which five to open. The
line formats (concise, github) print lines only for the plans that need a person; what they leave
out (the warnings, manual checks and notes on valid plans) is summed here in one sentence, and
`-v` lists it. Every path and code from input goes through `visible` where it becomes text.

What is summed over the plans is added up one plan at a time (`LeftOut`, `StatisticsTally`,
gathered by reporters.tally) as each is rendered, never by going back over them: a batch keeps
no plan's result, and with --jobs each worker adds up its own plans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from qualcheck.codes import name_of
from qualcheck.findings import Finding, PlanResult, Status, Verdict
from qualcheck.io.neutral import visible
from qualcheck.reporters.problems import Problem, plan_problems, summary_line

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck
    from qualcheck.reporters.base import RunSummary

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


def named_files(paths: dict[Verdict, list[str]], counts: dict[Verdict, int]) -> tuple[NamedFiles, ...]:
    """The verdicts some plan of the run has, among NEEDS_A_PERSON, each with its files: `paths`
    the first FILES_NAMED of each verdict's plans, `counts` how many plans it has."""
    return tuple(
        NamedFiles(verdict, word, tuple(paths[verdict]), counts[verdict] - len(paths[verdict]))
        for verdict, word in NEEDS_A_PERSON
        if counts[verdict]
    )


def named_files_data(run: RunSummary) -> dict[str, Any]:
    """The JSON summary's `files`: for invalid, undecided and error, the first paths and the rest's count."""
    named = {f.verdict: f for f in run.files}
    return {
        verdict.value: (named[verdict].to_dict() if verdict in named else {"files": [], "more": 0})
        for verdict, _ in NEEDS_A_PERSON
    }


def summary_lines(run: RunSummary) -> list[str]:
    """The lines naming the files under a summary's counts (none when every plan is valid)."""
    return [f"  {named.line()}" for named in run.files]


# What the quiet line formats leave out -------------------------------------------------------


def needs_a_person(plan: PlanResult, baseline: BaselineCheck | None) -> bool:
    """Whether a line format prints this plan's lines by default: it could not be checked, or it
    is not valid (against a baseline: it has a failing finding the baseline does not hold)."""
    verdict = plan.verdict()
    if verdict is Verdict.ERROR:
        return True
    if baseline is not None:
        return baseline.new_in(plan)
    return verdict is not Verdict.VALID


def lines_for(
    plan: PlanResult, verbosity: int, baseline: BaselineCheck | None, include_pass: bool = False
) -> list[Problem]:
    """The records a line format prints for `plan`: with -v (1) every one (passes too, with
    `include_pass`); by default (0) those of a plan that needs a person (not the findings a
    baseline holds); with -q (-1) only its input errors."""
    if verbosity > 0:
        return plan_problems(plan, include_pass=include_pass)
    if verbosity < 0:
        return [p for p in plan_problems(plan) if p.status is Status.ERROR]
    if not needs_a_person(plan, baseline):
        return []
    if baseline is not None and plan.error is None:
        plan = replace(plan, findings=[f for f in plan.findings if not baseline.is_known(plan, f)])
    return plan_problems(plan)


def run_lines(run: RunSummary) -> list[str]:
    """The lines under the text report's summary: the files that need a person (for a batch),
    the baseline's counts and the statistics, as asked for."""
    return (summary_lines(run) if run.plans != 1 else []) + _counted(run)


def quiet_summary(run: RunSummary, verbosity: int) -> list[str]:
    """The lines under a line format's summary: the files that need a person, what was left out,
    the baseline's counts and the statistics, as asked for."""
    left_out = [f"  {run.left_out}"] if verbosity <= 0 and run.left_out else []
    return summary_lines(run) + left_out + _counted(run)


def _counted(run: RunSummary) -> list[str]:
    """The baseline's counts and the statistics, where the run has them."""
    lines = run.baseline.lines() if run.baseline is not None else []
    return lines + (run.statistics.lines() if run.statistics is not None else [])


class QuietLineReporter:
    """What the quiet line formats (concise, github) share: no header, a piece per plan of the
    lines `lines_for` picks (`plan`, written by each format), and the summary line with
    `quiet_summary` under it as the footer."""

    separator = ""

    def __init__(self, verbosity: int = 0, baseline: BaselineCheck | None = None) -> None:
        self.verbosity = verbosity
        self.baseline = baseline

    def header(self, run: RunSummary) -> str:
        return ""

    def footer(self, run: RunSummary, body: bool) -> str:
        return "\n".join([summary_line(run), *quiet_summary(run, self.verbosity)]) + "\n"


class LeftOut:
    """The findings that are not passes on the plans a line format printed nothing for (but for
    those a baseline holds), added up plan by plan in plain values; `sentence` sums them. (Plain
    classes, this and StatisticsTally: every `validate` imports them, see reporters.tally.)"""

    def __init__(self) -> None:
        kinds = range(len(_QUIET_KINDS))
        self.plans = 0  # the plans left out that have such findings
        self.all_valid = True  # every plan left out is valid (against a baseline, one may not be)
        self.sums = [0 for _ in kinds]  # findings, by kind
        self.holding = [0 for _ in kinds]  # plans that have some, by kind
        self.codes: list[set[str]] = [set() for _ in kinds]
        # The different counts (by kind) a plan has: two are as many as the sentence tells apart.
        self.shapes: list[tuple[int, ...]] = []

    def add(self, plan: PlanResult, baseline: BaselineCheck | None) -> None:
        if plan.verdict() is not Verdict.VALID:
            self.all_valid = False
        counts = [0] * len(_QUIET_KINDS)
        for finding in plan.findings:
            kind = _QUIET_INDEX.get(finding.status)
            if kind is None:
                continue
            if baseline is not None and baseline.is_known(plan, finding):
                continue  # counted as known, in the baseline's line
            counts[kind] += 1
            self.codes[kind].add(finding.code)
        if any(counts):
            self.plans += 1
            for kind, count in enumerate(counts):
                self.sums[kind] += count
                self.holding[kind] += count > 0
            self._shape(tuple(counts))

    def _shape(self, shape: tuple[int, ...]) -> None:
        if shape not in self.shapes and len(self.shapes) < 2:
            self.shapes.append(shape)

    def merge(self, other: LeftOut) -> None:
        """Add what a later share of the run's plans left out."""
        self.plans += other.plans
        self.all_valid = self.all_valid and other.all_valid
        for kind in range(len(_QUIET_KINDS)):
            self.sums[kind] += other.sums[kind]
            self.holding[kind] += other.holding[kind]
            self.codes[kind] |= other.codes[kind]
        for shape in other.shapes:
            self._shape(shape)

    def sentence(self) -> str | None:
        """One sentence summing what was left out: `not shown: 1 warning (QC401) and 1 manual
        check (QC901) on each of 498 valid plans: run -v to list them`. None when there is
        nothing to sum."""
        if not self.plans:
            return None
        kinds = [kind for kind in range(len(_QUIET_KINDS)) if self.codes[kind]]

        def words(kind: int, count: int) -> str:
            _, one, many = _QUIET_KINDS[kind]
            return f"{count} {one if count == 1 else many} ({', '.join(sorted(self.codes[kind]))})"

        valid = "valid " if self.all_valid else ""
        if len(self.shapes) == 1:  # the same on each: say it once
            (shape,) = self.shapes
            each = [words(kind, shape[kind]) for kind in kinds if shape[kind]]
            where = f"on 1 {valid}plan" if self.plans == 1 else f"on each of {self.plans} {valid}plans"
            text = f"{_and(each)} {where}"
        else:
            parts = []
            for kind in kinds:
                word = f"{valid}plan" if self.holding[kind] == 1 else f"{valid}plans"
                parts.append(f"{words(kind, self.sums[kind])} on {self.holding[kind]} {word}")
            text = _and(parts)
        return visible(f"not shown: {text}: run -v to list them")


_QUIET_INDEX = {status: kind for kind, (status, _, _) in enumerate(_QUIET_KINDS)}


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


class StatisticsTally:
    """--statistics added up plan by plan in plain values; `statistics` sorts them for the report."""

    def __init__(self) -> None:
        self.findings: Counter[str] = Counter()  # code -> findings
        self.plans_with: Counter[str] = Counter()  # code -> plans
        # qualification -> (verdict -> plans, code -> findings)
        self.by_qualification: dict[str | None, tuple[Counter[str], Counter[str]]] = {}

    def add(self, plan: PlanResult) -> None:
        codes = plan_codes(plan)
        self.findings.update(codes)
        self.plans_with.update(set(codes))
        verdicts, per_code = self.by_qualification.setdefault(plan.qualification, (Counter(), Counter()))
        verdicts[plan.verdict().value] += 1
        per_code.update(codes)

    def merge(self, other: StatisticsTally) -> None:
        self.findings.update(other.findings)
        self.plans_with.update(other.plans_with)
        for qualification, (verdicts, per_code) in other.by_qualification.items():
            mine = self.by_qualification.setdefault(qualification, (Counter(), Counter()))
            mine[0].update(verdicts)
            mine[1].update(per_code)

    def statistics(self) -> Statistics:
        by_code = [
            CodeCount(code, name_of(code), count, self.plans_with[code])
            for code, count in sorted(self.findings.items(), key=lambda item: (-item[1], item[0]))
        ]
        order = [v.value for v in Verdict]
        quals = [
            QualificationCount(
                qualification,
                {v: verdicts[v] for v in order},
                dict(sorted(per_code.items(), key=lambda item: (-item[1], item[0]))),
            )
            for qualification, (verdicts, per_code) in sorted(
                self.by_qualification.items(), key=lambda item: (item[0] is None, item[0] or "")
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
