"""The bad-input corpus: every case ends with a clear message and an exit code, never a crash.

Cases live in tests/bad_inputs/ (one plan, register folder or saved page each, expectations
in manifest.yaml); cases too big or too odd to commit (50 MB, a million units, links, modes) are
made here in a temporary folder. Each runs through the console entry point as a user would
call it, within 2 seconds (a hang fails), and must:
- exit with the expected code (2 for input that cannot be judged, 1 for a plan judged invalid);
- point at file:line:column where there is a position;
- show no traceback;
- print no control character, bidi override or line break from the input raw;
- write nothing.
The few cases that once crashed the interpreter also run in a child process.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import pytest
import yaml

from conftest import ROOT

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text())
LIMIT = 2.0  # seconds for any one case


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so that the entry point's catch-all cannot hide it."""


@dataclass
class Run:
    code: int
    output: str  # standard output then standard error


def run_cli(*args: str, stdin: bytes = b"", limit: float = LIMIT) -> Run:
    """Call `qualcheck ARGS` through its console entry point in this process, within `limit` s."""
    from qualcheck import cli

    def expire(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout(f"qualcheck {' '.join(args)} took more than {limit} s")

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with (
            redirect_stdout(out),
            redirect_stderr(err),
            mock.patch.object(sys, "argv", ["qualcheck", *args]),
            mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin))),
        ):
            try:
                cli.main()
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Run(code, out.getvalue() + err.getvalue())


def listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every entry under `folder` with its size and modification time (links not followed)."""
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(parent) / name
            info = path.lstat()
            found.append((str(path.relative_to(folder)), info.st_size, info.st_mtime_ns))
    return sorted(found)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working folder, the bundled register, and a check that nothing is written."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUALCHECK_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield tmp_path


# What no input may put on a terminal or in a CI log: C0 controls but the line breaks qualcheck
# writes itself, DEL and C1, bidi controls, line and paragraph separators, lone surrogates.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def assert_inert(output: str) -> None:
    """No control character from input reaches the output raw, and no line of it is a forged
    GitHub Actions workflow command."""
    assert not RAW_CONTROL.search(output), ascii(output)
    assert not [line for line in output.splitlines() if line.startswith("::")], output


def check_run(run: Run, expect: dict[str, Any], shown: str) -> None:
    """Compare with an expectation; `shown` is how the message names the file, up to `at`."""
    assert run.code == expect["exit"], run.output
    assert "Traceback" not in run.output
    assert_inert(run.output)
    if expect["exit"] == 0:
        assert expect.get("says", "") in run.output, run.output
        return
    if expect.get("at"):
        assert f"{shown}{expect['at']}: {expect['code']} " in run.output, run.output
    elif expect.get("line"):  # a parser's own limit may fire first: its column is its own
        assert re.search(rf"{re.escape(shown)}{expect['line']}:\d+: {expect['code']} ", run.output), (
            run.output
        )
    else:
        assert f"{expect['code']} " in run.output, run.output
    assert expect["says"] in run.output, run.output


# The committed corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MANIFEST["plans"]))
def test_plan_corpus(workdir: Path, name: str) -> None:
    shutil.copyfile(CORPUS / "plans" / name, workdir / name)
    before = listing(workdir)
    check_run(run_cli("validate", name), MANIFEST["plans"][name], f"{name}:")
    assert listing(workdir) == before


def _register(workdir: Path, case: str | None) -> None:
    shutil.copytree(CORPUS / "registers" / "base", workdir / "reg")
    if case is not None:
        shutil.copytree(CORPUS / "registers" / case, workdir / "reg", dirs_exist_ok=True)
    shutil.copyfile(CORPUS / "registers" / "plan.yaml", workdir / "plan.yaml")


def test_corpus_base_register_is_valid(workdir: Path) -> None:
    """Each register case differs from this valid one in one respect, and fails for that alone."""
    _register(workdir, None)
    assert run_cli("validate", "--data", "reg", "plan.yaml").code == 0


@pytest.mark.parametrize("case", sorted(MANIFEST["registers"]))
def test_register_corpus(workdir: Path, case: str) -> None:
    _register(workdir, case)
    before = listing(workdir)
    check_run(run_cli("validate", "--data", "reg", "plan.yaml"), MANIFEST["registers"][case], "reg/")
    assert listing(workdir) == before


@pytest.mark.parametrize("case", sorted(MANIFEST["registers"]))
def test_check_data_finds_what_validate_refuses(workdir: Path, case: str) -> None:
    """check-data and the loader run one checker: a register validate refuses, check-data reports
    (exit 1), with validate's first problem among its own (the same code, in the same file); a
    register validate accepts, check-data finds clean."""
    _register(workdir, case)
    validate = run_cli("validate", "--data", "reg", "plan.yaml")
    check = run_cli("check-data", "reg")
    assert "Traceback" not in check.output
    assert_inert(check.output)
    if validate.code != 2:
        assert check.code == 0, check.output
        return
    first = re.search(r"(reg/\S+?):\d+:\d+: (QC\d{3}) ", validate.output)
    assert first is not None, validate.output
    assert check.code == 1, check.output
    found = re.findall(r"^(reg/\S+?)(?::\d+:\d+)?: (QC\d{3}) ", check.output, re.MULTILINE)
    assert (first[1], first[2]) in found, (validate.output, check.output)


def test_every_corpus_file_has_an_expectation() -> None:
    assert {p.name for p in (CORPUS / "plans").iterdir()} == set(MANIFEST["plans"])
    cases = {p.name for p in (CORPUS / "registers").iterdir()} - {"base", "plan.yaml"}
    assert cases == set(MANIFEST["registers"])
    assert {p.name for p in (CORPUS / "pages").iterdir()} == set(MANIFEST["pages"])


# Cases made on the spot ---------------------------------------------------------------------

HEADER = "qualification: BSB50311\n"


def _huge_scalar(path: Path) -> None:
    with path.open("w") as stream:
        stream.write(HEADER + 'student: "')
        chunk = "x" * (1024 * 1024)
        for _ in range(50):
            stream.write(chunk)
        stream.write('"\nunits: [BSBCCO504A]\n')


def _million_units(path: Path) -> None:
    path.write_text(HEADER + "units:\n" + "  - BSBCCO504A\n" * 1_000_000)


def _too_many_units(path: Path) -> None:
    path.write_text(HEADER + "units:\n" + "  - BSBCCO504A\n" * 1001)


def _too_many_values(path: Path) -> None:
    path.write_text(HEADER + "units: [" + ", ".join(["BSBCCO504A"] * 40_000) + "]\n")


def _deep_flow(path: Path) -> None:
    path.write_text(HEADER + "units: " + "[" * 100_000 + "]" * 100_000 + "\n")


def _deep_mappings(path: Path) -> None:
    path.write_text(HEADER + "units: " + "{a: " * 50_000 + "b" + "}" * 50_000 + "\n")


def _dash_nesting(path: Path) -> None:
    path.write_text(HEADER + "units:\n  " + "- " * 100_000 + "BSBCCO504A\n")


MADE: dict[str, tuple[Callable[[Path], None], dict[str, Any]]] = {
    "50-megabyte-file": (_huge_scalar, {"exit": 2, "code": "QC000", "says": "larger than 1 MB"}),
    "million-units": (_million_units, {"exit": 2, "code": "QC000", "says": "larger than 1 MB"}),
    "1001-units": (
        _too_many_units,
        {"exit": 2, "at": "2:1", "code": "QC004", "says": "at most 1000 are allowed"},
    ),
    "40000-values": (_too_many_values, {"exit": 2, "code": "QC004", "says": "more than 20000 values"}),
    # Past 1,000 levels the C parser may refuse first, while reading ahead: same code, line and words.
    "100000-nested-lists": (_deep_flow, {"exit": 2, "line": 2, "code": "QC001", "says": "nesting deeper"}),
    "50000-nested-mappings": (_deep_mappings, {"exit": 2, "code": "QC001", "says": "nesting deeper"}),
    "100000-nested-dashes": (_dash_nesting, {"exit": 2, "code": "QC001", "says": "nesting deeper"}),
}


@pytest.mark.parametrize("name", sorted(MADE))
def test_made_plans(workdir: Path, name: str) -> None:
    make, expect = MADE[name]
    make(workdir / "plan.yaml")
    before = listing(workdir)
    check_run(run_cli("validate", "plan.yaml"), expect, "plan.yaml:")
    assert listing(workdir) == before


def test_missing_file(workdir: Path) -> None:
    run = run_cli("validate", "nope.yaml")
    check_run(run, {"exit": 2, "code": "QC000", "says": "nope.yaml: QC000 file not found"}, "")
    assert listing(workdir) == []


def test_folder_with_no_plans(workdir: Path) -> None:
    # A folder is searched for plans; one that holds none is an input that cannot be read.
    (workdir / "plans").mkdir()
    check_run(
        run_cli("validate", "plans"),
        {"exit": 2, "code": "QC000", "says": "plans: QC000 no plan files (*.yaml, *.yml) in this folder"},
        "",
    )


def test_unreadable_file(workdir: Path) -> None:
    path = workdir / "plan.yaml"
    shutil.copyfile(ROOT / "examples" / "valid.yaml", path)
    path.chmod(0)
    try:
        try:
            path.open("rb").close()
            readable = True  # the super-user reads any file
        except PermissionError:
            readable = False
        if readable:
            pytest.skip("files with no permissions are still readable by this user")
        run = run_cli("validate", "plan.yaml")
        check_run(run, {"exit": 2, "code": "QC000", "says": "cannot read file: Permission denied"}, "")
    finally:
        path.chmod(0o644)


def test_symlink_loop(workdir: Path) -> None:
    (workdir / "a.yaml").symlink_to("b.yaml")
    (workdir / "b.yaml").symlink_to("a.yaml")
    before = listing(workdir)
    run = run_cli("validate", "a.yaml")
    check_run(
        run,
        {
            "exit": 2,
            "code": "QC000",
            "says": "a.yaml: QC000 symbolic link to a missing file (or a link loop)",
        },
        "",
    )
    assert listing(workdir) == before


def test_symlink_loop_in_a_plan_folder(workdir: Path) -> None:
    (workdir / "plans").mkdir()
    (workdir / "plans" / "again").symlink_to(".")
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plans" / "plan.yaml")
    looping = "plans/" + "again/" * 60 + "plan.yaml"
    run = run_cli("validate", looping)
    check_run(run, {"exit": 2, "code": "QC000", "says": "Too many levels of symbolic links"}, "")


def test_dangling_symlink(workdir: Path) -> None:
    (workdir / "plan.yaml").symlink_to("gone.yaml")
    check_run(
        run_cli("validate", "plan.yaml"),
        {"exit": 2, "code": "QC000", "says": "symbolic link to a missing file"},
        "",
    )


@pytest.mark.parametrize("fmt", ["text", "concise"])
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\x1b]0;pwned\x07\x1b[2J.yaml", "a\\x1b]0;pwned\\x07\\x1b[2J.yaml"),
        ("b\n::error file=x.yaml::forged.yaml", "b\\n::error file=x.yaml::forged.yaml"),
        ("c\u202e\x9b.yaml", "c\\u202e\\x9b.yaml"),
        (os.fsdecode(b"d\xff\x9b.yaml"), "d\\xff\\x9b.yaml"),  # not UTF-8: its bytes as escapes
    ],
    ids=["escape", "newline", "bidi-and-c1", "not-utf-8"],
)
def test_file_names_with_control_characters(workdir: Path, fmt: str, name: str, shown: str) -> None:
    """A plan file named with control characters, found in a folder: named as escapes, never raw."""
    (workdir / "plans").mkdir()
    try:
        shutil.copyfile(ROOT / "examples" / "invalid-missing-core.yaml", workdir / "plans" / name)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take such a name")
    run = run_cli("validate", "--format", fmt, "plans")
    assert run.code == 1 and "Traceback" not in run.output, run.output
    assert_inert(run.output)
    assert f"plans/{shown}" in run.output, ascii(run.output)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_endless_input(workdir: Path) -> None:
    check_run(run_cli("validate", "/dev/zero"), {"exit": 2, "code": "QC000", "says": "larger than 1 MB"}, "")


@pytest.mark.parametrize(
    ("data", "expect"),
    [
        (b"qualification: BSB50311\x00\n", {"exit": 2, "at": "1:1", "code": "QC000", "says": "NUL bytes"}),
        (b"\xff\xfeq\x00u\x00", {"exit": 2, "at": "1:1", "code": "QC000", "says": "UTF-16"}),
        (b"x: " + b"y" * (1024 * 1024), {"exit": 2, "code": "QC000", "says": "larger than 1 MB"}),
        (b"\xef\xbb\xbf" + (ROOT / "examples" / "valid.yaml").read_bytes(), {"exit": 0}),
        (b"", {"exit": 2, "at": "1:1", "code": "QC005", "says": "file is empty"}),
    ],
    ids=["nul", "utf16", "over-1-MB", "byte-order-mark", "empty"],
)
def test_standard_input(workdir: Path, data: bytes, expect: dict[str, Any]) -> None:
    check_run(run_cli("validate", "-", stdin=data), expect, "<stdin>:")
    assert listing(workdir) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("validate",), ("PLAN",)),
        (("validate", "--format", "xml", "plan.yaml"), ("--format", "'xml'", "text, concise, json")),
        (("validate", "--fromat", "json", "plan.yaml"), ("--fromat", "--format")),
        (("validate", "--format"), ("--format",)),
        (("validate", "--strict=yes", "plan.yaml"), ("--strict",)),
        (("audit", "--jobs", "two"), ("--jobs", "'two'")),
        (("import", "tga", "page.txt"), ("--out",)),
        (("rule", "QC203", "QC204"), ("'QC204'",)),
        (
            ("validate", "--data", "nowhere", "plan.yaml"),
            ("qualcheck: nowhere: QC050 no qualifications/ folder",),
        ),
        (("validate", "--data", "plan.yaml", "plan.yaml"), ("QC050 no qualifications/ folder",)),
        (("frobnicate",), ("'frobnicate'", "validate")),
    ],
)
def test_usage_errors(workdir: Path, args: tuple[str, ...], says: tuple[str, ...]) -> None:
    """Exit code 2 and one `qualcheck:` line naming what is wrong (a usage line may come first)."""
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plan.yaml")
    before = listing(workdir)
    run = run_cli(*args)
    assert run.code == 2 and "Traceback" not in run.output, run.output
    messages = [line for line in run.output.splitlines() if line.startswith("qualcheck:")]
    assert len(messages) == 1, run.output
    assert all(part in messages[0] for part in says), run.output
    assert listing(workdir) == before


def test_the_time_limit_is_enforced(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case that hangs fails instead of stalling the suite."""
    import qualcheck.batch

    def hang(*args: object, **kwargs: object) -> None:
        time.sleep(LIMIT + 5)

    monkeypatch.setattr(qualcheck.batch, "validate_report", hang)
    started = time.monotonic()
    with pytest.raises(CaseTimeout):
        run_cli("validate", "plan.yaml", limit=0.2)
    assert time.monotonic() - started < LIMIT


