"""How many packaging-rule sentences the importer turns into rules, and whether those rules say
what their sentences say.

Imports every fixture under tests/fixtures/tga/ (copies without a register heading named by their
file name, as `--code` would) and the saved BSB50311 page under examples/pages/, and prints per
page the rule sentences converted and kept manual. Then, for each page with probe plans
(tests/fixtures/tga/probes.json: plans written by hand for the written rule sentences, each with
the verdict the page supports), it writes the import to a temporary register, judges every probe
against it and counts the agreements: the faithfulness figure. Each page must import or not as
tests/fixtures/tga/expected.json says, some sentences must be read, and every probe must agree,
or the benchmark fails with exit code 1.

Last (unless `--no-timing`), it times the guarded reading of a page of 1,000 rule sentences
against one of 10,000 in the same process, and prints the ratio: about 10 when reading is linear
in the page's length (once it was quadratic: minutes for 20,000), and the benchmark fails above 25.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qualcheck import api
from qualcheck.importer.packaging import read_rules
from qualcheck.importer.pagetext import Line
from qualcheck.importer.run import import_pages
from timing import expect

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tga"
SEED = ROOT / "examples" / "pages" / "BSB50311.txt"
GROUPS = {"A": "Group A"}


def main() -> int:
    pages = [*sorted(FIXTURES.glob("*.txt")), SEED]
    importable = {*json.loads((FIXTURES / "expected.json").read_text()), "BSB50311"}
    probes: dict[str, Any] = json.loads((FIXTURES / "probes.json").read_text(encoding="utf-8"))
    totals = {"sentences": 0, "converted": 0, "manual": 0, "probed": 0, "probes": 0, "agree": 0, "wrong": 0}
    print(f"{'page':<14} {'converted':>9} {'manual':>6} {'probes agreeing':>16}")
    for page in pages:
        result = import_pages([page], Path("unused"), write=False, code=page.stem)
        if result.refused:
            expect(
                page.stem not in importable, f"{page.name} did not import: {result.refused[0].error.message}"
            )
            print(f"{page.stem:<14} not imported: {result.refused[0].error.message}")
            continue
        expect(page.stem in importable, f"{page.name} imported, but the importer's tests expect it not to")
        totals["sentences"] += result.rule_sentences
        totals["converted"] += result.converted
        totals["manual"] += result.unread
        agree, wrong, asked, probed = _probe(page, probes.get(page.stem))
        totals["probes"] += asked
        totals["agree"] += agree
        totals["wrong"] += wrong
        totals["probed"] += probed
        shown = f"{agree} of {asked}" if asked else "-"
        print(
            f"{page.stem:<14} {result.converted:>4} of {result.rule_sentences:<3} "
            f"{result.unread:>6} {shown:>16}"
        )
    expect(totals["converted"] > 0, "no rule sentence was read")
    share = 100 * totals["converted"] / totals["sentences"] if totals["sentences"] else 0.0
    unsure = totals["probes"] - totals["agree"] - totals["wrong"]
    print(
        f"total: {totals['converted']} of {totals['sentences']} rule sentences converted ({share:.1f} %), "
        f"{totals['manual']} kept manual; faithfulness: {totals['agree']} of {totals['probes']} probe plans "
        f"agree, {totals['wrong']} contradict their page ({unsure} undecided where the page decides), "
        f"over {totals['probed']} probed rule sentences"
    )
    expect(totals["wrong"] == 0, "a probe plan is judged valid or invalid against what its page supports")
    if "--no-timing" in sys.argv[1:]:
        return 0
    small, large = _reading_time(1_000), _reading_time(10_000)
    print(f"reading 10,000 rule sentences takes {large / small:.1f} times as long as 1,000 ({large:.2f} s)")
    expect(large / small < 25, "reading rule sentences is not linear in the page's length")
    return 0


def _reading_time(count: int) -> float:
    """Seconds to read and guard `count` rule sentences, after checking what the reading wrote."""
    sentences = [Line(n, "a minimum of two units must be selected from Group A") for n in range(1, count + 1)]
    start = time.perf_counter()
    _, outcome = read_rules(
        sentences, code="XYZ30120", title="Certificate III in Testing", level=3, groups=GROUPS
    )
    elapsed = time.perf_counter() - start
    expect(len(outcome.rules) == count, f"{count} sentences gave {len(outcome.rules)} rules")
    return elapsed


def _probe(page: Path, spec: dict[str, Any] | None) -> tuple[int, int, int, int]:
    """(probes agreeing, probes judged valid or invalid against the page, probes, sentence lines
    probed) for one page."""
    if not spec:
        return 0, 0, 0, 0
    agree = wrong = 0
    with tempfile.TemporaryDirectory() as folder:
        register_dir = Path(folder) / "register"
        extra = [ROOT / name for name in spec.get("with", [])]
        import_pages([page, *extra], register_dir, code=page.stem)
        register = api.open_register(register_dir)
        for number, probe in enumerate(spec["probes"], start=1):
            plan = Path(folder) / f"probe-{number}.yaml"
            plan.write_text(_plan_text(page.stem, spec["core"], probe), encoding="utf-8")
            verdict = api.validate([str(plan)], register).plans[0].verdict().value
            if verdict == probe["verdict"]:
                agree += 1
            elif verdict == "undecided":
                # Less certain than the page allows: never a wrong verdict, but not proof either.
                print(
                    f"  {page.stem}:{probe['line']}: probe {number} is undecided, "
                    f"the page supports {probe['verdict']}"
                )
            else:
                wrong += 1
                print(
                    f"  {page.stem}:{probe['line']}: probe {number} is {verdict}, "
                    f"the page supports {probe['verdict']}"
                )
    return agree, wrong, len(spec["probes"]), len({p["line"] for p in spec["probes"]})


def _plan_text(code: str, core: list[str], probe: dict[str, Any]) -> str:
    units: list[str] = []
    for entry in probe["units"]:
        if entry == "core":
            units += core
        elif isinstance(entry, str) and entry.startswith("core-"):
            units += [c for c in core if c != entry.removeprefix("core-")]
        elif isinstance(entry, dict):
            units.append(f"{{code: {entry['code']}, from: {entry['from']}}}")
        else:
            units.append(entry)
    lines = [f"qualification: {code}"]
    if probe.get("specialisation"):
        lines.append(f"specialisation: {probe['specialisation']}")
    lines.append("units:")
    lines += [f"  - {unit}" for unit in units]
    if probe.get("confirmed"):
        lines.append("confirmed:")
        for fact in probe["confirmed"]:
            what = (
                f"rule: {fact['rule']}" if "rule" in fact else f"unit: {fact['unit']}, level: {fact['level']}"
            )
            lines.append(f"  - {{{what}, by: probe, on: 2026-01-01, evidence: the probe's statement}}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
