"""The plain path of `validate` (register files read back from the cache as plain records, the plan
read by the plain reader, no pydantic model built) gives exactly the results of the full path
(every file validated through the models): the whole of each PlanResult, and the report in text
and json, on every example, every bad-input case and random plans of the property tests. A plain
run, cache warm, loads no pydantic, typer or rich; a cache entry that does not fit is ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from qualcheck import api
from qualcheck.findings import PlanResult, RunResult
from qualcheck.io.loader import load_plan
from qualcheck.io.yamlsource import load_yaml
from qualcheck.models import records
from qualcheck.register.store import PlainRegister, Register
from qualcheck.reporters import render
from test_properties import QUALIFICATION, Case, MemoryRegister, cases, plan_yaml

CORPUS = ROOT / "tests" / "bad_inputs"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text())
AS_OF = dt.date(2026, 7, 1)  # currency is judged too, on a fixed day


def _reports(result: PlanResult) -> tuple[dict[str, Any], str, str]:
    run = RunResult([result], strict=result.strict, checked_on=AS_OF)
    return result.to_dict(), render(run, "text", False, 1), render(run, "json", False, 0)


def _full(path: Path, data: Path) -> PlanResult:
    run = api.validate([str(path)], Register(data), as_of=AS_OF)
    (result,) = run.plans
    return result


def _plain(path: Path, data: Path, cache: Path) -> tuple[PlanResult, PlainRegister]:
    register = api.open_plain_register(data, cache)
    run = api.validate([str(path)], register, as_of=AS_OF)
    (result,) = run.plans
    return result, register


def _read_plainly(path: Path) -> bool:
    """Whether the plain reader takes the plan (else the model reads it)."""
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except Exception:
        return False
    return isinstance(load_plan(doc, plain=True), records.Plan)


def _same_both_ways(path: Path, data: Path, cache: Path) -> PlainRegister:
    """The plan judged the full way, then the plain way twice (the cache cold, then warm)."""
    full = _reports(_full(path, data))
    cold, _ = _plain(path, data, cache)
    assert _reports(cold) == full
    warm, register = _plain(path, data, cache)
    assert _reports(warm) == full
    return register


# Every example, and every bad plan of the corpus, against the bundled register --------------

PLANS = sorted(EXAMPLES.glob("*.yaml")) + sorted((CORPUS / "plans").glob("*.yaml"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("records")


@pytest.mark.parametrize("path", PLANS, ids=[f"{p.parent.name}/{p.name}" for p in PLANS])
def test_the_plain_path_gives_the_full_paths_results(path: Path, cache: Path) -> None:
    register = _same_both_ways(path, ROOT / "data", cache)
    held = [register.qualification(code) for code in ("BSB50311", "CHC43121")]
    assert all(isinstance(q, records.Qualification) for q in held)  # records, not models


def test_most_examples_are_read_plainly() -> None:
    # Otherwise the comparison above would be of the full path with itself.
    plain = [p.name for p in EXAMPLES.glob("*.yaml") if _read_plainly(p)]
    assert len(plain) >= len(list(EXAMPLES.glob("*.yaml"))) - 2, plain
    assert "tae40122-confirmed.yaml" in plain  # confirmations too


# Every bad register of the corpus --------------------------------------------------------------

REGISTERS = sorted(MANIFEST["registers"])


@pytest.mark.parametrize("case", REGISTERS)
def test_the_plain_path_reports_a_bad_register_as_the_full_path_does(case: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "registers" / "base", data)
    shutil.copytree(CORPUS / "registers" / case, data, dirs_exist_ok=True)
    _same_both_ways(CORPUS / "registers" / "plan.yaml", data, tmp_path / "cache")


# Random plans of the property tests ---------------------------------------------------------


class PlainMemoryRegister(MemoryRegister):
    """The same synthetic register as plain records, as a warm cache gives them."""

    plain = True

    def __init__(self, held: MemoryRegister) -> None:
        qualifications = {
            code: records.qualification_record(q.model_dump(mode="json")) for code, q in held._held.items()
        }
        units = {code: records.unit_record(u.model_dump(mode="json")) for code, u in held._defined.items()}
        super().__init__(qualifications, units)  # type: ignore[arg-type]


@settings(max_examples=60)
@given(cases(), st.sampled_from(["block", "flow", "quoted", "commented"]))
def test_the_plain_path_gives_the_full_paths_results_on_random_plans(case: Case, style: str) -> None:
    text = plan_yaml(case.entries, style)
    full = api.validate_text(text, "plan.yaml", case.register, AS_OF)
    plain_register = PlainMemoryRegister(case.register)
    assert isinstance(plain_register.qualification(QUALIFICATION), records.Qualification)
    plain = api.validate_text(text, "plan.yaml", plain_register, AS_OF)
    assert _reports(plain) == _reports(full)


# What a plain run loads ---------------------------------------------------------------------

# A plain validate as the command line runs it, then the heavy packages it loaded.
_LOADED = """
import json, sys
from qualcheck import cli
try:
    cli.main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"exit": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in
    ("pydantic", "pydantic_core", "typer", "rich"))}))
