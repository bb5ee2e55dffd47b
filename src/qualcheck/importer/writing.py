"""Write files safely: never over an existing file unless forced, and atomically (temp + replace)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qualcheck.errors import QualcheckError, Span


class WriteError(QualcheckError):
    """A file cannot be written, or would overwrite one without --force."""


def check_writable(path: Path, text: str, *, force: bool) -> bool:
    """Whether `path` needs writing; raise WriteError when it exists, differs and force is off."""
    if not path.exists():
        return True
    if path.is_dir():
        raise WriteError("QC072", "is a folder, cannot write a file there", Span(str(path)))
    try:
        same = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    if same:
        return False
    if not force:
        raise WriteError(
            "QC072",
            "already exists and would change",
            Span(str(path)),
            "use --force to overwrite it, or choose another --out folder",
        )
    return True


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then replace `path` with it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError("QC072", f"cannot write here: {exc.strerror}", Span(str(path))) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise WriteError("QC072", f"cannot write: {exc.strerror}", Span(str(path))) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
