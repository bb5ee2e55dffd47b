"""QC902: a packaging rule sentence the register holds only as text (`manual: [{..., unread:
true}]`, as import tga and fetch write every sentence they cannot read faithfully) keeps a plan
undecided, never valid, until a person confirms it; guidance (QC901) does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import EXAMPLES, ROOT, finding
from qualcheck import api
from qualcheck.findings import Status, Verdict
from test_importer_guard import read


def register_with_unread_rule(tmp_path: Path) -> Path:
    """The bundled register, with BSB50311's one manual check marked as a rule sentence not read."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "qualifications" / "BSB50311.yaml"
    qualification = yaml.safe_load(path.read_text("utf-8"))
    qualification["packaging"]["manual"][0]["unread"] = True
    path.write_text(yaml.safe_dump(qualification, sort_keys=False), "utf-8")
    return data


def test_an_unread_rule_keeps_an_otherwise_valid_plan_undecided(tmp_path: Path) -> None:
    register = api.open_register(register_with_unread_rule(tmp_path))
    plan = (EXAMPLES / "valid.yaml").read_text("utf-8")
    result = api.validate_text(plan, "plan.yaml", register)
    found = finding(result, "QC902")
    assert result.verdict() is Verdict.UNDECIDED
    assert found.status is Status.MANUAL and found.undecided and "confirmed:" in found.hint
    # With the bundled register, the same sentence is guidance: a manual check, the plan valid.
    assert api.validate_text(plan, "plan.yaml", api.open_register(ROOT / "data")).verdict() is Verdict.VALID


def test_a_person_confirming_the_sentence_settles_it(tmp_path: Path) -> None:
    register = api.open_register(register_with_unread_rule(tmp_path))
    rule_id = register.qualification("BSB50311").packaging.manual[0].id  # type: ignore[union-attr]
    plan = (EXAMPLES / "valid.yaml").read_text("utf-8") + (
        f"confirmed:\n  - {{rule: {rule_id}, by: J. Citizen, on: 2026-11-30, evidence: rules checked}}\n"
    )
    result = api.validate_text(plan, "plan.yaml", register)
    assert result.verdict() is Verdict.VALID
    assert finding(result, "QC902").status is Status.PASS


def test_the_importer_marks_a_sentence_it_cannot_read_as_an_unread_rule() -> None:
    _, outcome = read(
        "For a generic qualification select a minimum of 6 units of competency from the relevant "
        "electives listed below"
    )
    assert [m.get("unread") for m in outcome.manual] == [True]
