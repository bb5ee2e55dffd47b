"""The library API: everything the command line does, callable from Python and tests.

Never imports typer or rich; reporters and the CLI sit on top of this module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from qualcheck.engine import check_plan
from qualcheck.errors import InputError, QualcheckError
from qualcheck.findings import PlanResult, RunResult
from qualcheck.limits import MAX_PLAN_BYTES, MAX_PLAN_VALUES, check_plan_units
from qualcheck.loader import load_model
from qualcheck.models import Plan
from qualcheck.register import Register, default_data_root
from qualcheck.yamlsource import decode, load_yaml, read_limited, read_text

STDIN = "-"


def open_register(root: Path | None = None) -> Register:
    return Register(root if root is not None else default_data_root())


def validate_text(text: str, path: str, register: Register) -> PlanResult:
    """Check one plan given as YAML text; `path` names it in results."""
    try:
        doc = load_yaml(text, path, MAX_PLAN_VALUES)
        check_plan_units(doc)
        plan = load_model(doc, Plan, InputError)
        return check_plan(plan, doc, register)
    except QualcheckError as error:
        # DataError (the register) is not the plan's fault, but the plan still cannot be checked.
        return PlanResult(path=path, error=error)


def validate_path(path: str, register: Register) -> PlanResult:
    try:
        if path == STDIN:
            raw = read_limited(sys.stdin.buffer, MAX_PLAN_BYTES, "<stdin>")
            return validate_text(decode(raw, "<stdin>"), "<stdin>", register)
        return validate_text(read_text(Path(path), path, MAX_PLAN_BYTES), path, register)
    except QualcheckError as error:
        return PlanResult(path=path, error=error)


def validate(paths: Iterable[str], register: Register, strict: bool = False) -> RunResult:
    return RunResult([validate_path(p, register) for p in paths], strict=strict)
