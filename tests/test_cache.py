"""The register cache: a hit skips parsing, a change or a corrupt entry parses again; entries
hold data, never code, are trusted only from this user, and never stand in for the checks that
depend on the rest of the register."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from qualcheck.errors import DataError
from qualcheck.register.cache import ModelCache, default_cache_dir
from qualcheck.register.store import Register


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
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2
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
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_bytes(b"not an entry")
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
    assert not list(shared.iterdir())  # others could plant an entry there: never read or written


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALCHECK_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("QUALCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "qualcheck"


# Entries hold data, never code, and are trusted only from this user ------------------------


class _Payload:
    """Unpickled, this would create the file `marker`: what a planted pickle could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))


def _entries(folder: Path) -> dict[str, Path]:
    return {p.name.split("-", 1)[0]: p for p in folder.glob("*.json")}


def test_a_planted_entry_never_runs(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    cache_dir = tmp_path / "cache"
    load_all(root, ModelCache(cache_dir))
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Payload(marker))
    for entry in cache_dir.glob("*.json"):
        header = entry.read_bytes().split(b"\n", 1)[0] + b"\n"
        entry.write_bytes(header + payload)  # the right header, then a pickle
        (cache_dir / entry.name.replace(".json", ".pickle")).write_bytes(payload)  # the old format
    cache = ModelCache(cache_dir)
    load_all(root, cache)
    assert (cache.hits, cache.misses) == (0, 2)
    assert not marker.exists()
    again = ModelCache(cache_dir)
    load_all(root, again)
    assert again.hits == 2  # the planted entries were replaced by good ones


def _other_kind(entry: Path, entries: dict[str, Path]) -> None:
    entry.write_bytes(entries["UnitFile"].read_bytes())


def _truncated(entry: Path, entries: dict[str, Path]) -> None:
    entry.write_bytes(entry.read_bytes()[:200])


def _wrong_shape(entry: Path, entries: dict[str, Path]) -> None:
    entry.write_bytes(entry.read_bytes().split(b"\n", 1)[0] + b"\n[1, 2, 3]")


def _edited(entry: Path, entries: dict[str, Path]) -> None:
    """Valid JSON of the right shape that fails validation: re-validated, never trusted."""
    entry.write_bytes(entry.read_bytes().replace(b'"aqf_level":5', b'"aqf_level":7'))


def _folder(entry: Path, entries: dict[str, Path]) -> None:
    entry.unlink()
    entry.mkdir()


def _link(entry: Path, entries: dict[str, Path]) -> None:
    kept = entry.with_name("kept")
    entry.rename(kept)
    entry.symlink_to(kept.name)


def _named_pipe(entry: Path, entries: dict[str, Path]) -> None:
    entry.unlink()
    os.mkfifo(entry)  # opening it to read would wait for a writer for ever


def _group_writable(entry: Path, entries: dict[str, Path]) -> None:
    entry.chmod(0o664)


def _someone_elses(entry: Path, entries: dict[str, Path]) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(entry, 65534, 65534)


@pytest.mark.parametrize(
    "spoil",
    [
        _other_kind,
        _truncated,
        _wrong_shape,
        _edited,
        _folder,
        _link,
        _named_pipe,
        _group_writable,
        _someone_elses,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_bad_entry_is_ignored_and_the_file_parsed(tmp_path: Path, spoil: Callable[..., None]) -> None:
    root = copy_register(tmp_path)
    cache_dir = tmp_path / "cache"
    load_all(root, ModelCache(cache_dir))
    entries = _entries(cache_dir)
    spoil(entries["Qualification"], entries)
    cache = ModelCache(cache_dir)
    register = load_all(root, cache)  # no crash, and the qualification as its file says
    assert (cache.hits, cache.misses) == (1, 1)
    qualification = register.qualification("BSB50311")
    assert qualification is not None and qualification.aqf_level == 5


def test_a_folder_others_could_write_to_is_never_used(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    cache_dir = tmp_path / "cache"
    load_all(root, ModelCache(cache_dir))
    cache_dir.chmod(0o775)
    cache = ModelCache(cache_dir)
    load_all(root, cache)
    assert (cache.hits, cache.misses) == (0, 2)
    if os.geteuid() == 0:
        cache_dir.chmod(0o700)
        os.chown(cache_dir, 65534, 65534)
        before = sorted(p.name for p in cache_dir.iterdir())
        cache = ModelCache(cache_dir)
        load_all(root, cache)
        assert (cache.hits, cache.misses) == (0, 2)
        assert sorted(p.name for p in cache_dir.iterdir()) == before  # nothing written there


def test_a_warm_cache_still_checks_the_rest_of_the_register(tmp_path: Path) -> None:
    """What a file's own bytes decide is cached; what other files decide is checked every time."""
    root = copy_register(tmp_path)
    cache_dir = tmp_path / "cache"
    load_all(root, ModelCache(cache_dir))
    units = root / "units" / "BSB.yaml"
    units.write_text(
        "".join(line for line in units.read_text().splitlines(True) if "code: BSBCCO504A," not in line)
    )
    with pytest.raises(DataError) as caught:
        Register(root, ModelCache(cache_dir)).qualification("BSB50311")
    assert caught.value.code == "QC053"
    assert str(caught.value.span).startswith(f"{root}/qualifications/BSB50311.yaml:")  # with its position
    shutil.copyfile(ROOT / "data" / "units" / "BSB.yaml", units)
    (root / "qualifications" / "BSB51918.yaml").write_bytes(
        (root / "qualifications" / "BSB50311.yaml").read_bytes()
    )
    with pytest.raises(DataError) as caught:
        Register(root, ModelCache(cache_dir)).qualification("BSB51918")  # same bytes: a cache hit
    assert caught.value.code == "QC051" and "named BSB51918.yaml" in caught.value.message


def test_audit_with_a_warm_cache_sees_a_unit_deleted_from_its_file(tmp_path: Path) -> None:
    root = copy_register(tmp_path)
    env = {**os.environ, "QUALCHECK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "qualcheck", "audit", "--csv", str(ROOT / "examples" / "cohort.csv")]
    command += ["--data", str(root)]
    warm = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert warm.returncode == 1 and "Eligible for award (1)" in warm.stdout
    units = root / "units" / "BSB.yaml"
    units.write_text(
        "".join(line for line in units.read_text().splitlines(True) if "code: BSBCCO504A," not in line)
    )
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2, done.stdout
    assert "Eligible for award" not in done.stdout
    assert "BSBCCO504A is listed by BSB50311 but no units file defines it" in done.stdout
