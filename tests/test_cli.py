"""The command line as users and CI call it: exit codes, formats, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, CliRun, run_main

EXPECTED = {
    "valid.yaml": 0,
    "valid-equivalent-unit.yaml": 0,
    "valid-surplus-unit.yaml": 0,
    "invalid-missing-core.yaml": 1,
    "invalid-one-group-a.yaml": 1,
    "invalid-three-cert-iv.yaml": 1,
    "invalid-import-too-low.yaml": 1,
    "invalid-import-too-high.yaml": 1,
    "invalid-duplicate.yaml": 1,
    "error-unknown-unit.yaml": 2,
    "undecided-unknown-level.yaml": 1,
    "chc33021-valid-ageing.yaml": 0,
    "chc33021-invalid-ageing.yaml": 1,
    "chc20112-valid.yaml": 0,
    "chc20112-invalid-both-whs.yaml": 1,
    "chc43121-valid.yaml": 0,
    "chc43121-invalid-entry.yaml": 1,
    "chc43315-valid.yaml": 0,
    "chc43315-invalid-no-at-risk.yaml": 1,
    "sit30821-undecided.yaml": 1,
    "sit30821-invalid-prerequisite.yaml": 1,
    "cpc40120-undecided-builder.yaml": 1,
    "cpc40120-invalid-prerequisite.yaml": 1,
    "bsb51918-valid.yaml": 0,
    "bsb51918-invalid-import-level.yaml": 1,
    "tae40122-confirmed.yaml": 0,
    "tae40122-invalid-core.yaml": 1,
    "cpp51012-valid.yaml": 0,
    "cpp51012-invalid-two-cert-iv.yaml": 1,
    "uee22020-valid.yaml": 0,
    "uee22020-invalid-group-b-points.yaml": 1,
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QUALCHECK_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "qualcheck", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_every_example_is_covered() -> None:
    assert {p.name for p in EXAMPLES.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize(("name", "code"), sorted(EXPECTED.items()))
def test_example_exit_codes(name: str, code: int) -> None:
    done = run("validate", f"examples/{name}")
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_text_report_explains_a_failure() -> None:
    out = run("validate", "examples/invalid-one-group-a.yaml").stdout
    assert "✗ QC203 group-a-minimum: only 1 credited from Group A, at least 2 needed" in out
    assert 'rule: "2 units must be from Group A elective units below"' in out
    assert "fix: add 1 more unit from Group A, such as BSBAUD501B" in out
    *_, verdict, achieved, issuance, checked = out.rstrip().splitlines()
    assert verdict.startswith("INVALID")
    assert achieved.startswith(
        "  not achieved: the plan does not meet every packaging rule; 10 counted units"
    )
    assert issuance == (
        "  not issuable: BSB50311 was superseded by BSB50315 on 2015-03-24: check the transition period; "
        "the plan does not meet every packaging rule; 10 counted units are not yet achieved"
    )
    assert checked.startswith("  checked on ")
    assert "\x1b[" not in out  # NO_COLOR


def test_json_format_is_parseable_and_complete() -> None:
    done = run("validate", "--format", "json", "examples/valid.yaml", "examples/invalid-duplicate.yaml")
    data = json.loads(done.stdout)
    assert done.returncode == 1
    assert data["schema_version"] == 1
    assert data["summary"] == {
        "plans": 2,
        "valid": 1,
        "invalid": 1,
        "undecided": 0,
        "error": 0,
        "files": {
            "invalid": {"files": ["examples/invalid-duplicate.yaml"], "more": 0},
            "undecided": {"files": [], "more": 0},
            "error": {"files": [], "more": 0},
        },
    }
    valid, invalid = data["plans"]
    assert valid["verdict"] == "valid"
    assert {f["code"] for f in invalid["findings"]} >= {"QC020", "QC201", "QC102"}
    placements = {u["code"]: u for u in valid["units"]}
    assert placements["BSBLDR601"]["detail"].startswith("imported from BSB60420")


def test_json_reports_input_errors_with_position() -> None:
    done = run("validate", "-f", "json", "-", stdin="qualification: BSB5031\nunits: [BSBCCO504A]\n")
    assert done.returncode == 2
    error = json.loads(done.stdout)["plans"][0]["errors"][0]
    assert (error["code"], error["line"], error["column"]) == ("QC010", 1, 16)
    assert error["hint"] == "did you mean BSB50311?"


def test_stdin_plan() -> None:
    plan = (EXAMPLES / "valid.yaml").read_text()
    done = run("validate", "-", stdin=plan)
    assert done.returncode == 0
    assert "<stdin>" in done.stdout


def test_strict_turns_warnings_into_failure() -> None:
    assert run("validate", "examples/valid-surplus-unit.yaml").returncode == 0
    assert run("validate", "--strict", "examples/valid-surplus-unit.yaml").returncode == 1


def test_usage_errors_exit_2() -> None:
    assert run("validate").returncode == 2
    assert run("validate", "--format", "xml", "examples/valid.yaml").returncode == 2
    assert run("frobnicate").returncode == 2


def test_missing_register_folder_exits_2(tmp_path: Path) -> None:
    done = run("validate", "--data", str(tmp_path), "examples/valid.yaml")
    assert done.returncode == 2
    assert "no qualifications/ folder" in done.stderr


def test_startup_does_not_import_the_engine_or_rich() -> None:
    code = "import json, sys, qualcheck.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    packages = {name.split(".")[0] for name in loaded}
    assert not packages & {"rich", "pydantic", "typer", "click", "yaml"}
    assert "qualcheck.engine" not in loaded and "qualcheck.models" not in loaded
    assert "qualcheck.api" not in loaded and "qualcheck.findings" not in loaded


def test_rules_doc_is_generated_from_the_catalog() -> None:
    from qualcheck.commands.rulesdoc import render_rules_markdown

    assert (ROOT / "docs" / "rules.md").read_text() == render_rules_markdown(), (
        "regenerate with: python -m qualcheck.commands.rulesdoc > docs/rules.md"
    )


def test_explain_reads_the_rules_in_plain_words() -> None:
    done = run("explain", "BSB50311")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("BSB50311 Diploma of Customer Contact (release 3, AQF 5 Diploma, superseded)")
    assert "Total: 10 units = 3 core + 7 electives" in out
    assert "at least 2 from Group A [group-a-minimum]" in out
    assert "at most 2 from units at AQF 4 (Certificate IV) [certificate-iv-cap]" in out
    assert "Group A [A]: 15 units" in out and "Group B [B]: 27 units" in out
    assert "Checks for a person" in out


def test_explain_shows_specialisations_and_partial_lists() -> None:
    out = run("explain", "CHC33021").stdout
    assert "Ageing (specialisation: ageing)" in out
    assert "all 3 units of Group A (Ageing specialisation) [all-group-a]" in out
    assert "Group C (other electives) [C]: 20 units, held only in part" in out


def test_show_unit_with_equivalents_and_uses() -> None:
    out = run("show", "BSBCCO602A").stdout
    assert "is superseded by and is equivalent to BSBCCO602B" in out
    assert "equivalent (through mappings): BSBCCO602B, BSBCUE602" in out
    assert "BSB50311 Diploma of Customer Contact: Group A as BSBCCO602B (equivalent)" in out


def test_show_qualification_and_unknown_code() -> None:
    assert "AQF level: 5 (Diploma)" in run("show", "BSB50311").stdout
    done = run("show", "BSB5031")
    assert done.returncode == 2
    assert "did you mean BSB50311?" in done.stderr


def test_rules_and_rule() -> None:
    assert "QC203  at-least" in run("rules").stdout
    assert run("rule", "qc205").stdout.startswith("QC205 all-of")
    assert run("rule", "QC999").returncode == 2


def test_color_always_colours_every_part_of_the_text_report() -> None:
    done = run("validate", "--color", "always", "examples/valid.yaml", "examples/error-unknown-unit.yaml")
    assert done.returncode == 2, done.stderr
    assert "\x1b[1;32mVALID\x1b[0m" in done.stdout
    assert "internal error" not in done.stderr


def test_explain_promises_no_count_for_a_list_held_in_part() -> None:
    # CPC40120's Builder specialisation needs all of Group A, a list no source showed.
    out = run("explain", "CPC40120").stdout
    assert "all units of Group A (0 held; the list is held only in part) [all-group-a]" in out
    assert "all 0 units" not in out


def test_undecided_plan_says_what_a_person_must_confirm() -> None:
    done = run("validate", "examples/undecided-unknown-level.yaml")
    assert done.returncode == 1
    assert (
        "UNDECIDED  BSB50311 release 3: 3 rules (QC102 total, QC201 electives, QC202 elective-sources)"
        in (done.stdout)
    )
    assert "not recorded: CHCMHS001: its AQF level" in done.stdout
    assert "{unit: CHCMHS001, level: N, by: NAME, on: YYYY-MM-DD, evidence: WHERE}" in done.stdout
    data = json.loads(run("validate", "--format", "json", "examples/undecided-unknown-level.yaml").stdout)
    assert data["plans"][0]["verdict"] == "undecided"
    assert data["summary"]["undecided"] == 1


def test_quiet_summary_counts_each_verdict() -> None:
    done = run("validate", "-q", "examples/undecided-unknown-level.yaml")
    assert done.stdout.rstrip().endswith("1 plan: 0 valid, 0 invalid, 1 undecided, 0 not checked")


# The parser ---------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    from qualcheck import __version__

    done = run_main(flag)
    assert (done.exit_code, done.stdout, done.stderr) == (0, f"qualcheck {__version__}\n", "")


def test_no_arguments_prints_the_help_as_a_usage_error() -> None:
    done = run_main()
    assert done.exit_code == 2
    assert done.stderr.startswith("usage: qualcheck") and "validate" in done.stderr
    assert done.stdout == ""


def test_help_lists_every_command_with_its_summary() -> None:
    done = run_main("--help")
    assert done.exit_code == 0
    for command in (
        "validate",
        "schema",
        "explain",
        "show",
        "import",
        "check-data",
        "rules",
        "rule",
        "audit",
    ):
        assert re.search(rf"^  {command} +\S", done.stdout, re.MULTILINE), command
    assert "Check plans against their qualification's packaging rules." in done.stdout


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_validate_help_names_every_option_without_type_labels(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    done = run_main("validate", "--help")
    assert done.exit_code == 0
    out = done.stdout
    assert "<" not in out  # no `<list[str]>`, `<path>` or `<bool>`
    assert max(len(line) for line in out.splitlines()) <= max(int(columns), 60)
    for name in ("-f", "--format", "--data", "--strict", "--no-strict", "--color", "-o", "--output"):
        assert name in out
    for name in ("--force", "-q", "--quiet", "-v", "--verbose", "--as-of", "-h", "--help"):
        assert name in out
    for metavar in ("PLAN", "FORMAT", "DIR", "FILE", "DATE"):
        assert metavar in out
    words = " ".join(out.split())
    assert "(YYYY-MM-DD)" in words  # not broken at its hyphens
    assert "Exit code 0: every plan valid. 1: some plan invalid." in words
    assert "QUALCHECK_FORMAT" in words and "QUALCHECK_DATA" in words


def test_help_keeps_paragraphs() -> None:
    out = run_main("audit", "--help").stdout
    assert "\n\nExit code 0: every student eligible" in out


def _error_line(done: CliRun) -> str:
    """The one `qualcheck: ...` line a usage error prints (after argparse's usage)."""
    assert done.exit_code == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.startswith("qualcheck:")]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_bad_format_names_the_formats() -> None:
    from qualcheck.audit.reporters import AUDIT_FORMATS
    from qualcheck.reporters import FORMATS

    line = _error_line(run_main("validate", "--format", "xml", "examples/valid.yaml"))
    assert line.startswith("qualcheck: --format: invalid choice 'xml'")
    assert all(fmt in line for fmt in FORMATS)
    line = _error_line(run_main("audit", "-f", "xml"))
    assert line.endswith(f"(choose from {', '.join(AUDIT_FORMATS)})")


