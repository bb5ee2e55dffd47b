"""Which electives a rule's `from:` selects (its words are the model's: `Selector.describe`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.engine.resolve import ResolvedUnit

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import ImportWindow, Selector


def _matches(
    selector: Selector, unit: ResolvedUnit, groups: frozenset[str], imported: bool, unknown_level: bool
) -> bool:
    """Whether `unit`, listed in `groups` (or imported), is in the selector's set; `unknown_level`
    answers for a unit whose AQF level is not known."""
    if selector.groups and groups.intersection(selector.groups):
        return True
    if selector.units and (unit.code in selector.units or unit.listed_as in selector.units):
        return True
    if unit.level is None:
        if unknown_level and selector.levels:
            return True
    elif selector.levels and unit.level in selector.levels:
        return True
    return imported and any(_in_window(window, unit, unknown_level) for window in selector.imported)


def membership(selector: Selector, unit: ResolvedUnit) -> bool | None:
    """Whether `unit` is in the selector's set: True or False where the register and the plan
    decide it, None where it hangs on a fact nobody recorded.

    Each way the unrecorded facts could turn out is tried: the unit imported, or listed in one
    of the groups held only in part (`maybe_in`); at an AQF level inside the rule's windows or
    outside them; and, for a code no units file defines, not a unit at all.
    """
    if not unit.unrecorded:
        return _matches(selector, unit, unit.groups, unit.imported, False)
    worlds = [(unit.groups, unit.imported)] + [(frozenset({g}), False) for g in unit.maybe_in]
    readings = (False, True) if unit.level is None else (False,)
    answers = {_matches(selector, unit, g, i, level) for g, i in worlds for level in readings}
    if unit.exists_unknown:
        answers.add(False)
    return answers.pop() if len(answers) == 1 else None


def inside(selector: Selector, unit: ResolvedUnit, if_unrecorded: bool) -> bool:
    """`membership`, with `if_unrecorded` standing in where the data cannot decide."""
    answer = membership(selector, unit)
    return if_unrecorded if answer is None else answer


def _in_window(window: ImportWindow, unit: ResolvedUnit, unknown_level: bool) -> bool:
    if not window.admits_package(unit.code[:3]):
        return False
    if not window.levels:
        return True
    # A unit of unknown level may or may not be at the window's levels: `unknown_level` decides.
    return unknown_level if unit.level is None else unit.level in window.levels


def some_of(codes: list[str], limit: int = 5) -> str:
    """'A, B, C, D, E and 11 more'."""
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")
