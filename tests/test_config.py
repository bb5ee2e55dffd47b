"""[tool.qualcheck] in pyproject.toml: found from the current folder up; flags win over it."""

from __future__ import annotations

import json
import os
import re
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


# Whose settings, and which file -------------------------------------------------------------


def _owned_by_someone_else(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)  # nobody
    else:  # a user cannot give a file away: be someone else instead
        monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)


def test_settings_owned_by_another_user_are_ignored_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pyproject.toml in a shared parent folder cannot exclude plans or swap the register."""
    from test_bad_inputs import run_cli

    root = project(tmp_path, 'exclude = ["**"]\ndata = "elsewhere"\nformat = "json"')
    _owned_by_someone_else(root / "pyproject.toml", monkeypatch)
    monkeypatch.chdir(root / "plans")
    monkeypatch.delenv("QUALCHECK_DATA", raising=False)
    monkeypatch.delenv("QUALCHECK_FORMAT", raising=False)
    run = run_cli("validate", "-q", "surplus.yaml")
    assert run.code == 0, run.output  # judged on the bundled register, not excluded
    assert "surplus.yaml  VALID" in run.output
    warning = f"qualcheck: warning: {root / 'pyproject.toml'}: QC060 owned by another user"
    assert run.output.count(warning) == 1, run.output
    assert "its settings are ignored" in run.output
    assert load_config(root / "plans") == load_config(root)  # nothing further up is read instead
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no settings: nothing to say
    _owned_by_someone_else(root / "pyproject.toml", monkeypatch)
    assert "qualcheck: warning" not in run_cli("validate", "-q", "surplus.yaml").output


def test_the_settings_file_used_is_named(tmp_path: Path) -> None:
    root = project(tmp_path, "strict = false")
    where = str(root / "pyproject.toml")
    verbose = run_in(root, "validate", "-v", "plans/surplus.yaml")
    assert verbose.stderr.count(f"qualcheck: settings from {where}\n") == 1
    assert "settings from" not in run_in(root, "validate", "plans/surplus.yaml").stderr
    document = json.loads(run_in(root, "validate", "-f", "json", "plans/surplus.yaml").stdout)
    assert document["settings"] == where
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert json.loads(run_in(root, "validate", "-f", "json", "plans/surplus.yaml").stdout)["settings"] is None
    excluded = project(tmp_path, 'exclude = ["plans/*"]')
    assert f"excluded by [tool.qualcheck] exclude in {where}" in run_in(excluded, "validate", "plans").stderr


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'tool = "x"\n', "QC060 [tool] must be a table"),
        (b"[tool]\nqualcheck = 3\n", "QC060 [tool.qualcheck] must be a table of settings"),
        (b'[tool.qualcheck]\nformat = "caf\xe9"\n', ":2:14: QC060 file is not UTF-8 text (byte 0xe9)"),
        (
            b"[tool.qualcheck]\nstrict = " + b"9" * 5000 + b"\n",
            "QC060 not valid TOML for qualcheck: a number",
        ),
        (b"[tool.qualcheck]\nstrict = " + b"9" * 4000 + b"\n", "strict must be true or false, not 99999"),
        (
            b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
            "QC060 not valid TOML for qualcheck: values nested",
        ),
        # The line and column are the TOML reader's (where it stopped), and so is the reason.
        (b"[tool.qualcheck]\nstrict = true\nstrict = false\n", "pyproject.toml:3:"),
        (b"[tool.qualcheck]\nformat = [\n", "pyproject.toml:2:"),
        (b'[tool.qualcheck]\n"\\u001b[2J" = 1\n', "QC060 unknown setting '\\x1b[2J' in [tool.qualcheck]"),
        (b'[tool.qualcheck]\ndata = ""\n', "QC060 [tool.qualcheck] data must name a folder"),
        (b"[tool.qualcheck]\ncolor = 1.5\n", "QC060 [tool.qualcheck] color must be a string, not 1.5"),
        (b"[tool.qualcheck]\nexclude = [1]\n", "QC060 [tool.qualcheck] exclude must be a list"),
        (
            b"[tool.qualcheck]\nseverity = { QC103 = 1 }\n",
            "QC060 [tool.qualcheck] severity QC103 must be one",
        ),
        (b"x = '" + b"y" * (1024 * 1024) + b"'\n", "QC060 file is larger than 1 MB"),
    ],
    ids=[
        "tool-not-a-table",
        "qualcheck-not-a-table",
        "not-utf8",
        "5000-digit-number",
        "4000-digit-number",
        "nested-100000-deep",
        "duplicate-key",
        "unclosed-list",
        "control-characters-in-a-key",
        "empty-data",
        "wrong-type",
        "exclude-of-numbers",
        "severity-of-a-number",
        "over-1-MB",
    ],
)
def test_a_settings_file_that_cannot_be_used_is_one_line_naming_it(
    tmp_path: Path, content: bytes, says: str
) -> None:
    project(tmp_path, "")
    (tmp_path / "pyproject.toml").write_bytes(content)
    done = run_in(tmp_path, "validate", "plans/surplus.yaml")
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(
        f"qualcheck: {tmp_path / 'pyproject.toml'}"
    )
    assert says in done.stderr, done.stderr
    assert "QC060" in done.stderr and "\x1b" not in done.stderr


# One set of settings for every command ------------------------------------------------------
# Each register below is the corpus's small one with its qualification retitled after the
# register, and a units file that does not load (which only check-data reads), so every
# command's output tells which register it used.

PLAN = "qualification: BSB50311\nunits: [BSBCCO504A, BSBCCO601B, BSBCCO602B, BSBCCO403A]\n"
COMMANDS = {
    "validate": ("validate", "plan.yaml"),
    "explain": ("explain", "BSB50311"),
    "show": ("show", "BSB50311"),
    "check-data": ("check-data",),
    "audit": ("audit", "--csv", "plans.csv", "--no-cache"),
}


def _register(folder: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "bad_inputs" / "registers" / "base", folder)
    qualification = folder / "qualifications" / "BSB50311.yaml"
    text = qualification.read_text().replace("Synthetic corpus qualification", f"Register {folder.name}")
    qualification.write_text(text)
    (folder / "units" / "ZZZ.yaml").write_text("units: [\n")
    return folder


def _used(done: subprocess.CompletedProcess[str], command: str) -> str:
    """The register `command` used: the name `_register` gave it."""
    assert "Traceback" not in done.stderr, done.stderr
    if command == "check-data":
        broken = re.findall(r"([\w-]+)/units/ZZZ\.yaml", done.stdout)
        return broken[0] if broken else "bundled"
    found = re.findall(r"Register ([\w-]+)", done.stdout)
    return found[0] if found else "bundled"


def _run_with(folder: Path, command: str, data: str | None, env: str | None) -> str:
    args = list(COMMANDS[command])
    if data is not None:
        args += [data] if command == "check-data" else ["--data", data]
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("QUALCHECK_FORMAT", None)
    environment.pop("QUALCHECK_DATA", None)
    if env is not None:
        environment["QUALCHECK_DATA"] = env
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env=environment,
        check=False,
    )
    return _used(done, command)


@pytest.fixture
def registers(tmp_path: Path) -> Path:
    """A project whose pyproject.toml points `data` at `from-pyproject`, run from a subfolder;
    the other registers are named by a flag or QUALCHECK_DATA, relative to the subfolder."""
    (tmp_path / "pyproject.toml").write_text('[tool.qualcheck]\ndata = "from-pyproject"\n')
    _register(tmp_path / "from-pyproject")
    work = tmp_path / "work"
    _register(work / "from-flag")
    _register(work / "from-env")
    (work / "plan.yaml").write_text(PLAN)
    (work / "plans.csv").write_text(
        "student,qualification,unit,outcome\n"
        + "".join(f"S1,BSB50311,{unit},20\n" for unit in PLAN.split("[")[1].rstrip("]\n").split(", "))
    )
    return work


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_data_from_flag_then_environment_then_pyproject(
    registers: Path, command: str
) -> None:
    assert _run_with(registers, command, None, None) == "from-pyproject"
    assert _run_with(registers, command, "from-flag", None) == "from-flag"
    assert _run_with(registers, command, None, "from-env") == "from-env"
    assert _run_with(registers, command, "from-flag", "from-env") == "from-flag"


def test_a_bad_settings_file_stops_every_command_that_uses_settings(tmp_path: Path) -> None:
    project(tmp_path, "stict = true")
    for args in (*COMMANDS.values(), ("import", "tga", "page.txt", "--out", "out")):
        done = run_in(tmp_path, *args)
        assert "Traceback" not in done.stderr
        if args[0] == "import":  # no setting applies: the settings file is not read
            assert "QC060" not in done.stderr, done.stderr
            continue
        assert done.returncode == 2, (args, done.stderr)
        assert f"{tmp_path / 'pyproject.toml'}: QC060 unknown setting 'stict'" in done.stderr, args
    assert run_in(tmp_path, "rules").returncode == 0  # nor for a command that uses none


def test_every_setting_is_documented_and_accepted() -> None:
    from qualcheck.config import Config
    from qualcheck.settings import SETTINGS, Settings, render_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_table() in readme, "regenerate the table with: python -m qualcheck.settings"
    fields = set(Settings.__dataclass_fields__) & set(Config.__dataclass_fields__)
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in readme
        assert f"\n{setting.name} = " in readme  # in the example [tool.qualcheck] table
        assert setting.name in fields
        if setting.env:
            assert f"`{setting.env}`" in readme


def test_config_accepts_each_setting_and_rejects_any_other_key(tmp_path: Path) -> None:
    from qualcheck.settings import SETTINGS

    for setting in SETTINGS:
        (tmp_path / "pyproject.toml").write_text(f"[tool.qualcheck]\n{setting.name} = {setting.example}\n")
        assert getattr(load_config(tmp_path), setting.name) is not None, setting.name
    (tmp_path / "pyproject.toml").write_text('[tool.qualcheck]\nregister = "data"\n')
    with pytest.raises(ConfigError, match="unknown setting 'register'") as raised:
        load_config(tmp_path)
    assert raised.value.code == "QC060"
    assert "known settings: " + ", ".join(s.name for s in SETTINGS) in str(raised.value)


def test_the_readme_names_exactly_the_codes_a_setting_may_adjust() -> None:
    import re

    from conftest import ROOT
    from qualcheck.codes import ADJUSTABLE

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = text[text.index("`severity` adjusts only notes") :].split("\n\n", 1)[0]
    assert set(re.findall(r"QC\d{3}", sentence.split(";")[0])) == set(ADJUSTABLE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pyproject_that_is_a_named_pipe_is_an_error_not_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match="not a regular file") as raised:
        load_config(tmp_path)
    assert raised.value.code == "QC060"
