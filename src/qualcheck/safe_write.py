"""Write files all at once, and never over an existing file unless asked to.

Everything qualcheck writes (imported register files, caches) goes through `write_atomic`:
- the data goes to a temporary file in the same folder (the same file system, so the final
  rename is atomic), is flushed to disk, and only then takes the target's name: a reader, or a
  run interrupted half way, sees the old file or the new one, never a mix;
- an existing file is replaced only with `force=True` (a command's `--force`); without it, the
  final step is a hard link, which fails if the name was taken meanwhile, so even a file
  created during the write is never overwritten;
- every failure is a QualcheckError naming the file, and leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from qualcheck.errors import QualcheckError, Span

CODE = "QC006"


class WriteError(QualcheckError):
    """A file could not be written, or would have replaced one without --force."""


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> None:
    """Write `data` (text is written as UTF-8) to `path` atomically; replace only with `force`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    shown = str(path)
    if not force and os.path.lexists(path):
        raise _exists(shown)
    folder = path.parent
    if not folder.is_dir():
        raise WriteError(
            CODE, f"cannot write: folder {folder} does not exist", Span(shown), "create it first"
        )
    mode = _mode_for(path, force)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(CODE, f"cannot write in {folder}: {exc.strerror}", Span(shown)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if force:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path, shown)
        _sync_folder(folder)
    except OSError as exc:
        raise WriteError(CODE, f"cannot write file: {exc.strerror}", Span(shown)) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _link_new(temporary: str, path: Path, shown: str) -> None:
    """Give the written data the name `path` only if no file has it."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError:
        # A file system without hard links: check, then rename (a race is possible only there).
        if os.path.lexists(path):
            raise _exists(shown) from None
        os.replace(temporary, path)


def _exists(shown: str) -> WriteError:
    return WriteError(
        CODE,
        "file exists; not overwritten",
        Span(shown),
        "pass --force to replace it, or choose another output",
    )


def _mode_for(path: Path, force: bool) -> int:
    """The replaced file's permissions, or the usual ones for a new file (0666 less the umask)."""
    if force:
        try:
            return stat.S_IMODE(path.stat().st_mode)
        except OSError:
            pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry too, so the new name survives a power cut (where supported)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
