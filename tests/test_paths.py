"""Which plans a run checks: files, folders, globs and stdin, in a stable order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES
from qualcheck.io.paths import expand
from test_cli import run

VALID = (EXAMPLES / "valid.yaml").read_text()
INVALID = (EXAMPLES / "invalid-one-group-a.yaml").read_text()


def make_tree(root: Path) -> None:
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "b" / "deep" / "z.yml").write_text(VALID)
    (root / "b" / "c.yaml").write_text(INVALID)
    (root / "a" / "x.yaml").write_text(VALID)
    (root / "a" / "notes.txt").write_text("not a plan")


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    paths = [s.path for s in expand([str(tmp_path)])]
    assert paths == [str(tmp_path / p) for p in ("a/x.yaml", "b/c.yaml", "b/deep/z.yml")]


def test_folder_run_reports_each_plan_and_exits_1(tmp_path: Path) -> None:
    make_tree(tmp_path)
    done = run("validate", "-q", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines()[-2:] == [
        "3 plans: 2 valid, 1 invalid, 0 not checked",
        f"  invalid (1): {tmp_path / 'b' / 'c.yaml'}",
    ]


def test_glob_is_expanded_by_qualcheck(tmp_path: Path) -> None:
    make_tree(tmp_path)
    pattern = str(tmp_path / "**" / "*.yaml")
    assert [s.path for s in expand([pattern])] == [str(tmp_path / "a/x.yaml"), str(tmp_path / "b/c.yaml")]
    done = run("validate", "-f", "json", pattern)
    assert [p["path"] for p in json.loads(done.stdout)["plans"]] == [
        str(tmp_path / "a/x.yaml"),
        str(tmp_path / "b/c.yaml"),
    ]


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    sources = expand([str(tmp_path / "a" / "x.yaml"), str(tmp_path / "a"), str(tmp_path / "a" / "*.yaml")])
    assert [s.path for s in sources] == [str(tmp_path / "a" / "x.yaml")]


def test_empty_folder_exits_2_and_other_plans_are_still_checked(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a plan")
    done = run("validate", "-q", str(tmp_path / "empty"), "examples/valid.yaml")
    assert done.returncode == 2
    assert f"{tmp_path / 'empty'}  NOT CHECKED" in done.stdout
    assert "examples/valid.yaml  VALID" in done.stdout
    detail = run("validate", "-f", "concise", str(tmp_path / "empty")).stdout
    assert "no plan files (*.yaml, *.yml) in this folder or below" in detail


def test_glob_matching_nothing_exits_2(tmp_path: Path) -> None:
    done = run("validate", "-f", "concise", str(tmp_path / "*.yaml"))
    assert done.returncode == 2
    assert f"{tmp_path / '*.yaml'}:1:1: QC000 [error] unreadable-file: no file matches this pattern" in (
        done.stdout
    )


def test_symlink_loop_is_reported_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "p.yaml").write_text(VALID)
    os.symlink(tmp_path / "plans", tmp_path / "plans" / "again")
    done = run("validate", "-f", "concise", str(tmp_path / "plans"))
    assert done.returncode == 2
    assert "QC000 [error] unreadable-file: symbolic link loop" in done.stdout


def test_self_referencing_file_link(tmp_path: Path) -> None:
    os.symlink(tmp_path / "loop.yaml", tmp_path / "loop.yaml")
    done = run("validate", str(tmp_path / "loop.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "link" in done.stdout


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    done = run("validate", "-f", "concise", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: QC000 [error] unreadable-file: file not found" in done.stdout


def test_stdin_mixes_with_files() -> None:
    done = run("validate", "-q", "-", "examples/invalid-one-group-a.yaml", stdin=VALID)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("<stdin>  VALID")


def test_exclude_patterns(tmp_path: Path) -> None:
    make_tree(tmp_path)
    sources = expand([str(tmp_path)], exclude=["b/*"], exclude_base=tmp_path)
    assert [s.path for s in sources] == [str(tmp_path / "a/x.yaml")]  # fnmatch's * crosses folders
    sources = expand([str(tmp_path)], exclude=["*/deep/*"], exclude_base=tmp_path)
    assert [Path(s.path).name for s in sources] == ["x.yaml", "c.yaml"]


def test_no_progress_counter_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / f"p{i:02}.yaml").write_text(VALID)
    done = run("validate", "-q", str(tmp_path))
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1] == "25 plans: 25 valid, 0 invalid, 0 not checked"


def test_progress_counter_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qualcheck import cli

    for total in (5, 25):
        for done in range(1, total + 1):
            cli._progress(done, total)
    err = capsys.readouterr().err
    assert "checking plans: 5/5" not in err  # few plans: no counter
    assert "\rchecking plans: 1/25" in err and err.endswith("\rchecking plans: 25/25\r\x1b[K")


def test_two_links_to_one_folder_list_its_plans_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.yaml").write_text(VALID)
    (tmp_path / "top").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "top" / "one")
    os.symlink(tmp_path / "real", tmp_path / "top" / "two")
    sources = expand([str(tmp_path / "top")])
    assert [(s.path, s.error) for s in sources] == [(str(tmp_path / "top" / "one" / "p.yaml"), None)]
