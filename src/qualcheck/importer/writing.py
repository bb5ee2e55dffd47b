"""Write an import's files as one change: all of them or none, never over what must be kept.

- A file the import would change is read first only when it is a regular file (a folder, a
  pipe, a device or a symbolic link is refused, so nothing blocks reading it), as UTF-8; one that
  cannot be read is an error naming it.
- An existing file that would change is replaced only with --force; one of the pages being
  imported is never replaced, however it is named.
- The run's files are written to a temporary folder inside the --out folder (the same file
  system), each read back and loaded through its model, and only then renamed into place, in the
  order given (the import gives units files first, so that a run stopped part way leaves each
  qualification with its units defined). A failure before the renames leaves nothing behind; a
  failed rename puts back every file already moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualcheck.errors import DataError, QualcheckError, Span
from qualcheck.io.loader import load_model
from qualcheck.io.safe_write import WriteError, check_target, write_together
from qualcheck.io.yamlsource import load_yaml, read_text
from qualcheck.models import Qualification, UnitFile
from qualcheck.register.layout import QUALIFICATIONS

CODE = "QC072"

__all__ = ["WriteError", "check_writable", "current_text", "write_all"]


def current_text(path: Path, pages: Sequence[Path]) -> str | None:
    """The text of the register file `path` before the import, or None when there is none.

    Raises when it is not a regular file, is one of the `pages`, or cannot be read as UTF-8.
    """
    exists = check_target(path, force=True, inputs=pages, code=CODE)
    return read_text(path) if exists else None


def check_writable(path: Path, text: str, current: str | None, *, force: bool) -> bool:
    """Whether `path` needs writing; raise WriteError when it exists, differs and force is off."""
    if current is None:
        return True
    if current == text:
        return False
    if not force:
        raise WriteError(
            CODE,
            "already exists and would change",
            Span(str(path)),
            "use --force to overwrite it, or choose another --out folder",
        )
    return True


def write_all(files: Sequence[tuple[Path, str]], *, force: bool, pages: Sequence[Path]) -> None:
    """Write every file of the run, or none (see the module's docstring)."""
    write_together(files, force=force, inputs=pages, verify=_loads, make_folders=True, code=CODE)


def _loads(temporary: Path, target: Path) -> None:
    """The written file loads as the register file it will become."""
    model: type[Qualification] | type[UnitFile] = (
        Qualification if target.parent.name == QUALIFICATIONS else UnitFile
    )
    try:
        loaded = load_model(load_yaml(read_text(temporary, str(target)), str(target)), model, DataError)
    except QualcheckError as error:
        raise DataError(
            CODE, f"the written file would not load: {error.message}", Span(str(target))
        ) from None
    name = loaded.code if isinstance(loaded, Qualification) else loaded.package
    if f"{name}.yaml" != target.name:
        raise DataError(CODE, f"the written file holds {name}, not {target.stem}", Span(str(target)))
