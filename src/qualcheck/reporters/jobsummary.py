"""The GitHub Actions job summary: a Markdown table of verdicts and of the plans that need a person.

Written whatever --format is, when GITHUB_STEP_SUMMARY (or the job_summary setting) names a
file, and appended to it (`io.append`): the job's other steps write there too. The page shows
the counts of each verdict, then one row per plan that is not valid with the rules it fails (the
first MAX_ROWS of them; GitHub takes at most 1 MiB a step), then, against a baseline, its counts.

Everything from input (paths, rule ids, messages, codes) goes through the Markdown report's `cell`:
control characters and line breaks shown as escapes (`visible`), so none can end a row; `|` and
the other Markdown punctuation backslash-escaped, so no value can add a column, format the page or
add a link; `<`, `>` and `&` written as entities, so none becomes HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.findings import PlanResult, Status, Verdict
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.markdown import cell
from qualcheck.reporters.problems import summary_line
from qualcheck.reporters.report import VERDICT_WORDS
from qualcheck.reporters.summary import failing

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck

MAX_ROWS = 200


def render_job_summary(run: RunSummary) -> str:
    """The job summary of a run whose tally kept its rows (reporters.tally, `job_rows`)."""
    lines = [
        f"### qualcheck: {cell(summary_line(run))}",
        "",
        "| Verdict | Plans |",
        "| --- | ---: |",
        *(f"| {VERDICT_WORDS[v]} | {run.count(v)} |" for v in Verdict),
        "",
    ]
    if run.job_plans:
        lines += ["| Plan | Verdict | Failing rules |", "| --- | --- | --- |"]
        lines += run.job_rows
        if run.job_plans > MAX_ROWS:
            lines.append(f"| and {run.job_plans - MAX_ROWS} more plans | | |")
        lines.append("")
    else:
        if not run.plans:
            empty = "No plans were checked."
        elif run.baseline is not None and run.plans > run.valid:
            # Rows are for new findings: plans not valid by findings the baseline holds are not "fine".
            empty = "No plan has a failing finding the baseline does not hold."
        else:
            empty = "No plan needs a person."
        lines += [empty, ""]
    if run.baseline is not None:
        lines += [cell(line) for line in run.baseline.lines()[:1]] + [""]
    return "\n".join(lines) + "\n"


def row(plan: PlanResult, baseline: BaselineCheck | None) -> str:
    """A plan's row: its input errors, or the rules it fails (against a baseline, the new ones)."""
    if plan.error is not None:
        errors = [plan.error, *plan.error.others]
        why = "; ".join(cell(f"{e.span or plan.path}: {e.code} {e.message}") for e in errors)
    else:
        shown = [f for f in failing(plan) if baseline is None or not baseline.is_known(plan, f)]
        shown.sort(key=lambda f: f.status is not Status.ERROR)  # input errors first: fix those first
        why = "; ".join(cell(f"{f.code} {f.rule_id or f.name}: {f.message}") for f in shown)
    return f"| {cell(plan.path)} | {VERDICT_WORDS[plan.verdict()]} | {why} |"
