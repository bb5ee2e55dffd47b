"""The register cache: a hit skips parsing, a change or a corrupt entry parses again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from qualcheck.cache import ModelCache, default_cache_dir
from qualcheck.register import Register


def copy_register(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(ROOT / "data", root)
    return root


def load_all(root: Path, cache: ModelCache) -> Register:
    register = Register(root, cache)
    assert register.qualification("BSB50311") is not None
    assert register.unit("BSBCCO504A") is not None
    return register


def test_miss_then_hit_gives_equal_models(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    first = ModelCache(tmp_path / "cache")
    parsed = load_all(root, first)
    assert (first.hits, first.misses) == (0, 2)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    second = ModelCache(tmp_path / "cache")
    cached = load_all(root, second)
    assert (second.hits, second.misses) == (2, 0)
    assert cached.qualification("BSB50311") == parsed.qualification("BSB50311")
    assert cached.unit_codes("BSB") == parsed.unit_codes("BSB")


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    load_all(root, ModelCache(tmp_path / "cache"))
    path = root / "qualifications" / "BSB50311.yaml"
    path.write_text(
        path.read_text().replace("title: Diploma of Customer Contact", "title: Diploma (edited)", 1)
    )
    cache = ModelCache(tmp_path / "cache")
    register = load_all(root, cache)
    assert (cache.hits, cache.misses) == (1, 1)
    qualification = register.qualification("BSB50311")
    assert qualification is not None and qualification.title == "Diploma (edited)"


def test_corrupt_entries_are_ignored_and_replaced(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    load_all(root, ModelCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = ModelCache(tmp_path / "cache")
    load_all(root, cache)
    assert (cache.hits, cache.misses) == (0, 2)
    again = ModelCache(tmp_path / "cache")
    load_all(root, again)
    assert again.hits == 2


def test_unwritable_or_shared_folders_are_not_used(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    cache = ModelCache(blocked / "cache")
    load_all(root, cache)  # still works, without a cache
    assert cache.misses == 2
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    load_all(root, ModelCache(shared))
    assert not list(shared.iterdir())  # others could plant a pickle there: never read or written


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALCHECK_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("QUALCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "qualcheck"
