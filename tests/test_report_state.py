"""What every report tells about a plan: the verdict; achieved or not, with the counted units still
outstanding; issuable or not, with the reason; each unit's outcome; the specialisation; the date
checked; qualcheck's version. No report prints a bare None, and in the JSON report no field that
docs/json-format.md documents as always present is null (and every field is documented there).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from qualcheck import __version__, api
from qualcheck.findings import PlanResult, RunResult, Status
from qualcheck.register.store import Register
from qualcheck.reporters import FORMATS, render
from test_cli import run

CHECKED_ON = dt.date(2026, 7, 1)
BAD_PLANS = ROOT / "tests" / "bad_inputs" / "plans"
_MANIFEST = yaml.safe_load((ROOT / "tests" / "bad_inputs" / "manifest.yaml").read_text())["plans"]
# The bad-input plans that can still be judged (exit 0 or 1); examples/ has one that cannot.
JUDGEABLE = sorted(name for name, case in _MANIFEST.items() if case["exit"] in (0, 1))
PLANS = [str(p.relative_to(ROOT)) for p in sorted(EXAMPLES.glob("*.yaml"))] + [
    str((BAD_PLANS / name).relative_to(ROOT)) for name in JUDGEABLE
]
JSON_FORMATS = ("json", "sarif")
TEXT_LIKE = [fmt for fmt in FORMATS if fmt not in JSON_FORMATS]
BARE = re.compile(r"\b(None|null)\b")


def test_the_corpus_has_judgeable_plans() -> None:
    assert len(JUDGEABLE) >= 3 and len(PLANS) > 30


def _run(register: Register, as_of: dt.date | None, strict: bool = False) -> RunResult:
    return api.validate([str(ROOT / p) for p in PLANS], register, strict, as_of=as_of)


@pytest.fixture(scope="module")
def results(register: Register) -> dict[str, RunResult]:
    return {
        "dated": _run(register, CHECKED_ON),
        "strict": _run(register, CHECKED_ON, strict=True),
        "undated": _run(register, None),  # a library caller that gives no date
    }


@pytest.mark.parametrize("which", ["dated", "strict", "undated"])
@pytest.mark.parametrize("fmt", TEXT_LIKE)
def test_no_report_prints_none_or_null(results: dict[str, RunResult], which: str, fmt: str) -> None:
    result = results[which]
    for verbosity in (-1, 0, 1) if fmt in ("text", "concise") else (0,):
        report = render(result, fmt, verbosity=verbosity)
        found = [line for line in report.splitlines() if BARE.search(line)]
        assert not found, f"{fmt} ({which}, verbosity {verbosity}):\n" + "\n".join(found[:5])


@pytest.mark.parametrize("which", ["dated", "undated"])
def test_sarif_holds_no_none_text(results: dict[str, RunResult], which: str) -> None:
    def strings(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    document = json.loads(render(results[which], "sarif"))
    assert not [s for s in strings(document) if re.search(r"\bNone\b", s)]


# JSON against its documentation -------------------------------------------------------------

_SECTIONS = {
    "The document": "document",
    "A plan": "plan",
    "Issuance (`issuance`)": "issuance",
    "An input error (`errors`)": "error",
    "A finding": "finding",
    "A unit entry (`units`)": "unit",
}


def documented_fields() -> dict[str, dict[str, bool]]:
    """Each table of docs/json-format.md: field name -> whether its type says it may be null."""
    tables: dict[str, dict[str, bool]] = {}
    section = None
    for line in (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = _SECTIONS.get(line[3:].strip())
            continue
        row = re.match(r"^\| `([a-z_.]+)` \| ([^|]+) \|", line)
        if section is not None and row:
            tables.setdefault(section, {})[row[1]] = "or null" in row[2]
    return tables


def _flat(document: dict[str, Any]) -> dict[str, Any]:
    """The document's fields as the docs name them: `tool.name`, `summary.plans`, ..."""
    flat: dict[str, Any] = {}
    for key, value in document.items():
        if key in ("tool", "summary"):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat


def _check(kind: str, record: dict[str, Any], docs: dict[str, dict[str, bool]], where: str) -> None:
    fields = docs[kind]
    assert set(record) == set(fields), f"{where}: fields not as documented in the {kind} table"
    null = [key for key, value in record.items() if value is None and not fields[key]]
    assert not null, f"{where}: documented as never null, but null: {null}"


