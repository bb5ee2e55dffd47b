"""Points-based packaging (engineering and electrotechnology style), on a synthetic register.

The qualification here is synthetic test data: real BSB unit codes with invented points values,
written by this file, so the points mechanics are tested independently of any bundled data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, finding
from qualcheck import api
from qualcheck.findings import Status, Verdict
from qualcheck.register.store import Register

SYNTHETIC = """\
# Synthetic test data: invented points on real unit codes.
code: BSB50311
title: Synthetic points-based test qualification
aqf_level: 5
source: [{title: synthetic, note: written by tests/test_points.py}]
packaging:
  core_units: 3
  points_total: 20
  core: [BSBCCO504A, BSBLED501A, BSBMGT516C]
  groups:
    A: {title: Group A, units: [BSBCCO601B, BSBCCO602B, BSBCCO603B, BSBCCO604B]}
    B: {title: Group B, units: [BSBCOM501B, BSBCCO403A, BSBCCO407A, BSBWOR403A, BSBRSK501B]}
  points: {BSBCCO504A: 2, BSBLED501A: 2, BSBMGT516C: 2, BSBCCO601B: 4, BSBCCO602B: 4, BSBCCO603B: 4,
           BSBCOM501B: 2, BSBCCO403A: 2, BSBCCO407A: 2, BSBWOR403A: 2}
  rules:
    - {id: group-a-points, kind: points_at_least, points: 8, from: {groups: [A]}, text: "at least 8 points from Group A"}
    - {id: cert-iv-points, kind: points_at_most, points: 4, from: {levels: [4]}, text: "at most 4 points at AQF 4"}
    - {id: sources, kind: electives_from, from: {groups: [A, B]}, text: "electives from Group A or B"}
"""
CORE = "BSBCCO504A, BSBLED501A, BSBMGT516C"


@pytest.fixture
def register(tmp_path: Path) -> Register:
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "qualifications" / "BSB50311.yaml").write_text(SYNTHETIC)
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "BSB.yaml").write_text((ROOT / "data" / "units" / "BSB.yaml").read_text())
    return api.open_register(tmp_path)


def plan(register: Register, electives: str) -> api.PlanResult:  # type: ignore[name-defined]
    return api.validate_text(
        f"qualification: BSB50311\nunits: [{CORE}, {electives}]\n", "plan.yaml", register
    )


def test_points_total_reached(register: Register) -> None:
    result = plan(register, "BSBCCO601B, BSBCCO602B, BSBCCO603B, BSBCOM501B")
    total = finding(result, "QC104")
    assert (total.status, total.have, total.need) == (Status.PASS, 20, 20)
    assert result.verdict() is Verdict.VALID


def test_points_short_of_total(register: Register) -> None:
    result = plan(register, "BSBCCO601B, BSBCCO602B, BSBCOM501B")
    total = finding(result, "QC104")
    assert (total.status, total.have) == (Status.FAIL, 16)
    assert total.hint == "add electives worth 4 more points"


def test_group_points_minimum(register: Register) -> None:
    result = plan(register, "BSBCCO601B, BSBCOM501B, BSBCCO403A, BSBCCO407A, BSBCCO604B")
    group_a = finding(result, "QC208", "group-a-points")
    assert (group_a.status, group_a.have, group_a.need) == (Status.FAIL, 4, 8)


def test_points_cap_leaves_units_out(register: Register) -> None:
    # Three AQF 4 units (6 points) with a 4-point cap: one does not count, and the total falls short.
    result = plan(register, "BSBCCO601B, BSBCCO602B, BSBCCO403A, BSBCCO407A, BSBWOR403A")
    cap = finding(result, "QC209", "cert-iv-points")
    assert cap.have == 6 and cap.message.endswith("does not count")
    assert finding(result, "QC104").have == 18
    assert result.verdict() is Verdict.INVALID


def test_elective_without_points_is_warned(register: Register) -> None:
    result = plan(register, "BSBCCO601B, BSBCCO602B, BSBCCO603B, BSBCOM501B, BSBRSK501B")
    missing = finding(result, "QC210")
    assert missing.status is Status.WARN and missing.units == ("BSBRSK501B",)
