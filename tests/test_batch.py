"""A batch run: the same report, byte for byte, in one process or several, for every format."""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_main
from qualcheck import api
from qualcheck.batch import BatchOptions, validate_report
from qualcheck.gates.scopefile import Scope
from qualcheck.io.limits import MAX_PLAN_BYTES
from qualcheck.io.yamlsource import FIRST_READ_BYTES, read_limited
from qualcheck.register.store import Register
from qualcheck.reporters import FORMATS, render

AS_OF = dt.date(2026, 7, 1)
# Plans of every verdict, plans that cannot be read (tests/bad_inputs) and a path that names
# none: more plans than one chunk per worker, so both workers judge some.
INPUTS = [str(EXAMPLES), str(ROOT / "tests" / "bad_inputs" / "plans"), str(ROOT / "no-such-plan.yaml")]
VERBOSITIES = {"text": (-1, 0, 1), "concise": (-1, 0, 1)}


def _report(register: Register, fmt: str, verbosity: int, jobs: int, strict: bool = False) -> str:
    options = BatchOptions(
        data=register.root, fmt=fmt, verbosity=verbosity, strict=strict, as_of=AS_OF, color=fmt == "text"
    )
    return validate_report(INPUTS, register, options, settings="pyproject.toml", jobs=jobs).text


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_processes_write_the_report_one_writes(register: Register, fmt: str) -> None:
    for verbosity in VERBOSITIES.get(fmt, (0,)):
        one = _report(register, fmt, verbosity, jobs=1)
        assert _report(register, fmt, verbosity, jobs=2) == one, (fmt, verbosity)
        assert _report(register, fmt, verbosity, jobs=3) == one, (fmt, verbosity)
        # ... and it is the report of the results the library returns, rendered whole.
        whole = api.validate(INPUTS, register, as_of=AS_OF)
        whole.settings = "pyproject.toml"
        assert render(whole, fmt, fmt == "text", verbosity) == one, (fmt, verbosity)


def test_the_verdicts_are_counted_from_every_worker(register: Register) -> None:
    options = BatchOptions(data=register.root, fmt="json", as_of=AS_OF)
    one = validate_report(INPUTS, register, options, jobs=1)
    two = validate_report(INPUTS, register, options, jobs=2)
    assert two.summary == one.summary
    assert one.summary.plans == len(one.plan_paths) > 100
    assert one.summary.error and one.summary.invalid and one.summary.valid
    assert two.exit_code() == one.exit_code() == 2


def test_strict_applies_in_every_worker(register: Register) -> None:
    one = _report(register, "json", 0, jobs=1, strict=True)
    assert _report(register, "json", 0, jobs=2, strict=True) == one
    assert one != _report(register, "json", 0, jobs=1)


def test_jobs_on_the_command_line_change_nothing_but_the_processes() -> None:
    plans = [str(EXAMPLES), "--as-of", "2026-07-01", "--format", "junit"]
    one, two = run_main("validate", *plans), run_main("validate", *plans, "--jobs", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.exit_code == 2 and one.stdout.count("<testcase ") == len(list(EXAMPLES.glob("*.yaml")))


def test_a_register_file_only_a_worker_read_is_still_never_written_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    target = data / "qualifications" / "BSB50311.yaml"
    before = target.read_bytes()
    plans = [str(EXAMPLES / "valid.yaml"), str(EXAMPLES / "invalid-duplicate.yaml")]
    done = run_main("validate", *plans, "--data", str(data), "-j", "2", "--output", str(target), "--force")
    assert done.exit_code == 2, done.stderr
    assert "BSB50311.yaml" in done.stderr
    assert target.read_bytes() == before


def test_the_collector_runs_again_after_a_run(register: Register) -> None:
    assert gc.isenabled()
    api.validate([str(EXAMPLES / "valid.yaml")], register, as_of=AS_OF)
    assert gc.isenabled()
    with pytest.raises(RuntimeError), api.collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a run that fails")
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    "size", [0, 10, FIRST_READ_BYTES - 1, FIRST_READ_BYTES, FIRST_READ_BYTES + 1, 200_000]
)
def test_a_plan_is_read_whole_at_any_size_up_to_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    with path.open("rb") as stream:
        assert read_limited(stream, 200_000, "plan.yaml") == path.read_bytes()


