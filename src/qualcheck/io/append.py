"""Append text to a file that others append to too (a CI job summary): never overwrite it.

GitHub Actions gives each step a file to add Markdown to (GITHUB_STEP_SUMMARY); the steps of a
job share it, so what is there must stay. The rules are those of `safe_write`, for appending:
- the file is opened for appending only (O_APPEND): what is there is never truncated or
  rewritten, and what is added goes at the end even if another process appends meanwhile;
- only a regular file, or a name nobody uses (then it is created), is written: the final name
  is opened without following a symbolic link (O_NOFOLLOW), without waiting on a named pipe
  (O_NONBLOCK), and what was opened is checked to be a regular file before a byte is written,
  so a folder, a device, a pipe or a link is refused, and a swap just before the open is caught;
- never a file the same run read (a plan, a register file, the settings), however it is named;
- every failure is one WriteError naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from qualcheck.errors import Span
from qualcheck.io.safe_write import CODE, WriteError, _identities, _kind

_FLAGS = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def append_text(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Add `text` (as UTF-8) at the end of the regular file `path`, creating it if need be."""
    shown = str(path)
    if os.path.islink(path):
        raise WriteError(
            CODE, "is a symbolic link: not written through", Span(shown), "name the file itself, or a new one"
        )
    try:
        handle = os.open(path, _FLAGS, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = "is a symbolic link: not written through"
        elif exc.errno == errno.ENXIO:
            reason = "is a named pipe, not a regular file: not appended to"
        elif exc.errno == errno.EISDIR:
            reason = "is a folder, not a regular file: not appended to"
        else:
            reason = f"cannot append to the file: {exc.strerror}"
        raise WriteError(CODE, reason, Span(shown), "name a regular file, or a new one") from None
    try:
        info = os.fstat(handle)
        kind = _kind(info.st_mode)
        if kind is not None or not stat.S_ISREG(info.st_mode):
            raise WriteError(
                CODE,
                f"is {kind or 'not a regular file'}, not a regular file: not appended to",
                Span(shown),
                "name a regular file, or a new one",
            )
        for source in inputs:
            if (info.st_dev, info.st_ino) in _identities(source):
                raise WriteError(
                    CODE, f"is an input of this run ({source}): not appended to", Span(shown), ""
                )
        data = text.encode("utf-8")
        while data:
            written = os.write(handle, data)
            data = data[written:]
    except OSError as exc:
        raise WriteError(CODE, f"cannot append to the file: {exc.strerror}", Span(shown)) from None
    finally:
        os.close(handle)
