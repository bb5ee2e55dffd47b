"""--output: the report goes to a file, atomically, and replaces a file only with --force."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    done = run("validate", "-f", "json", "-o", str(target), "examples/invalid-one-group-a.yaml")
    assert done.returncode == 1
    assert done.stdout == ""
    assert json.loads(target.read_text())["summary"]["invalid"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me")
    done = run("validate", "-f", "html", "--output", str(target), "examples/valid.yaml")
    assert done.returncode == 2
    assert "file exists; not overwritten" in done.stderr and "--force" in done.stderr
    assert target.read_text() == "keep me"
    forced = run("validate", "-f", "html", "--output", str(target), "--force", "examples/valid.yaml")
    assert forced.returncode == 0
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_output_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    done = run("validate", "-o", str(tmp_path / "no" / "such" / "r.txt"), "examples/valid.yaml")
    assert done.returncode == 2
    assert "does not exist (create it first)" in done.stderr


def test_text_to_a_file_has_no_colour(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    run("validate", "-o", str(target), "examples/valid.yaml")
    assert "\x1b[" not in target.read_text()
    run("validate", "--color", "always", "-o", str(target), "--force", "examples/valid.yaml")
    assert "\x1b[" in target.read_text()
