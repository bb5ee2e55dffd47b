"""10,000 SYNTHETIC plan files checked in one `qualcheck validate` call, in json and in text, in
one process and with --jobs 2, against parsing the same files with PyYAML's C loader in one
Python process. Goal P2 (issue 16): at most 2.0x in one process, at most 1.5x with --jobs 2 on
an idle machine.

Every side starts a fresh Python and reads every file; the floor pays only `import yaml` and
`yaml.load(..., CSafeLoader)` per file. Runs alternate and medians are compared; wall time is
the goal's measure, and the CPU time of each run (its processes' user and system time) is
printed beside it, since it holds when other work shares the machine (the load average at the
start and the end says how idle it was).

Before any time is printed, the answers are checked: qualcheck's verdicts must be the ones the
generator made, the text summary must count them, and --jobs 2 must write the very report one
process writes, in both formats; otherwise the benchmark fails with exit code 1.

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_plans
from timing import expect, timed_with_cpu

FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

# (label, format, jobs, goal as a ratio to the floor)
RUNS = [
    ("json, 1 process", "json", 1, 2.0),
    ("json, --jobs 2", "json", 2, 1.5),
    ("text, 1 process", "text", 1, 2.0),
    ("text, --jobs 2", "text", 2, 1.5),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
        commands = {
            label: [
                sys.executable,
                "-m",
                "qualcheck",
                "validate",
                "--format",
                fmt,
                "--jobs",
                str(jobs),
                *paths,
            ]
            for label, fmt, jobs, _ in RUNS
        }
        check_answers(floor, commands, wanted)
        load_before = os.getloadavg()
        times: dict[str, list[tuple[float, float]]] = {"floor": [], **{label: [] for label in commands}}
        for _ in range(args.runs):
            times["floor"].append(timed_with_cpu(floor))
            for label, command in commands.items():
                times[label].append(timed_with_cpu(command))
        load_after = os.getloadavg()
        floor_wall = statistics.median(t[0] for t in times["floor"])
        floor_cpu = statistics.median(t[1] for t in times["floor"])
        invalid = list(wanted.values()).count("invalid")
        print(f"{args.count} SYNTHETIC plan files, {args.runs} alternating runs, medians")
        print(f"verdicts as generated: {args.count - invalid} valid, {invalid} invalid")
        print(f"load average: {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end", end="")
        print(f" ({os.cpu_count()} CPUs)")
        print(f"{'':36} {'wall':>8} {'ratio':>7} {'goal':>6}   {'cpu':>8} {'ratio':>7}")
        name, one = "yaml.load with CSafeLoader", "1.00x"
        print(f"{name:36} {floor_wall:7.2f}s {one:>7} {'':>6}   {floor_cpu:7.2f}s {one:>7}")
        for label, _, _, goal in RUNS:
            wall = statistics.median(t[0] for t in times[label])
            cpu = statistics.median(t[1] for t in times[label])
            print(
                f"{'qualcheck validate, ' + label:36} {wall:7.2f}s {wall / floor_wall:6.2f}x {goal:5.1f}x"
                f"   {cpu:7.2f}s {cpu / floor_cpu:6.2f}x"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_answers(floor: list[str], commands: dict[str, list[str]], wanted: dict[str, str]) -> None:
    """Stop unless every command does the work it is timed for, with the answers it must give."""
    done = subprocess.run(floor, capture_output=True, text=True, check=False)
    expect(done.returncode == 0, f"the floor failed: {done.stderr.strip()[-200:]}")
    outputs: dict[str, str] = {}
    for label, command in commands.items():
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        expect(
            done.returncode == 1, f"{label}: qualcheck exited {done.returncode}, not 1: {done.stderr.strip()}"
        )
        outputs[label] = done.stdout
    got = {plan["path"]: plan["verdict"] for plan in json.loads(outputs["json, 1 process"])["plans"]}
    wrong = sorted(path for path in wanted if got.get(path) != wanted[path])
    expect(not wrong, f"{len(wrong)} plans not judged as generated, such as {wrong[:1]}")
    invalid = list(wanted.values()).count("invalid")
    summary = f"{len(wanted)} plans: {len(wanted) - invalid} valid, {invalid} invalid, 0 not checked"
    # The summary's count line (the files that need a person are named after it).
    lines = outputs["text, 1 process"].splitlines()
    expect(summary in lines, f"the text report's summary does not say {summary!r}")
    for fmt in ("json", "text"):
        same = outputs[f"{fmt}, --jobs 2"] == outputs[f"{fmt}, 1 process"]
        expect(same, f"{fmt}: --jobs 2 wrote another report than one process")


if __name__ == "__main__":
    main()
