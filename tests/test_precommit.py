"""The pre-commit hook, run by pre-commit itself in a scratch git repository.

pre-commit installs this checkout into an environment of its own, as users' machines do, so
the test takes a while (about 40 s the first time) and needs pre-commit (in the dev extra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT


def _pre_commit() -> str | None:
    return shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def test_hook_runs_on_plans_and_fails_an_invalid_one(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]' brings it)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(EXAMPLES / "valid.yaml", repo / "plans" / "good.yaml")
    shutil.copy(EXAMPLES / "invalid-one-group-a.yaml", repo / "plans" / "bad.yaml")
    (repo / "settings.yaml").write_text("not: a plan\n")  # outside plans/: the hook leaves it alone
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=repo, check=True, env=env)
    done = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "qualcheck-validate", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "qualcheck validate" in out and "Failed" in out
    assert "plans/bad.yaml" in out and "QC203 group-a-minimum" in out
    assert "2 plans: 1 valid, 1 invalid, 0 not checked" in out  # settings.yaml was not passed