"""


def _run_loaded(tmp_path: Path, *args: str) -> dict[str, Any]:
    env = {**os.environ, "QUALCHECK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


@pytest.mark.parametrize("plan", ["valid.yaml", "invalid-one-group-a.yaml", "tae40122-confirmed.yaml"])
def test_a_plain_validate_with_the_cache_warm_loads_no_pydantic_typer_or_rich(
    tmp_path: Path, plan: str
) -> None:
    path = str(EXAMPLES / plan)
    cold = _run_loaded(tmp_path, "validate", path)  # fills the cache: the models are built once
    assert "pydantic" in cold["loaded"]
    warm = _run_loaded(tmp_path, "validate", path)
    assert warm["exit"] == cold["exit"] and warm["exit"] in (0, 1)
    assert warm["loaded"] == []
    as_json = _run_loaded(tmp_path, "validate", "--format", "json", path)
    assert as_json["loaded"] == []


def test_a_plan_that_is_not_plainly_valid_takes_the_full_path(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("qualification: BSB50311\nunits: [BSBCCO504A, 42]\n")
    _run_loaded(tmp_path, "validate", str(EXAMPLES / "valid.yaml"))  # the cache warm
    odd = _run_loaded(tmp_path, "validate", str(plan))
    assert odd["exit"] == 2 and "pydantic" in odd["loaded"]


# A cache entry that does not fit ------------------------------------------------------------


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"{records_kind()}*.json"))


def records_kind() -> str:
    from qualcheck.register.cache import RECORD

    return RECORD


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: {**data, "code": 5},  # a field of the wrong type
        lambda data: {**data, "planted": True},  # a field no record has
        lambda data: {k: v for k, v in data.items() if k != "title"},  # a field missing
        lambda data: {**data, "aqf_level": 7},  # no such AQF level
        lambda data: [data],  # not a record at all
        lambda data: {
            **data,
            "packaging": {**data["packaging"], "core_units": 9},
        },  # counts that do not add up
        lambda data: {**data, "packaging": {**data["packaging"], "groups": {}}},  # rules naming no group
    ],
    ids=["wrong-type", "extra-field", "missing-field", "bad-level", "not-a-mapping", "counts", "groups"],
)
def test_a_record_entry_that_does_not_fit_is_ignored_and_the_file_read_again(
    tmp_path: Path, damage: Any
) -> None:
    cache = tmp_path / "cache"
    path = EXAMPLES / "valid.yaml"
    expected = _reports(_full(path, ROOT / "data"))
    _plain(path, ROOT / "data", cache)
    (entry,) = [e for e in _entries(cache) if "Qualification" in e.name]
    header, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header + b"\n" + json.dumps(damage(json.loads(body))).encode())
    result, register = _plain(path, ROOT / "data", cache)
    assert _reports(result) == expected
    assert register.cache is not None and register.cache.hits >= 1  # the units files still fit
    # The entry was written again from the file: the next run reads it.
    again, register = _plain(path, ROOT / "data", cache)
    assert _reports(again) == expected and register.cache is not None and register.cache.misses == 0


def test_a_record_entry_holds_json_data_only(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _plain(EXAMPLES / "valid.yaml", ROOT / "data", cache)
    entries = _entries(cache)
    assert entries
    for entry in entries:
        header, _, body = entry.read_bytes().partition(b"\n")
        assert header.startswith(b"qualcheck-cache ")
        assert isinstance(json.loads(body), dict)


# Every model has its plain record -----------------------------------------------------------


def _model_classes() -> list[type[Any]]:
    import qualcheck.models as models
    from qualcheck.models.plan import Confirmation

    names = ["Held", "Mapping", "ReleaseInfo", "Source", "ImportWindow", "Selector", "Specialisation"]
    names += ["EntryRequirement", "ManualCheck", "UnitGroup", "Packaging", "Qualification", "Unit"]
    names += ["UnitFile", "PlanEntry", "Plan"]
    kinds = list(get_args(get_args(models.PackagingRule)[0]))
    return [getattr(models, name) for name in names] + kinds + [Confirmation]


@pytest.mark.parametrize("model", _model_classes(), ids=lambda m: m.__name__)
def test_every_model_has_a_plain_record_with_the_same_fields(model: type[Any]) -> None:
    record = getattr(records, model.__name__)
    kind = {"kind"} if "kind" in model.model_fields else set()  # a record's kind is its class's
    assert set(record.__slots__) | kind == set(model.model_fields)
    if "kind" in model.model_fields:
        (kind,) = get_args(model.model_fields["kind"].annotation)
        assert record.kind == kind
