"""JSON Schema for editors: generated from the models, committed under schemas/, kept current."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from qualcheck.commands.schemas import KINDS, render_schema, schema_file_name
from qualcheck.io.yamlsource import load_yaml
from test_cli import run


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schemas_are_current(kind: str) -> None:
    committed = (ROOT / "schemas" / schema_file_name(kind)).read_text()
    assert committed == render_schema(kind), "regenerate with: python -m qualcheck.commands.schemas schemas"


def test_schema_command_prints_json_schema() -> None:
    done = run("schema", "plan")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"qualification", "units"}
    assert schema["additionalProperties"] is False
    assert "from" in schema["$defs"]["PlanEntry"]["properties"]  # the alias, as plans spell it
    assert run("schema", "timetable").returncode == 2


def _validator(kind: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(json.loads(render_schema(kind)))


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_plans_match_the_plan_schema(example: str) -> None:
    plan = load_yaml((EXAMPLES / example).read_text(), example).data
    errors = list(_validator("plan").iter_errors(plan))
    assert not errors, errors[0].message


def test_plan_schema_refuses_a_misspelt_field() -> None:
    errors = list(_validator("plan").iter_errors({"qualification": "BSB50311", "units": ["A"], "studnet": 1}))
    assert any("studnet" in e.message for e in errors)


@pytest.mark.parametrize(("kind", "folder"), [("qualification", "qualifications"), ("unit", "units")])
def test_register_files_match_their_schema(kind: str, folder: str) -> None:
    validator = _validator(kind)
    for path in sorted((ROOT / "data" / folder).glob("*.yaml")):
        # Read as qualcheck reads it: dates and codes stay text, as an editor sees them.
        data = load_yaml(path.read_text(), str(path)).data
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_the_plan_schema_flags_a_line_holding_two_unit_codes() -> None:
    import jsonschema

    schema = json.loads(render_schema("plan"))
    plan = {"qualification": "BSB50311", "units": ["BSBCCO504A - BSBLED501A"]}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(plan))
    assert errors, "two codes on one line must not pass the schema"
    good = {"qualification": "BSB50311", "units": ["BSBCCO504A", {"code": "BSBLDR601", "from": "BSB60420"}]}
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(good))
    bad_from = {"qualification": "BSB50311", "units": [{"code": "BSBLDR601", "from": "../x"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad_from))


def test_a_plan_schema_for_one_qualification_offers_its_units_with_titles() -> None:
    import jsonschema

    done = run("schema", "plan", "--qualification", "BSB50311")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    offered = schema["$defs"]["PlanEntry"]["properties"]["code"]["anyOf"]
    assert {
        "const": "BSBCCO504A",
        "description": "Integrate customer contact operations in the organisation",
    } in offered
    validator = jsonschema.Draft202012Validator(schema)
    for example in ("valid.yaml", "invalid-one-group-a.yaml"):  # every BSB50311 example still fits
        assert not list(validator.iter_errors(load_yaml((EXAMPLES / example).read_text(), example).data))
    assert list(validator.iter_errors({"qualification": "CHC33021", "units": ["BSBCCO504A"]}))
    assert list(validator.iter_errors({"qualification": "BSB50311", "units": ["BSBCCO504A - BSBLED501A"]}))
    assert run("schema", "plan", "--qualification", "XYZ12345").returncode == 2
    assert run("schema", "unit", "--qualification", "BSB50311").returncode == 2
