"""qualcheck fetch against a stand-in for the register's API on 127.0.0.1 (tests/tga_api.py).

No test touches the network: every request goes to a server these tests start, serving the
fixture responses of tests/fixtures/tga_api/ (see its README).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CliRun, run_main
from qualcheck import api
from qualcheck.fetch.client import Client
from qualcheck.fetch.run import fetch
from qualcheck.fetch.shapes import FetchError
from qualcheck.register.store import Register
from tga_api import Answer, ApiServer, api_server, bundled_units, responses, save, unit_detail

ROOT = Path(__file__).resolve().parents[1]
DETAIL = "/api/training/BSB50311"
RELEASE = "/api/training/BSB50311/releases/3"
GRID = "/api/training/BSB50311/releases/3/unitgrid"
BUNDLE = "/api/content/bundle/bsb50311-r3-rules"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run caches into the test's own folder, never the user's."""
    monkeypatch.setenv("QUALCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("QUALCHECK_TGA_API", raising=False)


@pytest.fixture
def server() -> Iterator[ApiServer]:
    with api_server() as running:
        yield running


def _fetch(server: ApiServer, out: Path, *args: str) -> CliRun:
    return run_main("fetch", *args, "--out", str(out), "--api", server.base)


def _judgement(register: Register, plan: Path) -> tuple[int, set[str]]:
    result = api.validate([str(plan)], register)
    failing = {f.code for p in result.plans for f in p.findings if f.status.value == "fail"}
    return result.exit_code(), failing


def _yaml(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


# The register it writes ------------------------------------------------------------------------


def test_fetched_register_judges_the_example_plans_as_the_bundled_one_does(
    server: ApiServer, tmp_path: Path
) -> None:
    run = _fetch(server, tmp_path / "reg", "BSB50311", "CHC33021")
    assert run.exit_code == 0, run.stderr
    bundled, fetched = api.open_register(ROOT / "data"), api.open_register(tmp_path / "reg")
    plans = [
        p
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if re.search(r"qualification: (BSB50311|CHC33021)\b", p.read_text())
        and all(
            fetched.unit(code) is not None
            for code in re.findall(r"^\s+- \{?(?:code: )?([A-Z]{3}[A-Z0-9]+)", p.read_text(), re.M)
        )
    ]
    assert len(plans) >= 8
    assert any("chc33021" in p.name for p in plans)
    for plan in plans:
        assert _judgement(fetched, plan) == _judgement(bundled, plan), plan.name
    assert api.open_register(tmp_path / "reg").qualification("BSB50311") is not None


def test_header_facts_come_from_the_json_and_the_register_is_stamped(
    server: ApiServer, tmp_path: Path
) -> None:
    assert _fetch(server, tmp_path, "BSB50311").exit_code == 0
    qual = api.open_register(tmp_path).qualification("BSB50311")
    assert qual is not None
    assert (qual.release, qual.aqf_level, qual.status) == (3, 5, "superseded")
    assert [(m.code, m.relation, m.equivalent) for m in qual.mappings] == [
        ("BSB50307", "supersedes", True),
        ("BSB50315", "superseded_by", True),
    ]
    note = qual.source[0].note or ""
    assert "sync time 2026-03-01T02:00:00Z" in note and "Fetched by qualcheck fetch on " in note
    units = _yaml(tmp_path / "units" / "BSB.yaml")
    assert units["sources"][0]["note"].startswith("Fetched by qualcheck fetch on ")
    # A unit's mapping gives the other side too, so the equivalence chain works.
    assert "BSBCCO602A" in api.open_register(tmp_path).equivalents("BSBCCO602B")


def test_every_rule_keeps_its_sentence_and_unread_ones_are_manual(server: ApiServer, tmp_path: Path) -> None:
    run = _fetch(server, tmp_path, "UEE22020")
    assert run.exit_code == 0, run.stderr
    packaging = _yaml(tmp_path / "qualifications" / "UEE22020.yaml")["packaging"]
    html = (ROOT / "tests/fixtures/tga_api/content/bundle/uee22020-rules.html").read_text()
    for rule in packaging.get("rules", []) + packaging.get("manual", []):
        assert rule["text"] in html
    assert "between 0 and 60 weighting points from Group A" in {m["text"] for m in packaging["manual"]}
    assert "uee22020-rules:4: unread: between 0 and 60 weighting points from Group A" in run.stdout


def test_a_list_split_over_several_tables_is_one_list(server: ApiServer, tmp_path: Path) -> None:
    html = (ROOT / "tests/fixtures/tga_api/content/bundle/bsb50311-r3-rules.html").read_text()
    assert html.count("<table>") == 4  # core, Group A, and Group B in two tables with header rows
    assert _fetch(server, tmp_path, "BSB50311").exit_code == 0
    groups = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]["groups"]
    assert len(groups["B"]["units"]) == 27 and groups["B"].get("complete", True)
    assert set(groups) == {"A", "B"}


def test_points_qualification_counts_add_up_or_the_lists_are_held_in_part(
    server: ApiServer, tmp_path: Path
) -> None:
    run = _fetch(server, tmp_path / "ok", "UEE22020")
    assert run.exit_code == 0, run.stderr
    assert "mismatch" not in run.stdout
    packaging = _yaml(tmp_path / "ok" / "qualifications" / "UEE22020.yaml")["packaging"]
    assert packaging["points_total"] == 410 and packaging.get("total_units") is None
    release = server.json("/api/training/UEE22020/releases/2")
    release["packagingInformation"]["core"] = 260
    server.set_json("/api/training/UEE22020/releases/2", release)
    run = _fetch(server, tmp_path / "off", "UEE22020", "--refresh")
    assert run.exit_code == 0, run.stderr
    assert (
        "mismatch: the release's packaging information gives 260 core and 140 elective points" in run.stdout
    )
    packaging = _yaml(tmp_path / "off" / "qualifications" / "UEE22020.yaml")["packaging"]
    assert packaging["core_complete"] is False
    assert all(group["complete"] is False for group in packaging["groups"].values())


def test_specialisations_are_read(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path, "CHC33021").exit_code == 0
    packaging = _yaml(tmp_path / "qualifications" / "CHC33021.yaml")["packaging"]
    assert set(packaging["specialisations"]) == {"ageing", "disability", "ageing-and-disability"}
    assert [r["from"] for r in packaging["specialisations"]["ageing"]["rules"]] == [{"groups": ["A"]}]
    assert packaging["groups"]["C"]["complete"] is False  # the rules end the list with "..."
    assert "complete" not in packaging["groups"]["A"]


def test_a_grid_core_unit_missing_from_the_core_list_holds_the_core_in_part(
    server: ApiServer, tmp_path: Path
) -> None:
    grid = server.json(GRID)
    for row in grid:
        if row["code"] == "BSBAUD501B":
            row["isEssential"] = True
    server.set_json(GRID, grid)
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 0, run.stderr
    assert "mismatch: the unit grid's core units BSBAUD501B are not in the rules' core list." in run.stdout
    assert server.base + "/training/BSB50311/releases/3/unitgrid" in run.stdout
    packaging = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]
    assert packaging["core_complete"] is False


