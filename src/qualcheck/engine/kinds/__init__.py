"""The engine's reading of each packaging-rule kind, registered in one table.

A kind's module (one per kind; `points` holds both points kinds) builds the `Bound` the kind
becomes for the exact search in engine.assignment, and reads the chosen assignment back as the
kind's finding. engine.electives dispatches through `KINDS`; tests/test_rule_kinds.py fails
when a kind of the `PackagingRule` union has no entry here.
"""

from __future__ import annotations

from typing import Any

from qualcheck.engine.kinds import all_of, at_least, at_most, electives_from, points
from qualcheck.engine.kinds.base import KindEngine, Reading, Sets

# By each kind's name (`rule.kind`): the models and the plain records of a rule share it.
KINDS: dict[str, KindEngine[Any]] = {
    "electives_from": KindEngine(
        electives_from.CODE, electives_from.bound, electives_from.read, judged_first=True
    ),
    "at_least": KindEngine(at_least.CODE, at_least.bound, at_least.read),
    "at_most": KindEngine(at_most.CODE, at_most.bound, at_most.read),
    "all_of": KindEngine(all_of.CODE, all_of.bound, all_of.read),
    "points_at_least": KindEngine(points.CODE_AT_LEAST, points.bound_at_least, points.read_at_least),
    "points_at_most": KindEngine(points.CODE_AT_MOST, points.bound_at_most, points.read_at_most),
}

__all__ = ["KINDS", "KindEngine", "Reading", "Sets"]
