"""Writing a report to a file: atomically, and never over a file the user did not mean to replace.

The report is written to a temporary file in the same folder and moved into place with
os.replace, so a reader (a CI upload step, a browser) never sees half a report, and a failed
run leaves the previous report intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from qualcheck.errors import QualcheckError, Span


class OutputError(QualcheckError):
    """The report cannot be written where asked."""


def write_report(path: Path, text: str, force: bool = False) -> None:
    if path.is_dir():
        raise OutputError("QC000", "is a folder, not a file", Span(str(path)), "name a file for --output")
    if path.exists() and not force:
        raise OutputError(
            "QC000",
            "file exists; not overwritten",
            Span(str(path)),
            "add --force to replace it, or name another file",
        )
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError("QC000", f"cannot write here: {exc.strerror}", Span(str(path))) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; give it a new file's mode
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError("QC000", f"cannot write file: {exc.strerror}", Span(str(path))) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
