"""Typed models of the register (qualifications, units) and of plans.

All models reject unknown keys and are immutable once loaded.
"""

from qualcheck.models.common import AqfLevel, Mapping, QualCode, ReleaseInfo, Source, UnitCode
from qualcheck.models.plan import Outcome, Plan, PlanEntry
from qualcheck.models.qualification import (
    AtLeast,
    AtMost,
    ElectivesFrom,
    ManualCheck,
    Packaging,
    PackagingRule,
    Qualification,
    Selector,
    UnitGroup,
)
from qualcheck.models.unit import Unit, UnitFile

__all__ = [
    "AqfLevel",
    "AtLeast",
    "AtMost",
    "ElectivesFrom",
    "ManualCheck",
    "Mapping",
    "Outcome",
    "Packaging",
    "PackagingRule",
    "Plan",
    "PlanEntry",
    "QualCode",
    "Qualification",
    "ReleaseInfo",
    "Selector",
    "Source",
    "Unit",
    "UnitCode",
    "UnitFile",
    "UnitGroup",
]