def test_a_plan_over_the_limit_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"#" * (MAX_PLAN_BYTES + 1))
    result = api.validate_path(str(path), api.open_register(), AS_OF)
    assert result.error is not None and "larger than 1 MB" in result.error.message
    path.write_bytes(b"#" * MAX_PLAN_BYTES)  # at the limit: read, and judged as what it holds (no plan)
    at_limit = api.validate_path(str(path), api.open_register(), AS_OF)
    assert at_limit.error is not None and "larger" not in at_limit.error.message


def test_every_worker_reads_plans_against_the_scope(register: Register) -> None:
    # Units of the examples left off the scope: findings the scope gate makes, in every process.
    scope = Scope(
        frozenset({"BSB50311", "BSBCCO504A", "BSBLED501A", "BSBMGT516C", "BSBCCO601B"}), "scope.txt", None
    )
    options = BatchOptions(data=register.root, fmt="json", as_of=AS_OF, scope=scope)
    one = validate_report([str(EXAMPLES)], register, options, jobs=1).text
    assert validate_report([str(EXAMPLES)], register, options, jobs=2).text == one
    assert '"code": "QC501"' in one
    assert (
        one
        != validate_report([str(EXAMPLES)], register, BatchOptions(register.root, "json", as_of=AS_OF)).text
    )


def test_the_scope_file_is_never_written_over(tmp_path: Path) -> None:
    scope = tmp_path / "scope.txt"
    scope.write_text("BSB50311\n")
    done = run_main(
        "validate", str(EXAMPLES / "valid.yaml"), "--scope", str(scope), "-o", str(scope), "--force"
    )
    assert done.exit_code == 2 and "scope.txt" in done.stderr, done.stderr
    assert scope.read_text() == "BSB50311\n"


def test_a_plan_on_standard_input_is_checked_with_the_others() -> None:
    from test_cli import run

    plan = (EXAMPLES / "invalid-one-group-a.yaml").read_text()
    args = ("validate", "-", "examples/valid.yaml", "--as-of", "2026-07-01", "-f", "json")
    one, two = run(*args, stdin=plan), run(*args, "--jobs", "2", stdin=plan)
    assert (two.returncode, two.stdout) == (one.returncode, one.stdout)
    assert one.returncode == 1 and '"path": "<stdin>"' in one.stdout


def test_progress_counts_every_plan_once_in_order(register: Register) -> None:
    seen: list[tuple[int, int]] = []
    options = BatchOptions(data=register.root, fmt="concise", as_of=AS_OF)
    report = validate_report(INPUTS, register, options, jobs=2, progress=lambda d, t: seen.append((d, t)))
    total = len(report.plan_paths)
    assert seen[-1] == (total, total) and all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen})