def test_every_format_is_a_choice() -> None:
    from qualcheck.reporters import FORMATS

    for fmt in FORMATS:
        assert run_main("validate", "-f", fmt, str(EXAMPLES / "valid.yaml")).exit_code == 0, fmt


def test_format_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = str(EXAMPLES / "valid.yaml")
    monkeypatch.setenv("QUALCHECK_FORMAT", "json")
    assert json.loads(run_main("validate", plan).stdout)["summary"]["valid"] == 1
    concise = run_main("validate", "-f", "concise", plan)  # the command line wins
    assert (
        concise.exit_code == 0 and "1 plan: 1 valid, 0 invalid, 0 not checked" in concise.stdout.splitlines()
    )
    monkeypatch.setenv("QUALCHECK_FORMAT", "")  # empty: as if not set
    text = run_main("validate", plan)
    assert text.exit_code == 0 and "VALID" in text.stdout and not text.stdout.startswith("{")


def test_a_bad_format_in_the_environment_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_FORMAT", "xml")
    line = _error_line(run_main("validate", str(EXAMPLES / "valid.yaml")))
    assert line.startswith("qualcheck: QUALCHECK_FORMAT: invalid choice 'xml' (choose from text,")
    # The command line wins over the environment, and is not checked against it.
    assert run_main("validate", "-f", "text", str(EXAMPLES / "valid.yaml")).exit_code == 0


