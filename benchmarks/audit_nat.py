"""Audit benchmark: 1,000,000 SYNTHETIC NAT00120 rows against the SYNTHETIC national register.

Targets (goal P5 of the performance issue): at most 30 s with --jobs 2, under 1 GiB peak memory.
Peak memory is printed two ways: resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, which is the
peak of the largest single process (the main one or a worker), and the largest sum over the whole
process tree, sampled from /proc every 0.1 s while the audit runs.

Every run's report is checked against what the generator made before any figure is printed:
every student judged, none malformed, and the count of each verdict (each above 0) and of
unsupported completions equal to the generator's; otherwise the benchmark fails with exit code 1.
--small runs 5,000 rows against a register of 2 packages, in seconds, to show that it works.

    python benchmarks/audit_nat.py [--rows 1000000] [--jobs 2] [--work DIR] [--small]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import PACKAGES, NatAnswers, write_nat, write_register
from timing import expect


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str], report: Path) -> tuple[float, int, int]:
    peak = [0]
    with report.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, env=env)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], tree_rss_kib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return seconds, code, peak[0]


def check_report(report: Path, code: int, answers: NatAnswers) -> None:
    """The audit's CSV report must say what the generator made: see the module's notes."""
    verdicts: dict[str, int] = {}
    unsupported = 0
    with report.open(newline="") as handle:
        for row in csv.DictReader(handle):
            verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
            unsupported += row["unsupported_completion"] == "yes"
    judged = {verdict: n for verdict, n in verdicts.items() if verdict in answers.verdicts}
    expect(not verdicts.get("malformed-line"), f"{verdicts.get('malformed-line')} malformed lines")
    expect(not verdicts.get("not-judged"), f"{verdicts.get('not-judged')} students not judged")
    expect(
        sum(verdicts.values()) == answers.students, f"{sum(verdicts.values())} of {answers.students} judged"
    )
    expect(
        all(answers.verdicts.values()), f"the generator made no student of some verdict: {answers.verdicts}"
    )
    expect(judged == answers.verdicts, f"verdicts {judged}, the generator made {answers.verdicts}")
    expect(
        unsupported == answers.unsupported_completions,
        f"{unsupported} unsupported completions, the generator made {answers.unsupported_completions}",
    )
    expect(code == 1, f"exit code {code}: students who cannot complete make it 1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep the SYNTHETIC data here (default: a temporary one)")
    parser.add_argument("--small", action="store_true", help="5,000 rows, a register of 2 packages")
    args = parser.parse_args()
    rows, packages = (5000, 2) if args.small else (args.rows, len(PACKAGES))
    work = args.work or Path(tempfile.mkdtemp(prefix="qualcheck-bench-"))
    try:
        register, nat, cache = work / "register", work / "nat", work / "cache"
        if not (register / "qualifications").is_dir():
            write_register(register, packages=packages)
        answers = write_nat(nat, rows, packages=packages)
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "QUALCHECK_CACHE_DIR": str(cache)}
        command = [sys.executable, "-m", "qualcheck", "audit", "--avetmiss", str(nat)]
        command += ["--data", str(register), "--jobs", str(args.jobs), "--format", "csv"]
        print(f"SYNTHETIC data: {answers.describe()}; register of {packages * 100} SYNTHETIC qualifications")
        for label in ("cold register cache", "warm register cache"):
            before = cpu_seconds()
            seconds, code, tree_peak = run(command, env, work / "report.csv")
            cpu = cpu_seconds() - before
            check_report(work / "report.csv", code, answers)
            print(f"{label}: {seconds:6.1f} s with --jobs {args.jobs} (exit {code}; goal <= 30 s)")
            print(f"  every student judged as generated: {answers.verdicts}")
            print(f"  CPU time of all its processes: {cpu:6.1f} s; load average now {os.getloadavg()[0]:.1f}")
            print(f"  peak memory, process tree (sampled): {tree_peak / 1024:7.1f} MiB (target < 1 GiB)")
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"  peak RSS of the largest single process (getrusage, children): {largest / 1024:7.1f} MiB")
        phases(nat, register, cache)

    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def phases(nat: Path, register: Path, cache: Path, sample: int = 3000) -> None:
    """Where the time goes, in this process: reading and grouping, then judging a sample."""
    from qualcheck.audit.cohort import CohortVerdict, judge
    from qualcheck.audit.run import RegisterSettings, open_cached_register, read_avetmiss

    start = time.perf_counter()
    _, enrolments = read_avetmiss(nat)
    read = time.perf_counter() - start
    settings = RegisterSettings(register, cache)
    loaded = open_cached_register(settings)
    sample = min(sample, len(enrolments) // 2)
    for enrolment in enrolments[:sample]:  # loads the qualifications these students need
        judge(enrolment, loaded)
    start = time.perf_counter()
    judged = [judge(enrolment, loaded) for enrolment in enrolments[sample : 2 * sample]]
    per = (time.perf_counter() - start) / max(sample, 1)
    expect(bool(judged), "no enrolment to time")
    expect(
        all(j.verdict is not CohortVerdict.NOT_JUDGED for j in judged),
        "a timed enrolment was not judged",
    )
    print("where the time goes (one process):")
    print(f"  read and group {len(enrolments)} enrolments: {read:6.1f} s (serial, before judging)")
    print(
        f"  judge one enrolment: {per * 1000:5.2f} ms, {per * len(enrolments):6.1f} s for all in one process"
    )


if __name__ == "__main__":
    main()
