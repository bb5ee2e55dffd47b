"""Writing a report to a file: atomically, and never over a file the user did not mean to replace.

The report goes through `safe_write.write_atomic`, so a reader (a CI upload step, a browser)
never sees half a report, and a failed run leaves the previous report intact.
"""

from __future__ import annotations

from pathlib import Path

from qualcheck.errors import QualcheckError, Span
from qualcheck.safe_write import write_atomic


class OutputError(QualcheckError):
    """The report cannot be written where asked."""


def write_report(path: Path, text: str, force: bool = False) -> None:
    if path.is_dir():
        raise OutputError("QC000", "is a folder, not a file", Span(str(path)), "name a file for --output")
    write_atomic(path if str(path.parent) else Path(".") / path, text, force=force)
