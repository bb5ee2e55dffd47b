"""The GitHub Action (action.yml), run here step by step as a runner would run it.

Each `run:` step's script is run with bash as GitHub runs it (`bash --noprofile --norc -eo
pipefail`), with the step's `env:` and its `${{ ... }}` expressions filled in as a runner fills
them. The one step that is another action, actions/setup-python, is played by a fresh virtual
environment put first on PATH: a `python` of the version asked for, and nothing else installed.
The install step then installs this checkout into it (its dependencies from the package index,
as on a runner: about 30 s), and the check step runs on a folder of plans with GITHUB_STEP_SUMMARY set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _fill(value: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context[m.group(1)], value)


def _context(**inputs: str) -> dict[str, str]:
    given = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    given.update({name.replace("_", "-"): value for name, value in inputs.items()})
    return {"github.action_path": str(ROOT), **{f"inputs.{k}": v for k, v in given.items()}}


def run_step(step: dict[str, Any], context: dict[str, str], env: dict[str, str], cwd: Path) -> Any:
    assert step["shell"] == "bash"
    filled = {name: _fill(str(value), context) for name, value in step.get("env", {}).items()}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env={**env, **filled},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_action_is_composite_and_no_input_is_pasted_into_a_script() -> None:
    assert ACTION["runs"]["using"] == "composite"
    setup, *scripts = STEPS
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    for step in scripts:
        assert "${{" not in step["run"], step["name"]  # inputs arrive as environment variables


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A runner's environment after actions/setup-python and the install step."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    home = tmp_path_factory.mktemp("runner")
    python = home / "python"
    venv.create(python, with_pip=True, symlinks=os.name != "nt")
    bin_dir = python / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALCHECK_", "GITHUB_", "PYTHON"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1")
    install = STEPS[1]
    done = run_step(install, _context(), env, home)
    assert done.returncode == 0, done.stdout + done.stderr
    installed = subprocess.run(
        [str(bin_dir / "python"), "-c", "import qualcheck, sys; print(qualcheck.__file__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0 and str(python) in installed.stdout  # not this checkout's copy
    return env


def _workspace(root: Path, names: list[str]) -> Path:
    (root / "plans").mkdir(parents=True)
    for name in names:
        shutil.copy(EXAMPLES / name, root / "plans" / name)
    return root


def test_the_check_step_annotates_failures_and_appends_the_job_summary(
    runner: dict[str, str], tmp_path: Path
) -> None:
    workspace = _workspace(tmp_path / "repo", ["valid.yaml", "invalid-one-group-a.yaml"])
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step's summary\n", encoding="utf-8")
    env = {**runner, "GITHUB_STEP_SUMMARY": str(summary)}
    done = run_step(STEPS[2], _context(), env, workspace)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split("::")[1].split(" ")[0] for line in lines if line.startswith("::")] == [
        "warning",
        "error",
        "notice",
    ]
    assert any(
        line.startswith("::error file=plans/invalid-one-group-a.yaml,line=3,col=1,title=QC203")
        for line in lines
    )
    assert "  invalid (1): plans/invalid-one-group-a.yaml" in lines
    page = summary.read_text(encoding="utf-8")
    assert page.startswith(
        "earlier step's summary\n### qualcheck: 2 plans: 1 valid, 1 invalid, 0 not checked"
    )
    assert "| plans/invalid-one-group-a.yaml | INVALID | QC203 group-a-minimum: only 1 credited" in page


def test_the_check_step_passes_its_inputs_on(runner: dict[str, str], tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "repo", ["valid.yaml", "invalid-one-group-a.yaml"])
    env = {**runner}
    written = run_step(
        STEPS[2],
        _context(args="--write-baseline plans.baseline.yaml --statistics"),
        env,
        workspace,
    )
    assert written.returncode == 0, written.stderr  # every finding is now recorded
    assert "findings by code (passes not counted):" in written.stdout
    known = run_step(STEPS[2], _context(plans="plans/*.yaml", baseline="plans.baseline.yaml"), env, workspace)
    assert known.returncode == 0, known.stdout + known.stderr
    assert not [line for line in known.stdout.splitlines() if line.startswith("::error")]
    assert "baseline plans.baseline.yaml: 3 known findings, 0 new that fail a plan, 0 stale" in known.stdout
    missing = run_step(STEPS[2], _context(plans="plans/none-*.yaml"), env, workspace)
    assert missing.returncode == 2  # a glob matching nothing is an input that could not be read


def test_the_readme_workflow_uses_the_action_with_its_inputs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# \.github/workflows/plans\.yml\n.*?)```", readme, re.S)
    assert block, "the README's CI section shows a workflow"
    workflow = yaml.safe_load(block[1])
    steps = workflow["jobs"]["qualcheck"]["steps"]
    (action,) = [s for s in steps if s.get("uses", "").startswith("your-org/qualcheck@")]
    assert set(action["with"]) <= set(ACTION["inputs"])
    run_steps = [s["run"] for s in steps if "run" in s]
    assert all(command.startswith("qualcheck validate ") for command in run_steps)
