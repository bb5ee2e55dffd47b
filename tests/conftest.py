from __future__ import annotations

import io
import os
import sys
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, settings

from qualcheck import api
from qualcheck.findings import Finding, PlanResult
from qualcheck.register.store import Register

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

CORE = ["BSBCCO504A", "BSBLED501A", "BSBMGT516C"]


@pytest.fixture(autouse=True)
def _no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a GitHub runner, GITHUB_STEP_SUMMARY is set: no test's run may append to the job's page."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`validate` keeps the register's records in the register cache: the suite's runs (and the
    commands it starts) keep theirs in a folder of their own, never the user's."""
    os.environ["QUALCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("register-cache"))


@pytest.fixture(scope="session")
def register() -> Register:
    return api.open_register(ROOT / "data")


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str


def run_main(*args: str) -> CliRun:
    """Run `qualcheck ARGS` through its console entry point in this process (fast)."""
    from qualcheck import cli

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(sys, "argv", ["qualcheck", *args]):
        try:
            cli.main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    return CliRun(code, out.getvalue(), err.getvalue())


def plan_yaml(units: list[str | dict[str, str]], qualification: str = "BSB50311") -> str:
    lines = [f"qualification: {qualification}", "units:"]
    for unit in units:
        if isinstance(unit, str):
            lines.append(f"  - {unit}")
        else:
            first, *rest = unit.items()
            lines.append(f"  - {first[0]}: {first[1]}")
            lines.extend(f"    {k}: {v}" for k, v in rest)
    return "\n".join(lines) + "\n"


def check(register: Register, units: list[str | dict[str, str]], **kwargs: str) -> PlanResult:
    return api.validate_text(plan_yaml(units, **kwargs), "plan.yaml", register)


def check_text(register: Register, text: str) -> PlanResult:
    return api.validate_text(textwrap.dedent(text), "plan.yaml", register)


def finding(result: PlanResult, code: str, rule_id: str | None = None) -> Finding:
    matches = [f for f in result.findings if f.code == code and (rule_id is None or f.rule_id == rule_id)]
    assert len(matches) == 1, f"expected one {code}, got {[f.message for f in result.findings]}"
    return matches[0]


def codes(result: PlanResult) -> dict[str, str]:
    return {f.code: f.status.value for f in result.findings}


# Property tests: a quick default, and `HYPOTHESIS_PROFILE=long` for 100,000 examples each.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "long",
    max_examples=100_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
