"""import tga: the saved pages under examples/pages, fixtures of real qualification pages, safe writes, check-data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CliRun, run_main
from qualcheck import api
from qualcheck.importer.pagetext import Line, page_from_text
from qualcheck.importer.rules import build
from qualcheck.importer.run import import_pages
from qualcheck.importer.sentences import Context, read_sentence
from qualcheck.importer.unitlists import parse_lists
from qualcheck.importer.writing import write_all
from qualcheck.register.store import Register

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "examples" / "pages"  # saved register pages that ship with the project
FIXTURES = ROOT / "tests" / "fixtures" / "tga"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
SEED_PAGES = sorted(PAGES.glob("*.txt"))


def _cli(*args: str) -> CliRun:
    """Run a command in-process (fast); exit codes and streams as the console script gives them."""
    return run_main(*args)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert len(SEED_PAGES) == 4, "examples/pages/ holds one qualification page and three unit pages"
    out = tmp_path_factory.mktemp("imported")
    import_pages(SEED_PAGES, out)
    return out


def _judgement(register: Register, plan: Path) -> tuple[int, set[str]]:
    result = api.validate([str(plan)], register)
    failing = {f.code for p in result.plans for f in p.findings if f.status.value == "fail"}
    return result.exit_code(), failing


def test_imported_seed_judges_every_example_like_the_bundled_register(imported: Path) -> None:
    bundled, ours = api.open_register(ROOT / "data"), api.open_register(imported)
    # The pages hold BSB units only, and not every one the bundled register defines: plans with
    # a unit the imported register does not define are left out (there it is rightly undecided).
    plans = [
        p
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if "BSB50311" in p.read_text()
        and all(
            ours.unit(code) is not None
            for code in re.findall(r"^\s+- \{?(?:code: )?([A-Z]{3}[A-Z0-9]+)", p.read_text(), re.M)
        )
    ]
    assert len(plans) >= 6
    for plan in plans:
        assert _judgement(ours, plan) == _judgement(bundled, plan), plan.name


def test_seed_header_and_unit_pages(imported: Path) -> None:
    register = api.open_register(imported)
    qual = register.qualification("BSB50311")
    assert qual is not None
    assert (qual.release, qual.aqf_level, qual.status) == (3, 5, "superseded")
    assert [str(r.date) for r in qual.releases] == ["2013-04-13", "2012-12-18", "2011-11-28"]
    assert [(m.code, m.relation, m.equivalent) for m in qual.mappings] == [
        ("BSB50307", "supersedes", True),
        ("BSB50315", "superseded_by", True),
    ]
    ops = register.unit("BSBOPS505")
    assert ops is not None and ops.level == 5 and ops.level_basis == "inferred-from-code"
    assert ops.sector == "Business Competence – Business Operations"
    assert [(m.code, m.equivalent) for m in ops.mappings][:2] == [("BSBCUS501", True), ("BSBCUE504", False)]
    assert len(ops.mappings) == 6 and ops.prerequisites == ()
    assert "BSBCCO602A" in register.equivalents("BSBCCO602B")
    assert (imported / "qualifications" / "BSB50311.yaml").read_text().count("text:") >= 4


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_fixture_rules(code: str, tmp_path: Path) -> None:
    # Copies without a register heading are named by --code, as a user would; the others ignore it.
    result = import_pages([FIXTURES / f"{code}.txt"], tmp_path, code=code)
    assert not result.refused
    qual = result.qualifications[0]
    packaging = qual.data["packaging"]
    expected = EXPECTED[code]
    for key in ("total_units", "core_units", "elective_units", "points_total"):
        assert packaging.get(key) == expected[key], key
    assert [[r["kind"], r.get("count"), r["from"]] for r in packaging.get("rules", [])] == expected["rules"]
    specs = {
        k: [[r["kind"], r.get("count"), r["from"]] for r in v["rules"]]
        for k, v in packaging.get("specialisations", {}).items()
    }
    assert specs == expected["specialisations"]
    assert packaging.get("prerequisites", {}) == expected["prerequisites"]
    assert [[m["code"], m["relation"], m["equivalent"]] for m in qual.data.get("mappings", [])] == expected[
        "mappings"
    ]
    assert len(qual.outcome.unread) == expected["unread"]
    assert api.open_register(tmp_path).qualification(code) is not None  # the written file loads


def test_fixtures_cover_enough_pages_and_packages() -> None:
    pages = sorted(FIXTURES.glob("*.txt"))
    assert len(pages) >= 24
    assert len(EXPECTED) >= 20
    assert len({page.stem[:3] for page in pages}) >= 15
    for page in pages:  # each names where it came from
        assert re.match(r"# source: https?://\S+", page.read_text(encoding="utf-8").splitlines()[0]), (
            page.name
        )


@pytest.mark.parametrize("code", ["RII30920", "SIR30212", "MEM30219", "BSB40120"])
def test_fixtures_that_cannot_be_imported_are_refused_with_the_reason(code: str, tmp_path: Path) -> None:
    result = import_pages([FIXTURES / f"{code}.txt"], tmp_path, code=code)
    assert [r.path for r in result.refused] == [str(FIXTURES / f"{code}.txt")]
    assert result.written == [] and not (tmp_path / "qualifications").exists()


def test_one_specialisations_rule_set_refuses_the_page_with_its_reason(tmp_path: Path) -> None:
    result = import_pages([FIXTURES / "RII30920.txt"], tmp_path, code="RII30920")
    assert "only inside one specialisation's own rule set" in result.refused[0].error.message


def test_counts_in_words_and_html_pages(tmp_path: Path) -> None:
    html = (
        "<html><body><h1>Qualification details</h1><h2>XYZ30120 - Certificate III in Testing (Release 2)</h2>"
        "<p>Usage recommendation:</p><p>Current</p><h2>Packaging Rules</h2><p>Total number of units = 4</p>"
        "<ul><li>Two (2) core units</li><li>Two (2) elective units, of which:</li>"
        "<li>at least one unit from Group A</li><li>choose only one of XYZABC301 or XYZABC302</li></ul>"
        "<h3>Core units</h3><table><tr><td>XYZCOR301</td><td>Core one</td></tr>"
        "<tr><td>XYZCOR302</td><td>Core two</td></tr></table><h3>Group A</h3><p>XYZABC301 First</p>"
        "<p>XYZABC302 Second</p><p>XYZABC303 Third</p></body></html>"
    )
    page = tmp_path / "page.html"
    page.write_text(html)
    result = import_pages([page], tmp_path / "out")
    packaging = result.qualifications[0].data["packaging"]
    assert (packaging["core_units"], packaging["elective_units"]) == (2, 2)
    kinds = [(r["kind"], r.get("count")) for r in packaging["rules"]]
    assert kinds == [("at_least", 1), ("at_least", 1), ("at_most", 1)]
    assert result.converted == result.rule_sentences == 5


def test_unread_sentence_is_manual_and_strict_exits_1(tmp_path: Path) -> None:
    page = FIXTURES / "CHC43121.txt"
    run = _cli("import", "tga", str(page), "--out", str(tmp_path), "--strict")
    assert run.exit_code == 1
    assert "CHC43121.txt:19: unread:" in run.stdout
    assert "5 of 6 rule sentences became rules" in run.stdout
    text = (tmp_path / "qualifications" / "CHC43121.yaml").read_text()
    assert "Units marked with * have one or more prerequisite units" in text


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    page = str(FIXTURES / "SIT30821.txt")
    assert _cli("import", "tga", page, "--out", str(tmp_path)).exit_code == 0
    target = tmp_path / "qualifications" / "SIT30821.yaml"
    target.write_text(target.read_text() + "# edited\n")
    again = _cli("import", "tga", page, "--out", str(tmp_path))
    assert again.exit_code == 2
    assert "SIT30821.yaml" in again.stderr and "--force" in again.stderr and "Traceback" not in again.stderr
    assert target.read_text().endswith("# edited\n")
    assert _cli("import", "tga", page, "--out", str(tmp_path), "--force").exit_code == 0
    assert not target.read_text().endswith("# edited\n")


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "units" / "XYZ.yaml"
    one = "package: XYZ\nsources: [{id: s, title: One}]\nunits: []\n"
    write_all([(target, one)], force=False, pages=[])
    write_all([(target, one.replace("One", "Two"))], force=True, pages=[])
    assert "Two" in target.read_text()
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["units"]
    assert [p.name for p in target.parent.iterdir()] == ["XYZ.yaml"]


def test_unrecognised_and_unreadable_pages_exit_2(tmp_path: Path) -> None:
    partial = [ROOT / "tests" / "bad_inputs" / "pages" / "unit-page-without-header.txt"]
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing to see here\n")
    for page in [*partial, junk, tmp_path / "missing.txt"]:
        run = _cli("import", "tga", str(page), "--out", str(tmp_path / "out"))
        assert run.exit_code == 2 and "Traceback" not in run.stderr
        assert str(page) in run.stderr
    no_rules = _cli("import", "tga", str(FIXTURES / "BSB40120.txt"), "--out", str(tmp_path / "out"))
    assert no_rules.exit_code == 2 and "BSB40120" in no_rules.stderr


def test_repeated_rule_sentences_get_numbered_ids(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    sentence = "a minimum of two units must be selected from Group A\n"
    page.write_text(
        "Qualification details\nXYZ30120 - Certificate III in Testing (Release 1)\nPackaging Rules\n"
        "Total number of units = 4\n1 core unit plus\n3 elective units\n" + sentence * 3 + "Core units\n"
        "XYZCOR301 Core one\nGroup A\nXYZABC301 First\nXYZABC302 Second\nXYZABC303 Third\n"
    )
    rules = import_pages([page], tmp_path / "out", write=False).qualifications[0].data["packaging"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == 3 and ids[1:] == [f"{ids[0]}-2", f"{ids[0]}-3"]


def test_long_pages_are_read_whole() -> None:
    """20000 listed units or rule sentences are all read (their speed, linear in the page's length,
    is measured by benchmarks/import_coverage.py, not here)."""
    lines = tuple(Line(i, f"XYZABC{i:05d} Unit {i}") for i in range(20_000))
    found = parse_lists((Line(0, "Group A"), *lines), 0, len(lines) + 1)
    assert len(found.groups[0].units) == 20_000
    readings = [
        read_sentence(
            Line(i, "a minimum of two units must be selected from Group A"), Context(3, {"A": "Group A"})
        )
        for i in range(20_000)
    ]
    assert len(build(readings, None, False).rules) == 20_000


def test_page_comment_line_gives_the_source() -> None:
    page = page_from_text("# source: https://example.org/x\nQualification details\n", "p.txt")
    assert page.source_url == "https://example.org/x" and page.lines[0].number == 2


def test_check_data_bundled_is_clean() -> None:
    run = _cli("check-data")
    assert run.exit_code == 0, run.stdout


def test_check_data_finds_problems_with_positions(tmp_path: Path) -> None:
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "XYZ.yaml").write_text(
        "package: XYZ\nsources: [{id: s, title: t}]\nunits:\n"
        "  - {code: XYZABC101, title: A, mappings: [{code: XYZABC102, relation: superseded_by, equivalent: true}]}\n"
        "  - {code: XYZABC102, title: B, mappings: [{code: XYZABC101, relation: superseded_by, equivalent: true}]}\n"
        "  - {code: XYZABC102, title: B again}\n"
    )
    (tmp_path / "qualifications" / "XYZ10120.yaml").write_text(
        "code: XYZ10120\ntitle: T\naqf_level: 1\nsource: [{title: t}]\npackaging:\n"
        "  total_units: 3\n  core_units: 1\n  elective_units: 2\n  core: [XYZABC101]\n"
        "  groups: {A: {title: Group A, units: [XYZABC102, XYZMIS101]}}\n"
        "  rules:\n    - {id: a, kind: at_least, count: 2, from: {groups: [A]}, text: t}\n"
        "    - {id: b, kind: at_most, count: 1, from: {groups: [A]}, text: t}\n"
    )
    (tmp_path / "qualifications" / "XYZ20120.yaml").write_text("code: [\n")
    run = _cli("check-data", str(tmp_path))
    assert run.exit_code == 1
    out = run.stdout
    assert "units/XYZ.yaml:6:12: QC052 unit XYZABC102 is defined twice" in out
    assert "XYZ10120.yaml:10:51: QC053 XYZMIS101 is listed by XYZ10120" in out
    assert "XYZ10120.yaml:12:7: QC054 rule 'a' needs at least 2 electives that rule 'b' caps at 1" in out
    assert "QC055 mappings go round in a circle: XYZABC101 -> XYZABC102 -> XYZABC101" in out
    assert "XYZ20120.yaml:2:1: QC001" in out
    assert _cli("check-data", str(tmp_path / "nowhere")).exit_code == 2


def test_importing_again_changes_nothing_without_force(tmp_path: Path) -> None:
    pages = [str(FIXTURES / "SIT30821.txt"), str(FIXTURES / "SIT40521.txt")]
    assert _cli("import", "tga", *pages, "--out", str(tmp_path)).exit_code == 0
    again = _cli("import", "tga", *pages, "--out", str(tmp_path))
    assert again.exit_code == 0, again.stderr
    assert "unchanged" in again.stdout and "wrote" not in again.stdout


def test_units_file_is_merged_only_with_force(tmp_path: Path) -> None:
    assert _cli("import", "tga", str(FIXTURES / "SIT30821.txt"), "--out", str(tmp_path)).exit_code == 0
    units = tmp_path / "units" / "SIT.yaml"
    before = units.read_text()
    merged = _cli("import", "tga", str(FIXTURES / "SIT40521.txt"), "--out", str(tmp_path))
    assert merged.exit_code == 2 and "SIT.yaml" in merged.stderr
    assert units.read_text() == before
    assert (
        _cli("import", "tga", str(FIXTURES / "SIT40521.txt"), "--out", str(tmp_path), "--force").exit_code
        == 0
    )
    register = api.open_register(tmp_path)
    assert register.unit("SITHCCC023") is not None and register.unit("SITHKOP012") is not None
    assert _cli("check-data", str(tmp_path)).exit_code == 0


def test_check_data_impossible_all_of(tmp_path: Path) -> None:
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "qualifications" / "XYZ10120.yaml").write_text(
        "code: XYZ10120\ntitle: T\naqf_level: 1\nsource: [{title: t}]\npackaging:\n"
        "  total_units: 2\n  core_units: 0\n  elective_units: 2\n  core: []\n"
        "  groups: {A: {title: Group A, units: [XYZABC101, XYZABC102, XYZABC103]}}\n"
        "  specialisations:\n    s: {title: S, rules: [{id: all-a, kind: all_of, from: {groups: [A]}, text: t}]}\n"
    )
    run = _cli("check-data", str(tmp_path))
    assert run.exit_code == 1
    assert "XYZ10120.yaml:12:" in run.stdout
    assert "QC054 rule 'all-a' needs all 3 units of its lists, but only 2 electives count" in run.stdout
    assert "(with specialisation 's')" in run.stdout


def test_console_script_reports_an_unrecognised_page_without_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_text("<html><body><p>nothing here</p></body></html>")
    run = subprocess.run(
        [sys.executable, "-m", "qualcheck", "import", "tga", str(junk), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith(f"qualcheck: {junk}:1:1: QC070") and "Traceback" not in run.stderr


def test_out_folder_that_is_a_file_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder\n")
    run = _cli("import", "tga", str(FIXTURES / "SIT30821.txt"), "--out", str(blocker))
    assert run.exit_code == 2 and "QC072" in run.stderr
    assert blocker.read_text() == "a file, not a folder\n"


def test_every_written_rule_sentence_has_a_probe_plan() -> None:
    """tests/fixtures/tga/probes.json holds a plan per rule sentence each fixture's import writes."""
    probes = json.loads((FIXTURES / "probes.json").read_text(encoding="utf-8"))
    pages = [*sorted(FIXTURES.glob("*.txt")), PAGES / "BSB50311.txt"]
    refused = set()
    for page in pages:
        result = import_pages([page], Path("unused"), write=False, code=page.stem)
        if result.refused:
            refused.add(page.stem)
            continue
        probed = {p["line"] for p in probes[page.stem]["probes"]}
        written = {r.line.number for r in result.qualifications[0].outcome.converted}
        assert written <= probed, (page.name, sorted(written - probed))
    # The pages the importer refuses, and only these, have no probes to check.
    assert refused == {"BSB40120", "MEM30219", "RII30920", "SIR30212"}


def test_no_probe_plan_contradicts_its_page() -> None:
    """The benchmark judges each probe against the imported register and fails when a verdict is
    valid or invalid against what the page supports."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "import_coverage.py"), "--no-timing"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "benchmarks",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert ", 0 contradict their page" in run.stdout


def test_page_lines_are_numbered_as_an_editor_counts_them() -> None:
    from qualcheck.importer.pagetext import page_from_text

    # U+2028 inside a line is not a line break to an editor (nor to qualcheck's YAML reader).
    page = page_from_text("first\u2028still first\nsecond\r\nthird\n", "page.txt")
    assert [(line.number, line.text[:5]) for line in page.lines] == [(1, "first"), (2, "secon"), (3, "third")]
