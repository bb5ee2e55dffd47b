"""[tool.qualcheck] in pyproject.toml: found from the current folder up; flags win over it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from qualcheck.config import ConfigError, load_config

VALID = (EXAMPLES / "valid.yaml").read_text()
SURPLUS = (EXAMPLES / "valid-surplus-unit.yaml").read_text()


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)
    env.pop("QUALCHECK_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "qualcheck", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        check=False,
    )


def project(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.qualcheck]\n{settings}\n")
    (tmp_path / "plans" / "old").mkdir(parents=True, exist_ok=True)
    (tmp_path / "plans" / "surplus.yaml").write_text(SURPLUS)
    (tmp_path / "plans" / "old" / "broken.yaml").write_text("qualification: [\n")
    return tmp_path


def test_settings_apply_from_a_subfolder(tmp_path: Path) -> None:
    root = project(tmp_path, 'format = "concise"\nstrict = true\nexclude = ["plans/old/*"]')
    done = run_in(root / "plans", "validate", ".")
    assert done.returncode == 1  # strict: the surplus warning fails the plan; old/ is skipped
    assert "./surplus.yaml:14:5: QC103 [warn] surplus-units" in done.stdout
    assert "broken" not in done.stdout


def test_flags_win_over_settings(tmp_path: Path) -> None:
    root = project(tmp_path, 'format = "concise"\nstrict = true')
    done = run_in(root, "validate", "--no-strict", "--format", "json", "plans/surplus.yaml")
    assert done.returncode == 0
    assert done.stdout.startswith("{")


def test_data_folder_is_relative_to_the_pyproject(tmp_path: Path) -> None:
    root = project(tmp_path, 'data = "register"')
    shutil.copytree(ROOT / "data", root / "register")
    (root / "register" / "qualifications" / "BSB50311.yaml").unlink()
    done = run_in(root / "plans", "validate", "surplus.yaml")
    assert done.returncode == 2
    assert "QC010 unknown qualification BSB50311" in done.stdout


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("stict = true", "unknown setting 'stict' in [tool.qualcheck]"),
        ('format = "xml"', "format must be one of text, concise"),
        ('strict = "yes"', "strict must be true or false"),
        ('exclude = "old"', "exclude must be a list of glob patterns"),
        ("strict = ", "not valid TOML"),
    ],
)
def test_bad_settings_exit_2_naming_the_problem(tmp_path: Path, settings: str, message: str) -> None:
    root = project(tmp_path, settings)
    done = run_in(root, "validate", "plans/surplus.yaml")
    assert done.returncode == 2
    assert message in done.stderr
    assert str(root / "pyproject.toml") in done.stderr
    assert "Traceback" not in done.stderr


def test_nearest_pyproject_wins_and_none_is_fine(tmp_path: Path) -> None:
    outer = project(tmp_path, 'format = "json"')
    inner = outer / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.qualcheck]\nformat = 'github'\n")
    assert load_config(inner).format == "github"
    assert load_config(outer / "plans").format == "json"
    (inner / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    config = load_config(inner)
    assert (config.format, config.path) == (None, inner / "pyproject.toml")


def test_unknown_key_raises_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.qualcheck]\nseverities = {}\n")
    with pytest.raises(ConfigError, match="unknown setting 'severities'"):
        load_config(tmp_path)


def test_everything_excluded_is_not_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, 'exclude = ["plans/*"]')
    done = run_in(root, "validate", "-q", "plans/surplus.yaml")
    assert done.returncode == 0
    assert done.stdout == "0 plans: 0 valid, 0 invalid, 0 not checked\n"
    assert "excluded by [tool.qualcheck] exclude" in done.stderr


def test_severity_override_makes_a_surplus_unit_fail(tmp_path: Path) -> None:
    root = project(tmp_path, 'format = "concise"\nseverity = { QC103 = "fail" }')
    done = run_in(root, "validate", "plans/surplus.yaml")
    assert done.returncode == 1
    assert "plans/surplus.yaml:14:5: QC103 [fail] surplus-units" in done.stdout
    softer = project(tmp_path, 'format = "concise"\nstrict = true\nseverity = { QC103 = "info" }')
    # Checked on a day BSB50311 was still current, so that its supersession (QC401, a warning that
    # strict fails on) does not hide what the setting changed.
    assert run_in(softer, "validate", "--as-of", "2014-01-01", "plans/surplus.yaml").returncode == 0


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('severity = { QC203 = "warn" }', "severity: QC203 cannot be adjusted; these can: QC011"),
        ('severity = { QC103 = "off" }', "severity QC103 must be one of fail, warn, info"),
        ('severity = "strict"', "severity must be a table"),
    ],
)
def test_rules_cannot_be_softened(tmp_path: Path, settings: str, message: str) -> None:
    root = project(tmp_path, settings)
    done = run_in(root, "validate", "plans/surplus.yaml")
    assert done.returncode == 2
    assert message in done.stderr
