"""One plan checked against the SYNTHETIC national register (2,000 qualifications, 20,000 units,
plus the bundled data) and against the bundled one-qualification register. Target: at most 1.2x.

Files are read only when a plan needs them, so the size of the register should barely matter.
Runs alternate; medians are compared. The plan must be valid against both registers (exit 0),
and a plan for a SYNTHETIC qualification must be valid against the national one, so a register
that fails to load is never timed; otherwise the benchmark fails with exit code 1. --small writes
2 SYNTHETIC packages instead of 20 and runs 3 times.

    python benchmarks/register_size.py [--runs 20] [--plan examples/valid.yaml] [--small]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import PACKAGES, qualifications, write_register
from timing import ROOT, answer, expect, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--plan", default="examples/valid.yaml")
    parser.add_argument("--small", action="store_true", help="2 SYNTHETIC packages, 3 runs")
    args = parser.parse_args()
    packages = 2 if args.small else len(PACKAGES)
    if args.small:
        args.runs = 3
    work = Path(tempfile.mkdtemp(prefix="qualcheck-register-"))
    try:
        national = write_register(work / "national", packages=packages)
        os.environ["NO_COLOR"] = "1"
        base = [sys.executable, "-m", "qualcheck", "validate", args.plan, "--data"]
        small, large = [*base, str(ROOT / "data")], [*base, str(national)]
        for command in (small, large):
            done = answer(command)
            expect(done.returncode == 0, f"{args.plan} is not valid with {command[-1]}: {done.stdout[-300:]}")
        synthetic = qualifications(PACKAGES[0])[0]
        plan = work / "synthetic-plan.yaml"
        units = [*synthetic.core, *synthetic.group_a[:8]]  # all core, 8 electives from Group A
        plan.write_text(f"qualification: {synthetic.code}\nunits: [{', '.join(units)}]\n")
        done = answer([sys.executable, "-m", "qualcheck", "validate", str(plan), "--data", str(national)])
        expect(done.returncode == 0, f"a SYNTHETIC plan is not valid: {done.stdout[-300:]}")
        small_times, large_times = [], []
        for _ in range(args.runs):
            small_times.append(timed(small))
            large_times.append(timed(large))
        small_ms, large_ms = statistics.median(small_times) * 1000, statistics.median(large_times) * 1000
        print(f"runs: {args.runs} each, alternating; medians; plan {args.plan}")
        print(f"one-qualification register (bundled):          {small_ms:7.1f} ms")
        count = packages * 100 + len(list((ROOT / "data" / "qualifications").glob("*.yaml")))
        print(f"SYNTHETIC national register ({count:,} qualifications): {large_ms:7.1f} ms")
        print(f"ratio: {large_ms / small_ms:.2f}x (target <= 1.2x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
