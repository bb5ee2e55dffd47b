"""Start-up benchmark: a cold `qualcheck validate` on one plan, against yamllint on the same file.

yamllint is the baseline (goal: qualcheck at most 1.0x): a YAML linter that reads the same file
with the same parser. It is found on PATH, beside this Python, or where `--yamllint` says; when
it is not installed, that is said, and only the other floor is measured: `python -c "import
pydantic, yaml"`, what a validator built on them pays before reading anything.

Every command runs alternately in the same session, and the medians are compared. Bytecode is
compiled first (as an installed copy has it), and the register cache is warmed in a folder of
the run's own, so the run measured is a user's second and later one. Each command must give the
expected answer, or the benchmark fails with exit code 1: the plan judged valid (exit 0), the
warm run building no pydantic model (the plain path), yamllint finding no error (exit 0).

    python benchmarks/startup.py [--runs 30] [--small] [--plan FILE] [--yamllint PATH]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from timing import ROOT, answer, expect, timed

# A plain validate as the command line runs it, saying afterwards which heavy packages it loaded.
_LOADED = (
    "import sys\n"
    "from qualcheck import cli\n"
    "try:\n"
    "    cli.main(sys.argv[1:])\n"
    "except SystemExit as done:\n"
    "    loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'rich', 'typer'})\n"
    "    print('loaded:', ','.join(loaded) or '-', file=sys.stderr)\n"
    "    raise\n"
)


def _yamllint(given: str | None) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).parent / "yamllint"
    return str(beside) if beside.exists() else shutil.which("yamllint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plan", default="examples/valid.yaml")
    parser.add_argument("--yamllint", help="the yamllint to compare with (default: found on PATH)")
    parser.add_argument("--small", action="store_true", help="3 runs")
    args = parser.parse_args()
    if args.small:
        args.runs = 3

    compileall.compile_dir(str(ROOT / "src" / "qualcheck"), quiet=1)
    os.environ["NO_COLOR"] = "1"
    os.environ["QUALCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="qualcheck-bench-cache-")

    script = shutil.which("qualcheck", path=str(Path(sys.executable).parent)) or shutil.which("qualcheck")
    qualcheck = [script] if script else [sys.executable, "-m", "qualcheck"]
    tool = [*qualcheck, "validate", args.plan]
    floor = [sys.executable, "-c", "import pydantic, yaml"]
    linter_path = _yamllint(args.yamllint)
    linter = [linter_path, args.plan] if linter_path else None

    # Warm the file cache, the .pyc files and the register cache; check every answer.
    for command in (floor, tool, *([linter] if linter else [])):
        done = answer(command)
        expect(done.returncode == 0, f"{' '.join(command)} exited {done.returncode} (0: valid, no error)")
    plain = answer([sys.executable, "-c", _LOADED, "validate", args.plan])
    expect(plain.returncode == 0, f"the plain validate exited {plain.returncode} (0: valid)")
    expect("loaded: -" in plain.stderr, f"a warm validate took the full path ({plain.stderr.strip()})")

    commands = {"floor": floor, "qualcheck": tool, **({"yamllint": linter} if linter else {})}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    ms = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"runs: {args.runs} each, alternating; medians; bytecode compiled; register cache warm")
    print(f"python -c 'import pydantic, yaml': {ms['floor']:7.1f} ms")
    if linter:
        print(f"yamllint {args.plan}: {ms['yamllint']:7.1f} ms")
    else:
        print("yamllint: not installed (pip install yamllint, or give --yamllint PATH): floor only")
    print(f"qualcheck validate {args.plan}: {ms['qualcheck']:7.1f} ms")
    if linter:
        print(f"ratio to yamllint: {ms['qualcheck'] / ms['yamllint']:.2f}x (goal <= 1.0x)")
    print(f"ratio to the import floor: {ms['qualcheck'] / ms['floor']:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
