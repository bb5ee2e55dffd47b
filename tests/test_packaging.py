"""Packaging: the lowest-versions constraints CI installs match the floors pyproject.toml declares."""

from __future__ import annotations

import re
import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_FLOOR = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*>=\s*([0-9][0-9.]*)")


def _version(text: str) -> tuple[int, ...]:
    """'13' and '13.0.0' are the same release."""
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _floors() -> dict[str, tuple[int, ...]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    floors = {}
    for requirement in declared:
        if "python_version <" in requirement:  # a back-port for old Pythons only
            continue
        match = _FLOOR.match(requirement)
        assert match, f"{requirement!r} has no lower bound: give it one, and add it to constraints/lowest.txt"
        floors[match.group(1).lower()] = _version(match.group(2))
    return floors


def _pins() -> dict[str, tuple[int, ...]]:
    pins = {}
    for line in (ROOT / "constraints" / "lowest.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = _version(version.strip())
    return pins


def test_lowest_constraints_pin_every_floor() -> None:
    assert _pins() == _floors()
