"""Timing shared by the benchmark scripts: one command, run once, in the project folder; and the
check every benchmark makes of its own answers before it prints a figure."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> float:
    """Seconds one run of `command` takes, its output discarded."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def answer(command: list[str]) -> subprocess.CompletedProcess[str]:
    """One run of `command` with its output kept, to check what the timed runs compute."""
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def expect(ok: bool, message: str) -> None:
    """Stop with exit code 1 and `message` when a benchmark's run did not give the answer it must:
    a time for a run that did the wrong work (judged nobody, failed to load) means nothing."""
    if not ok:
        print(f"benchmark failed: {message}", file=sys.stderr)
        raise SystemExit(1)


def timed_with_cpu(command: list[str]) -> tuple[float, float]:
    """Seconds one run of `command` takes, wall and CPU (user and system time of the run and
    every process it starts), its output discarded."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
