"""Bad input: every problem named at file:line:column, never a traceback, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import check_text
from qualcheck import api
from qualcheck.errors import QualcheckError
from qualcheck.findings import Verdict
from qualcheck.register.store import Register


def error_of(register: Register, text: str) -> QualcheckError:
    result = check_text(register, text)
    assert result.verdict() is Verdict.ERROR
    assert result.error is not None
    return result.error


def test_malformed_yaml_reports_its_line(register: Register) -> None:
    error = error_of(register, "qualification: BSB50311\nunits:\n  - BSBCCO504A\n  - [unclosed\n")
    assert error.code == "QC001"
    assert error.span is not None and error.span.line == 5


def test_duplicate_key_is_an_error(register: Register) -> None:
    error = error_of(register, "qualification: BSB50311\nunits: [BSBCCO504A]\nqualification: BSB50311\n")
    assert error.code == "QC002"
    assert (error.span.line, error.span.column) == (3, 1)  # type: ignore[union-attr]
    assert "first at line 1" in error.message


def test_unknown_key_suggests_the_right_one(register: Register) -> None:
    error = error_of(register, "qualification: BSB50311\nunits: [BSBCCO504A]\nstudnet: S-1\n")
    assert error.code == "QC003"
    assert error.hint == "did you mean 'student'?"
    assert error.span.line == 3  # type: ignore[union-attr]


def test_wrong_types_are_each_reported(register: Register) -> None:
    error = error_of(
        register,
        "qualification: BSB50311\nrelease: three\nunits:\n  - code: BSBCCO504A\n    outcome: done\n",
    )
    problems = [error, *error.others]
    assert [p.span.line for p in problems] == [2, 5]  # type: ignore[union-attr]
    assert "release" in problems[0].message
    assert "'enrolled'" in problems[1].message


def test_lower_case_code_gets_the_corrected_spelling(register: Register) -> None:
    error = error_of(register, "qualification: BSB50311\nunits: [bsbcco504a]\n")
    assert "write it as BSBCCO504A" in error.message


def test_unknown_qualification_suggests_the_closest(register: Register) -> None:
    error = error_of(register, "qualification: BSB5031\nunits: [BSBCCO504A]\n")
    assert error.code == "QC010"
    assert error.message == "unknown qualification BSB5031"
    assert error.hint == "did you mean BSB50311?"
    assert (error.span.line, error.span.column) == (1, 16)  # type: ignore[union-attr]


def test_release_not_in_register(register: Register) -> None:
    error = error_of(register, "qualification: BSB50311\nrelease: 2\nunits: [BSBCCO504A]\n")
    assert error.code == "QC012"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "QC005"),
        ("# only a comment\n", "QC005"),
        ("- BSBCCO504A\n", "QC004"),
        ("qualification: BSB50311\nunits: []\n", "QC004"),
        ("qualification: BSB50311\nunits:\n", "QC004"),
        ("qualification: !!python/object:os.system x\nunits: [A]\n", "QC001"),
        ("a: &x [1]\nb: *x\n", "QC001"),
    ],
)
def test_structurally_bad_plans(register: Register, text: str, code: str) -> None:
    assert error_of(register, text).code == code


def test_codes_yaml_would_read_as_numbers_stay_text(register: Register) -> None:
    result = check_text(register, "qualification: BSB50311\nstudent: 040101\nunits: [BSBCCO504A]\n")
    assert result.student == "040101"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeq\x00", "UTF-16"),
        (b"qualification: BSB50311\x00\n", "NUL"),
        (b"qualification: caf\xe9\n", "not UTF-8"),
    ],
)
def test_unreadable_bytes(register: Register, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(content)
    result = api.validate_path(str(path), register)
    assert result.error is not None and message in result.error.message


def test_byte_order_mark_is_accepted(register: Register, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbfqualification: BSB50311\nunits: [BSBCCO504A]\n")
    assert api.validate_path(str(path), register).error is None


def test_missing_file_and_folder(register: Register, tmp_path: Path) -> None:
    assert "not found" in api.validate_path(str(tmp_path / "nope.yaml"), register).error.message  # type: ignore[union-attr]
    assert "folder" in api.validate_path(str(tmp_path), register).error.message  # type: ignore[union-attr]


def test_broken_register_file_is_reported_with_position(tmp_path: Path) -> None:
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "qualifications" / "BSB50311.yaml").write_text("code: BSB50311\ntitle: x\nreleese: 1\n")
    register = api.open_register(tmp_path)
    result = api.validate_text("qualification: BSB50311\nunits: [BSBCCO504A]\n", "plan.yaml", register)
    assert result.verdict() is Verdict.ERROR
    assert result.error is not None
    assert result.error.span.path.endswith("BSB50311.yaml")  # type: ignore[union-attr]


def test_bundled_data_checks_its_own_counts(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "qualifications" / "BSB50311.yaml"
    (tmp_path / "qualifications").mkdir()
    broken = (
        source.read_text()
        .replace("core_units: 3", "core_units: 4")
        .replace("elective_units: 7", "elective_units: 6")
    )
    (tmp_path / "qualifications" / "BSB50311.yaml").write_text(broken)
    register = api.open_register(tmp_path)
    result = api.validate_text("qualification: BSB50311\nunits: [BSBCCO504A]\n", "plan.yaml", register)
    assert result.error is not None
    assert "core lists 3 units but core_units is 4" in result.error.message
