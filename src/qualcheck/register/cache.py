"""A cache of validated register models, keyed on the bytes of each register file.

Parsing YAML costs far more than reading the same data back as JSON, and a national register is
read by every audit. An entry holds the plain data the YAML file parsed to (text, whole numbers,
true/false, lists, mappings) as JSON, never code, and is loaded by validating that data against
the model again, exactly as the YAML's data was: the worst a planted or damaged entry can do is
fail validation, and then it is ignored.

A record entry (`load_record`) holds instead the model's validated data, every field spelled
out, written only once the file passed every check; it is read back as plain records
(models.records) without building any pydantic class, so a plain `validate` starts fast. Its
reader checks every field's type and value and refuses anything else, and a refused entry is
ignored the same way. Each entry is named by the sha256 of the file's bytes,
the model's name and the code that builds models (qualcheck, pydantic, Python), and its first
line repeats the model's name and the sha256 of the file's bytes, checked on every read.

Only what a file's own bytes decide is cached: checks against the rest of the register (listed
units defined somewhere, a file named for its code) run on every load, in `Register`.

Where: $QUALCHECK_CACHE_DIR, else $XDG_CACHE_HOME/qualcheck, else ~/.cache/qualcheck. The folder
and each entry must belong to the current user (or root) and be writable by no one else, and an
entry must be a regular file (not a link); anything else is ignored, and nothing is written into
a folder that fails the check. Entries are written to a temporary file and renamed into place,
so a reader never sees half an entry. A truncated, corrupt or foreign entry is parsed again and
replaced; a folder that cannot be written means no cache for the run, never an error.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from qualcheck.io.cachefolder import CacheFolder

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")
R = TypeVar("R")

CACHE_ENV = "QUALCHECK_CACHE_DIR"
FORMAT = b"qualcheck-cache 1"  # the first words of every entry; changes when the layout does
SUFFIX = ".json"
RECORD = "record-"  # the kind of a record entry starts so: never the name of a model
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far above any register file's model; a bigger one is not ours


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


def _sha256_maker() -> Callable[[bytes], _Digest]:
    """sha256 from the interpreter's own built-in module (`_sha2`, `_sha256` before Python 3.12),
    the one hashlib falls back to: the same digests, without loading OpenSSL, which is most of
    what importing hashlib costs a run that only names its cache entries."""
    for name in ("_sha2", "_sha256"):
        try:
            return cast("Callable[[bytes], _Digest]", import_module(name).sha256)
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


sha256 = _sha256_maker()


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qualcheck"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The code that turns a file into a model, and the checks made before its data is cached:
    entries from other versions never match."""
    from qualcheck import __version__

    digest = sha256(FORMAT + f"\0{sys.version_info[:2]}\0{__version__}".encode())
    digest.update(_pydantic_version())
    package = Path(__file__).resolve().parents[1]  # src/qualcheck
    # The models and records, and the code that reads, refuses and checks a file before its data
    # is cached (and decides which checks a record entry has passed): a file a newer version
    # refuses must not load from an older version's entry.
    readers = [
        package / name
        for name in (
            "io/yamlsource.py",
            "io/loader.py",
            "register/integrity.py",
            "io/limits.py",
            "register/store.py",
        )
    ]
    for source in sorted((package / "models").glob("*.py")) + readers:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _pydantic_version() -> bytes:
    """The installed pydantic's version file, read without importing pydantic (a plain run never
    builds a model, and importing it is most of the cost of starting one)."""
    spec = importlib.util.find_spec("pydantic")
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or ():
        try:
            return (Path(folder) / "version.py").read_bytes()
        except OSError:
            continue
    return b"no pydantic"


class ModelCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._files = CacheFolder(folder, MAX_ENTRY_BYTES, SUFFIX)

    def load(self, raw: bytes, model: type[M], parse: Callable[[], tuple[M, Any]]) -> M:
        """The model for a file's bytes `raw`: from a matching entry, else from `parse()`, which
        gives the model and the plain data it was validated from (then stored)."""
        from pydantic import ValidationError

        entry, header = self._entry(raw, model.__name__)
        data = self._read(entry, header)
        if data is not None:
            try:
                found = model.model_validate(json.loads(data))
            except (ValidationError, ValueError, RecursionError):  # truncated or edited: parse again
                pass
            else:
                self.hits += 1
                return found
        self.misses += 1
        value, plain = parse()
        self._store_data(entry, header, plain)
        return value

    def load_record(self, raw: bytes, kind: str, read: Callable[[Any], R]) -> R | None:
        """The record for a file's bytes `raw` from its record entry, read by `read` (which
        raises ValueError for data that does not fit); None when there is no entry that fits."""
        entry, header = self._entry(raw, RECORD + kind)
        data = self._read(entry, header)
        if data is None:
            return None
        try:
            found = read(json.loads(data))
        except (ValueError, RecursionError):  # not what a record is read from: parse again
            return None
        self.hits += 1
        return found

    def store_record(self, raw: bytes, kind: str, data: Any) -> None:
        """Keep a checked file's validated data, to be read back by `load_record`."""
        self.misses += 1
        entry, header = self._entry(raw, RECORD + kind)
        self._store_data(entry, header, data)

    def _entry(self, raw: bytes, kind: str) -> tuple[Path, bytes]:
        """The entry for a file's bytes as `kind`, and the header its first line must be."""
        source = sha256(raw).hexdigest()
        name = sha256(_code_fingerprint() + kind.encode() + b"\0" + raw).hexdigest()
        return self.folder / f"{kind}-{name}{SUFFIX}", FORMAT + f" {kind} {source}\n".encode()

    def _store_data(self, entry: Path, header: bytes, data: Any) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # not plain data: nothing to store
            return
        self._store(entry, header + text.encode())

    def _read(self, entry: Path, header: bytes) -> bytes | None:
        return self._files.read(entry, header)

    def _store(self, entry: Path, data: bytes) -> None:
        self._files.write(entry, data)