def test_a_tagged_code_no_list_holds_is_named_and_the_lists_held_in_part(
    server: ApiServer, tmp_path: Path
) -> None:
    bundle = server.json(BUNDLE)
    bundle["items"][0]["content"] += (
        '<p>Formerly also <ntr-tcref data-nrt-code="BSBCCO307A">BSBCCO307A</ntr-tcref> here</p>'
    )
    server.set_json(BUNDLE, bundle)
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 0, run.stderr
    assert (
        "mismatch: the packaging rules tag 1 code(s) that no list holds and no rule keeps: BSBCCO307A."
        in (run.stdout)
    )
    packaging = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]
    assert packaging["groups"]["A"]["complete"] is False and packaging["core_complete"] is False


def test_a_tagged_code_is_kept_by_a_rule_only_as_a_whole_word(server: ApiServer, tmp_path: Path) -> None:
    bundle = server.json(BUNDLE)
    bundle["items"][0]["content"] = (
        bundle["items"][0]["content"].replace(
            "<p>Total number of units = 10</p>",
            "<p>Total number of units = 10</p><p>Units coded BSBCCO307AX need the assessor's approval</p>",
        )
        + '<p>Formerly also <ntr-tcref data-nrt-code="BSBCCO307A">BSBCCO307A</ntr-tcref> here</p>'
    )
    server.set_json(BUNDLE, bundle)
    run = _fetch(server, tmp_path, "BSB50311")
    manual = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]["manual"]
    assert any("BSBCCO307AX" in m["text"] for m in manual)
    assert "that no list holds and no rule keeps: BSBCCO307A." in run.stdout, run.stdout + run.stderr


