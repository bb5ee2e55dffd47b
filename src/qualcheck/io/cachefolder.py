"""A cache folder that only the current user could have written, read and written entry by entry.

The register's cache and fetch's cache of raw responses both keep their entries here. The folder
is made private (0700) when first written; it and each entry are used only when they belong to
this user (or root) and no one else may write them, an entry only when it is a regular file (not
through a link, never waiting on a named pipe) of bounded size, and only after the header its
writer put first. An entry is written to a temporary file and renamed into place, so a reader
never sees half of one. Any failure means no cache for the run, never an error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def trusted(info: os.stat_result) -> bool:
    """Whether a cache file or folder is one only this user (or root) could have written."""
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    if hasattr(os, "getuid"):
        return info.st_uid in (os.getuid(), 0)
    return True  # no owners to check (Windows): the folder is the user's own profile


class CacheFolder:
    def __init__(self, folder: Path, max_entry_bytes: int, suffix: str) -> None:
        self.folder = folder
        self.max_entry_bytes = max_entry_bytes
        self.suffix = suffix
        self._usable: bool | None = None  # the folder is there and trusted (None: not yet known)
        self._writable = True  # False once a write failed: read-only or full, so stop trying

    def read(self, entry: Path, header: bytes) -> bytes | None:
        """The entry's data after `header`, or None when it is missing, not trusted, not ours."""
        if not self.ready(create=False):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(entry, flags | getattr(os, "O_BINARY", 0))
        except OSError:  # missing, a link, unreadable
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or not trusted(info) or info.st_size > self.max_entry_bytes:
                    return None
                data = handle.read(self.max_entry_bytes + 1)
        except OSError:
            return None
        if not data.startswith(header):
            return None  # another writer's, another file's bytes, another format
        return data[len(header) :]

    def write(self, entry: Path, data: bytes) -> None:
        """Store `data` as `entry`, atomically; a folder that cannot be written is left alone."""
        if len(data) > self.max_entry_bytes or not self._writable or not self.ready(create=True):
            return
        import tempfile  # only to write: a run that finds every entry never needs it

        try:
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=self.suffix)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, entry)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:  # read-only, full, or a folder in the entry's place
            self._writable = False

    def ready(self, create: bool) -> bool:
        """Whether the folder may be used: it exists (made with `create`) and is trusted."""
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
