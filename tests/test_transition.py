"""QC402 transition windows: a plan's enrolled: and issued: dates against the Standards in force
on the date concerned (2015 until 30 June 2025, 2025 from 1 July 2025), on bundled qualifications:
BSB50311 (superseded by BSB50315, released 2015-03-24: the window closed 2016-03-24, under the
2015 Standards), UEE22020 (superseded by UEE22025, released 2025-11-24: the window closes
2026-11-24, under the 2025 Standards) and CHC20112 (superseded, no date recorded)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import EXAMPLES, finding
from qualcheck import api
from qualcheck.findings import Status, Verdict
from qualcheck.register.store import Register


def judged(register: Register, example: str, dates: str, as_of: dt.date = dt.date(2026, 12, 1)):  # type: ignore[no-untyped-def]
    text = (EXAMPLES / example).read_text("utf-8") + dates
    return api.validate_text(text, "plan.yaml", register, as_of)


@pytest.mark.parametrize(
    ("dates", "status", "words"),
    [
        # Enrolled in time but, checked in 2026, not issued by the day the window closed.
        ("enrolled: 2016-03-23\n", Status.FAIL, "not issued by 2016-03-24"),
        ("enrolled: 2016-03-24\n", Status.FAIL, "clause 1.26"),
        ("enrolled: 2015-01-10\nissued: 2016-03-24\n", Status.PASS, "within the window"),
        ("enrolled: 2015-01-10\nissued: 2016-03-25\n", Status.FAIL, "after the window closed"),
        ("issued: 2015-03-01\n", Status.PASS, "within the window"),
    ],
)
def test_a_window_that_closed_under_the_2015_standards(
    register: Register, dates: str, status: Status, words: str
) -> None:
    result = judged(register, "valid.yaml", dates)
    found = finding(result, "QC402")
    assert found.status is status and words in found.message
    assert "2016-03-24" in found.message  # every message gives the dates
    assert result.verdict() is (Verdict.INVALID if status is Status.FAIL else Verdict.VALID)


def test_a_plan_still_running_in_an_open_window_warns_with_the_deadline(register: Register) -> None:
    found = finding(
        judged(register, "valid.yaml", "enrolled: 2015-06-01\n", as_of=dt.date(2016, 1, 10)), "QC402"
    )
    assert found.status is Status.WARN and "complete and certify, or transfer, by 2016-03-24" in found.message
    # Without a date checked, whether it closed is not known: a warning with the deadline, not a pass.
    unchecked = api.validate_text(
        (EXAMPLES / "valid.yaml").read_text("utf-8") + "enrolled: 2015-02-01\n", "plan.yaml", register
    )
    assert finding(unchecked, "QC402").status is Status.WARN


def test_the_2025_standards_cut_off_for_new_enrolments(register: Register) -> None:
    late = finding(judged(register, "uee22020-valid.yaml", "enrolled: 2026-11-24\n"), "QC402")
    assert late.status is Status.FAIL and "section 14" in late.message and "2026-11-24" in late.message
    early = finding(
        judged(register, "uee22020-valid.yaml", "enrolled: 2026-01-05\n", as_of=dt.date(2026, 6, 1)), "QC402"
    )
    assert early.status is Status.WARN and "no new enrolments from 2026-11-24" in early.message


def test_issued_after_a_2025_window_is_for_a_person_to_judge(register: Register) -> None:
    result = judged(register, "uee22020-valid.yaml", "enrolled: 2026-01-05\nissued: 2026-11-30\n")
    found = finding(result, "QC402")
    assert found.status is Status.MANUAL and "timely manner" in found.message
    assert result.verdict() is Verdict.VALID  # a manual check never decides the verdict


def test_a_supersession_without_a_date_cannot_be_dated(register: Register) -> None:
    found = finding(judged(register, "chc20112-valid.yaml", "enrolled: 2020-01-01\n"), "QC402")
    assert found.status is Status.MANUAL and "does not record when CHC22015 was released" in found.message


def test_a_superseded_unit_the_qualification_does_not_list_gets_its_window(register: Register) -> None:
    # BSBCCO602A (superseded by BSBCCO602B, released 2011-11-27) counts as BSBCCO602B.
    result = judged(register, "valid-equivalent-unit.yaml", "issued: 2016-01-01\n")
    units = [f for f in result.findings if f.code == "QC402" and f.units == ("BSBCCO602A",)]
    assert len(units) == 1 and units[0].status is Status.MANUAL
    assert "by 2012-11-27" in units[0].message


def test_no_dates_no_transition_findings(register: Register) -> None:
    assert not [f for f in judged(register, "valid.yaml", "").findings if f.code == "QC402"]


def test_a_bad_date_is_an_input_error_with_its_position(register: Register) -> None:
    result = judged(register, "valid.yaml", "issued: 2016-13-01\n")
    assert result.verdict() is Verdict.ERROR and result.error is not None and result.error.span.line == 20