def test_a_grid_elective_no_list_holds_is_named(server: ApiServer, tmp_path: Path) -> None:
    grid = server.json(GRID)
    grid.append(
        {"code": "BSBOPS505", "title": "Manage organisational customer service", "isEssential": False}
    )
    server.set_json(GRID, grid)
    server.set_json("/api/training/BSBOPS505", unit_detail(bundled_units()["BSBOPS505"]))
    run = _fetch(server, tmp_path, "BSB50311")
    assert "the unit grid lists 1 elective unit(s) no list of the rules holds: BSBOPS505." in run.stdout
    groups = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]["groups"]
    assert groups["B"]["complete"] is False and "Held in part" in groups["B"]["note"]


def test_prerequisites_the_grid_names_and_the_rules_do_not_are_a_manual_check(
    server: ApiServer, tmp_path: Path
) -> None:
    grid = server.json(GRID)
    grid[0]["hasPreRequisites"] = True
    server.set_json(GRID, grid)
    assert _fetch(server, tmp_path, "BSB50311").exit_code == 0
    manual = _yaml(tmp_path / "qualifications" / "BSB50311.yaml")["packaging"]["manual"]
    assert f"prerequisites-{grid[0]['code'].lower()}" in {m["id"] for m in manual}


# Failures ------------------------------------------------------------------------------------


def test_429_then_200_is_tried_again(server: ApiServer, tmp_path: Path) -> None:
    server.script[DETAIL] = [Answer(429, {"Retry-After": "0"})]
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 0, run.stderr
    assert server.hits[DETAIL] == 2


def test_a_500_fails_that_qualification_only(server: ApiServer, tmp_path: Path) -> None:
    server.script["/api/training/CHC33021"] = [Answer(500, {"Retry-After": "0"}) for _ in range(4)]
    run = _fetch(server, tmp_path, "CHC33021", "BSB50311")
    assert run.exit_code == 2
    assert f"qualcheck: CHC33021: {server.base}/training/CHC33021: QC074 CHC33021: HTTP 500 (4 tries)" in (
        run.stderr
    )
    assert server.hits["/api/training/CHC33021"] == 4
    assert (tmp_path / "qualifications" / "BSB50311.yaml").is_file()
    assert not (tmp_path / "qualifications" / "CHC33021.yaml").exists()
    assert not (tmp_path / "units" / "CHC.yaml").exists()
    assert "1 of 2 qualifications fetched" in run.stdout


def test_a_timeout_is_tried_again_then_named(server: ApiServer, tmp_path: Path) -> None:
    server.script[DETAIL] = [Answer(delay=2.0), Answer(delay=2.0)]
    client = Client(server.base, timeout=0.4, retries=1, backoff=0.01)
    result = fetch(client, ["BSB50311"], tmp_path)
    [(code, error)] = result.failures
    assert code == "BSB50311" and isinstance(error, FetchError)
    assert error.url == server.base + "/training/BSB50311"
    assert "no answer within 0.4 s (2 tries)" in error.message
    assert not (tmp_path / "qualifications").exists()


