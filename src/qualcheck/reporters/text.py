"""The human report: one block per plan, one entry per rule, the units and where each counted.

Every value from input (a path, a name, a message, a register's title) goes through `visible`
before it is styled, so only qualcheck's own colours reach the terminal.
"""

from __future__ import annotations

from qualcheck.codes import COUNTING
from qualcheck.errors import QualcheckError
from qualcheck.findings import Finding, PlanResult, Status, Verdict
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.report import (
    achievement_sentence,
    checked_words,
    failed_rules,
    issuance_sentence,
    outcome_words,
    release_words,
    rule_list,
)
from qualcheck.reporters.style import Styler
from qualcheck.reporters.summary import run_lines

MARKS = {
    Status.PASS: ("✓", "green"),
    Status.FAIL: ("✗", "red"),
    Status.WARN: ("!", "yellow"),
    Status.MANUAL: ("?", "cyan"),
    Status.INFO: ("i", "blue"),
    Status.ERROR: ("E", "red"),
}


class TextReporter:
    """verbosity -1 (-q): one verdict line per plan and the summary; 1 (-v): passes in detail."""

    def __init__(self, color: bool, verbosity: int = 0) -> None:
        self.style = Styler(color)
        self.verbosity = verbosity
        # Plans' blocks are set apart by an empty line; -q's lines run on.
        self.separator = "" if verbosity < 0 else "\n"

    def header(self, run: RunSummary) -> str:
        return ""

    def plan(self, plan: PlanResult) -> str:
        style = self.style
        if self.verbosity < 0:
            lines = [f"{style(visible(plan.path), 'bold')}  {_verdict(plan, style)}"]
            lines += _input_errors(plan, style)  # why it was not checked, even with -q
            lines.append("  " + _issuance(plan, style))
            return "\n".join(lines) + "\n"
        return _plan(plan, style, self.verbosity > 0)

    def footer(self, run: RunSummary, body: bool) -> str:
        tail = run_lines(run)  # the files that need a person, the baseline, the statistics
        if self.verbosity < 0:
            return "\n".join([_summary(run, self.style), *tail]) + "\n"
        if run.plans == 1:  # one plan's verdict says it all, but for what was asked of the run
            return (("\n" if body else "") + "\n".join(tail) + "\n") if tail else ""
        return ("\n" if body else "") + "\n".join([_summary(run, self.style), *tail]) + "\n"


def _plan(plan: PlanResult, style: Styler, verbose: bool = False) -> str:
    lines = [style(visible(plan.path), "bold")]
    if plan.error is not None:
        for error in [plan.error, *plan.error.others]:
            lines.extend(_error(error, plan.path, style))
        lines.append("")
        lines.append(style("NOT CHECKED", "bold", "red") + "  fix the input above and run again")
        lines.extend(_state(plan, style))
        return "\n".join(lines) + "\n"
    header = f"  {plan.qualification} {plan.qualification_title} ({release_words(plan)})"
    if plan.specialisation:
        header += f" · specialisation {plan.specialisation}"
    if plan.student:
        header += f" · student {plan.student}"
    lines.append(visible(header))
    errors = [f for f in plan.findings if f.status is Status.ERROR]
    notes = [f for f in plan.findings if f.rule_id is None and f.status is not Status.ERROR]
    if errors:
        lines += ["", "  " + style("Input errors", "bold", "red")]
        for finding in errors:
            lines.extend(_finding(finding, style))
        lines += [
            "",
            "  "
            + style("Rules", "bold")
            + style("  (provisional: checked without the entries above)", "dim"),
        ]
    else:
        lines += ["", "  " + style("Rules", "bold")]
    for finding in plan.findings:
        if finding.rule_id is not None:
            lines.extend(_finding(finding, style, verbose))
    if notes:
        lines += ["", "  " + style("Notes on the units", "bold")]
        for finding in notes:
            lines.extend(_finding(finding, style))
    lines += [
        "",
        "  " + style("Units", "bold") + style("  (code, AQF level, outcome, where it counted, title)", "dim"),
    ]
    rows = []
    for p in plan.placements:
        where = p.detail if p.role != "elective" else f"elective, {p.detail}"
        if p.counted_as:
            where += f", counts as {p.counted_as}"
        level = f"AQF {p.level}{'*' if p.level_inferred else ''}" if p.level else "AQF ?"
        rows.append((p, visible(p.code), level, visible(where)))
    code_width = max((len(code) for _, code, _, _ in rows), default=10)
    where_width = min(max((len(w) for _, _, _, w in rows), default=10), 36)
    outcome_width = max((len(outcome_words(p.outcome)) for p, _, _, _ in rows), default=12)
    for p, code_text, level, where in rows:
        code = style(code_text.ljust(code_width), "red" if p.role == "not counted" else "")
        title = style(visible(p.title), "dim") if p.title else style("(not in register)", "dim")
        outcome = outcome_words(p.outcome).ljust(outcome_width)
        lines.append(f"    {code}  {level:<6}  {outcome}  {where.ljust(where_width)}  {title}")
    if any(p.level_inferred for p in plan.placements):
        lines.append(style("    * level inferred from the code, or from the qualification in from:", "dim"))
    if plan.confirmed:
        lines += ["", "  " + style("Confirmed by a person", "bold") + style("  (not in the register)", "dim")]
        lines += [f"    {visible(text)}" for text in plan.confirmed]
    lines += ["", _verdict(plan, style), *_state(plan, style)]
    return "\n".join(lines) + "\n"


