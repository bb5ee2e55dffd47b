"""The README's examples run as written: each `$ qualcheck ...` block is run in a fresh folder
beside the project's examples, and every line it shows must be in what the command prints
(`...` stands for text left out, within a line or as a line of its own)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

_BLOCK = re.compile(r"^```\n\$ (qualcheck [^\n]+)\n(.*?)^```", re.M | re.S)
EXAMPLES = _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def _shown_in(line: str, printed: list[str]) -> bool:
    pieces = [p.strip() for p in line.split("...") if p.strip()]
    pattern = re.compile(".*".join(re.escape(p) for p in pieces))
    return any(pattern.search(out) for out in printed)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_runs_as_written(tmp_path: Path, command: str, shown: str) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    printed = (done.stdout + done.stderr).splitlines()
    missing = [
        line
        for line in shown.splitlines()
        if line.strip() not in ("", "...") and not _shown_in(line, printed)
    ]
    assert not missing, f"{command}: the README shows lines it does not print:\n" + "\n".join(missing)