def test_a_timeout_then_an_answer_succeeds(server: ApiServer, tmp_path: Path) -> None:
    server.script[GRID] = [Answer(delay=2.0)]
    client = Client(server.base, timeout=0.4, retries=2, backoff=0.01)
    result = fetch(client, ["BSB50311"], tmp_path)
    assert not result.failures and (tmp_path / "qualifications" / "BSB50311.yaml").is_file()


def test_an_unknown_code_exits_2_naming_the_code_and_the_url(server: ApiServer, tmp_path: Path) -> None:
    run = _fetch(server, tmp_path, "BSB50420")
    assert run.exit_code == 2
    assert f"BSB50420: {server.base}/training/BSB50420: QC074 BSB50420: not found (HTTP 404)" in run.stderr
    assert server.hits[DETAIL.replace("BSB50311", "BSB50420")] == 1  # a 404 is not tried again
    assert not (tmp_path / "qualifications").exists()


@pytest.mark.parametrize("code", ["../../etc/passwd", "BSB50311.yaml", "bsb50311"])
def test_a_code_that_is_no_code_is_refused_before_any_request(
    server: ApiServer, tmp_path: Path, code: str
) -> None:
    run = _fetch(server, tmp_path, code)
    assert run.exit_code == 2 and "is not a qualification code" in run.stderr
    assert not server.hits.get("/api/training/" + code)
    assert not any("etc" in path for path in server.hits)


def test_a_missing_release_is_named(server: ApiServer, tmp_path: Path) -> None:
    run = _fetch(server, tmp_path, "BSB50311", "--release", "9")
    assert run.exit_code == 2 and "has no release 9 (its releases: 1, 2, 3)" in run.stderr
    run = _fetch(server, tmp_path, "BSB50311", "--release", "2")
    assert run.exit_code == 2
    assert f"{server.base}/training/BSB50311/releases/2: QC074 BSB50311: not found (HTTP 404)" in run.stderr


@pytest.mark.parametrize(
    ("path", "change", "message", "url"),
    [
        (DETAIL, lambda d: d.pop("releases"), "releases is missing", "/training/BSB50311"),
        (DETAIL, lambda d: d.update(title=42), "title is a number, not text", "/training/BSB50311"),
        (
            DETAIL,
            lambda d: d["releases"][0].update(releaseNumber="three"),
            "releases[0].releaseNumber is text",
            "/training/BSB50311",
        ),
        (
            DETAIL,
            lambda d: d["releases"][0].update(releaseNumber="\u00b3"),
            "releases[0].releaseNumber is text",
            "/training/BSB50311",
        ),
        (
            DETAIL,
            lambda d: d["mappingInformation"][0].pop("isEquivalent"),
            "mappingInformation[0].isEquivalent",
            "/training/BSB50311",
        ),
        (
            DETAIL,
            lambda d: d.update(title="Diploma\x1b[31m"),
            "title holds a control character (U+001B)",
            "/training/BSB50311",
        ),
        (
            DETAIL,
            lambda d: d.update(title="Diploma\ud800"),  # a lone surrogate, as JSON can write one
            "title holds a control character (U+D800)",
            "/training/BSB50311",
        ),
        (
            RELEASE,
            lambda d: d["packagingInformation"].update(measure="hours"),
            "packagingInformation.measure",
            "/training/BSB50311/releases/3",
        ),
        (
            RELEASE,
            lambda d: d.update(contentBundles=[{"id": "../../etc"}]),
            "cannot be part of an API path",
            "/content/bundle/../../etc",
        ),
        (
            GRID,
            lambda d: d[0].update(isEssential="Core"),
            "[0].isEssential is text, not true or false",
            "/training/BSB50311/releases/3/unitgrid",
        ),
        (
            GRID,
            lambda d: d[1].update(code="not a code"),
            "[1].code is 'not a code', not a unit code",
            "/training/BSB50311/releases/3/unitgrid",
        ),
        (
            BUNDLE,
            lambda d: d.update(items={}),
            "items is an object, not a list",
            "/content/bundle/bsb50311-r3-rules",
        ),
        ("/api/training/BSBAUD501B", lambda d: d.pop("title"), "title is missing", "/training/BSBAUD501B"),
    ],
)
def test_a_changed_shape_exits_2_naming_the_url_and_the_field(
    server: ApiServer, tmp_path: Path, path: str, change, message: str, url: str
) -> None:
    data = server.json(path)
    change(data)
    server.set_json(path, data)
    run = _fetch(server, tmp_path, "BSB50311", "CHC33021")
    assert run.exit_code == 2
    [line] = [line for line in run.stderr.splitlines() if "BSB50311:" in line]
    assert message in line and "QC075" in line and "the response does not fit" in line
    assert server.base + url + ":" in line
    assert "\x1b" not in run.stderr
    assert not (tmp_path / "qualifications" / "BSB50311.yaml").exists()
    assert (tmp_path / "qualifications" / "CHC33021.yaml").is_file()