# Named pipes, and one plan that breaks qualcheck ------------------------------------------
# Opening a pipe waits until something writes to it, which may be never: a pipe is refused, named
# or found in a folder, without being opened for blocking reads; standard input (`-`) still works.


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_a_plan_folder_is_refused_and_the_other_plans_judged(workdir: Path) -> None:
    (workdir / "plans").mkdir()
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plans" / "a.yaml")
    os.mkfifo(workdir / "plans" / "b.yaml")
    before = listing(workdir)
    run = run_cli("validate", "plans")
    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert "plans/b.yaml: QC000 is a named pipe, not a file" in run.output, run.output
    assert verdicts(run_cli("validate", "--format", "json", "plans")) == {
        "plans/a.yaml": "valid",
        "plans/b.yaml": "error",
    }
    assert listing(workdir) == before


def verdicts(run: Run) -> dict[str, str]:
    return {plan["path"]: plan["verdict"] for plan in json.loads(run.output)["plans"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(
    "args",
    [
        ("validate", "pipe.yaml"),
        ("audit", "--no-cache", "--csv", "pipe.yaml"),
        ("check-data", "reg"),
        ("import", "tga", "pipe.yaml", "--out", "out"),
    ],
    ids=["validate", "audit-csv", "check-data", "import-tga"],
)
def test_a_named_pipe_never_blocks(workdir: Path, args: tuple[str, ...]) -> None:
    os.mkfifo(workdir / "pipe.yaml")
    shutil.copytree(CORPUS / "registers" / "base", workdir / "reg")
    os.mkfifo(workdir / "reg" / "units" / "ZZZ.yaml")
    run = run_cli(*args)
    assert run.code in (1, 2) and "Traceback" not in run.output, run.output
    assert "pipe.yaml" in run.output or "ZZZ.yaml" in run.output, run.output
    assert "is a named pipe, not a file" in run.output, run.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_as_a_register_file_is_an_error_not_a_missing_file(workdir: Path) -> None:
    _register(workdir, None)
    (workdir / "reg" / "units" / "BSB.yaml").unlink()
    os.mkfifo(workdir / "reg" / "units" / "BSB.yaml")
    expect = {"exit": 2, "code": "QC000", "says": "reg/units/BSB.yaml: QC000 is a named pipe, not a file"}
    check_run(run_cli("validate", "--data", "reg", "plan.yaml"), expect, "")


def test_one_plan_that_breaks_qualcheck_does_not_lose_the_others(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error in one plan of three is that plan's QC009 error; the others are judged."""
    import qualcheck.api

    real = qualcheck.api.check_plan

    def fails_for_b(located: Any, *args: Any) -> Any:
        if located.path.endswith("b.yaml"):
            raise RuntimeError("something the code did not expect\non two lines")
        return real(located, *args)

    monkeypatch.setattr(qualcheck.api, "check_plan", fails_for_b)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / name)
    run = run_cli("validate", "a.yaml", "b.yaml", "c.yaml")
    assert run.code == 2 and "Traceback" not in run.output, run.output
    line = next(line for line in run.output.splitlines() if "QC009" in line)
    assert line.endswith(
        "b.yaml: QC009 internal error while checking this plan (RuntimeError: something the code "
        "did not expect on two lines)"
    ), line
    assert "please report it" in run.output
    run = run_cli("validate", "--format", "json", "a.yaml", "b.yaml", "c.yaml")
    assert verdicts(run) == {"a.yaml": "valid", "b.yaml": "error", "c.yaml": "valid"}
    with pytest.raises(RuntimeError):  # --debug shows the traceback instead
        run_cli("--debug", "validate", "b.yaml")


def test_a_register_file_that_fails_fails_every_plan_that_needs_it(workdir: Path) -> None:
    _register(workdir, "mapping-loop-across-files")
    shutil.copyfile(workdir / "plan.yaml", workdir / "again.yaml")
    run = run_cli("validate", "--format", "json", "--data", "reg", "plan.yaml", "again.yaml")
    assert verdicts(run) == {"plan.yaml": "error", "again.yaml": "error"}
    assert run.output.count("mappings go round in a circle") == 2


# Audit inputs made on the spot ------------------------------------------------------------
# NAT files and CSVs of plans: every record read whatever the line ends, nothing silently
# dropped or split, a bounded line length, and a run that judged nobody is not a success.


def _nat(folder: Path, lines: list[str], end: str = "\r\n", name: str = "NAT00120.txt") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes((end.join(lines) + end).encode("latin-1"))


def _students(count: int) -> list[str]:
    from natfiles import VALID, activity

    return [activity(f"S{n}", unit, "BSB50311", "20") for n in range(1, count + 1) for unit in VALID]


def _nat_cr(work: Path) -> list[str]:
    _nat(work / "nat", _students(3), end="\r")
    return ["--avetmiss", "nat"]


def _nat_mixed(work: Path) -> list[str]:
    lines = _students(3)
    text = "".join(line + ("\r", "\n", "\r\n")[n % 3] for n, line in enumerate(lines))
    (work / "nat").mkdir()
    (work / "nat" / "NAT00120.txt").write_bytes(text.encode("latin-1"))
    return ["--avetmiss", "nat"]


def _nat_two_cases(work: Path) -> list[str]:
    _nat(work / "nat", _students(1))
    _nat(work / "nat", _students(2), name="nat00120.TXT")
    return ["--avetmiss", "nat"]


def _nat_empty(work: Path) -> list[str]:
    (work / "nat").mkdir()
    (work / "nat" / "NAT00120.txt").write_bytes(b"")
    return ["--avetmiss", "nat"]


def _nat_subject_only(work: Path) -> list[str]:
    from natfiles import activity

    _nat(work / "nat", [activity("S1", "BSBCCO504A", "", "20")])
    return ["--avetmiss", "nat"]


def _nat_folder(work: Path) -> list[str]:
    (work / "nat" / "NAT00120.txt").mkdir(parents=True)
    return ["--avetmiss", "nat"]


def _nat_nul_in_client(work: Path) -> list[str]:
    lines = _students(1)
    lines[3] = lines[3][:22] + "\x00" + lines[3][23:]
    _nat(work / "nat", lines)
    return ["--avetmiss", "nat"]


def _nat_nul_after_the_fields(work: Path) -> list[str]:
    lines = _students(2)
    lines[3] = lines[3][:79] + "\x00" + lines[3][80:]
    _nat(work / "nat", lines)
    return ["--avetmiss", "nat"]


def _nat_huge_line(work: Path) -> list[str]:
    (work / "nat").mkdir()
    with (work / "nat" / "NAT00120.txt").open("wb") as stream:
        stream.write(("\r\n".join(_students(1)) + "\r\n").encode())
        stream.write(b"x" * (3 * 1024 * 1024))  # 3 MB with no line break
        stream.write(("\r\n" + "\r\n".join(_students(2)[10:]) + "\r\n").encode())
    return ["--avetmiss", "nat"]


def _csv(work: Path, text: str | bytes) -> list[str]:
    (work / "plans.csv").write_bytes(text.encode() if isinstance(text, str) else text)
    return ["--csv", "plans.csv"]


def _csv_rows(student: str = "A1") -> str:
    from natfiles import VALID

    return "".join(f"{student},BSB50311,{unit},completed\n" for unit in VALID)


HEAD = "student,qualification,unit,outcome\n"

MADE_AUDITS: dict[str, tuple[Callable[[Path], list[str]], dict[str, Any]]] = {
    "nat-cr-line-ends": (_nat_cr, {"exit": 0, "says": ["Eligible for award (3):", "lines read  30"]}),
    "nat-mixed-line-ends": (_nat_mixed, {"exit": 0, "says": ["Eligible for award (3):", "lines read  30"]}),
    "nat-names-differ-in-case": (
        _nat_two_cases,
        {"exit": 2, "says": ["nat: QC000 2 NAT00120 files: NAT00120.txt, nat00120.TXT"]},
    ),
    "nat-empty-activity": (
        _nat_empty,
        {"exit": 2, "says": ["nat/NAT00120.txt: QC000 no training activity records in NAT00120.txt"]},
    ),
    "nat-only-subject-only-rows": (
        _nat_subject_only,
        {"exit": 2, "says": ["nat/NAT00120.txt: QC000 no training activity record in NAT00120.txt names"]},
    ),
    "nat-activity-is-a-folder": (
        _nat_folder,
        {"exit": 2, "says": ["nat/NAT00120.txt: QC000 is a folder, not a file"]},
    ),
    # The client cannot be read: the line is only listed. Past the fields read: S1 is not judged.
    "nat-nul-in-client": (
        _nat_nul_in_client,
        {"exit": 2, "says": ["nat/NAT00120.txt:4: control character U+0000 at column 23", "malformed lines"]},
    ),
    "nat-nul-after-the-fields": (
        _nat_nul_after_the_fields,
        {
            "exit": 2,
            "says": [
                "nat/NAT00120.txt:4: control character U+0000 at column 80 (student S1: not judged)",
                "Eligible for award (1):",
                "Not judged (1):",
            ],
        },
    ),
    "nat-3-megabyte-line": (
        _nat_huge_line,
        {
            "exit": 2,
            "says": [
                "nat/NAT00120.txt:11: line is longer than 65,536 bytes",
                "Eligible for award (2):",
                "lines read  21",
            ],
        },
    ),
    "csv-header-only": (
        lambda work: _csv(work, HEAD),
        {"exit": 2, "says": ["plans.csv: QC000 no rows in plans.csv under its header"]},
    ),
    "csv-blank-rows-only": (
        lambda work: _csv(work, HEAD + "\n,,,\n"),
        {"exit": 2, "says": ["plans.csv: QC000 no rows in plans.csv under its header"]},
    ),
    "csv-column-twice": (
        lambda work: _csv(work, "student,qualification,unit,unit,outcome\n"),
        {"exit": 2, "says": ["plans.csv:1:1: QC005 CSV header: column 'unit' named twice"]},
    ),
    "csv-bad-byte-deep": (
        lambda work: _csv(
            work,
            (HEAD + _csv_rows("A1") * 30 + _csv_rows("A2")).encode()
            + b"A3,BSB50311,BSBCCO504A,compl\xe9ted\n"
            + (_csv_rows("A3") + _csv_rows("A4") * 30).encode(),
        ),
        {
            "exit": 2,
            "says": [
                "plans.csv:312: byte 0xe9 at column 29 is not UTF-8 text (student A3: not judged)",
                "Eligible for award (3):",
                "lines read  621",
            ],
        },
    ),
    "csv-nul-in-student": (
        lambda work: _csv(work, HEAD + _csv_rows("A1") + "A\x002,BSB50311,BSBCCO504A,completed\n"),
        {"exit": 2, "says": ["plans.csv:12: student: control or invisible character U+0000 in the value"]},
    ),
    "csv-cr-line-ends": (
        lambda work: _csv(work, (HEAD + _csv_rows("A1") + _csv_rows("A2")).replace("\n", "\r")),
        {"exit": 0, "says": ["Eligible for award (2):", "lines read  20"]},
    ),
    "csv-utf16": (
        lambda work: _csv(work, (HEAD + _csv_rows()).encode("utf-16")),
        {"exit": 2, "says": ["plans.csv:1:1: QC000 file is UTF-16 encoded"]},
    ),
    "csv-3-megabyte-line": (
        lambda work: _csv(work, HEAD + _csv_rows("A1") + "x" * (3 * 1024 * 1024) + "\n" + _csv_rows("A2")),
        {"exit": 2, "says": ["plans.csv:12: line is longer than 65,536 bytes", "Eligible for award (2):"]},
    ),
}


@pytest.mark.parametrize("name", sorted(MADE_AUDITS))
def test_made_audit_inputs(workdir: Path, name: str) -> None:
    make, expect = MADE_AUDITS[name]
    args = make(workdir)
    before = listing(workdir)
    run = run_cli("audit", "--no-cache", *args)
    assert run.code == expect["exit"], run.output
    assert "Traceback" not in run.output
    flat = re.sub(r" {2,}", "  ", run.output)  # the summary pads its figures
    for fragment in expect["says"]:
        assert fragment in flat, run.output
    assert listing(workdir) == before


# Import pages -------------------------------------------------------------------------------


def import_tga(*pages: str, args: tuple[str, ...] = ()) -> Run:
    return run_cli("import", "tga", *pages, "--out", "out", *args)


def check_written(workdir: Path, run: Run, expect: dict[str, Any]) -> None:
    """An import that went through: exactly the expected files under out/, loading as a register."""
    from qualcheck import api
    from qualcheck.register.checkdata import check_register

    assert run.code == expect["exit"], run.output
    assert "Traceback" not in run.output
    assert_inert(run.output)
    assert expect.get("says", "") in run.output, run.output
    out = workdir / "out"
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(expect["writes"])  # no temporary files either
    for name in expect["writes"]:
        assert f"wrote out/{name}\n" in run.output, run.output
    register = api.open_register(out)
    for path in (out / "qualifications").glob("*.yaml"):
        assert register.qualification(path.stem) is not None
    assert check_register(out) == []


@pytest.mark.parametrize("name", sorted(MANIFEST["pages"]))
def test_page_corpus(workdir: Path, name: str) -> None:
    expect = MANIFEST["pages"][name]
    shutil.copyfile(CORPUS / "pages" / name, workdir / name)
    before = listing(workdir)
    run = import_tga(name, args=tuple(expect.get("args", ())))
    if "writes" in expect:
        check_written(workdir, run, expect)
        assert (workdir / name).read_bytes() == (CORPUS / "pages" / name).read_bytes()
    else:
        check_run(run, expect, f"{name}:")
        assert listing(workdir) == before


def test_latin1_page_keeps_its_accented_title(workdir: Path) -> None:
    shutil.copyfile(CORPUS / "pages" / "latin1-valid.txt", workdir / "page.txt")
    assert import_tga("page.txt").code == 0
    from qualcheck import api

    qualification = api.open_register(workdir / "out").qualification("BSB50311")
    assert qualification is not None
    assert qualification.title == "Diploma of Customer Contact \u2013 Caf\u00e9 services"


def test_a_bad_page_after_a_good_one_is_refused_and_the_good_one_written(workdir: Path) -> None:
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "good.txt")
    shutil.copyfile(CORPUS / "pages" / "counts-disagree.txt", workdir / "bad.txt")
    expect = {"exit": 2, "at": "8:1", "code": "QC073", "says": "would not load"}
    run = import_tga("good.txt", "bad.txt")
    check_run(run, expect, "bad.txt:")
    assert "1 of 2 pages not imported" in run.output
    written = sorted(str(p.relative_to(workdir / "out")) for p in (workdir / "out").rglob("*.yaml"))
    assert written == ["qualifications/BSB50311.yaml", "units/BSB.yaml"]


def _page_folder(workdir: Path) -> str:
    (workdir / "page.txt").mkdir()
    return "page.txt"


def _page_loop(workdir: Path) -> str:
    (workdir / "a.txt").symlink_to("b.txt")
    (workdir / "b.txt").symlink_to("a.txt")
    return "a.txt"


def _page_dangling(workdir: Path) -> str:
    (workdir / "page.txt").symlink_to("gone.txt")
    return "page.txt"


def _page_50_megabytes(workdir: Path) -> str:
    with (workdir / "page.txt").open("w", encoding="utf-8") as stream:
        stream.write((CORPUS / "pages" / "bom-valid.txt").read_text(encoding="utf-8-sig"))
        line = "BSBCCO504A Integrate customer contact\n" * 1000
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(line)
    return "page.txt"


MADE_PAGES: dict[str, tuple[Callable[[Path], str], dict[str, Any]]] = {
    "folder": (
        _page_folder,
        {"exit": 2, "code": "QC000", "says": "page.txt: QC000 is a folder, not a saved page"},
    ),
    "missing": (lambda _: "nope.txt", {"exit": 2, "code": "QC000", "says": "nope.txt: QC000 page not found"}),
    "symlink-loop": (
        _page_loop,
        {
            "exit": 2,
            "code": "QC000",
            "says": "a.txt: QC000 cannot read page: Too many levels of symbolic links",
        },
    ),
    "dangling-symlink": (
        _page_dangling,
        {"exit": 2, "code": "QC000", "says": "page.txt: QC000 page not found"},
    ),
    "50-megabyte-page": (
        _page_50_megabytes,
        {
            "exit": 2,
            "code": "QC000",
            "says": "page.txt: QC000 page is larger than 4 MB: too large to be a saved page",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(MADE_PAGES))
def test_made_pages(workdir: Path, name: str) -> None:
    make, expect = MADE_PAGES[name]
    page = make(workdir)
    before = listing(workdir)
    check_run(import_tga(page), expect, "")
    assert listing(workdir) == before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_endless_page(workdir: Path) -> None:
    check_run(import_tga("/dev/zero"), {"exit": 2, "code": "QC000", "says": "larger than 4 MB"}, "")
    assert listing(workdir) == []


def test_existing_output_file_is_not_overwritten(workdir: Path) -> None:
    page = (CORPUS / "pages" / "bom-valid.txt").read_text(encoding="utf-8-sig")
    (workdir / "page.txt").write_text(page)
    assert import_tga("page.txt").code == 0
    target = workdir / "out" / "qualifications" / "BSB50311.yaml"
    kept = target.read_bytes()
    (workdir / "page.txt").write_text(page.replace("Total number of units = 8", "Total number of units = 9"))
    before = listing(workdir)
    expect = {
        "exit": 2,
        "code": "QC072",
        "says": "out/qualifications/BSB50311.yaml: QC072 already exists and would change",
    }
    check_run(import_tga("page.txt"), expect, "")
    assert "--force" in import_tga("page.txt").output
    assert listing(workdir) == before
    assert target.read_bytes() == kept


def test_existing_output_file_made_by_hand_is_not_overwritten(workdir: Path) -> None:
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
    (workdir / "out" / "units").mkdir(parents=True)
    (workdir / "out" / "units" / "BSB.yaml").write_text(
        "# kept as it is\npackage: BSB\nsources: [{id: mine, title: Typed by hand}]\n"
        "units: [{code: BSBWOR501B, title: Manage personal work priorities, source: mine}]\n"
    )
    before = listing(workdir)
    expect = {
        "exit": 2,
        "code": "QC072",
        "says": "out/units/BSB.yaml: QC072 already exists and the import would add",
    }
    check_run(import_tga("page.txt"), expect, "")
    assert listing(workdir) == before


# Codes never become paths; only regular files are replaced, never an input of the run --------


def _elsewhere(workdir: Path) -> str:
    """A real BSB50311.yaml outside the register: what a code used as a path would load."""
    (workdir / "elsewhere").mkdir()
    shutil.copyfile(
        ROOT / "data" / "qualifications" / "BSB50311.yaml", workdir / "elsewhere" / "BSB50311.yaml"
    )
    return f"{workdir}/elsewhere/BSB50311"


def test_a_qualification_given_as_a_path_is_not_in_the_register(workdir: Path) -> None:
    code = _elsewhere(workdir)
    plan = (
        (ROOT / "examples" / "valid.yaml")
        .read_text()
        .replace("qualification: BSB50311", f"qualification: {code}")
    )
    (workdir / "plan.yaml").write_text(plan)
    expect = {"exit": 2, "at": "2:16", "code": "QC010", "says": f"unknown qualification {code}"}
    check_run(run_cli("validate", "plan.yaml"), expect, "plan.yaml:")


@pytest.mark.parametrize("command", ["show", "explain"])
def test_show_and_explain_never_follow_a_code_into_the_file_system(workdir: Path, command: str) -> None:
    for code in (
        _elsewhere(workdir) if command == "show" else f"{workdir}/elsewhere/BSB50311",
        "../units/BSB",
    ):
        run = run_cli(command, code)
        assert run.code == 2 and "Traceback" not in run.output, run.output
        assert f"qualcheck: {code} is not in the register\n" in run.output, run.output


def test_audit_rows_never_name_a_file(workdir: Path) -> None:
    code = _elsewhere(workdir)
    (workdir / "cohort.csv").write_text(
        f"student,qualification,unit,outcome,from\nS1,{code},BSBCCO504A,completed,\n"
        f"S2,BSB50311,BSBLDR601,completed,../../elsewhere/BSB50311\n"
    )
    run = run_cli("audit", "--csv", "cohort.csv", "--no-cache")
    assert run.code == 2 and "Traceback" not in run.output, run.output
    assert f"'{code}' is not a qualification code" in run.output
    assert "cohort.csv:3: from: '../../elsewhere/BSB50311' is not a qualification code" in run.output


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path.name)  # relative to the working folder: socket paths are short


def _device(path: Path) -> None:
    """A copy of /dev/null in the working folder: replacing it by mistake harms nothing else."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    import stat

    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))


def _link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _link_to_a_file(path: Path) -> None:
    (path.parent / "kept.txt").write_text("kept\n")
    path.symlink_to("kept.txt")


NOT_REGULAR: dict[str, tuple[Callable[[Path], None], str]] = {
    "named-pipe": (_fifo, "is a named pipe, not a regular file: not replaced"),
    "socket": (_socket, "is a socket, not a regular file: not replaced"),
    "folder": (Path.mkdir, "is a folder, not a regular file: not replaced"),
    "device": (_device, "is a character device, not a regular file: not replaced"),
    # Links in the working folder stand in for /dev/stderr (a link to whatever standard error is).
    "link-to-a-device": (_link_to("/dev/null"), "is a symbolic link (to a character device)"),
    "link-to-standard-error": (_link_to("/proc/self/fd/2"), "is a symbolic link"),
    "link-to-a-file": (_link_to_a_file, "is a symbolic link (to a regular file): neither replaced nor"),
    "dangling-link": (_link_to("gone.txt"), "is a symbolic link (to nothing)"),
}


@pytest.mark.parametrize("name", sorted(NOT_REGULAR))
@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
def test_output_replaces_only_a_regular_file(workdir: Path, name: str, force: bool) -> None:
    make, says = NOT_REGULAR[name]
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plan.yaml")
    make(workdir / "report.txt")
    before = listing(workdir)
    run = run_cli("validate", "plan.yaml", "--output", "report.txt", *(["--force"] if force else []))
    check_run(run, {"exit": 2, "code": "QC006", "says": f"qualcheck: report.txt: QC006 {says}"}, "")
    assert listing(workdir) == before


def _hard_link(workdir: Path) -> str:
    os.link(workdir / "plan.yaml", workdir / "same.yaml")
    return "same.yaml"


def _symbolic_link(workdir: Path) -> str:
    (workdir / "plans").mkdir()
    (workdir / "plans" / "plan.yaml").symlink_to("../plan.yaml")
    return "plans/plan.yaml"


PLAN_SPELLINGS: dict[str, Callable[[Path], str]] = {
    "same-name": lambda _: "plan.yaml",
    "dot-slash": lambda _: "./plan.yaml",
    "through-a-folder": lambda workdir: (workdir / "sub").mkdir() or "sub/../plan.yaml",
    "absolute": lambda workdir: str(workdir / "plan.yaml"),
    "hard-link": _hard_link,
}


@pytest.mark.parametrize("name", sorted(PLAN_SPELLINGS))
def test_a_report_never_replaces_its_plan(workdir: Path, name: str) -> None:
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plan.yaml")
    output = PLAN_SPELLINGS[name](workdir)
    before = listing(workdir)
    run = run_cli("validate", "plan.yaml", "--output", output, "--force")
    check_run(run, {"exit": 2, "code": "QC006", "says": "is an input of this run"}, "")
    assert listing(workdir) == before
    assert (workdir / "plan.yaml").read_bytes() == (ROOT / "examples" / "valid.yaml").read_bytes()


def test_a_plan_read_through_a_link_is_not_replaced(workdir: Path) -> None:
    shutil.copyfile(ROOT / "examples" / "valid.yaml", workdir / "plan.yaml")
    link = _symbolic_link(workdir)
    before = listing(workdir)
    run = run_cli("validate", link, "--output", "plan.yaml", "--force")
    check_run(run, {"exit": 2, "code": "QC006", "says": f"is an input of this run ({link})"}, "")
    assert listing(workdir) == before


def test_a_report_never_replaces_a_register_or_settings_file(workdir: Path) -> None:
    _register(workdir, None)
    (workdir / "pyproject.toml").write_text("[tool.qualcheck]\nstrict = false\n")
    before = listing(workdir)
    for output in ("reg/qualifications/BSB50311.yaml", "reg/units/BSB.yaml", "pyproject.toml"):
        run = run_cli("validate", "--data", "reg", "plan.yaml", "--output", output, "--force")
        check_run(run, {"exit": 2, "code": "QC006", "says": f"{output}: QC006 is an input of this run"}, "")
    assert listing(workdir) == before


def test_a_plan_on_standard_input_is_not_replaced(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "examples" / "valid.yaml", tmp_path / "plan.yaml")
    env = {k: v for k, v in os.environ.items() if k != "QUALCHECK_DATA"} | {"NO_COLOR": "1"}
    with (tmp_path / "plan.yaml").open("rb") as plan:
        done = subprocess.run(
            [sys.executable, "-m", "qualcheck", "validate", "-", "--output", "plan.yaml", "--force"],
            stdin=plan,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert "plan.yaml: QC006 is an input of this run (/dev/stdin)" in done.stderr
    assert (tmp_path / "plan.yaml").read_bytes() == (ROOT / "examples" / "valid.yaml").read_bytes()


def _saved_in_the_output(workdir: Path) -> str:
    (workdir / "out" / "qualifications").mkdir(parents=True)
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "out" / "qualifications" / "BSB50311.yaml")
    return "out/qualifications/BSB50311.yaml"


def _units_file(make: Callable[[Path], None]) -> Callable[[Path], str]:
    def made(workdir: Path) -> str:
        shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
        (workdir / "out" / "units").mkdir(parents=True)
        make(workdir / "out" / "units" / "BSB.yaml")
        return "page.txt"

    return made


IMPORT_TARGETS: dict[str, tuple[Callable[[Path], str], dict[str, Any]]] = {
    "page-is-the-target": (
        _saved_in_the_output,
        {"code": "QC072", "says": "out/qualifications/BSB50311.yaml: QC072 is an input of this run"},
    ),
    "units-file-not-utf8": (
        _units_file(lambda path: path.write_bytes(b"package: BSB\n# caf\xe9\n")),
        {"code": "QC000", "says": "out/units/BSB.yaml:2:6: QC000 file is not UTF-8 text (byte 0xe9)"},
    ),
    "units-file-is-a-folder": (
        _units_file(Path.mkdir),
        {"code": "QC072", "says": "out/units/BSB.yaml: QC072 is a folder, not a regular file"},
    ),
    "units-file-is-a-pipe": (
        _units_file(_fifo),
        {"code": "QC072", "says": "out/units/BSB.yaml: QC072 is a named pipe, not a regular file"},
    ),
    "units-file-is-a-link": (
        _units_file(_link_to("/dev/zero")),
        {"code": "QC072", "says": "out/units/BSB.yaml: QC072 is a symbolic link (to a character device)"},
    ),
}


@pytest.mark.parametrize("name", sorted(IMPORT_TARGETS))
def test_import_reads_and_replaces_only_regular_register_files(workdir: Path, name: str) -> None:
    make, expect = IMPORT_TARGETS[name]
    page = make(workdir)
    before = listing(workdir)
    check_run(import_tga(page, args=("--force",)), {"exit": 2, **expect}, "")
    assert listing(workdir) == before


def test_import_into_an_unreadable_units_folder(workdir: Path) -> None:
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
    units = workdir / "out" / "units"
    units.mkdir(parents=True)
    units.chmod(0)
    try:
        if os.access(units, os.X_OK):
            pytest.skip("folders with no permissions are still searchable by this user")
        expect = {"exit": 2, "code": "QC072", "says": "out/units/BSB.yaml: QC072 cannot check the file"}
        check_run(import_tga("page.txt"), expect, "")
    finally:
        units.chmod(0o755)


def test_import_when_a_units_file_cannot_be_looked_at(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the unreadable folder above, for a user (root) who can read every folder."""
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
    real = Path.lstat

    def denied(self: Path) -> os.stat_result:
        if self.parent.name == "units":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "lstat", denied)
    expect = {
        "exit": 2,
        "code": "QC072",
        "says": "out/units/BSB.yaml: QC072 cannot check the file: Permission",
    }
    check_run(import_tga("page.txt"), expect, "")
    assert listing(workdir) == [("page.txt", *listing(workdir)[0][1:])]


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes (folders' own times aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, call: int) -> None:
    """Make os.<name> fail with 'No space left on device' on its `call`-th call."""
    real = getattr(os, name)
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == call:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


def _grown_page(workdir: Path) -> None:
    """The page with one more Group A unit: the import changes both files it wrote."""
    page = (CORPUS / "pages" / "bom-valid.txt").read_text(encoding="utf-8-sig")
    extra = "BSBAUD501B Initiate a quality audit\n"
    (workdir / "page.txt").write_text(page.replace(extra, extra + "BSBCCO999A Synthetic extra unit\n"))


@pytest.mark.parametrize(
    ("first", "step", "call"),
    [
        (False, "link", 2),  # into an empty folder: the second new file cannot take its name
        (True, "replace", 2),  # over an earlier import: the second file cannot replace its old one
        (False, "fsync", 2),  # the second temporary file cannot be written
    ],
    ids=["second-new-file", "second-replaced-file", "second-temporary-file"],
)
def test_an_import_that_fails_part_way_changes_nothing(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, first: bool, step: str, call: int
) -> None:
    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
    if first:
        assert import_tga("page.txt").code == 0
        _grown_page(workdir)
    before = contents(workdir)
    _fail_on_call(monkeypatch, step, call)
    run = import_tga("page.txt", args=("--force",))
    check_run(
        run, {"exit": 2, "code": "QC072", "says": "QC072 cannot write file: No space left on device"}, ""
    )
    assert contents(workdir) == before  # every file as it was, and no temporary file
    assert sorted(p.name for p in workdir.iterdir()) == (["out", "page.txt"] if first else ["page.txt"])
    if first:
        from qualcheck.register.checkdata import check_register

        assert check_register(workdir / "out") == []


def test_an_import_writes_every_file_once_each_has_loaded(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is read back from the temporary folder and loaded before any takes its name."""
    from qualcheck.errors import DataError, Span
    from qualcheck.importer import writing

    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", workdir / "page.txt")
    checked: list[str] = []
    real = writing._loads

    def check_then_fail(temporary: Path, target: Path) -> None:
        real(temporary, target)
        checked.append(target.name)
        assert not target.exists()  # nothing in place yet
        if target.name == "BSB50311.yaml":
            raise DataError("QC072", "the written file would not load: (made up)", Span(str(target)))

    monkeypatch.setattr(writing, "_loads", check_then_fail)
    check_run(import_tga("page.txt"), {"exit": 2, "code": "QC072", "says": "would not load"}, "")
    assert checked == ["BSB.yaml", "BSB50311.yaml"]  # units first
    assert sorted(p.name for p in workdir.iterdir()) == ["page.txt"]


_KILLED_AFTER_ONE_RENAME = """
import os, signal, sys
from qualcheck.io import safe_write

real = {"link": os.link, "replace": os.replace}
placed = []

def once(name):
    def step(source, target, *args, **kwargs):
        if str(target).endswith(".yaml") and not os.path.basename(str(target))[0].isdigit():
            if placed:  # a file has taken its name: stop dead before the next one does
                os.kill(os.getpid(), signal.SIGKILL)
            placed.append(target)
        return real[name](source, target, *args, **kwargs)
    return step

os.link, os.replace = once("link"), once("replace")
from qualcheck.cli import main
sys.argv = ["qualcheck", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("first", [False, True], ids=["new-register", "over-an-earlier-import"])
def test_an_import_killed_between_renames_leaves_a_register_that_loads(tmp_path: Path, first: bool) -> None:
    from qualcheck.register.checkdata import check_register

    shutil.copyfile(CORPUS / "pages" / "bom-valid.txt", tmp_path / "page.txt")
    if first:
        _child("import", "tga", "page.txt", "--out", "out", cwd=tmp_path, timeout=60)
        _grown_page(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_AFTER_ONE_RENAME,
            "import",
            "tga",
            "page.txt",
            "--out",
            "out",
            "--force",
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr  # killed, with one file in place and one not
    assert check_register(tmp_path / "out") == []  # the units went first: nothing listed is undefined
    units = (tmp_path / "out" / "units" / "BSB.yaml").read_text()
    assert "BSBCCO999A" in units if first else "BSBCCO504A" in units
    left = {p.name for p in (tmp_path / "out").iterdir()} - {"qualifications", "units"}
    assert all(name.startswith(".qualcheck-") for name in left)  # a hidden folder nothing reads


# In a child process ------------------------------------------------------------------------


def _child(*args: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QUALCHECK_DATA"} | {"NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "qualcheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def startup() -> float:
    """Seconds this machine takes to start the tool and judge a small plan: the child-process
    budget is this plus the 2 seconds a case may take."""
    started = time.monotonic()
    _child("validate", str(ROOT / "examples" / "valid.yaml"), cwd=ROOT, timeout=60)
    return time.monotonic() - started


@pytest.mark.parametrize("name", ["100000-nested-lists", "50000-nested-mappings", "50-megabyte-file"])
def test_crash_prone_cases_in_a_child_process(tmp_path: Path, startup: float, name: str) -> None:
    make, expect = MADE[name]
    make(tmp_path / "plan.yaml")
    before = listing(tmp_path)
    done = _child("validate", "plan.yaml", cwd=tmp_path, timeout=startup + LIMIT)
    check_run(Run(done.returncode, done.stdout + done.stderr), expect, "plan.yaml:")
    assert listing(tmp_path) == before


# Unexpected errors --------------------------------------------------------------------------

_BREAK_THE_API = """
import sys
import qualcheck.batch

def broken(*args, **kwargs):
    raise RuntimeError("something the code did not expect\\non two lines")

qualcheck.batch.validate_report = broken  # what `validate` calls
from qualcheck.cli import main
sys.argv = ["qualcheck", *sys.argv[1:]]
main()
"""


def test_unexpected_error_is_one_line_asking_for_a_report(tmp_path: Path) -> None:
    plan = str(ROOT / "examples" / "valid.yaml")
    done = subprocess.run(
        [sys.executable, "-c", _BREAK_THE_API, "validate", plan], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(
        "qualcheck: internal error (RuntimeError: something the code did not expect"
    )
    assert "please report it" in done.stderr and "--debug" in done.stderr
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    plan = str(ROOT / "examples" / "valid.yaml")
    done = subprocess.run(
        [sys.executable, "-c", _BREAK_THE_API, "--debug", "validate", plan],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "RuntimeError: something the code did not expect" in done.stderr
