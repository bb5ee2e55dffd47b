"""Reading input files: line ends of every kind, bounded memory for endless lines, no pipes."""

from __future__ import annotations

import io
import os
import re
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from natfiles import VALID, activity
from qualcheck.audit.avetmiss import ActivityRow, LineProblem, read_activity
from qualcheck.audit.csvplans import read_csv_plans
from qualcheck.io import limits, reading
from qualcheck.io.reading import NotAFileError, open_input, split_lines


def expected(data: bytes, limit: int) -> list[bytes | None]:
    """The lines as a reference splitter sees them: LF, CRLF and a lone CR each end one."""
    if not data:
        return []
    parts = re.split(rb"\r\n|\r|\n", data)
    if data.endswith((b"\n", b"\r")):
        parts.pop()
    return [part if len(part) <= limit else None for part in parts]


@settings(max_examples=400)
@given(
    data=st.lists(st.sampled_from([b"a", b"bc", b"\r", b"\n", b"\r\n", b"\xff"]), max_size=40).map(b"".join),
    chunk=st.integers(1, 9),
    limit=st.integers(0, 8),
)
def test_lines_end_at_lf_crlf_or_cr_whatever_the_chunks(data: bytes, chunk: int, limit: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "CHUNK_BYTES", chunk)
        assert list(split_lines(io.BytesIO(data), limit)) == expected(data, limit)


def test_a_line_with_no_end_never_sits_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    with path.open("wb") as stream:
        for _ in range(8):
            stream.write(b"x" * (1024 * 1024))
        stream.write(b"\nlast\n")
    tracemalloc.start()
    try:
        with open_input(path) as stream:
            lines = list(split_lines(stream, 4096))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == [None, b"last"]
    assert peak < 1024 * 1024  # 8 MB read, well under 1 MB held at once


def test_a_lowered_limit_makes_a_long_nat_line_malformed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 200)
    lines = [activity("S1", unit, "BSB50311", "20") for unit in VALID]
    lines[2] += "x" * 300  # a record with 300 characters of junk after it
    path = tmp_path / "NAT00120.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    read = list(read_activity(path, "NAT00120.txt"))
    assert len(read) == 10
    problems = [item for item in read if isinstance(item, LineProblem)]
    assert [(p.line, p.message) for p in problems] == [
        (3, "line is longer than 200 bytes: not a record (is this the right file?)")
    ]
    assert sum(isinstance(item, ActivityRow) for item in read) == 9


def test_cr_only_nat_file_keeps_every_record(tmp_path: Path) -> None:
    lines = [activity(f"S{n}", VALID[n % 10], "BSB50311", "20") for n in range(29)]
    path = tmp_path / "NAT00120.txt"
    path.write_bytes(("\r".join(lines) + "\r").encode())
    read = list(read_activity(path, "NAT00120.txt"))
    assert [item.line for item in read if isinstance(item, ActivityRow)] == list(range(1, 30))


def test_one_bad_byte_loses_one_csv_row_only(tmp_path: Path) -> None:
    rows = [f"S{n},BSB50311,{VALID[n % 10]},completed" for n in range(1000)]
    data = ("student,qualification,unit,outcome\n" + "\n".join(rows) + "\n").encode()
    at = data.index(b"S500,")
    path = tmp_path / "plans.csv"
    path.write_bytes(data[:at] + b"S500,BSB50311,BSBCCO504A,\xff\n" + data[at:])
    read = list(read_csv_plans(path, "plans.csv"))
    problems = [item for item in read if isinstance(item, LineProblem)]
    assert [(p.line, p.student) for p in problems] == [(502, "S500")]
    assert "byte 0xff at column 26 is not UTF-8 text" in problems[0].message
    assert sum(not isinstance(item, LineProblem) for item in read) == 1000


def test_a_quoted_field_over_two_lines_keeps_the_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plans.csv"
    path.write_bytes(
        b'student,qualification,unit,outcome\n"S\n1",BSB50311,BSBCCO504A,completed\n'
        b"S2,BSB50311,BSBCCO504A,compl\xe9ted\nS3,BSB50311,BSBCCO504A,completed\n"
    )
    read = list(read_csv_plans(path, "plans.csv"))
    assert [(p.line, p.message) for p in read if isinstance(p, LineProblem)] == [
        (3, "student: control or invisible character U+000A in the value"),
        (4, "byte 0xe9 at column 29 is not UTF-8 text"),
    ]
    assert [item[0] for item in read if not isinstance(item, LineProblem)] == ["S3"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotAFileError, match="is a named pipe, not a file"):
        open_input(tmp_path / "pipe")
    with pytest.raises(IsADirectoryError):
        open_input(tmp_path)
