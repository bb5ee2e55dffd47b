"""A cache of validated register models, keyed on the bytes of each register file.

Parsing YAML and validating it with pydantic costs far more than unpickling the result, and a
national register is read by every run. Each entry is named by the sha256 of the file's bytes
and of the model code, so an edited data file or a changed model never meets a stale entry.

Where: $QUALCHECK_CACHE_DIR, else $XDG_CACHE_HOME/qualcheck, else ~/.cache/qualcheck.
Entries are written to a temporary file and renamed into place, so a reader never sees half an
entry. A corrupt entry, a folder that cannot be written, or one that other users can write to (a
pickle from someone else could run code) is ignored: the file is parsed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENV = "QUALCHECK_CACHE_DIR"


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qualcheck"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The model code, the checks made before a model is cached, and the libraries that pickle it:
    entries from other versions never load."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    import pydantic

    digest.update(pydantic.VERSION.encode())
    package = Path(__file__).resolve().parent
    # The models, and the code that reads, refuses and checks a file before its model is cached:
    # a file a newer version refuses must not load from an older version's entry.
    readers = [package / name for name in ("yamlsource.py", "loader.py", "integrity.py", "limits.py")]
    for source in sorted((package / "models").glob("*.py")) + readers:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


class ModelCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._usable: bool | None = None

    def load(self, raw: bytes, kind: str, parse: Callable[[], T]) -> T:
        """The model for a file's bytes `raw`: from the cache when an entry matches, else `parse()`."""
        digest = hashlib.sha256(_code_fingerprint() + kind.encode() + b"\0" + raw).hexdigest()
        entry = self.folder / f"{kind}-{digest}.pickle"
        if self._ready(create=False):
            try:
                with entry.open("rb") as handle:
                    value: T = pickle.load(handle)
                self.hits += 1
                return value
            except FileNotFoundError:
                pass
            except Exception:  # a truncated or foreign entry: parse again and overwrite it
                pass
        self.misses += 1
        value = parse()
        self._store(entry, value)
        return value

    def _store(self, entry: Path, value: object) -> None:
        if not self._ready(create=True):
            return
        try:
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, entry)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, pickle.PicklingError):
            self._usable = False  # read-only or full: stop trying for this run

    def _ready(self, create: bool) -> bool:
        if self._usable is not None:
            return self._usable
        try:
            if create:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = self.folder.stat()
        except OSError:
            if create:
                self._usable = False
            return False
        safe = stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if hasattr(os, "getuid"):
            safe = safe and info.st_uid == os.getuid()
        self._usable = safe
        return safe
