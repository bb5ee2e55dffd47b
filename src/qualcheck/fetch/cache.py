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
from pathlib import Path

from qualcheck.io.cachefolder import CacheFolder
from qualcheck.register.cache import default_cache_dir

FORMAT = b"qualcheck-api-cache 1 "
MAX_ENTRY_BYTES = 32 * 1024 * 1024  # far above any response the API gives


def default_folder() -> Path:
    """The register cache's folder ($QUALCHECK_CACHE_DIR, else the user's cache), `api` inside."""
    return default_cache_dir() / "api"


class ResponseCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files = CacheFolder(folder, MAX_ENTRY_BYTES, ".json")

    def _entry(self, url: str) -> Path:
        return self.folder / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _header(self, url: str) -> bytes:
        return FORMAT + url.encode() + b"\n"

    def get(self, url: str) -> bytes | None:
        """The body cached for `url`, or None (missing, not trusted, another URL's, damaged)."""
        return self._files.read(self._entry(url), self._header(url))

    def put(self, url: str, body: bytes) -> None:
        """Store `body` for `url`; a folder that cannot be written means no cache, never an error."""
        self._files.write(self._entry(url), self._header(url) + body)
