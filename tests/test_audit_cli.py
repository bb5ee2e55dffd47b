"""`qualcheck audit` as users call it: formats, exit codes, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from natfiles import VALID, activity, completion, write


def audit(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "QUALCHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("QUALCHECK_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", "audit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_exit_0_when_every_student_is_eligible_or_on_track(tmp_path: Path) -> None:
    lines = [activity("S1", u, "BSB50311", "20") for u in VALID]
    lines += [activity("S2", u, "BSB50311", "20" if i < 5 else "70") for i, u in enumerate(VALID)]
    write(tmp_path / "nat", "NAT00120.txt", lines)
    done = audit(tmp_path, "--avetmiss", str(tmp_path / "nat"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Eligible for award (1):" in done.stdout and "On track (1):" in done.stdout
    assert "20 competency achieved/pass" in done.stdout
    assert list((tmp_path / "cache").glob("*.pickle"))  # the register went through the cache
    assert (
        audit(tmp_path, "--avetmiss", str(tmp_path / "nat"), "--no-cache", "--jobs", "2").stdout
        == done.stdout
    )


def test_exit_1_for_an_unsupported_completion_listed_first(tmp_path: Path) -> None:
    lines = [activity("S1", u, "BSB50311", "20") for u in VALID]
    lines += [activity("S2", u, "BSB50311", "20" if i < 9 else "40") for i, u in enumerate(VALID)]
    write(tmp_path / "nat", "NAT00120.txt", lines)
    write(tmp_path / "nat", "NAT00130.txt", [completion("S2", "BSB50311")])
    done = audit(tmp_path, "--avetmiss", str(tmp_path / "nat"), "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["summary"]["unsupported_completions"] == 1
    assert data["summary"]["cannot-complete"] == 1 and data["summary"]["eligible"] == 1
    first = data["enrolments"][0]
    assert (first["student"], first["unsupported_completion"]) == ("S2", True)
    assert first["reasons"][0]["code"] == "completion"
    outcomes = {o["code"]: o["treatment"] for o in data["outcomes"]}
    assert outcomes == {"20": "achieved", "40": "not-achieved"}


def test_exit_2_and_csv_rows_for_malformed_lines(tmp_path: Path) -> None:
    lines = [activity("S1", u, "BSB50311", "20") for u in VALID] + ["too short"]
    write(tmp_path / "nat", "NAT00120.txt", lines)
    done = audit(tmp_path, "--avetmiss", str(tmp_path / "nat"), "-f", "csv")
    assert done.returncode == 2
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["verdict"] for r in rows] == ["eligible", "malformed-line"]
    assert rows[1]["line"] == "11" and rows[1]["path"].endswith("NAT00120.txt")


def test_csv_plans_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "plans.csv"
    path.write_text(
        "student,qualification,unit,outcome\n" + "".join(f"A1,BSB50311,{u},completed\n" for u in VALID)
    )
    done = audit(tmp_path, "--csv", str(path))
    assert done.returncode == 0 and "A1  BSB50311 Diploma of Customer Contact" in done.stdout


def test_unreadable_input_exits_2_with_a_message(tmp_path: Path) -> None:
    done = audit(tmp_path, "--avetmiss", str(tmp_path / "missing"))
    assert done.returncode == 2 and "not a folder" in done.stderr
    (tmp_path / "empty").mkdir()
    assert "no NAT00120 file" in audit(tmp_path, "--avetmiss", str(tmp_path / "empty")).stderr
    assert audit(tmp_path).returncode == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n")
    done = audit(tmp_path, "--csv", str(bad))
    assert done.returncode == 2 and "bad.csv:1:1" in done.stderr
