"""Writing a report to a file: atomically, and never over a file the user did not mean to replace.

The report goes through `safe_write.write_atomic`, so a reader (a CI upload step, a browser)
never sees half a report, and a failed run leaves the previous report intact. Only a regular
file is replaced, only with --force, and never one the run read: `validate plan.yaml --output
plan.yaml --force` keeps the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qualcheck.io.safe_write import write_atomic

STANDARD_INPUT = ("-", "<stdin>")  # how a plan read from standard input is named


def write_report(path: Path, text: str, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Write the report `text` to `path`; `inputs` are the files the run read (never replaced)."""
    write_atomic(path, text, force=force, inputs=inputs)


def inputs_read(plans: Iterable[str], register_files: Iterable[Path], settings: Path | None) -> list[Path]:
    """Every file the run read: its plans (by their paths as reports name them, standard input as
    the file it may be redirected from), the register files and the settings file."""
    read = [Path("/dev/stdin") if path in STANDARD_INPUT else Path(path) for path in plans]
    return [*read, *register_files, *([settings] if settings is not None else [])]
