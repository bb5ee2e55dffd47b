"""The register's file layout: the one place a code becomes a file name.

`qualifications/<CODE>.yaml` holds a qualification and `units/<PKG>.yaml` the units of a
training package (the first three letters of a unit code). A code read from a plan, a CSV row,
a NAT file, a page or the command line is checked against its pattern here, before it touches
the file system: a code that is not one (`../../etc/x`, `/tmp/BSB50311`, `BSB50311.yaml`) has no
file, so it is simply not in the register. Nothing else joins a code onto a path.
"""

from __future__ import annotations

import re
from pathlib import Path

from qualcheck.models.values import is_qualification_code

QUALIFICATIONS = "qualifications"
UNITS = "units"

_PACKAGE = re.compile(r"[A-Z]{3}")


def is_package(value: str) -> bool:
    """Whether `value` is a training package prefix: three capital letters, as units start with."""
    return _PACKAGE.fullmatch(value) is not None


def qualification_file(root: Path, code: str) -> Path | None:
    """The file that would hold qualification `code`, or None when `code` is not a qualification code."""
    if not is_qualification_code(code):
        return None
    return root / QUALIFICATIONS / f"{code}.yaml"


def units_file(root: Path, package: str) -> Path | None:
    """The file that would hold the units of `package`, or None when it is not a package prefix."""
    if not is_package(package):
        return None
    return root / UNITS / f"{package}.yaml"
