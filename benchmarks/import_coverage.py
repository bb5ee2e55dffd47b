"""How many packaging-rule sentences the importer turns into rules, per page and in total.

Imports every fixture under tests/fixtures/tga/ and the saved BSB50311 page under examples/pages/
without writing anything, and prints one line per page and a total. Each page must import or not
as the importer's tests expect (tests/fixtures/tga/expected.json lists those that import), and
some rule sentences must be read, or the benchmark fails with exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qualcheck.errors import QualcheckError
from qualcheck.importer.run import import_pages
from timing import expect

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    pages = sorted((ROOT / "tests" / "fixtures" / "tga").glob("*.txt"))
    pages.append(ROOT / "examples" / "pages" / "BSB50311.txt")
    importable = set(json.loads((ROOT / "tests" / "fixtures" / "tga" / "expected.json").read_text()))
    importable.add("BSB50311")
    total_rules = total_converted = 0
    for page in pages:
        try:
            result = import_pages([page], Path("unused"), write=False)
        except QualcheckError as error:
            expect(page.stem not in importable, f"{page.name} did not import: {error.message}")
            print(f"{page.name:<32} not imported: {error.message}")
            continue
        expect(page.stem in importable, f"{page.name} imported, but the importer's tests expect it not to")
        total_rules += result.rule_sentences
        total_converted += result.converted
        share = 100 * result.converted / result.rule_sentences if result.rule_sentences else 100.0
        print(
            f"{page.name:<32} {result.converted:>3} of {result.rule_sentences:>3} "
            f"rule sentences ({share:.0f} %)"
        )
    expect(total_converted > 0, "no rule sentence was read")
    share = 100 * total_converted / total_rules if total_rules else 0.0
    print(f"{'total':<32} {total_converted:>3} of {total_rules:>3} rule sentences ({share:.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
