"""Limits on the size of a plan, so that a wrong or hostile file fails fast with a clear message.

A real plan names a few dozen units in a few kilobytes; the limits are far above any real plan
and far below what would make a check slow (every plan must be judged in well under a second).
"""

from __future__ import annotations

from qualcheck.errors import InputError
from qualcheck.yamlsource import YamlDocument

#: Largest plan file read, in bytes. Larger files are refused before they are read.
MAX_PLAN_BYTES = 1024 * 1024

#: Most values (scalars, lists, mappings) a plan file may hold: a thousand units written as
#: mappings of three fields stay well below it.
MAX_PLAN_VALUES = 20_000

#: Most entries a plan's `units:` may hold (the largest qualifications need well under 100).
MAX_PLAN_UNITS = 1000


def check_plan_units(doc: YamlDocument) -> None:
    """Refuse a plan whose units list is too long to be a real plan."""
    units = doc.data.get("units") if isinstance(doc.data, dict) else None
    if isinstance(units, list) and len(units) > MAX_PLAN_UNITS:
        raise InputError(
            "QC004",
            f"units: the plan lists {len(units)} units; at most {MAX_PLAN_UNITS} are allowed",
            doc.span(("units",), key=True),
            "a plan lists one student's units for one qualification; split the file",
        )
