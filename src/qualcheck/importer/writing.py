"""Write files safely: never over an existing file unless forced, and atomically (temp + replace)."""

from __future__ import annotations

from pathlib import Path

from qualcheck import safe_write
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
    """Write `text` to `path` atomically; `check_writable` has already decided it may be replaced."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError("QC072", f"cannot write here: {exc.strerror}", Span(str(path))) from None
    safe_write.write_atomic(path, text, force=True)
