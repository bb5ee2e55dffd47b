"""JUnit XML, the test-report format most CI servers display: a test case per plan.

Each rule a plan fails is a <failure>; a plan that cannot be read has an <error> per problem.
Warnings and manual checks go to the test case's <system-out>, where a person can read them.
Written with xml.etree, so every text is escaped by the library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from qualcheck.findings import PlanResult, RunResult, Status, Verdict
from qualcheck.reporters.problems import Problem, fails_plan, plan_problems


def render_junit(result: RunResult) -> str:
    verdicts = [plan.verdict(result.strict) for plan in result.plans]
    counts = {
        "tests": str(len(verdicts)),
        "failures": str(verdicts.count(Verdict.INVALID) + verdicts.count(Verdict.UNDECIDED)),
        "errors": str(verdicts.count(Verdict.ERROR)),
        "skipped": "0",
    }
    suites = ET.Element("testsuites", {"name": "qualcheck", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "qualcheck", **counts})
    for plan in result.plans:
        _testcase(suite, plan, result.strict)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(suite: ET.Element, plan: PlanResult, strict: bool) -> None:
    classname = f"{plan.qualification} release {plan.release}" if plan.qualification else "qualcheck"
    case = ET.SubElement(suite, "testcase", {"classname": classname, "name": plan.path, "file": plan.path})
    notes: list[str] = []
    for p in plan_problems(plan):
        if p.status is Status.ERROR:
            error = ET.SubElement(case, "error", {"type": p.code, "message": _headline(p)})
            error.text = _details(p)
        elif fails_plan(p, strict):
            failure = ET.SubElement(case, "failure", {"type": p.code, "message": _headline(p)})
            failure.text = _details(p)
        else:
            notes.append(f"{p.status.value}: {_headline(p)}" + (f" ({p.hint})" if p.hint else ""))
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)


def _headline(p: Problem) -> str:
    return f"{p.code} {p.label}: {p.message}"


def _details(p: Problem) -> str:
    where = f"{p.path}:{p.line}:{p.column or 1}" if p.line is not None else p.path
    return f"{where}: {p.message}" + (f"\nfix: {p.hint}" if p.hint else "")