def test_a_body_that_is_not_json_is_named(server: ApiServer, tmp_path: Path) -> None:
    server.served[GRID] = b"<html>maintenance</html>"
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 2 and "the body is not JSON" in run.stderr and "unitgrid" in run.stderr


def test_metadata_without_a_sync_time_stops_the_run(server: ApiServer, tmp_path: Path) -> None:
    server.set_json("/api/metadata", {"version": "2"})
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 2 and "/metadata" in run.stderr and "no sync time" in run.stderr
    assert not (tmp_path / "qualifications").exists()


def test_written_files_are_never_overwritten_without_force(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path, "BSB50311").exit_code == 0
    again = _fetch(server, tmp_path, "BSB50311")
    assert again.exit_code == 0 and "unchanged" in again.stdout and "wrote" not in again.stdout
    path = tmp_path / "qualifications" / "BSB50311.yaml"
    path.write_text(path.read_text().replace("title: Group A", "title: Group A (edited)"))
    run = _fetch(server, tmp_path, "BSB50311")
    assert run.exit_code == 2 and "QC072 already exists and would change" in run.stderr
    assert "(edited)" in path.read_text()
    assert _fetch(server, tmp_path, "BSB50311", "--force").exit_code == 0
    assert "(edited)" not in path.read_text()


# --from, the cache, the setting -----------------------------------------------------------------


def test_from_reads_saved_responses_laid_out_by_the_apis_paths(server: ApiServer, tmp_path: Path) -> None:
    saved = save(tmp_path / "saved", responses())
    assert (saved / "training" / "BSB50311" / "releases" / "3" / "unitgrid.json").is_file()
    assert _fetch(server, tmp_path / "online", "BSB50311").exit_code == 0
    run = run_main("fetch", "BSB50311", "--out", str(tmp_path / "offline"), "--from", str(saved))
    assert run.exit_code == 0, run.stderr
    for name in ("qualifications/BSB50311.yaml", "units/BSB.yaml"):
        online = (tmp_path / "online" / name).read_text().replace(server.base, "URL")
        offline = (tmp_path / "offline" / name).read_text().replace("https://training.gov.au/api", "URL")
        assert online == offline


def test_from_refuses_a_saved_file_that_leads_outside_the_folder(tmp_path: Path) -> None:
    saved = save(tmp_path / "saved", responses())
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps([]))
    grid = saved / "training" / "BSB50311" / "releases" / "3" / "unitgrid.json"
    grid.unlink()
    grid.symlink_to(secret)
    run = run_main("fetch", "BSB50311", "--out", str(tmp_path / "out"), "--from", str(saved))
    assert run.exit_code == 2 and "leads outside" in run.stderr
    (saved / "metadata.json").unlink()
    run = run_main("fetch", "BSB50311", "--out", str(tmp_path / "out"), "--from", str(saved))
    assert run.exit_code == 2 and "no saved response" in run.stderr and "metadata.json" in run.stderr


