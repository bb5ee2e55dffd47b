"""`qualcheck transfer PLAN --to CODE`: the plan judged as enrolled and as carried to the
qualification replacing it, with what became of each unit through the register's mappings.

The register holds no BSB50315 (the replacement of BSB50311); each test builds one beside a copy
of the bundled register: a STAND-IN, not the real qualification's rules. It is BSB50311's own
packaging with every listed unit replaced by the successor the units file records for it, so
what carries is decided by the register's real mappings; its Group B also lists BSBOPS505, the
recorded successor (not equivalent) of BSBCUE504, so a unit needing assessment can be shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT, run_main
from qualcheck import api
from qualcheck.commands.transfer import transfer
from qualcheck.findings import Verdict


def successor(code: str, units: dict[str, dict]) -> str:
    for mapping in units.get(code, {}).get("mappings", []):
        if mapping["relation"] == "superseded_by" and mapping["code"] in units:
            return mapping["code"]
    return code


@pytest.fixture
def register_with_stand_in(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    units = {u["code"]: u for u in yaml.safe_load((data / "units" / "BSB.yaml").read_text())["units"]}
    old = yaml.safe_load((data / "qualifications" / "BSB50311.yaml").read_text())
    new = dict(old)
    new["code"], new["title"], new["release"] = "BSB50315", "Diploma of Customer Engagement", 1
    new["status"] = "current"
    new["releases"] = []
    new["mappings"] = [
        {"code": "BSB50311", "relation": "supersedes", "equivalent": True, "date": "2015-03-24"}
    ]
    new["source"] = [
        {"title": "test stand-in: BSB50311's packaging, units replaced by their recorded successors"}
    ]
    packaging = dict(old["packaging"])
    packaging["core"] = [successor(c, units) for c in packaging["core"]]
    packaging["groups"] = {
        key: {**group, "units": list(dict.fromkeys(successor(c, units) for c in group["units"]))}
        for key, group in packaging["groups"].items()
    }
    packaging["groups"]["B"]["units"].append("BSBOPS505")
    new["packaging"] = packaging
    (data / "qualifications" / "BSB50315.yaml").write_text(yaml.safe_dump(new, sort_keys=False))
    return data


def test_equivalent_units_carry_and_both_are_judged(register_with_stand_in: Path) -> None:
    register = api.open_register(register_with_stand_in)
    moved = transfer(
        api.read_plan(str(EXAMPLES / "valid.yaml")), register.qualification("BSB50315"), register
    )
    assert moved.old.verdict() is Verdict.VALID
    assert moved.relation.startswith("BSB50315 supersedes BSB50311 (equivalent")
    how = {c.code: c.how for c in moved.carried}
    # BSBCCO602B is superseded by BSBCUE602, equivalent: it carries as that unit.
    assert how["BSBCCO602B"] == "carries as BSBCUE602 (equivalent)"
    assert moved.new.qualification == "BSB50315"
    # Findings on the carried plan point at the student's own file.
    assert all(f.span is None or f.span.path.endswith("valid.yaml") for f in moved.new.findings)


def test_a_non_equivalent_successor_needs_assessment(register_with_stand_in: Path, tmp_path: Path) -> None:
    # BSBCUE504 is superseded by BSBOPS505, not equivalent (the units file says so).
    register = api.open_register(register_with_stand_in)
    plan = tmp_path / "plan.yaml"
    plan.write_text("qualification: BSB50311\nunits:\n  - BSBCUE504\n  - BSBCCO504A\n")
    moved = transfer(api.read_plan(str(plan)), register.qualification("BSB50315"), register)
    assert moved.carried[0].needs_assessment == ("BSBOPS505",)
    assert moved.carried[0].how == "needs assessment for BSBOPS505"
    assert moved.carried[1].how == "carries"


def test_cli_json_side_by_side_and_exit_code(register_with_stand_in: Path) -> None:
    run = run_main(
        "transfer",
        str(EXAMPLES / "valid.yaml"),
        "--to",
        "BSB50315",
        "--data",
        str(register_with_stand_in),
        "-f",
        "json",
    )
    report = json.loads(run.stdout)
    assert report["as_enrolled"]["verdict"] == "valid"
    assert run.exit_code == (0 if report["transferred"]["verdict"] == "valid" else 1)
    assert report["exit_code"] == run.exit_code


def test_cli_text_names_a_qualification_that_is_not_the_replacement() -> None:
    run = run_main("transfer", str(EXAMPLES / "valid.yaml"), "--to", "BSB51918")
    assert run.exit_code == 1
    assert "not recorded as its replacement" in run.stdout
    assert "transferred: BSB51918 Diploma of Leadership and Management: INVALID" in run.stdout


def test_cli_unknown_target_exits_2() -> None:
    run = run_main("transfer", str(EXAMPLES / "valid.yaml"), "--to", "BSB99999")
    assert run.exit_code == 2 and "BSB99999 is not in the register" in run.stderr
