"""Adversarial-rules benchmark (goal P4): plans whose rules cut across each other in many ways.

The data is SYNTHETIC: a qualification file written here under the code BSB50311 with invented
rules (the file says so), over real units of the bundled register's BSB units file, and plans made
for it; no real qualification has these rules and no real student is behind the plans.

- overlapping: 60 electives over 12 overlapping groups of 15 or 16 (drawn with a fixed seed); at least 4
  from each of 8 groups (a unit counts once), at most 8 from each of the other 4, 40 electives.
  An assignment meeting every rule exists, so the plan must be VALID; the search alone gives up.
- two-from-each: at least 2 from each of 16 groups of 2, 32 electives; the plan has 31, so it must
  be INVALID, 1 elective short and exactly one group (the last) 1 short.

Each is judged through `qualcheck.api.validate_path` (the whole engine: reading, the register,
every rule), with the engine's caches cleared before each run so every run solves afresh, and
also as bare bounds through `best_assignment`. The baseline is the bundled `examples/valid.yaml`
judged the same way in the same run. Before a figure is printed, every answer is checked; a wrong
verdict, a plan not judged (QC016) or a shape the search answered alone fails the benchmark.

    python benchmarks/adversarial.py [--runs 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from qualcheck import api
from qualcheck.engine import assignment, integer_program
from qualcheck.engine.assignment import Bound, Choices, Limits, Shape, best_assignment
from qualcheck.findings import PlanResult, Status, Verdict
from timing import ROOT, expect

CORE = "BSBCCO504A"
SEED = 2  # groups drawn with it: a feasible assignment exists, and the search cannot find it in budget


def electives(count: int) -> list[str]:
    """`count` real BSB unit codes from the bundled register: none the core unit, none equivalent to
    another (credit for equivalent units is given once, which would change what the plan holds)."""
    register = api.open_register()
    codes: list[str] = []
    taken = {CORE} | register.equivalents(CORE)
    for code in register.unit_codes("BSB"):
        if code not in taken and len(codes) < count:
            codes.append(code)
            taken |= {code} | register.equivalents(code)
    expect(
        len(codes) == count, f"the bundled register has only {len(codes)} usable BSB units, {count} needed"
    )
    return codes


def overlapping_groups(units: int = 60, groups: int = 12, size: int = 15) -> list[list[int]]:
    """Member indices of each group: drawn with a fixed seed, so every run judges the same rules;
    a unit no draw put in a group joins one, so every unit of the plan may count."""
    rng = random.Random(SEED)
    members = [set(rng.sample(range(units), size)) for _ in range(groups)]
    for unit in sorted(set(range(units)).difference(*members)):
        members[unit % groups].add(unit)
    return [sorted(group) for group in members]


def qualification_yaml(
    title: str, codes: list[str], groups: list[list[int]], rules: list[str], need: int
) -> str:
    names = [f"G{g + 1:02}" for g in range(len(groups))]
    lines = [
        "# SYNTHETIC: written by benchmarks/adversarial.py; not a real qualification's rules.",
        "code: BSB50311",
        f"title: Synthetic {title}",
        "release: 1",
        "aqf_level: 5",
        "status: current",
        "source: [{title: synthetic, note: written by benchmarks/adversarial.py}]",
        "packaging:",
        f"  total_units: {need + 1}",
        "  core_units: 1",
        f"  elective_units: {need}",
        f"  core: [{CORE}]",
        "  groups:",
        *(
            f"    G{g + 1:02}: {{title: Group {g + 1}, units: [{', '.join(codes[i] for i in members)}]}}"
            for g, members in enumerate(groups)
        ),
        "  rules:",
        *rules,
        f"    - {{id: sources, kind: electives_from, from: {{groups: [{', '.join(names)}]}},"
        ' text: "electives from the groups"}',
    ]
    return "\n".join(lines) + "\n"


def rule(group: int, kind: str, count: int) -> str:
    """One rule line: at least or at most `count` from group number `group` (from 0)."""
    name, words = f"G{group + 1:02}", kind.replace("_", " ")
    rule_id = f"g{group + 1:02}-{kind.replace('_', '-')}"
    return (
        f"    - {{id: {rule_id}, kind: {kind}, count: {count}, from: {{groups: [{name}]}},"
        f' text: "{words} {count} from Group {group + 1}"}}'
    )


def overlapping_register(folder: Path) -> tuple[Path, list[str]]:
    """The 60-unit shape's register and plan; returns (plan path, its elective codes)."""
    codes = electives(60)
    groups = overlapping_groups()
    rules = [rule(g, "at_most", 8) if g % 3 == 2 else rule(g, "at_least", 4) for g in range(len(groups))]
    return _write(folder, qualification_yaml("overlapping groups", codes, groups, rules, 40), codes)