def test_the_cache_answers_again_and_refresh_asks_the_api(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path / "a", "BSB50311").exit_code == 0
    first = sum(server.hits.values())
    cache = tmp_path / "cache" / "api"
    assert len(list(cache.glob("*.json"))) == first
    assert all(re.fullmatch(r"[0-9a-f]{64}\.json", p.name) for p in cache.iterdir())
    assert _fetch(server, tmp_path / "b", "BSB50311").exit_code == 0
    assert sum(server.hits.values()) == first  # every answer from the cache
    assert _fetch(server, tmp_path / "c", "BSB50311", "--refresh").exit_code == 0
    assert sum(server.hits.values()) == 2 * first


def test_a_cache_folder_others_may_write_is_not_used(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path / "a", "BSB50311").exit_code == 0
    first = sum(server.hits.values())
    os.chmod(tmp_path / "cache" / "api", 0o777)
    assert _fetch(server, tmp_path / "b", "BSB50311").exit_code == 0
    assert sum(server.hits.values()) == 2 * first


def test_a_planted_cache_entry_for_another_url_is_ignored(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path / "a", "BSB50311").exit_code == 0
    import hashlib

    entry = (
        tmp_path
        / "cache"
        / "api"
        / f"{hashlib.sha256((server.base + '/metadata').encode()).hexdigest()}.json"
    )
    entry.write_bytes(b"qualcheck-api-cache 1 http://elsewhere/metadata\n{}")
    assert _fetch(server, tmp_path / "b", "BSB50311").exit_code == 0
    assert server.hits["/api/metadata"] == 2