def test_data_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALCHECK_DATA", str(tmp_path))
    for args in (("validate", str(EXAMPLES / "valid.yaml")), ("explain", "BSB50311"), ("show", "BSB50311")):
        done = run_main(*args)
        assert done.exit_code == 2 and "no qualifications/ folder" in done.stderr, args
    assert run_main("validate", "--data", str(ROOT / "data"), str(EXAMPLES / "valid.yaml")).exit_code == 0


@pytest.mark.parametrize(
    ("setting", "flags", "code"),
    [
        ("", (), 0),
        ("", ("--strict",), 1),
        ("", ("--no-strict",), 0),
        ("strict = true", (), 1),
        ("strict = true", ("--no-strict",), 0),
        ("strict = false", ("--strict",), 1),
    ],
)
def test_strict_no_strict_or_the_setting(
    setting: str, flags: tuple[str, ...], code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--strict and --no-strict win over the strict setting; neither leaves it to the setting."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.qualcheck]\n{setting}\n")
    monkeypatch.chdir(tmp_path)
    done = run_main("validate", *flags, str(EXAMPLES / "valid-surplus-unit.yaml"))
    assert done.exit_code == code, done.stdout + done.stderr


@pytest.mark.parametrize("args", [("--jobs", "0"), ("-j", "0"), ("--jobs", "-1"), ("--jobs", "two")])
def test_audit_jobs_must_be_a_whole_number_from_1(args: tuple[str, ...]) -> None:
    line = _error_line(run_main("audit", *args))
    assert line.startswith("qualcheck: --jobs: ")


