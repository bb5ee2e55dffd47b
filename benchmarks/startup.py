"""Start-up benchmark: `qualcheck validate` on the example plan against the import floor.

The floor is `python -c "import pydantic, yaml"`: any validator built on them pays it. Both
commands run alternately in the same session, and the medians are compared.

    python benchmarks/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from timing import timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plan", default="examples/valid.yaml")
    args = parser.parse_args()

    script = shutil.which("qualcheck", path=str(Path(sys.executable).parent)) or shutil.which("qualcheck")
    qualcheck = [script] if script else [sys.executable, "-m", "qualcheck"]
    floor = [sys.executable, "-c", "import pydantic, yaml"]
    tool = [*qualcheck, "validate", args.plan]
    os.environ["NO_COLOR"] = "1"

    for command in (floor, tool):  # warm the file cache and .pyc files
        timed(command)
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
