"""Units a student already has a record of, so that a fix never asks them to add one.

The audit judges plans built from a student's rows, but a row that does not count in the plan
judged (in progress, when only achieved units are judged; not achieved; superseded) is still the
student's. Such a code, or one equivalent to it, is never offered as a unit to add; a required
unit recorded that way is to be achieved, not added. `validate` passes no record: a YAML plan's
own entries already cover every unit it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qualcheck.engine.view import RegisterView

NO_RECORD: frozenset[str] = frozenset()
_RECORDED = "(recorded for the student, but without a result that counts)"


def recorded_codes(codes: Iterable[str], register: RegisterView) -> frozenset[str]:
    """Every code given and every code equivalent to one of them."""
    found: set[str] = set()
    for code in codes:
        if code not in found:
            found |= register.equivalents(code)
    return frozenset(found)


def add_or_achieve(items: Sequence[tuple[str, str]], recorded: frozenset[str], sep: str = ", ") -> str:
    """The fix for required units that do not count, each given as (code, how to show it): 'add A'
    for units the student has no record of, 'achieve B (recorded, ...)' for the others, or both."""
    absent = [shown for code, shown in items if code not in recorded]
    again = [shown for code, shown in items if code in recorded]
    parts = []
    if absent:
        parts.append("add " + sep.join(absent))
    if again:
        parts.append(f"achieve {sep.join(again)} {_RECORDED}")
    return "; ".join(parts)