def two_from_each_register(folder: Path, groups: int = 16) -> tuple[Path, list[str]]:
    """'At least 2 from each of 16 groups', a plan one unit short; returns (plan path, its codes)."""
    codes = electives(2 * groups)
    members = [[2 * g, 2 * g + 1] for g in range(groups)]
    rules = [rule(g, "at_least", 2) for g in range(groups)]
    return _write(
        folder, qualification_yaml("two from each group", codes, members, rules, 2 * groups), codes[:-1]
    )


def _write(folder: Path, qualification: str, plan_codes: list[str]) -> tuple[Path, list[str]]:
    (folder / "qualifications").mkdir(parents=True)
    (folder / "qualifications" / "BSB50311.yaml").write_text(qualification)
    (folder / "units").mkdir()
    (folder / "units" / "BSB.yaml").write_text((ROOT / "data" / "units" / "BSB.yaml").read_text())
    plan = folder / "plan.yaml"
    lines = [
        "# SYNTHETIC plan written by benchmarks/adversarial.py; not a real student.",
        "qualification: BSB50311",
    ]
    plan.write_text("\n".join([*lines, "units:", *(f"  - {c}" for c in [CORE, *plan_codes])]) + "\n")
    return plan, plan_codes


def overlapping_bounds() -> tuple[list[int], list[Bound]]:
    """The 60-unit shape as bare bounds."""
    items = list(range(60))
    bounds = [Bound("electives", frozenset(items), 40, 40)]
    for g, members in enumerate(overlapping_groups()):
        bounds.append(
            Bound(f"g{g + 1}", frozenset(members), high=8)
            if g % 3 == 2
            else Bound(f"g{g + 1}", frozenset(members), low=4, exclusive=True)
        )
    return items, bounds


def two_from_each_bounds(groups: int = 16) -> tuple[list[int], list[Bound]]:
    items = list(range(2 * groups - 1))
    bounds = [Bound("electives", frozenset(items), 2 * groups, 2 * groups)]
    bounds += [
        Bound(f"g{g + 1}", frozenset({2 * g, 2 * g + 1}) & set(items), low=2, exclusive=True)
        for g in range(groups)
    ]
    return items, bounds


def check_overlapping(result: PlanResult) -> None:
    expect(result.error is None, f"overlapping: not judged: {result.error}")
    expect(result.verdict() is Verdict.VALID, f"overlapping: {result.verdict().name}, VALID expected")


def check_two_from_each(result: PlanResult) -> None:
    expect(result.error is None, f"two-from-each: not judged: {result.error}")
    expect(result.verdict() is Verdict.INVALID, f"two-from-each: {result.verdict().name}, INVALID expected")
    count = [f for f in result.findings if f.code == "QC201"]
    expect(
        len(count) == 1 and (count[0].have, count[0].need) == (31, 32),
        "two-from-each: 31 of 32 electives expected",
    )
    short = [f.rule_id for f in result.findings if f.code == "QC203" and f.status is Status.FAIL]
    expect(short == ["g16-at-least"], f"two-from-each: only the last group short expected, got {short}")


