"""An on-disk cache of raw API responses, keyed by URL.

Each entry is named by the sha256 of its URL (a code or a URL never becomes a path), and its
first line repeats the URL, checked on every read, so a hash collision or a planted file cannot
answer for another URL. The folder is checked like the register cache's (`register.cache`): it
and each entry must belong to the current user (or root) and be writable by no one else, and an
entry must be a regular file, not a link; anything else is ignored, and nothing is written into
a folder that fails the check. Entries are written to a temporary file and renamed into place.
The cache holds raw bytes only: what they say is read through `shapes` like a fresh response.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from qualcheck.register.cache import default_cache_dir, trusted

FORMAT = b"qualcheck-api-cache 1 "
MAX_ENTRY_BYTES = 32 * 1024 * 1024  # far above any response the API gives


def default_folder() -> Path:
    """The register cache's folder ($QUALCHECK_CACHE_DIR, else the user's cache), `api` inside."""
    return default_cache_dir() / "api"


class ResponseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._usable: bool | None = None

    def _entry(self, url: str) -> Path:
        return self.folder / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _header(self, url: str) -> bytes:
        return FORMAT + url.encode() + b"\n"

    def get(self, url: str) -> bytes | None:
        """The body cached for `url`, or None (missing, not trusted, another URL's, damaged)."""
        if not self._ready(create=False):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self._entry(url), flags | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or not trusted(info) or info.st_size > MAX_ENTRY_BYTES:
                    return None
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        header = self._header(url)
        return data[len(header) :] if data.startswith(header) else None

    def put(self, url: str, body: bytes) -> None:
        """Store `body` for `url`; a folder that cannot be written means no cache, never an error."""
        if len(body) > MAX_ENTRY_BYTES or not self._ready(create=True):
            return
        try:
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self._header(url) + body)
                os.replace(temporary, self._entry(url))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            self._usable = False

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
        self._usable = stat.S_ISDIR(info.st_mode) and trusted(info)
        return self._usable
