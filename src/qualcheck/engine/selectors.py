"""Which electives a rule's `from:` selects, and how to say it in words."""

from __future__ import annotations

from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.models import ImportWindow, Packaging, Selector
from qualcheck.models.common import AQF_LEVEL_NAMES


def matches(selector: Selector, unit: ResolvedUnit, *, unknown_level: bool = False) -> bool:
    """Whether `unit` is in the selector's set; `unknown_level` answers for units of unknown level."""
    if selector.groups and unit.groups.intersection(selector.groups):
        return True
    if selector.units and (unit.code in selector.units or unit.listed_as in selector.units):
        return True
    window = selector.imported
    in_window = (
        window is not None and unit.imported and (not window.packages or unit.code[:3] in window.packages)
    )
    if unit.level is None:
        needs_level = bool(selector.levels) or (in_window and bool(window and window.levels))
        return (in_window and not (window and window.levels)) or (unknown_level and needs_level)
    if selector.levels and unit.level in selector.levels:
        return True
    return in_window and (not window or not window.levels or unit.level in window.levels)


def listed_units(selector: Selector, packaging: Packaging) -> list[str]:
    """Units the selector names outright (its groups' units and its `units`), in list order."""
    codes: list[str] = []
    for name in selector.groups:
        codes.extend(packaging.groups[name].units)
    codes.extend(selector.units)
    return list(dict.fromkeys(codes))


def describe(selector: Selector, packaging: Packaging) -> str:
    parts = [packaging.groups[name].title for name in selector.groups]
    if selector.units:
        parts.append(", ".join(selector.units))
    if selector.levels:
        parts.append("units at " + _levels(selector.levels))
    if selector.imported is not None:
        parts.append(describe_window(selector.imported))
    return _join(parts)


def describe_window(window: ImportWindow) -> str:
    where = "units imported from " + (
        _join([f"the {p} package" for p in window.packages]) if window.packages else "any package or course"
    )
    return where + (f" at {_levels(window.levels)}" if window.levels else "")


def _levels(levels: tuple[int, ...]) -> str:
    if len(levels) == 1:
        return f"AQF {levels[0]} ({AQF_LEVEL_NAMES[levels[0]]})"
    return "AQF " + _join([str(level) for level in levels])


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def some_of(codes: list[str], limit: int = 5) -> str:
    """'A, B, C, D, E and 11 more'."""
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")
