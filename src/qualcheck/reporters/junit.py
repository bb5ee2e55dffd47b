"""JUnit XML, the test-report format most CI servers display: a test case per plan.

Each rule a plan fails is a <failure>; a plan that cannot be read has an <error> per problem.
Each test case's <properties> give its verdict, achieved, issuable and the date checked; its
<system-out> tells the same in words, with each unit's outcome, then the warnings and manual
checks. The suite's <properties> give the qualcheck version and the date checked.
Written with xml.etree, so every text is escaped by the library. The library does not stop a
character XML 1.0 forbids (most C0 controls, even as entities), so every value from input goes
through `visible` first: the document always parses, and a CI server showing it shows no
escape sequence or line break from a plan.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qualcheck import __version__
from qualcheck.findings import PlanResult, Status
from qualcheck.io.neutral import visible
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import Problem, fails_plan, plan_problems
from qualcheck.reporters.report import (
    achievement_sentence,
    checked_words,
    confirmation_sentences,
    issuance_sentence,
    outcome_words,
    verdict_sentence,
)

_SUITE_END = "\n  </testsuite>\n</testsuites>"


class JunitReporter:
    """The document as xml.etree writes and indents it whole; each test case is written on its
    own, indented as it stands in the suite (two levels down), so the pieces put together are
    that document."""

    separator = ""

    def header(self, run: RunSummary) -> str:
        counts = {
            "tests": str(run.plans),
            "failures": str(run.invalid + run.undecided),
            "errors": str(run.error),
            "skipped": "0",
        }
        suites = ET.Element("testsuites", {"name": "qualcheck", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "qualcheck", **counts})
        checked_on = run.checked_on
        _properties(
            suite,
            {
                "qualcheck.version": __version__,
                "checked_on": checked_on.isoformat() if checked_on else "",
                # The plans that need a person, by verdict: `invalid (3): a.yaml, b.yaml, c.yaml`.
                **{f"summary.{named.verdict.value}": named.line() for named in run.files},
            },
        )
        ET.indent(suites)
        body = ET.tostring(suites, encoding="unicode")
        assert body.endswith(_SUITE_END)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body.removesuffix(_SUITE_END)

    def plan(self, plan: PlanResult) -> str:
        case = _testcase(plan)
        ET.indent(case, level=2)
        return "\n    " + ET.tostring(case, encoding="unicode")

    def footer(self, run: RunSummary, body: bool) -> str:
        return _SUITE_END + "\n"


def _testcase(plan: PlanResult) -> ET.Element:
    classname = visible(plan.qualification or "qualcheck")
    if plan.qualification and plan.release is not None:
        classname += f" release {plan.release}"
    path = visible(plan.path)
    case = ET.Element("testcase", {"classname": classname, "name": path, "file": path})
    issuance = plan.issuance()
    properties = {
        "verdict": plan.verdict().value,
        "achieved": "true" if plan.achieved() else "false",
        "issuable": "true" if issuance.issuable else "false",
        "issuance": issuance_sentence(plan),
        "checked_on": plan.checked_on.isoformat() if plan.checked_on else "",
    }
    specialisation = visible(plan.specialisation or "")
    if specialisation:
        properties["specialisation"] = specialisation
    _properties(case, properties)
    notes = [
        verdict_sentence(plan),
        *([f"specialisation: {specialisation}"] if specialisation else []),
        achievement_sentence(plan),
        issuance_sentence(plan),
        checked_words(plan.checked_on),
        *confirmation_sentences(plan),
        *(visible(f"unit {p.code} ({p.role}): {outcome_words(p.outcome)}") for p in plan.placements),
    ]
    for p in plan_problems(plan):
        if p.status is Status.ERROR:
            error = ET.SubElement(case, "error", {"type": p.code, "message": _headline(p)})
            error.text = _details(p)
        elif fails_plan(p):
            failure = ET.SubElement(case, "failure", {"type": p.code, "message": _headline(p)})
            failure.text = _details(p)
        else:
            notes.append(f"{p.status.value}: {_headline(p)}" + (f" ({visible(p.hint)})" if p.hint else ""))
    ET.SubElement(case, "system-out").text = "\n".join(notes)
    return case


def _properties(parent: ET.Element, values: dict[str, str]) -> None:
    properties = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", {"name": name, "value": value})


def _headline(p: Problem) -> str:
    return visible(f"{p.code} {p.label}: {p.message}")


def _details(p: Problem) -> str:
    where = f"{p.path}:{p.line}:{p.column or 1}" if p.line is not None else p.path
    return visible(f"{where}: {p.message}") + (f"\nfix: {visible(p.hint)}" if p.hint else "")
