"""JSON Schema for plans and register files, generated from the pydantic models.

Editors with a YAML language server use it for completion and checks as a plan is typed. The
committed copies under schemas/ are regenerated with `python -m qualcheck.commands.schemas schemas`; a
test fails when they fall behind the models.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from qualcheck.register.store import Register

KINDS = ("plan", "qualification", "unit")
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    # Imported here: the models are the expensive part of start-up, and only this needs them.
    from qualcheck.models import Plan, Qualification, UnitFile

    models: dict[str, type[BaseModel]] = {"plan": Plan, "qualification": Qualification, "unit": UnitFile}
    if kind not in models:
        raise ValueError(f"unknown schema {kind!r}; known: {', '.join(KINDS)}")
    schema = models[kind].model_json_schema(by_alias=True)
    if kind == "plan":
        _plan_shorthands(schema)
    if kind == "qualification":
        _qualification_shorthands(schema)
    _same_on_every_pydantic(schema)
    return {"$schema": DRAFT, **schema}


def plan_schema_for(code: str, register: Register) -> dict[str, Any] | None:
    """The plan schema for one qualification (None when the register does not hold it): its code,
    and its core and listed unit codes offered, each with its title as the description, for an
    editor to complete. Any other code matching the pattern is still accepted: a plan may import
    units the lists do not name."""
    qualification = register.qualification(code)
    if qualification is None:
        return None
    schema = schema_for("plan")
    schema["properties"]["qualification"] = {
        "const": qualification.code,
        "description": f"{qualification.code} {qualification.title}",
    }
    packaging = qualification.packaging
    listed = dict.fromkeys([*packaging.core, *(c for g in packaging.groups.values() for c in g.units)])
    offered: list[dict[str, Any]] = []
    for unit_code in listed:
        unit = register.unit(unit_code)
        title = unit.title if unit else register.mapped_title(unit_code)
        offered.append({"const": unit_code, **({"description": title} if title else {})})
    entry_code = {"anyOf": [*offered, _unit_code()]}
    schema["properties"]["units"]["items"]["anyOf"][0] = entry_code
    schema["$defs"]["PlanEntry"]["properties"]["code"] = entry_code
    schema["title"] = f"Plan for {qualification.code} {qualification.title}"
    return schema


def _same_on_every_pydantic(node: Any) -> None:
    """What pydantic releases write differently, written one way, so the committed schemas never
    depend on which release is installed: older ones leave `"type": "string"` off an enum of
    strings (added), and only some give a dict keyed by codes `propertyNames` (removed)."""
    if isinstance(node, dict):
        node.pop("propertyNames", None)
        values = node.get("enum", [node["const"]] if "const" in node else None)
        if values and "type" not in node and all(isinstance(v, str) for v in values):
            node["type"] = "string"
        for child in node.values():
            _same_on_every_pydantic(child)
    elif isinstance(node, list):
        for child in node:
            _same_on_every_pydantic(child)


def _unit_code() -> dict[str, Any]:
    """Any unit code, as its pattern (imported here: the CLI imports this module at start-up)."""
    from qualcheck.models.common import UNIT_CODE_PATTERN

    return {"type": "string", "pattern": UNIT_CODE_PATTERN, "description": "A unit code."}


def _plan_shorthands(schema: dict[str, Any]) -> None:
    """Describe what plans accept before validation, which the generated schema does not show.

    A unit may be a bare code (the model turns it into `{code: ...}` before validation), and a
    student identifier written as digits is read as text.
    """
    units = schema["properties"]["units"]
    units["items"] = {"anyOf": [_unit_code(), units["items"]]}
    student = schema["properties"]["student"]
    student["anyOf"] = [{"type": "string"}, {"type": "integer"}, {"type": "null"}]
    _code_or_held(schema["properties"]["prior"])


def _qualification_shorthands(schema: dict[str, Any]) -> None:
    """A single import window stands for a list of one, and a held code for `{code: ...}`."""
    imported = schema["$defs"]["Selector"]["properties"]["imported"]
    window = imported.pop("items")
    del imported["type"]
    imported["anyOf"] = [window, {"type": "array", "items": window, "minItems": 1}, {"type": "null"}]
    _code_or_held(schema["$defs"]["EntryRequirement"]["properties"]["any_of"]["items"])


def _code_or_held(array: dict[str, Any]) -> None:
    array["items"] = {"anyOf": [{"type": "string", "description": "A code."}, array["items"]]}


def render_schema(kind: str) -> str:
    return render(schema_for(kind))


def render(schema: dict[str, Any]) -> str:
    """A schema as the committed copies are written: indented JSON, one final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / schema_file_name(kind)
        path.write_text(render_schema(kind), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m qualcheck.commands.schemas", description="Write the JSON Schema files into a folder."
    )
    parser.add_argument("folder", nargs="?", default="schemas", type=Path, help="default: schemas")
    for written in write_schemas(parser.parse_args(argv).folder):
        print(written)


if __name__ == "__main__":
    main()
