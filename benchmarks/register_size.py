"""One plan checked against the SYNTHETIC national register (2,000 qualifications, 20,000 units,
plus the bundled data) and against the bundled one-qualification register. Target: at most 1.2x.

Files are read only when a plan needs them, so the size of the register should barely matter.
Runs alternate; medians are compared.

    python benchmarks/register_size.py [--runs 20] [--plan examples/valid.yaml]
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
from synthetic import write_register
from timing import ROOT, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--plan", default="examples/valid.yaml")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qualcheck-register-"))
    try:
        national = write_register(work / "national")
        os.environ["NO_COLOR"] = "1"
        base = [sys.executable, "-m", "qualcheck", "validate", args.plan, "--data"]
        small, large = [*base, str(ROOT / "data")], [*base, str(national)]
        timed(small)
        timed(large)
        small_times, large_times = [], []
        for _ in range(args.runs):
            small_times.append(timed(small))
            large_times.append(timed(large))
        small_ms, large_ms = statistics.median(small_times) * 1000, statistics.median(large_times) * 1000
        print(f"runs: {args.runs} each, alternating; medians; plan {args.plan}")
        print(f"one-qualification register (bundled):          {small_ms:7.1f} ms")
        print(f"SYNTHETIC national register (2,001 qualifications): {large_ms:7.1f} ms")
        print(f"ratio: {large_ms / small_ms:.2f}x (target <= 1.2x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
