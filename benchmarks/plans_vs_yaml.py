"""10,000 SYNTHETIC plan files checked in one `qualcheck validate` call, against parsing the same
files with PyYAML's C loader in one Python process. Target: at most 1.5x.

Both sides start a fresh Python and read every file; the floor pays only `import yaml` and
`yaml.load(..., CSafeLoader)` per file. Runs alternate; medians are compared. Every run must
succeed, and qualcheck's verdicts must be the ones the generator made, or the benchmark fails
with exit code 1.

    python benchmarks/plans_vs_yaml.py [--count 10000] [--runs 3] [--small]
"""

from __future__ import annotations

import argparse
import json
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
from timing import expect

FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    expect(done.returncode in (0, 1), f"{command[:4]} ... exited {done.returncode}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--small", action="store_true", help="200 plans, one run each")
    args = parser.parse_args()
    if args.small:
        args.count, args.runs = 200, 1
    work = Path(tempfile.mkdtemp(prefix="qualcheck-plans-"))
    try:
        wanted = {str(path): verdict for path, verdict in write_plans(work, args.count).items()}
        paths = list(wanted)
        os.environ["NO_COLOR"] = "1"
        floor = [sys.executable, "-c", FLOOR, *paths]
        tool = [sys.executable, "-m", "qualcheck", "validate", "--format", "json", *paths]
        done = subprocess.run(floor, capture_output=True, text=True, check=False)
        expect(done.returncode == 0, f"the floor failed: {done.stderr.strip()[-200:]}")
        done = subprocess.run(tool, capture_output=True, text=True, check=False)
        expect(done.returncode == 1, f"qualcheck exited {done.returncode}, not 1: {done.stderr.strip()}")
        got = {plan["path"]: plan["verdict"] for plan in json.loads(done.stdout)["plans"]}
        wrong = sorted(path for path in wanted if got.get(path) != wanted[path])
        expect(not wrong, f"{len(wrong)} plans not judged as generated, such as {wrong[:1]}")
        floor_times, tool_times = [], []
        for _ in range(args.runs):
            floor_times.append(timed(floor))
            tool_times.append(timed(tool))
        floor_s, tool_s = statistics.median(floor_times), statistics.median(tool_times)
        invalid = list(wanted.values()).count("invalid")
        print(f"{args.count} SYNTHETIC plan files, {args.runs} alternating runs, medians")
        print(f"verdicts as generated: {args.count - invalid} valid, {invalid} invalid")
        print(f"yaml.load with CSafeLoader:        {floor_s:7.2f} s")
        print(f"qualcheck validate --format json:  {tool_s:7.2f} s")
        print(f"ratio: {tool_s / floor_s:.2f}x (target <= 1.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
