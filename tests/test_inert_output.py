"""No text from input reaches a terminal, a CI log or a spreadsheet raw, in any format.

Hostile plans (the corpus's escape-sequence, C1, bidi and line-break cases) are checked in every
format through the command line, as the bytes it writes: each must be UTF-8 with no control
character but qualcheck's own line breaks (and its own colours with --color always), no line a
GitHub Actions runner would read as a workflow command unless the github reporter wrote it, and
still show what the input held (as escapes for people, exactly for programs). Then the audit's
formats (CSV cells that a spreadsheet would run as formulas), the command line's own messages,
`show`, `explain`, `check-data` and `import`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from natfiles import VALID, activity, write
from qualcheck import api
from qualcheck.io.neutral import escape_json, spreadsheet_cell, visible
from qualcheck.reporters import FORMATS
from qualcheck.reporters.problems import plan_problems

CORPUS = ROOT / "tests" / "bad_inputs"
HOSTILE_PLANS = [
    "escapes-in-student.yaml",
    "controls-in-confirmations.yaml",
    "escape-in-unit-code.yaml",
    "escape-in-unknown-field.yaml",
    "bidi-override-in-specialisation.yaml",
    "c1-control-in-qualification.yaml",
]
# What escapes-in-student.yaml's student field holds, once YAML has read its escapes.
STUDENT = (
    "S-0001\x1b]0;pwned\x07\x1b[31m\x1b[2J\n::error file=x.yaml,line=1::forged\x85\u2028\x9b2J\u202eevil"
)
SHOWN_STUDENT = "S-0001\\x1b]0;pwned\\x07\\x1b[31m\\x1b[2J\\n::error file=x.yaml,line=1::forged\\x85\\u2028\\x9b2J\\u202eevil"
# Raw in output: C0 controls but the line feed, DEL and C1, bidi controls, the line and paragraph
# separators, lone surrogates.
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice) file=[^:\n]*::[^\n]*$")


def qualcheck(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the command in a child process; its output as UTF-8 (strictly: not UTF-8 fails)."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("QUALCHECK_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", *args], capture_output=True, cwd=cwd, env=environment, check=False
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err
    return done.returncode, out, err


def assert_inert(output: str) -> None:
    assert not RAW.search(output), ascii(output)


def forged(output: str) -> list[str]:
    """The lines a GitHub Actions runner reads as workflow commands: those whose first characters
    but spaces are `::`, and those holding the older `##[` form anywhere."""
    return [line for line in output.splitlines() if line.lstrip().startswith("::") or "##[" in line]


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    paths = [f"tests/bad_inputs/plans/{name}" for name in HOSTILE_PLANS]
    found = {}
    for fmt in FORMATS:
        every = ["-v"] if fmt in ("concise", "github") else []  # quiet by default: ask for every line
        code, out, err = qualcheck("validate", "--format", fmt, *every, *paths)
        assert code == 2, out + err  # some cannot be read; the others are still judged
        found[fmt] = out
    return found


# The neutralising functions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x7f", "\\x00\\x7f"),
        ("\x85\x9b2J", "\\x85\\x9b2J"),  # C1: NEL, and the one-character CSI
        ("\u202aa\u202eb\u2066c\u2069\u200f\u061c", "\\u202aa\\u202eb\\u2066c\\u2069\\u200f\\u061c"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        (os.fsdecode(b"\xff\x9b"), "\\xff\\x9b"),  # a file name's bytes that are not UTF-8
        ("\ufffe", "\\ufffe"),
    ],
)
def test_visible_shows_each_control_as_an_escape(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible(shown) == shown  # twice is once


@pytest.mark.parametrize("text", ["", "BSB50311", "Café – services · ✓ 中文 😀", r"C:\plans\a.yaml", "100 %"])
def test_visible_keeps_printable_text(text: str) -> None:
    assert visible(text) == text


def test_escape_json_keeps_the_values_and_the_layout() -> None:
    value = {"student": STUDENT, "path": os.fsdecode(b"d\xff.yaml"), "title": "Café"}
    document = escape_json(json.dumps(value, indent=2, ensure_ascii=False))
    assert json.loads(document) == value
    assert "\n  " in document and "Café" in document
    assert_inert(document)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+61 400", "'+61 400"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\\t=1"),
        ("\r=1", "'\\r=1"),
        ("S-0001", "S-0001"),
        ("a=b", "a=b"),
        ("BSB50311", "BSB50311"),
        ("", ""),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(text: str, cell: str) -> None:
    assert spreadsheet_cell(text) == cell


# Every format, through the command line -----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_prints_input_raw(reports: dict[str, str], fmt: str) -> None:
    assert_inert(reports[fmt])
    if fmt != "github":
        assert forged(reports[fmt]) == []


def test_github_lines_starting_with_a_command_are_its_own(reports: dict[str, str]) -> None:
    from qualcheck.register.store import default_data_root

    register = api.open_register(default_data_root())
    paths = [f"tests/bad_inputs/plans/{name}" for name in HOSTILE_PLANS]
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = api.validate(paths, register, as_of=dt.date.today())
    finally:
        os.chdir(old)
    commands = forged(reports["github"])
    assert len(commands) == sum(len(plan_problems(plan)) for plan in result.plans)
    assert all(WORKFLOW_COMMAND.match(line) for line in commands), commands
    assert "by B. Assessor\\x1b[2J on 2026-11-30" in reports["github"]


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("text", f"student {SHOWN_STUDENT}"),
        ("concise", "QC003 [error] unknown-field: unknown field 'studnet\\x1b]0;pwned\\x07\\x1b[2J'"),
        ("github", "unknown field 'studnet\\x1b]0;pwned\\x07\\x1b[2J'"),
        ("markdown", "Assessor\\\\x1b\\]0;pwned\\\\x07\\\\n::error::x"),  # Markdown's own backslashes
        ("html", f"Student: {SHOWN_STUDENT}"),
        ("junit", "confirmed by A. Assessor\\x1b]0;pwned\\x07\\n::error::x"),
    ],
)
def test_reports_for_people_show_the_input_as_escapes(reports: dict[str, str], fmt: str, shown: str) -> None:
    assert shown in reports[fmt]


def test_junit_always_parses() -> None:
    # Each plan alone too: an error, a failure or a note with control characters in it.
    for name in HOSTILE_PLANS:
        _, out, _ = qualcheck("validate", "--format", "junit", f"tests/bad_inputs/plans/{name}")
        suites = ET.fromstring(out.encode())
        assert suites.tag == "testsuites"
    _, out, _ = qualcheck("validate", "--format", "junit", "tests/bad_inputs/plans/escape-in-unit-code.yaml")
    error = ET.fromstring(out.encode()).find("./testsuite/testcase/error")
    assert error is not None and error.get("type") == "QC004"
    assert "'BSBCCO504A\\x1b[2J\\r\\n::error file=x.yaml::forged'" in error.get("message", "")


def test_json_and_sarif_keep_the_exact_text(reports: dict[str, str]) -> None:
    document = json.loads(reports["json"])
    students = [plan["student"] for plan in document["plans"]]
    assert STUDENT in students
    confirmed = next(plan["confirmed"] for plan in document["plans"] if plan["confirmed"])
    assert "A. Assessor\x1b]0;pwned\x07\n::error::x" in confirmed[0]
    sarif = json.loads(reports["sarif"])
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any("unknown field 'studnet\x1b]0;pwned\x07\x1b[2J'" in text for text in texts)
    assert "\\u202e" in reports["json"] and "\\u001b" in reports["sarif"]


def test_only_qualcheck_s_own_colours_reach_the_terminal() -> None:
    code, out, _ = qualcheck(
        "validate", "--color", "always", "tests/bad_inputs/plans/escapes-in-student.yaml"
    )
    assert code == 0
    assert "\x1b[1;32mVALID\x1b[0m" in out
    assert SHOWN_STUDENT in out
    assert_inert(re.sub(r"\x1b\[[0-9;]*m", "", out))


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "junit", "sarif", "json"])
def test_a_file_name_with_control_characters(tmp_path: Path, fmt: str) -> None:
    names = [
        "a\x1b]0;pwned\x07.yaml",
        "b\n::error file=x.yaml::forged.yaml",
        os.fsdecode(b"c\xff\x9b.yaml"),
        "::warning::forged.yaml",  # a line of concise or text would start with it
        "d##[error]forged.yaml",  # the runner reads `##[` anywhere in a line
    ]
    for name in names:
        try:
            shutil.copyfile(ROOT / "examples" / "invalid-missing-core.yaml", tmp_path / name)
        except (OSError, UnicodeEncodeError):
            pytest.skip("this file system does not take such names")
    code, out, err = qualcheck("validate", "--format", fmt, ".", cwd=tmp_path)
    assert code == 1, out + err
    assert_inert(out)
    if fmt == "github":
        assert all(WORKFLOW_COMMAND.match(line) for line in forged(out))
    else:
        assert forged(out) == []
    if fmt in ("text", "concise", "github", "junit"):
        newline = "b\\n%3A%3Aerror file" if fmt == "github" else "b\\n::error file"  # `:` in a property
        assert "a\\x1b]0;pwned\\x07.yaml" in out and newline in out and "c\\xff\\x9b.yaml" in out
    if fmt == "junit":
        ET.fromstring(out.encode())
    if fmt in ("json", "sarif"):
        json.loads(out)


# The audit ----------------------------------------------------------------------------------

FORMULAS = ('=HYPERLINK("http://x.example","open")', "+1", "-2", "@SUM(1)")


def _cohort(tmp_path: Path) -> Path:
    rows = ["student,qualification,unit,outcome"]
    rows += [f'"{s.replace(chr(34), chr(34) * 2)}",BSB50311,{u},completed' for s in FORMULAS for u in VALID]
    rows += [f'"S\x1b]0;pwned\x07\n::error::x",BSB50311,{u},completed' for u in VALID]
    rows += [f"S\u202e\x9b,BSB50311,{u},completed" for u in VALID]
    rows.append("S9,BSB50311,BSBCCO504A,comp\x1b[2Jleted")  # malformed: quoted in its message
    path = tmp_path / "plans.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _audit(tmp_path: Path, *args: str) -> tuple[int, str]:
    code, out, err = qualcheck("audit", *args, env={"QUALCHECK_CACHE_DIR": str(tmp_path / "cache")})
    assert_inert(out + err)
    assert forged(out + err) == []
    return code, out


def test_audit_csv_cells_are_neither_formulas_nor_controls(tmp_path: Path) -> None:
    code, out = _audit(tmp_path, "--csv", str(_cohort(tmp_path)), "--format", "csv")
    assert code == 2  # a malformed line
    rows = list(csv.DictReader(io.StringIO(out)))
    for row in rows:
        for column in ("student", "qualification", "path", "reasons"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row
        assert row["line"].isdigit() and row["verdict"] in {"eligible", "not-judged", "malformed-line"}
    students = {row["student"] for row in rows}
    assert {"'" + s for s in FORMULAS} <= students
    # A student id holding control characters is not read as an id: its rows are malformed lines.
    malformed = [row["reasons"] for row in rows if row["verdict"] == "malformed-line"]
    assert any("student: control or invisible character U+001B" in r for r in malformed)
    assert any("student: control or invisible character U+202E" in r for r in malformed)
    assert any("unknown outcome 'comp\\x1b[2Jleted'" in r for r in malformed)


def test_audit_text_and_json_of_the_same_cohort(tmp_path: Path) -> None:
    path = str(_cohort(tmp_path))
    _, text = _audit(tmp_path, "--csv", path)
    assert "student: control or invisible character U+001B in the value" in text
    assert "unknown outcome 'comp\\x1b[2Jleted'" in text
    _, document = _audit(tmp_path, "--csv", path, "--format", "json")
    students = {e["student"] for e in json.loads(document)["enrolments"]}
    assert FORMULAS[0] in students  # as read
    assert not any("\x1b" in s for s in students)  # a control-character id is never a student


def test_audit_of_nat_files_with_control_characters(tmp_path: Path) -> None:
    lines = [activity("=1+2", u, "BSB50311", "20") for u in VALID]
    lines += [activity("\x1b[2J\x07", u, "BSB50311", "20") for u in VALID]
    write(tmp_path / "nat", "NAT00120.txt", lines)
    for fmt in ("text", "csv", "json"):
        _, out = _audit(tmp_path, "--avetmiss", str(tmp_path / "nat"), "--format", fmt)
        if fmt == "csv":
            assert "'=1+2" in {row["student"] for row in csv.DictReader(io.StringIO(out))}
        if fmt == "text":  # the id with control characters is a malformed line, never shown raw
            assert "control character U+001B at column 21" in out


# The command line's own lines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("validate", "--data", "d\x1b[2J", "examples/valid.yaml"), "qualcheck: d\\x1b[2J: QC050"),
        (("show", "X\x1b]0;pwned\x07\u202e"), "qualcheck: X\\x1b]0;pwned\\x07\\u202e is not in the register"),
        (("explain", "X\n::error::forged"), "qualcheck: X\\n::error::forged is not in the register"),
        (("validate", "--fo\x1b[2Jrmat", "x", "examples/valid.yaml"), "unknown option --fo\\x1b[2Jrmat"),
        (("validate", "--format", "x\x9b", "examples/valid.yaml"), "invalid choice 'x\\x9b'"),
        (("audit", "--csv", "gone\x1b[2J.csv"), "gone\\x1b[2J.csv"),
        (("import", "tga", "gone\n::error::x.txt", "--out", "out"), "gone\\n::error::x.txt"),
    ],
)
def test_error_lines_are_one_inert_line(args: tuple[str, ...], shown: str) -> None:
    code, out, err = qualcheck(*args)
    assert code == 2
    assert_inert(out + err)
    assert forged(out + err) == []
    messages = [line for line in err.splitlines() if line.startswith("qualcheck:")]
    assert len(messages) == 1 and shown in messages[0], err


@pytest.fixture
def hostile_register(tmp_path: Path) -> Path:
    folder = tmp_path / "reg"
    shutil.copytree(CORPUS / "registers" / "base", folder)
    shutil.copytree(CORPUS / "registers" / "controls-in-register-text", folder, dirs_exist_ok=True)
    return folder


def test_show_and_explain_show_register_text_as_escapes(hostile_register: Path) -> None:
    code, out, _ = qualcheck("explain", "BSB50311", "--data", str(hostile_register))
    assert code == 0
    assert_inert(out)
    assert out.startswith("BSB50311 Synthetic \\x1b]0;pwned\\x07 corpus\\nqualification\\u202e (release 1")
    assert 'source: "2 units \\x1b[2J from\\r\\n::error file=x::forged Group A"' in out
    code, out, _ = qualcheck("show", "BSBCCO601B", "--data", str(hostile_register))
    assert code == 0
    assert_inert(out)
    assert out.startswith("BSBCCO601B Optimise \\x1b[31mcustomer\\x9b contact operations")


def test_validate_against_the_register_in_every_format(hostile_register: Path) -> None:
    plan = str(CORPUS / "registers" / "plan.yaml")
    for fmt in FORMATS:
        code, out, _ = qualcheck("validate", "--format", fmt, "--data", str(hostile_register), plan)
        assert code == 0
        assert_inert(out)
        assert fmt == "github" or forged(out) == []


def test_check_data_lines_are_inert(tmp_path: Path) -> None:
    folder = tmp_path / "reg"
    shutil.copytree(CORPUS / "registers" / "base", folder)
    path = folder / "qualifications" / "BSB50311.yaml"
    path.write_text(
        path.read_text().replace("from: {groups: [A]}", 'from: {groups: ["C\\e[2J\\n::error::x"]}')
    )
    code, out, err = qualcheck("check-data", str(folder))
    assert code == 1, out + err
    assert_inert(out)
    assert forged(out) == []
    assert "names group 'C\\x1b[2J\\n::error::x', which is not defined" in out


def test_import_lines_are_inert(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    shutil.copyfile(CORPUS / "pages" / "controls-in-unread-sentence.txt", page)
    code, out, _ = qualcheck("import", "tga", str(page), "--out", str(tmp_path / "out"))
    assert code == 0
    assert_inert(out)
    assert (
        "page.txt:11: unread: Electives must suit \\x1b]0;pwned\\x07\\x1b[2J the local labour \\u202e" in out
    )
    # The imported register keeps the sentence as written; what shows it, shows it inert.
    code, out, _ = qualcheck("explain", "BSB50311", "--data", str(tmp_path / "out"))
    assert code == 0
    assert_inert(out)
