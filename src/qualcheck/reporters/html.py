"""A self-contained HTML report to attach to a student's file: no scripts, fonts or links to
fetch, so it reads the same offline and years later.

Built as an element tree and serialised by xml.etree, which escapes every text and attribute;
no text of a plan is ever pasted into markup. The library leaves control characters and bidi
overrides as they are, so every value from input goes through `visible` first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qualcheck.findings import PlanResult, Verdict
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

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.verdict { font-weight: bold; }
.valid { color: #1a7f37; } .invalid, .error, .fail { color: #c62828; } .undecided { color: #9a6700; }
.warn { color: #9a6700; } .manual, .info { color: #0969da; } .pass { color: #1a7f37; }
.rule-text { color: #666; font-size: 0.9em; }
section { border-top: 2px solid #ddd; padding-top: 0.5em; }
"""

_VERDICT_CLASS = {
    Verdict.VALID: "valid",
    Verdict.INVALID: "invalid",
    Verdict.UNDECIDED: "undecided",
    Verdict.ERROR: "error",
}


_BODY_END = "</body></html>"


class HtmlReporter:
    """The page as xml.etree writes it whole (it adds no whitespace between elements), so each
    plan's section, written on its own, is its part of that page."""

    separator = ""

    def header(self, run: RunSummary) -> str:
        html = ET.Element("html", {"lang": "en"})
        head = ET.SubElement(html, "head")
        ET.SubElement(head, "meta", {"charset": "utf-8"})
        ET.SubElement(head, "title").text = "qualcheck report"
        ET.SubElement(head, "style").text = _STYLE
        body = ET.SubElement(html, "body")
        ET.SubElement(body, "h1").text = "qualcheck report"
        ET.SubElement(body, "p").text = summary_line(run)
        if run.files:  # the plans that need a person
            listing = ET.SubElement(body, "ul")
            for group in run.files:
                ET.SubElement(listing, "li").text = group.line()
        ET.SubElement(body, "p").text = checked_words(run.checked_on)
        page = ET.tostring(html, encoding="unicode", method="html")
        assert page.endswith(_BODY_END)
        return "<!DOCTYPE html>\n" + page.removesuffix(_BODY_END)

    def plan(self, plan: PlanResult) -> str:
        section = ET.Element("section")
        _plan(section, plan)
        return ET.tostring(section, encoding="unicode", method="html")

    def footer(self, run: RunSummary, body: bool) -> str:
        return _BODY_END + "\n"


def _plan(section: ET.Element, plan: PlanResult) -> None:
    ET.SubElement(section, "h2").text = visible(plan.path)
    verdict = plan.verdict()
    line = ET.SubElement(section, "p")
    word = ET.SubElement(line, "span", {"class": f"verdict {_VERDICT_CLASS[verdict]}"})
    word.text = VERDICT_WORDS[verdict]
    word.tail = " " + verdict_sentence(plan)
    if plan.error is not None:
        rows = [
            [
                visible(text)
                for text in (
                    error.code,
                    str(error.span) if error.span else plan.path,
                    error.message,
                    error.hint,
                )
            ]
            for error in [plan.error, *plan.error.others]
        ]
        _state(ET.SubElement(section, "ul"), plan)
        _table(section, ["code", "where", "problem", "fix"], rows)
        return
    facts = ET.SubElement(section, "ul")
    ET.SubElement(facts, "li").text = visible(
        f"Qualification: {plan.qualification} {plan.qualification_title}"
    )
    release = str(plan.release) if plan.release is not None else "not recorded"
    ET.SubElement(facts, "li").text = f"Release: {release}"
    if plan.specialisation:
        ET.SubElement(facts, "li").text = f"Specialisation: {visible(plan.specialisation)}"
    if plan.student:
        ET.SubElement(facts, "li").text = f"Student: {visible(plan.student)}"
    _state(facts, plan)
    ET.SubElement(section, "h3").text = "Rules"
    table = _table(section, ["status", "code", "rule", "have", "need", "result", "fix"], [])
    tbody = table.find("tbody")
    assert tbody is not None
    for row in rule_rows(plan):
        tr = ET.SubElement(tbody, "tr")
        ET.SubElement(tr, "td", {"class": row.status}).text = row.status
        ET.SubElement(tr, "td").text = row.code
        rule = ET.SubElement(tr, "td")
        rule.text = row.rule
        if row.rule_text:  # the source's own sentence, for a reader checking how it was read
            ET.SubElement(rule, "br")
            ET.SubElement(rule, "span", {"class": "rule-text"}).text = row.rule_text
        for value in (row.have, row.need, row.message, row.fix):
            ET.SubElement(tr, "td").text = value
    ET.SubElement(section, "h3").text = "Units"
    _table(
        section,
        ["line", "code", "title", "AQF level", "outcome", "counted"],
        [[u.line, u.code, u.title, u.level, u.outcome, u.counted] for u in unit_rows(plan)],
    )


def _state(facts: ET.Element, plan: PlanResult) -> None:
    """Achieved or not, issuable or not, the date checked and the confirmations, as list items."""
    for state in state_items(plan):
        item = ET.SubElement(facts, "li")
        if state.good is None:
            item.text = f"{state.label}: {visible(state.text)}"
            continue
        ET.SubElement(item, "span", {"class": "valid" if state.good else "warn"}).text = state.label
        ET.SubElement(item, "span").text = ": " + visible(state.text)


def _table(parent: ET.Element, headings: list[str], rows: list[list[str]]) -> ET.Element:
    table = ET.SubElement(parent, "table")
    header = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for heading in headings:
        ET.SubElement(header, "th").text = heading
    tbody = ET.SubElement(table, "tbody")
    for row in rows:
        tr = ET.SubElement(tbody, "tr")
        for value in row:
            ET.SubElement(tr, "td").text = value
    return table