def test_the_api_setting_comes_from_the_environment(
    server: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALCHECK_TGA_API", server.base)
    run = run_main("fetch", "BSB50311", "--out", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    monkeypatch.setenv("QUALCHECK_TGA_API", "ftp://example.org/api")
    run = run_main("fetch", "BSB50311", "--out", str(tmp_path))
    assert (
        run.exit_code == 2 and "QUALCHECK_TGA_API" in run.stderr and "not an http or https URL" in run.stderr
    )


def test_usage_errors(tmp_path: Path) -> None:
    assert "needs --out" in run_main("fetch", "BSB50311").stderr
    assert "name the qualification codes" in run_main("fetch", "--out", str(tmp_path)).stderr
    both = run_main("fetch", "BSB50311", "--update", str(tmp_path))
    assert both.exit_code == 2 and "not both" in both.stderr
    many = run_main("fetch", "BSB50311", "CHC33021", "--release", "2", "--out", str(tmp_path))
    assert many.exit_code == 2 and "--release applies to one qualification" in many.stderr
    bad = run_main("fetch", "BSB50311", "--out", str(tmp_path), "--api", "http://x/api?a=b")
    assert bad.exit_code == 2 and "without a query" in bad.stderr


# --update ------------------------------------------------------------------------------------


def test_update_reports_what_changed_and_writes_only_with_force(server: ApiServer, tmp_path: Path) -> None:
    register = tmp_path / "reg"
    assert _fetch(server, register, "BSB50311", "UEE22020").exit_code == 0
    quiet = run_main("fetch", "--update", str(register), "--api", server.base)
    assert quiet.exit_code == 0 and "no changes" in quiet.stdout
    detail = server.json(DETAIL)
    detail["releases"][0]["currency"] = "superseded"
    detail["releases"].insert(0, {"releaseNumber": "4", "currency": "current"})
    detail["supersededBy"][0]["isEquivalent"] = False
    server.set_json(DETAIL, detail)
    for suffix in ("", "/unitgrid"):
        server.served[RELEASE.replace("/3", "/4") + suffix] = server.served[RELEASE + suffix]
    release = server.json(RELEASE)
    release["releaseNumber"] = "4"
    server.set_json(RELEASE.replace("/3", "/4"), release)
    bundle = server.json(BUNDLE)
    html = bundle["items"][0]["content"]
    bundle["items"][0]["content"] = re.sub(
        r"<tr><td><ntr-tcref data-nrt-code=\"BSBWOR502B\">.*?</tr>", "", html
    )
    server.set_json(BUNDLE, bundle)
    grid = [row for row in server.json(GRID) if row["code"] != "BSBWOR502B"]
    server.set_json(GRID.replace("/3/", "/4/"), grid)
    before = (register / "qualifications" / "BSB50311.yaml").read_text()
    run = run_main("fetch", "--update", str(register), "--api", server.base)
    assert run.exit_code == 1, run.stderr
    assert "changed: BSB50311: release 3 -> 4" in run.stdout
    assert "changed: BSB50311: now superseded by BSB50315 (not equivalent)" in run.stdout
    assert "changed: BSB50311: no longer superseded by BSB50315 (equivalent)" in run.stdout
    assert "changed: BSB50311: list B loses BSBWOR502B" in run.stdout
    assert "UEE22020" not in "".join(line for line in run.stdout.splitlines() if line.startswith("changed"))
    assert "nothing written: run again with --force" in run.stdout
    assert (register / "qualifications" / "BSB50311.yaml").read_text() == before
    forced = run_main("fetch", "--update", str(register), "--api", server.base, "--force")
    assert forced.exit_code == 0, forced.stderr
    qual = api.open_register(register).qualification("BSB50311")
    assert qual is not None and qual.release == 4 and "BSBWOR502B" not in qual.packaging.groups["B"].units


def test_a_fetched_units_file_says_it_came_from_the_api(server: ApiServer, tmp_path: Path) -> None:
    assert _fetch(server, tmp_path, "BSB50311").exit_code == 0
    first = (tmp_path / "units" / "BSB.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (
        first == "# Units of the BSB training package, fetched from the training.gov.au API (see sources:)."
    )


@pytest.mark.parametrize("broken", ["qualifications/UEE22020.yaml", "units/UEE.yaml"])
def test_update_fails_only_the_code_whose_register_file_does_not_load(
    server: ApiServer, tmp_path: Path, broken: str
) -> None:
    register = tmp_path / "reg"
    assert _fetch(server, register, "BSB50311", "UEE22020").exit_code == 0
    (register / broken).write_text("- a list\n- not a file of the register\n")
    run = run_main("fetch", "--update", str(register), "--api", server.base)
    assert run.exit_code == 2, run.stderr
    assert "UEE22020: " in run.stderr and f"{broken}:1:1: QC004" in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert "BSB50311" not in run.stderr


def test_a_units_file_that_would_change_holds_back_only_the_qualifications_that_need_it(
    server: ApiServer, tmp_path: Path
) -> None:
    (tmp_path / "units").mkdir()
    kept = (
        "package: CHC\nsources:\n  - {id: mine, title: My own notes}\n"
        "units:\n  - {code: CHCCCS031, title: Provide individualised support, source: mine}\n"
    )
    (tmp_path / "units" / "CHC.yaml").write_text(kept)
    run = _fetch(server, tmp_path, "CHC33021", "BSB50311")
    assert run.exit_code == 2
    assert "qualcheck: CHC33021: " in run.stderr and "units/CHC.yaml: QC072" in run.stderr
    assert (tmp_path / "qualifications" / "BSB50311.yaml").is_file()
    assert not (tmp_path / "qualifications" / "CHC33021.yaml").exists()
    assert not (tmp_path / "units" / "HLT.yaml").exists()
    assert (tmp_path / "units" / "CHC.yaml").read_text() == kept
