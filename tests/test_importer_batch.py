"""import tga over several pages: refusals named while the good pages are written, two pages for
one qualification (the newer release kept, and said), pages without a register heading (--code),
and every written file naming where it came from."""

from __future__ import annotations

from pathlib import Path

from conftest import run_main
from qualcheck import api
from qualcheck.io.yamlsource import load_yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tga"

# A vendor copy of a qualification page: no register heading, no address. Written to the shape of
# the pages under tests/fixtures/tga/ (made up for this test: code XYZ30120 is no real code).
VENDOR_COPY = """Certificate III in Testing
Course outline
Packaging Rules
Total number of units = 3
1 core unit
2 elective units
at least 1 unit from Group A
Core units
XYZCOR301 Core one
Group A
XYZABC301 First
XYZABC302 Second
"""


def _sources(path: Path) -> list[dict[str, str]]:
    data = load_yaml(path.read_text(encoding="utf-8"), str(path)).data
    return list(data["source"] if "source" in data else data["sources"])


def test_good_pages_are_written_when_others_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing to see here\n")
    out = tmp_path / "out"
    run = run_main(
        "import",
        "tga",
        str(FIXTURES / "SIT30821.txt"),
        str(junk),
        str(tmp_path / "gone.txt"),
        "--out",
        str(out),
    )
    assert run.exit_code == 2
    assert f"{junk}:1:1: QC070" in run.stderr and "gone.txt" in run.stderr
    assert "2 of 3 pages not imported" in run.stderr
    assert (out / "qualifications" / "SIT30821.yaml").is_file()
    assert api.open_register(out).qualification("SIT30821") is not None


def test_two_pages_for_one_qualification_keep_the_newer_release(tmp_path: Path) -> None:
    page = (FIXTURES / "SIT30821.txt").read_text(encoding="utf-8")
    assert "SIT30821 - Certificate III in Commercial Cookery (Release 1)" in page
    newer = tmp_path / "newer.txt"
    newer.write_text(page.replace("(Release 1)", "(Release 2)", 1), encoding="utf-8")
    older = tmp_path / "older.txt"
    older.write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    run = run_main("import", "tga", str(newer), str(older), "--out", str(out))
    assert run.exit_code == 0, run.stderr
    assert "older.txt" in run.stdout and "release 2, newer than this page's release 1" in run.stdout
    qual = api.open_register(out).qualification("SIT30821")
    assert qual is not None and qual.release == 2
    # The other order keeps the newer page too.
    again = run_main("import", "tga", str(older), str(newer), "--out", str(tmp_path / "out2"))
    assert again.exit_code == 0
    qual = api.open_register(tmp_path / "out2").qualification("SIT30821")
    assert qual is not None and qual.release == 2


def test_a_page_without_a_heading_needs_code(tmp_path: Path) -> None:
    page = tmp_path / "vendor.txt"
    page.write_text(VENDOR_COPY, encoding="utf-8")
    refused = run_main("import", "tga", str(page), "--out", str(tmp_path / "a"))
    assert refused.exit_code == 2 and "--code CODE" in refused.stderr
    run = run_main("import", "tga", str(page), "--out", str(tmp_path / "b"), "--code", "XYZ30120")
    assert run.exit_code == 0, run.stderr
    qual = api.open_register(tmp_path / "b").qualification("XYZ30120")
    assert qual is not None and qual.title == "Certificate III in Testing"
    [source] = _sources(tmp_path / "b" / "qualifications" / "XYZ30120.yaml")
    assert source["title"] == "XYZ30120 - Certificate III in Testing, from the saved page vendor.txt"
    assert "training.gov.au" not in (tmp_path / "b" / "qualifications" / "XYZ30120.yaml").read_text()
    bad = run_main("import", "tga", str(page), "--out", str(tmp_path / "c"), "--code", "../etc")
    assert bad.exit_code == 2 and "is not a qualification code" in bad.stderr


def test_sources_name_the_page_they_came_from(tmp_path: Path) -> None:
    html = tmp_path / "rto.html"
    html.write_text(
        "<html><head><title>Certificate III in Testing | An RTO</title>"
        '<link rel="canonical" href="https://rto.example/courses/xyz30120"></head><body>'
        "<h1>XYZ30120 - Certificate III in Testing</h1><h2>Packaging Rules</h2>"
        "<p>Total number of units = 3</p><p>1 core unit</p><p>2 elective units</p>"
        "<h3>Core units</h3><p>XYZCOR301 Core one</p><h3>Group A</h3><p>XYZABC301 First</p>"
        "<p>XYZABC302 Second</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_main("import", "tga", str(html), "--out", str(out)).exit_code == 0
    [source] = _sources(out / "qualifications" / "XYZ30120.yaml")
    assert (
        source["title"] == "XYZ30120 - Certificate III in Testing, from Certificate III in Testing | An RTO"
    )
    assert source["url"] == "https://rto.example/courses/xyz30120"
    units = _sources(out / "units" / "XYZ.yaml")
    assert units[0]["url"] == "https://rto.example/courses/xyz30120"
    assert all("training.gov.au" not in s["title"] for s in units)
    # A page whose own address is on training.gov.au says so; a vendor's copy names the vendor.
    register = tmp_path / "register"
    pages = [str(ROOT / "examples" / "pages" / "BSB50311.txt"), str(FIXTURES / "SIT30821.txt")]
    assert run_main("import", "tga", *pages, "--out", str(register)).exit_code == 0
    [tga] = _sources(register / "qualifications" / "BSB50311.yaml")
    assert (
        tga["title"]
        == "training.gov.au qualification details: BSB50311 - Diploma of Customer Contact (Release 3)"
    )
    [vendor] = _sources(register / "qualifications" / "SIT30821.yaml")
    assert vendor["title"].endswith(
        "from the page at https://accredify.com.au/courses/certificate-iii-in-commercial-cookery/"
    )


def test_code_never_names_a_page_that_names_another_qualification(tmp_path: Path) -> None:
    page = tmp_path / "copy.txt"
    page.write_text("RII30920 Certificate III in Civil Construction (RII30920) Current\n" + VENDOR_COPY)
    run = run_main("import", "tga", str(page), "--out", str(tmp_path / "out"), "--code", "XYZ30120")
    assert run.exit_code == 2 and "--code XYZ30120: the page shows no title for it" in run.stderr
    assert not (tmp_path / "out").exists()