@pytest.mark.parametrize("which", ["dated", "strict", "undated"])
def test_json_fields_are_documented_and_null_only_where_documented(
    results: dict[str, RunResult], which: str
) -> None:
    docs = documented_fields()
    assert set(docs) == set(_SECTIONS.values())
    document = json.loads(render(results[which], "json"))
    _check("document", _flat(document), docs, "document")
    for plan in document["plans"]:
        where = plan["path"]
        _check("plan", plan, docs, where)
        _check("issuance", plan["issuance"], docs, f"{where} issuance")
        for error in plan["errors"] or []:
            _check("error", error, docs, f"{where} error {error['code']}")
        for finding in plan["findings"]:
            _check("finding", finding, docs, f"{where} finding {finding['code']}")
        for unit in plan["units"]:
            _check("unit", unit, docs, f"{where} unit {unit['code']}")
    if which != "undated":
        assert document["checked_on"] == CHECKED_ON.isoformat()
        assert {p["issuance"]["checked_on"] for p in document["plans"]} == {CHECKED_ON.isoformat()}
    else:
        assert document["checked_on"] is None


# What each report shows ---------------------------------------------------------------------

ACHIEVED = (
    """\
qualification: TAE40122
units:
"""
    + "".join(
        f"  - {{code: {code}, outcome: {outcome}}}\n"
        for code, outcome in [
            ("TAEASS412", "completed"),
            ("TAEASS413", "completed"),
            ("TAEDEL411", "rpl"),
            ("TAEDES411", "completed"),
            ("TAEDES412", "completed"),
            ("TAEPDD401", "credit-transfer"),
            ("TAEASS404", "completed"),
            ("TAEDEL413", "completed"),
            ("TAEDEL415", "completed"),
            ("TAEDEL416", "completed"),
            ("TAEASS512", "completed"),
            ("BSBTWK401", "completed"),
        ]
    )
    + (
        # The entry requirement is a judgement: a person's record of it is what lets the plan be valid.
        "confirmed:\n  - {rule: entry-requirements, by: A. Assessor, on: 2026-06-30, evidence: student file}\n"
    )
)


def _single(register: Register, text: str, as_of: dt.date | None = CHECKED_ON) -> RunResult:
    return RunResult([api.validate_text(text, "plan.yaml", register, as_of)], checked_on=as_of)


def _bsb50311_achieved() -> str:
    text = (EXAMPLES / "valid.yaml").read_text()
    lines = []
    for line in text.splitlines():
        if re.match(r"^  - [A-Z]{3}[A-Z0-9]+\s*(#.*)?$", line):
            code = line.split()[1]
            line = f"  - {{code: {code}, outcome: completed}}"
        elif line.strip().startswith("- code:"):
            line += "\n    outcome: completed"
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_a_current_achieved_qualification_can_be_issued(register: Register) -> None:
    result = _single(register, ACHIEVED)
    plan = result.plans[0]
    assert plan.achieved() and plan.not_yet_achieved() == []
    issuance = plan.issuance()
    assert issuance.issuable and issuance.reasons == () and issuance.checked_on == CHECKED_ON
    text = render(result, "text")
    assert "  achieved: every counted unit is completed, credit-transfer or rpl" in text
    assert (
        "  can be issued: the plan is valid, every counted unit is achieved and the register records no "
        "supersession or deletion of TAE40122 by 2026-07-01"
    ) in text
    assert "rpl" in text and "credit-transfer" in text
    for fmt in ("markdown", "html", "junit"):
        report = render(result, fmt)
        assert "can be issued" in report.lower(), fmt
        assert "2026-07-01" in report and __version__ in report, fmt
    data = json.loads(render(result, "json"))["plans"][0]
    assert data["issuance"] == {"issuable": True, "reasons": [], "checked_on": "2026-07-01"}
    assert data["achieved"] is True and data["outstanding"] == []


def test_a_superseded_qualification_is_never_issuable(register: Register) -> None:
    result = _single(register, _bsb50311_achieved())
    plan = result.plans[0]
    assert plan.achieved()  # every counted unit achieved, and the plan valid ...
    issuance = plan.issuance()
    assert not issuance.issuable  # ... but BSB50311 was superseded in 2015
    assert issuance.reasons == (
        "BSB50311 was superseded by BSB50315 on 2015-03-24: check the transition period",
    )
    expected = "not issuable: BSB50311 was superseded by BSB50315 on 2015-03-24: check the transition period"
    for fmt in ("text", "markdown", "html", "junit"):
        report = render(result, fmt).lower().replace("</span><span>", "")
        assert "can be issued" not in report, fmt
        assert expected.lower() in report, fmt
    # Before the supersession it could be issued.
    earlier = _single(register, _bsb50311_achieved(), dt.date(2015, 3, 23)).plans[0]
    assert earlier.issuance().issuable


