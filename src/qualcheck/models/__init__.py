"""Typed models of the register (qualifications, units) and of plans.

All models reject unknown keys and are immutable once loaded. They are pydantic classes, which
take time to build, so this package builds them only when one of them is first asked for: the
plain modules beside them (values, shapes, records) can be imported without building any.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcheck.models.common import AqfLevel, Held, Mapping, QualCode, ReleaseInfo, Source, UnitCode
    from qualcheck.models.plan import Outcome, Plan, PlanEntry
    from qualcheck.models.qualification import (
        AllOf,
        AtLeast,
        AtMost,
        ElectivesFrom,
        EntryRequirement,
        ImportWindow,
        ManualCheck,
        Packaging,
        PackagingRule,
        PointsAtLeast,
        PointsAtMost,
        Qualification,
        Selector,
        Specialisation,
        UnitGroup,
    )
    from qualcheck.models.unit import Unit, UnitFile

# Each name, and the module that defines it.
_WHERE = {
    **dict.fromkeys(
        ("AqfLevel", "Held", "Mapping", "QualCode", "ReleaseInfo", "Source", "UnitCode"), "common"
    ),
    **dict.fromkeys(("Outcome", "Plan", "PlanEntry"), "plan"),
    **dict.fromkeys(
        (
            "AllOf",
            "AtLeast",
            "AtMost",
            "ElectivesFrom",
            "EntryRequirement",
            "ImportWindow",
            "ManualCheck",
            "Packaging",
            "PackagingRule",
            "PointsAtLeast",
            "PointsAtMost",
            "Qualification",
            "Selector",
            "Specialisation",
            "UnitGroup",
        ),
        "qualification",
    ),
    **dict.fromkeys(("Unit", "UnitFile"), "unit"),
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"qualcheck.models.{where}"), name)
    globals()[name] = value  # asked once
    return value


__all__ = [
    "AllOf",
    "AqfLevel",
    "AtLeast",
    "AtMost",
    "ElectivesFrom",
    "EntryRequirement",
    "Held",
    "ImportWindow",
    "ManualCheck",
    "Mapping",
    "Outcome",
    "Packaging",
    "PackagingRule",
    "Plan",
    "PlanEntry",
    "PointsAtLeast",
    "PointsAtMost",
    "QualCode",
    "Qualification",
    "ReleaseInfo",
    "Selector",
    "Source",
    "Specialisation",
    "Unit",
    "UnitCode",
    "UnitFile",
    "UnitGroup",
]
