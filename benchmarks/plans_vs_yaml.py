"""10,000 SYNTHETIC plan files checked in one `qualcheck validate` call, against parsing the same
files with PyYAML's C loader in one Python process. Target: at most 1.5x.

Both sides start a fresh Python and read every file; the floor pays only `import yaml` and
`yaml.load(..., CSafeLoader)` per file. Runs alternate; medians are compared.

    python benchmarks/plans_vs_yaml.py [--count 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_plans

FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qualcheck-plans-"))
    try:
        paths = [str(p) for p in write_plans(work, args.count)]
        os.environ["NO_COLOR"] = "1"
        floor = [sys.executable, "-c", FLOOR, *paths]
        tool = [sys.executable, "-m", "qualcheck", "validate", "--format", "json", *paths]
        timed(floor)  # warm the file cache
        floor_times, tool_times = [], []
        for _ in range(args.runs):
            floor_times.append(timed(floor))
            tool_times.append(timed(tool))
        floor_s, tool_s = statistics.median(floor_times), statistics.median(tool_times)
        print(f"{args.count} SYNTHETIC plan files, {args.runs} alternating runs, medians")
        print(f"yaml.load with CSafeLoader:        {floor_s:7.2f} s")
        print(f"qualcheck validate --format json:  {tool_s:7.2f} s")
        print(f"ratio: {tool_s / floor_s:.2f}x (target <= 1.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
