"""Writes are whole or not at all, and never replace a file without force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from qualcheck.io.safe_write import WriteError, write_atomic


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "BSB.yaml"
    write_atomic(target, "package: BSB\ntitle: Café\n")
    assert target.read_text(encoding="utf-8") == "package: BSB\ntitle: Café\n"
    assert names(tmp_path) == ["BSB.yaml"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "BSB.yaml"
    target.write_bytes(b"original")
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"new")
    assert (
        str(caught.value)
        == f"{target}: QC006 file exists; not overwritten (pass --force to replace it, or choose another output)"
    )
    assert target.read_bytes() == b"original"
    assert names(tmp_path) == ["BSB.yaml"]


def test_force_replaces_and_keeps_the_permissions(tmp_path: Path) -> None:
    target = tmp_path / "BSB.yaml"
    target.write_bytes(b"original")
    target.chmod(0o640)
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert names(tmp_path) == ["BSB.yaml"]


def test_a_file_created_during_the_write_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "BSB.yaml"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(WriteError, match="file exists"):
        write_atomic(target, b"ours")
    assert target.read_bytes() == b"theirs"
    assert names(tmp_path) == ["BSB.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "BSB.yaml"
    target.write_bytes(b"original")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(WriteError, match="cannot write file: No space left on device"):
        write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"original"
    assert names(tmp_path) == ["BSB.yaml"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "BSB.yaml", b"x")
    assert names(tmp_path) == []


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "BSB.yaml").mkdir()
    for force in (False, True):
        with pytest.raises(WriteError, match="is a folder, not a regular file: not replaced"):
            write_atomic(tmp_path / "BSB.yaml", b"x", force=force)
    assert names(tmp_path) == ["BSB.yaml"]
    assert (tmp_path / "BSB.yaml").is_dir()
