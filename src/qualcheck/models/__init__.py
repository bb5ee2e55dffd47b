"""Typed models of the register (qualifications, units) and of plans.

All models reject unknown keys and are immutable once loaded.
"""

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
