"""Start-up benchmark: `qualcheck validate` on the example plan against the import floor.

The floor is `python -c "import pydantic, yaml"`: any validator built on them pays it. Both
commands run alternately in the same session, and the medians are compared. Both must succeed,
and the plan must be judged valid (exit 0), or the benchmark fails with exit code 1: a start-up
that stops at an error is not the one measured.

    python benchmarks/startup.py [--runs 30] [--small]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from timing import answer, expect, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plan", default="examples/valid.yaml")
    parser.add_argument("--small", action="store_true", help="3 runs")
    args = parser.parse_args()
    if args.small:
        args.runs = 3

    script = shutil.which("qualcheck", path=str(Path(sys.executable).parent)) or shutil.which("qualcheck")
    qualcheck = [script] if script else [sys.executable, "-m", "qualcheck"]
    floor = [sys.executable, "-c", "import pydantic, yaml"]
    tool = [*qualcheck, "validate", args.plan]
    os.environ["NO_COLOR"] = "1"

    for command in (floor, tool):  # warm the file cache and .pyc files, and check the answers
        done = answer(command)
        expect(done.returncode == 0, f"{' '.join(command[-2:])} exited {done.returncode} (0: valid)")
    floor_times, tool_times = [], []
    for _ in range(args.runs):
        floor_times.append(timed(floor))
        tool_times.append(timed(tool))
    floor_ms = statistics.median(floor_times) * 1000
    tool_ms = statistics.median(tool_times) * 1000
    print(f"runs: {args.runs} each, alternating; medians")
    print(f"python -c 'import pydantic, yaml': {floor_ms:7.1f} ms")
    print(f"qualcheck validate {args.plan}: {tool_ms:7.1f} ms")
    print(f"ratio: {tool_ms / floor_ms:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
