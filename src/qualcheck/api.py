"""The library API: everything the command line does, callable from Python and tests.

Never imports typer or rich; reporters and the CLI sit on top of this module.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from qualcheck.engine import check_plan
from qualcheck.errors import InputError, QualcheckError
from qualcheck.findings import PlanResult, RunResult
from qualcheck.loader import load_model
from qualcheck.models import Plan
from qualcheck.register import Register, default_data_root
from qualcheck.yamlsource import decode, load_yaml, read_text

STDIN = "-"


def open_register(root: Path | None = None) -> Register:
    return Register(root if root is not None else default_data_root())


def validate_text(text: str, path: str, register: Register, as_of: dt.date | None = None) -> PlanResult:
    """Check one plan given as YAML text; `path` names it in results."""
    try:
        doc = load_yaml(text, path)
        plan = load_model(doc, Plan, InputError)
        return check_plan(plan, doc, register, as_of)
    except QualcheckError as error:
        # DataError (the register) is not the plan's fault, but the plan still cannot be checked.
        return PlanResult(path=path, error=error)


def validate_path(path: str, register: Register, as_of: dt.date | None = None) -> PlanResult:
    try:
        if path == STDIN:
            text = decode(sys.stdin.buffer.read(), "<stdin>")
            return validate_text(text, "<stdin>", register, as_of)
        return validate_text(read_text(Path(path), path), path, register, as_of)
    except QualcheckError as error:
        return PlanResult(path=path, error=error)


def validate(
    paths: Iterable[str], register: Register, strict: bool = False, as_of: dt.date | None = None
) -> RunResult:
    return RunResult([validate_path(p, register, as_of) for p in paths], strict=strict)