def test_a_supersession_without_a_date_says_so(register: Register) -> None:
    plan = api.validate_path(str(EXAMPLES / "chc20112-valid.yaml"), register, CHECKED_ON)
    assert plan.not_current == (
        "CHC20112 was superseded by CHC22015 (not equivalent) on a date the register does not record: "
        "check the transition period",
    )
    currency = [f for f in plan.findings if f.code == "QC401"]
    assert [f.message for f in currency] == [
        "CHC20112 was superseded by CHC22015 (not equivalent) on a date the register does not record "
        "(checked on 2026-07-01)"
    ]


def test_deleted_or_superseded_without_a_mapping(tmp_path: Path, register: Register) -> None:
    source = (ROOT / "data" / "qualifications" / "TAE40122.yaml").read_text()
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "units").symlink_to(ROOT / "data" / "units")
    for status, reason in [
        ("deleted", "TAE40122 was deleted, on a date the register does not record"),
        (
            "superseded",
            "TAE40122 is recorded as superseded, but the register records neither its replacement",
        ),
    ]:
        (tmp_path / "qualifications" / "TAE40122.yaml").write_text(
            source.replace("status: current", f"status: {status}")
        )
        plan = api.validate_text(ACHIEVED, "plan.yaml", Register(tmp_path), CHECKED_ON)
        assert not plan.issuance().issuable
        assert plan.issuance().reasons[0].startswith(reason), plan.issuance().reasons


def test_without_a_date_currency_is_unknown_and_nothing_is_issuable(register: Register) -> None:
    result = _single(register, ACHIEVED, as_of=None)
    plan = result.plans[0]
    assert plan.checked_on is None and not [f for f in plan.findings if f.code == "QC401"]
    assert plan.issuance().reasons == ("currency was not checked: no date was given",)
    assert "currency not checked (no date given)" in render(result, "text")


def test_reports_show_outstanding_units_outcomes_and_specialisation(register: Register) -> None:
    text = (EXAMPLES / "chc33021-valid-ageing.yaml").read_text()
    first = re.search(r"^  - ([A-Z0-9]+)$", text, re.M)
    assert first is not None
    text = text.replace(first.group(0), f"  - {{code: {first[1]}, outcome: completed}}", 1)
    result = _single(register, text)
    plan = result.plans[0]
    assert plan.specialisation == "Ageing"
    outstanding = plan.not_yet_achieved()
    assert first[1] not in outstanding and len(outstanding) == 14
    for fmt in ("text", "markdown", "html", "junit"):
        report = render(result, fmt)
        assert "Ageing" in report, fmt
        assert "14 counted units outstanding (not yet achieved): " + ", ".join(outstanding) in report, fmt
        assert "completed" in report and "not recorded" in report, fmt
        assert "2026-07-01" in report and __version__ in report, fmt
    data = json.loads(render(result, "json"))
    assert data["tool"]["version"] == __version__ and data["checked_on"] == "2026-07-01"
    (entry,) = data["plans"]
    assert entry["specialisation"] == "Ageing" and entry["outstanding"] == outstanding
    assert {u["outcome"] for u in entry["units"]} == {"completed", None}


def test_markdown_html_and_junit_never_print_release_none(register: Register) -> None:
    plan = api.validate_path(str(EXAMPLES / "chc33021-valid-ageing.yaml"), register, CHECKED_ON)
    assert plan.release is None  # the register records no release number for CHC33021
    result = RunResult([plan], checked_on=CHECKED_ON)
    assert "- Release: not recorded" in render(result, "markdown")
    assert "<li>Release: not recorded</li>" in render(result, "html")
    assert 'classname="CHC33021"' in render(result, "junit")
    for fmt in FORMATS:
        assert "release None" not in render(result, fmt)


def test_the_command_line_checks_currency_today_by_default() -> None:
    before = dt.date.today()
    done = run("validate", "-f", "json", "examples/valid.yaml")
    after = dt.date.today()
    document = json.loads(done.stdout)
    assert document["checked_on"] in {before.isoformat(), after.isoformat()}
    (plan,) = document["plans"]
    assert plan["issuance"]["issuable"] is False
    assert plan["issuance"]["reasons"][0].startswith("BSB50311 was superseded by BSB50315 on 2015-03-24")
    assert any(f["code"] == "QC401" for f in plan["findings"])
    dated = json.loads(run("validate", "-f", "json", "--as-of", "2015-01-01", "examples/valid.yaml").stdout)
    assert dated["checked_on"] == "2015-01-01"
    assert not [f for f in dated["plans"][0]["findings"] if f["code"] == "QC401"]


def test_issuance_follows_strict(register: Register) -> None:
    plan: PlanResult = api.validate_text(ACHIEVED, "plan.yaml", register, CHECKED_ON)
    plan.strict = True  # as api.validate settles it for a --strict run
    assert plan.issuance().issuable == (plan.count(Status.WARN) == 0)
