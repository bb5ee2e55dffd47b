"""Limits on the size of inputs, so that a wrong or hostile file fails fast with a clear message.

A real plan names a few dozen units in a few kilobytes; the limits are far above any real plan
and far below what would make a check slow (every plan must be judged in well under a second).
A line of a NAT file or of a CSV of plans is a few hundred bytes; a longer line is not a record,
and is refused without being held in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck.errors import InputError

if TYPE_CHECKING:  # yamlsource reads its own limit from here
    from qualcheck.io.yamlsource import YamlDocument

#: Largest plan file read, in bytes. Larger files are refused before they are read.
MAX_PLAN_BYTES = 1024 * 1024

#: Most values (scalars, lists, mappings) a plan file may hold: a thousand units written as
#: mappings of three fields stay well below it.
MAX_PLAN_VALUES = 20_000

#: Most entries a plan's `units:` may hold (the largest qualifications need well under 100).
MAX_PLAN_UNITS = 1000

#: Longest line read from an audit input (a NAT file or a CSV of plans), in bytes. A longer line
#: is a malformed line; it is skipped in chunks, never held whole.
MAX_LINE_BYTES = 64 * 1024

#: Most digits a plain YAML integer may have: no value in a plan or register comes near it, and
#: Python refuses to convert integers of more than 4,300 digits.
MAX_INTEGER_DIGITS = 100


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
