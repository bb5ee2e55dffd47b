"""Confirmations: a person settles an unrecorded fact in the plan, and every report shows it."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, check_text
from qualcheck import api
from qualcheck.findings import RunResult, Status, Verdict
from qualcheck.register.store import Register
from qualcheck.reporters import FORMATS, render

CONFIRMED = (EXAMPLES / "tae40122-confirmed.yaml").read_text(encoding="utf-8")
UNCONFIRMED = CONFIRMED[: CONFIRMED.index("confirmed:")]


def test_a_judgement_entry_requirement_is_undecided_until_confirmed(register: Register) -> None:
    assert check_text(register, UNCONFIRMED).verdict() is Verdict.UNDECIDED
    result = check_text(register, CONFIRMED)
    assert result.verdict() is Verdict.VALID
    entry = next(f for f in result.findings if f.code == "QC310")
    assert entry.status is Status.PASS and entry.confirmed


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("concise", "github", "sarif")])
def test_every_report_shows_who_confirmed_what_and_when(register: Register, fmt: str) -> None:
    report = render(RunResult([check_text(register, CONFIRMED)]), fmt, False)
    for words in ("A. Assessor", "2026-11-30", "resume and industry references on the student file"):
        assert words in report, (fmt, words)


def test_a_confirmation_no_rule_needs_is_a_warning(register: Register) -> None:
    stale = (
        CONFIRMED + "  - {unit: TAEASS404, level: 4, by: J. Citizen, on: 2026-11-30, evidence: unit page}\n"
    )
    result = check_text(register, stale)
    warning = next(f for f in result.findings if f.code == "QC015")
    assert warning.status is Status.WARN and "TAEASS404 is at AQF 4" in warning.message
    assert warning.span is not None and warning.span.line == stale.count("\n")
    assert result.verdict() is Verdict.VALID
    result.strict = True  # as api.validate settles it for a --strict run
    assert result.verdict() is Verdict.INVALID


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("{unit: TAEASS404, listed_in: Z, by: J, on: 2026-11-30, evidence: e}", "has no group 'Z'"),
        ("{unit: TAEASS404, listed_in: core, by: J, on: 2026-11-30, evidence: e}", "core list is complete"),
        ("{rule: no-such-rule, by: J, on: 2026-11-30, evidence: e}", "has no rule 'no-such-rule'"),
    ],
)
def test_a_confirmation_never_contradicts_the_register(register: Register, entry: str, says: str) -> None:
    result = check_text(register, CONFIRMED + f"  - {entry}\n")
    assert result.error is not None and result.error.code == "QC004"
    assert says in result.error.message


@pytest.mark.parametrize(
    "entry",
    [
        "{rule: entry-requirements, by: J, on: 2026-11-30}",  # no evidence
        "{rule: entry-requirements, on: 2026-11-30, evidence: e}",  # nobody
        "{rule: entry-requirements, by: J, on: 30/11/2026, evidence: e}",  # not a date
        "{unit: TAEASS404, by: J, on: 2026-11-30, evidence: e}",  # no fact
        "{unit: TAEASS404, level: 4, rule: core, by: J, on: 2026-11-30, evidence: e}",  # two forms
    ],
)
def test_a_confirmation_names_one_fact_who_when_and_evidence(register: Register, entry: str) -> None:
    result = check_text(register, UNCONFIRMED + f"confirmed:\n  - {entry}\n")
    assert result.error is not None and result.error.code in ("QC004", "QC005")


def test_a_confirmation_with_control_characters_reaches_no_report_raw(register: Register) -> None:
    hostile = UNCONFIRMED + (
        'confirmed:\n  - {rule: entry-requirements, by: "A\\e]0;x\\a", on: 2026-11-30, evidence: "e\\n::error::x"}\n'
    )
    result = check_text(register, hostile)
    assert result.verdict() is Verdict.VALID and result.confirmed
    for fmt in FORMATS:
        report = render(RunResult([result]), fmt, False)
        assert "\x1b" not in report and "\x07" not in report, fmt
        assert not any(line.startswith("::error::x") for line in report.splitlines()), fmt


def test_a_level_confirmation_also_settles_that_an_unknown_code_is_a_unit(register: Register) -> None:
    # No units file defines BSBZZZ601; a person read its level (6) on the register, so it is a unit,
    # imported at AQF 6, which BSB50311's sources admit (AQF 4, 5 or 6).
    text = (
        (EXAMPLES / "valid.yaml")
        .read_text("utf-8")
        .replace("  - code: BSBLDR601\n    from: BSB60420\n", "  - BSBZZZ601\n")
    )
    assert "BSBZZZ601" in text
    unconfirmed = api.validate_text(text, "plan.yaml", register)
    assert unconfirmed.verdict() is not Verdict.VALID
    confirmed = api.validate_text(
        text
        + "confirmed:\n  - {unit: BSBZZZ601, level: 6, by: J. Citizen, on: 2026-11-30, evidence: register page}\n",
        "plan.yaml",
        register,
    )
    assert confirmed.verdict() is Verdict.VALID
    placement = next(p for p in confirmed.placements if p.code == "BSBZZZ601")
    assert placement.role == "elective" and placement.level == 6
