"""A Markdown report to attach to a student's file or paste into a ticket: per plan, the verdict,
each rule with its status, numbers and fix, and the units with where each counted."""

from __future__ import annotations

from qualcheck.findings import PlanResult
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import summary_line
from qualcheck.reporters.report import (
    VERDICT_WORDS,
    checked_words,
    rule_rows,
    state_items,
    unit_rows,
    verdict_sentence,
)

# Markdown punctuation is backslash-escaped so a path or a name shows as written; <, > and & become
# entities so no text of a plan can turn into HTML where the report is rendered.
_ESCAPED = str.maketrans(
    {
        **{ch: "\\" + ch for ch in "\\|*_`[]#"},
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


def cell(text: str) -> str:
    """Text shown as written in a table cell or heading: no markup, no raw HTML, no line breaks,
    and no control character (each is shown as its escape, as `visible` writes it)."""
    return " ".join(visible(text).translate(_ESCAPED).split())


class MarkdownReporter:
    separator = ""

    def header(self, run: RunSummary) -> str:
        lines = ["# qualcheck report", "", cell(summary_line(run)), ""]
        named = [f"- {cell(named.line())}" for named in run.files]  # the plans that need a person
        lines += [*named, *([""] if named else []), cell(checked_words(run.checked_on))]
        return "\n".join(lines)

    def plan(self, plan: PlanResult) -> str:
        return "\n\n" + "\n".join(_plan(plan))

    def footer(self, run: RunSummary, body: bool) -> str:
        return "\n"


def _plan(plan: PlanResult) -> list[str]:
    lines = [f"## {cell(plan.path)}", ""]
    verdict = VERDICT_WORDS[plan.verdict()]
    if plan.error is not None:
        lines += [f"**{verdict}**: {cell(verdict_sentence(plan))}", ""]
        lines += [*_state(plan), ""]
        lines += ["| code | where | problem | fix |", "| --- | --- | --- | --- |"]
        for error in [plan.error, *plan.error.others]:
            where = str(error.span) if error.span else plan.path
            lines.append(
                f"| {cell(error.code)} | {cell(where)} | {cell(error.message)} | {cell(error.hint)} |"
            )
        return lines
    facts = [f"- Qualification: {cell(f'{plan.qualification} {plan.qualification_title}')}"]
    facts.append(f"- Release: {plan.release if plan.release is not None else 'not recorded'}")
    if plan.specialisation:
        facts.append(f"- Specialisation: {cell(plan.specialisation)}")
    if plan.student:
        facts.append(f"- Student: {cell(plan.student)}")
    lines += [f"**{verdict}**: {cell(verdict_sentence(plan))}", "", *facts, *_state(plan), ""]
    lines += ["### Rules", "", "| status | code | rule | have | need | result | fix |"]
    lines.append("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rule_rows(plan):
        lines.append(
            f"| {row.status} | {cell(row.code)} | {cell(row.rule)} | {row.have} | {row.need} "
            f"| {cell(row.message)} | {cell(row.fix)} |"
        )
    lines += ["", "### Units", "", "| line | code | title | AQF level | outcome | counted |"]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for unit in unit_rows(plan):
        lines.append(
            f"| {unit.line} | {cell(unit.code)} | {cell(unit.title)} | {unit.level} | {cell(unit.outcome)} "
            f"| {cell(unit.counted)} |"
        )
    return lines


def _state(plan: PlanResult) -> list[str]:
    """Achieved or not, issuable or not, the date checked and the confirmations, as list items."""
    return [f"- {item.label}: {cell(item.text)}" for item in state_items(plan)]