def test_options_may_come_between_plans() -> None:
    done = run_main("validate", "examples/valid.yaml", "-q", "examples/invalid-duplicate.yaml", "--strict")
    assert done.exit_code == 1
    assert "examples/valid.yaml" in done.stdout and "examples/invalid-duplicate.yaml" in done.stdout


def test_unknown_options_and_commands_suggest_the_closest() -> None:
    assert _error_line(run_main("validate", "--fromat", "json", "x.yaml")).endswith("did you mean --format?")
    assert _error_line(run_main("valdate", "x.yaml")).endswith("did you mean validate?")
    assert "before the command" in _error_line(run_main("validate", "--version"))
    assert _error_line(run_main("rule")) == "qualcheck: missing argument CODE"


def test_the_parser_speaks_the_same_on_every_python() -> None:
    """Messages come from qualcheck, not from argparse's wording of the day."""
    assert _error_line(run_main("schema", "timetable")) == (
        "qualcheck: KIND: invalid choice 'timetable' (choose from plan, qualification, unit)"
    )
    assert _error_line(run_main("validate", "--format")) == "qualcheck: --format needs a value"
    assert _error_line(run_main("validate", "--force=yes", "x.yaml")) == "qualcheck: --force takes no value"
    assert _error_line(run_main("import", "tga", "page.txt")) == "qualcheck: missing option --out"


def test_list_names_every_qualification_and_the_lists_held_in_part(tmp_path: Path) -> None:
    done = run("list")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[-1] == "11 qualifications"
    assert "BSB50311  Diploma of Customer Contact (release 3, superseded; every list complete)" in lines
    sit = next(line for line in lines if line.startswith("SIT30821"))
    assert "held in part: Electives Group A - Cookery and Catering" in sit
    bsb51918 = next(line for line in lines if line.startswith("BSB51918"))
    assert "release not recorded, status not recorded" in bsb51918  # never a guessed value
    assert run("list", "--data", str(tmp_path / "nowhere")).returncode == 2