def _state(plan: PlanResult, style: Styler) -> list[str]:
    """The lines under the verdict: achieved or not, issuable or not, and the date and version."""
    return [
        "  " + achievement_sentence(plan),
        "  " + _issuance(plan, style),
        "  " + style(checked_words(plan.checked_on), "dim"),
    ]


def _issuance(plan: PlanResult, style: Styler) -> str:
    sentence = issuance_sentence(plan)
    word, rest = sentence.split(":", 1)
    colour = "green" if plan.issuance().issuable else "yellow"
    return style(word, "bold", colour) + ":" + rest


def _finding(finding: Finding, style: Styler, verbose: bool = False) -> list[str]:
    mark, colour = MARKS[finding.status]
    label = visible(finding.rule_id or finding.name)
    where = (
        f" (line {finding.span.line})"
        if finding.span and finding.status in (Status.WARN, Status.INFO, Status.ERROR) and finding.units
        else ""
    )
    message = visible(finding.message)
    out = [f"  {style(mark, colour, 'bold')} {style(finding.code, colour)} {label}: {message}{where}"]
    indent = "        "
    if finding.rule_text and finding.code != "QC901":
        out.append(indent + style(f'rule: "{visible(finding.rule_text)}"', "dim"))
    units = visible(", ".join(finding.units))
    if finding.units and finding.status in (Status.PASS, Status.FAIL) and finding.code in COUNTING:
        out.append(indent + style("counted: " + units, "dim"))
    elif verbose and finding.units:
        out.append(indent + style("units: " + units, "dim"))
    if verbose and finding.need is not None:
        out.append(indent + style(f"have {finding.have}, need {finding.need}", "dim"))
    if finding.hint and finding.status is not Status.PASS:
        prefix = "fix: " if finding.status in (Status.FAIL, Status.WARN, Status.ERROR) else ""
        out.append(indent + style(prefix, "bold") + visible(finding.hint))
    for text in finding.confirmed:
        out.append(indent + style("confirmed: ", "bold") + visible(text))
    return out


def _input_errors(plan: PlanResult, style: Styler) -> list[str]:
    """Each input error of the plan, one line (without its fix), as -q shows them."""
    if plan.error is not None:
        return [_error(error, plan.path, style)[0] for error in [plan.error, *plan.error.others]]
    return [_finding(f, style)[0] for f in plan.findings if f.status is Status.ERROR]


def _error(error: QualcheckError, path: str, style: Styler) -> list[str]:
    where = visible(str(error.span) if error.span else path)
    out = [f"  {style('E', 'red', 'bold')} {where}: {style(error.code, 'red')} {visible(error.message)}"]
    if error.hint:
        out.append("        " + style("fix: ", "bold") + visible(error.hint))
    return out


def _verdict(plan: PlanResult, style: Styler) -> str:
    verdict = plan.verdict()
    manual = sum(1 for f in plan.findings if f.status is Status.MANUAL and not f.undecided)
    warnings = plan.count(Status.WARN)
    extras = []
    if warnings:
        extras.append(
            f"{warnings} warning{'s' if warnings != 1 else ''}"
            + (" (fail under --strict)" if plan.strict else "")
        )
    if manual:
        extras.append(f"{manual} manual check{'s' if manual != 1 else ''} for a person")
    if plan.confirmed:
        confirmations = len(plan.confirmed)
        extras.append(f"{confirmations} confirmation{'s' if confirmations != 1 else ''} by a person")
    tail = f" · {', '.join(extras)}" if extras else ""
    what = visible(f"{plan.qualification} {release_words(plan)}")
    if verdict is Verdict.VALID:
        return style("VALID", "bold", "green") + f"  {what}: every packaging rule is met{tail}"
    if verdict is Verdict.INVALID:
        count, names = rule_list(failed_rules(plan))
        return style("INVALID", "bold", "red") + f"  {what}: {count} not met: {names}{tail}"
    if verdict is Verdict.UNDECIDED:
        count, names = rule_list([f for f in plan.findings if f.undecided])
        return (
            style("UNDECIDED", "bold", "yellow")
            + f"  {what}: {count} ({names}) cannot be decided from the data; a person must confirm{tail}"
        )
    errors = len([f for f in plan.findings if f.status is Status.ERROR])
    if plan.error is not None:
        errors += 1 + len(plan.error.others)
    return (
        style("NOT CHECKED", "bold", "red")
        + f"  {errors} input error{'' if errors == 1 else 's'} to fix before the plan can be judged"
    )


def _summary(run: RunSummary, style: Styler) -> str:
    parts = [
        f"{run.valid} valid",
        f"{run.invalid} invalid",
        *([f"{run.undecided} undecided"] if run.undecided else []),
        f"{run.error} not checked",
    ]
    count = run.plans
    return style(f"{count} plan{'' if count == 1 else 's'}: " + ", ".join(parts), "bold")