# The CI options: what every summary adds up over the plans, with --jobs as without ------------


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of synthetic plans with students (some invalid) and a baseline recorded before
    one plan was fixed and another broken: the baseline has known, new and stale findings."""
    from test_ci import make_batch, plan_text

    folder = tmp_path_factory.mktemp("ci-batch")
    plans = make_batch(folder / "plans", 60, {3, 17, 40})
    written = run_main(
        "validate", str(plans), "--as-of", "2026-07-01", "--write-baseline", str(folder / "base.yaml")
    )
    assert written.exit_code == 0, written.stderr
    (plans / "plan-0003.yaml").write_text(plan_text(3), encoding="utf-8")  # fixed: its entry is stale
    (plans / "plan-0005.yaml").write_text(plan_text(5, missing_core=True), encoding="utf-8")  # new
    return folder


def _ci_args(folder: Path, fmt: str, *extra: str) -> list[str]:
    return [
        "validate",
        str(folder / "plans"),
        *INPUTS,
        "--as-of",
        "2026-07-01",
        "-f",
        fmt,
        "--statistics",
        "--redact",
        "--baseline",
        str(folder / "base.yaml"),
        *extra,
    ]


FLAGS = {"text": ("-q", None, "-v"), "concise": ("-q", None, "-v"), "github": ("-q", None, "-v")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_processes_write_the_report_one_writes_with_statistics_baseline_and_redact(
    ci_run: Path, fmt: str
) -> None:
    for flag in FLAGS.get(fmt, (None,)):
        extra = [flag] if flag else []
        one_summary, two_summary = ci_run / f"{fmt}{flag}-1.md", ci_run / f"{fmt}{flag}-2.md"
        one = run_main(*_ci_args(ci_run, fmt, *extra, "--job-summary", str(one_summary)))
        two = run_main(*_ci_args(ci_run, fmt, *extra, "--job-summary", str(two_summary), "--jobs", "2"))
        assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr), (fmt, flag)
        assert two_summary.read_text(encoding="utf-8") == one_summary.read_text(encoding="utf-8")
        assert one.exit_code == 2  # the unreadable plans
        assert "SYN-00" not in one.stdout + one_summary.read_text(encoding="utf-8")
    if fmt in ("text", "concise", "github"):
        assert "new that fail a plan, 2 stale" in one.stdout
        assert "findings by code (passes not counted):" in one.stdout


def test_each_worker_redacts_and_judges_against_the_baseline(ci_run: Path) -> None:
    text = run_main(*_ci_args(ci_run, "json", "--jobs", "2")).stdout
    data = json.loads(text)
    assert data["baseline"]["known"] > 0 and len(data["baseline"]["stale"]) == 2
    assert {entry["plan"].rsplit("/", 1)[-1] for entry in data["baseline"]["new"]} >= {"plan-0005.yaml"}
    students = {plan["student"] for plan in data["plans"] if plan.get("student")}
    assert students and all(student.startswith("student-") for student in students)
    assert data["statistics"]["by_code"] and data["summary"]["files"]["invalid"]["files"]


def test_a_baseline_written_by_two_processes_is_the_one_one_process_writes(
    ci_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["validate", str(ci_run / "plans"), *INPUTS, "--as-of", "2026-07-01", "-f", "concise"]
    runs = []
    for jobs in ("1", "2"):
        (ci_run / f"jobs-{jobs}").mkdir()
        monkeypatch.chdir(ci_run / f"jobs-{jobs}")  # the same name, as the report shows it
        runs.append(run_main(*args, "--write-baseline", "written.yaml", "--jobs", jobs))
    one, two = runs
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    written = (ci_run / "jobs-1" / "written.yaml").read_text(encoding="utf-8")
    assert (ci_run / "jobs-2" / "written.yaml").read_text(encoding="utf-8") == written
    assert written.count("code: ") > 60
    assert "0 new that fail a plan, 0 stale" in one.stdout


@pytest.mark.parametrize("fmt", ["text", "concise", "json"])
def test_a_batch_with_the_ci_options_is_the_report_of_the_whole_result(
    register: Register, ci_run: Path, fmt: str
) -> None:
    from qualcheck.baseline import BaselineCheck, read_baseline
    from qualcheck.redact import redact_run

    baseline = BaselineCheck("base.yaml", read_baseline(ci_run / "base.yaml"))
    paths = [str(ci_run / "plans"), *INPUTS]
    options = BatchOptions(register.root, fmt, as_of=AS_OF, redact=True, statistics=True, baseline=baseline)
    batch = validate_report(paths, register, options, jobs=2)
    whole = redact_run(api.validate(paths, register, as_of=AS_OF))
    whole.statistics, whole.baseline = True, baseline
    assert render(whole, fmt) == batch.text
    assert whole.exit_code() == batch.exit_code() == 2