def check_valid_example(result: PlanResult) -> None:
    expect(result.verdict() is Verdict.VALID, f"examples/valid.yaml: {result.verdict().name}, VALID expected")


def judged_ms(judge: Callable[[], object], runs: int) -> float:
    """Median milliseconds of `judge()`, the assignment caches cleared before each run."""
    times = []
    for _ in range(runs):
        assignment.clear_caches()
        start = time.perf_counter()
        judge()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    solved_by_program = 0
    solve = integer_program.solve

    def counting(limits: Limits, shape: Shape) -> tuple[int, Choices]:
        nonlocal solved_by_program
        solved_by_program += 1
        return solve(limits, shape)

    integer_program.solve = counting  # to know the shape really went past the search's budget

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        example = str(ROOT / "examples" / "valid.yaml")
        bundled = api.open_register()
        overlapping_plan, _ = overlapping_register(folder / "overlapping")
        overlapping = api.open_register(folder / "overlapping")
        two_plan, _ = two_from_each_register(folder / "two-from-each")
        two = api.open_register(folder / "two-from-each")

        # The first adversarial plan of a process also imports the solver: measured once, apart.
        assignment.clear_caches()
        start = time.perf_counter()
        check_overlapping(api.validate_path(str(overlapping_plan), overlapping))
        first_ms = 1000 * (time.perf_counter() - start)
        expect(solved_by_program > 0, "overlapping: the search answered alone; the shape no longer tests P4")

        check_valid_example(api.validate_path(example, bundled))
        check_two_from_each(api.validate_path(str(two_plan), two))
        base = judged_ms(lambda: api.validate_path(example, bundled), args.runs)
        over = judged_ms(
            lambda: check_overlapping(api.validate_path(str(overlapping_plan), overlapping)), args.runs
        )
        pair = judged_ms(lambda: check_two_from_each(api.validate_path(str(two_plan), two)), args.runs)

    items, bounds = overlapping_bounds()
    found = best_assignment(items, bounds)
    expect(found.feasible and len(found.counted) == 40, "overlapping bounds: a full assignment expected")
    for bound in bounds:
        expect(
            bound.high is None or found.total_in(bound) <= bound.high,
            f"overlapping bounds: {bound.key} broken",
        )
    bare = judged_ms(lambda: best_assignment(items, bounds), args.runs)
    items, bounds = two_from_each_bounds()
    for budget in (None, 0):
        found = best_assignment(items, bounds, search_budget=budget)
        short = [b.key for b in bounds[1:] if len(found.credited[b.key]) < 2]
        expect(found.shortfall == 2 and short == ["g16"], f"two-from-each bounds (budget {budget}): {short}")
    pair_searched = judged_ms(lambda: best_assignment(items, bounds), args.runs)
    pair_programmed = judged_ms(lambda: best_assignment(items, bounds, search_budget=0), args.runs)

    print(f"runs: {args.runs} (medians; caches cleared before each run)")
    print(f"baseline, examples/valid.yaml judged:          {base:7.2f} ms")
    print(
        f"overlapping, 60 units / 12 groups, judged:     {over:7.2f} ms  ({over / base:5.1f}x the baseline)"
    )
    print(f"  the first in a process (imports the solver): {first_ms:7.2f} ms")
    print(f"  bounds alone (search budget, then solver):   {bare:7.2f} ms")
    print(
        f"two from each of 16 groups, one short, judged: {pair:7.2f} ms  ({pair / base:5.1f}x the baseline)"
    )
    print(f"  bounds alone, by the search:                 {pair_searched:7.2f} ms")
    print(f"  bounds alone, by the solver (budget 0):      {pair_programmed:7.2f} ms")
    goal = 50.0
    print(f"P4 (<= {goal:.0f} ms of judging each, exact): {'met' if max(over, pair) <= goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
