"""What every rule kind's engine reading is made of: the entry a kind registers, and the two
views of one plan's elective problem it works from (the sets it builds bounds over, and the
chosen assignment it reads back as a finding), plus the wording kinds share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from qualcheck.engine.assignment import Assignment, Bound
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.selectors import inside, some_of
from qualcheck.errors import Span
from qualcheck.findings import Finding

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Packaging, Selector

Rule = TypeVar("Rule")

# How a person records a confirmation under `confirmed:` in the plan.
BY = "by: NAME, on: YYYY-MM-DD, evidence: WHERE"


@dataclass(frozen=True)
class Sets:
    """The elective pool a rule's bound is built over, with unrecorded facts read one way."""

    packaging: Packaging
    pool: list[ResolvedUnit]
    everything: frozenset[int]  # every elective of the pool
    points: dict[int, int]  # plan index -> the unit's points value
    hopeful: bool  # unrecorded facts read in the plan's favour

    def of_minimum(self, selector: Selector) -> frozenset[int]:
        """The selector's units, as a minimum's set: an unrecorded fact puts a unit inside only
        in the hopeful reading."""
        return frozenset(u.index for u in self.pool if inside(selector, u, self.hopeful))

    def of_cap(self, selector: Selector) -> frozenset[int]:
        """The selector's units, as a cap's set: an unrecorded fact puts a unit inside except in
        the hopeful reading."""
        return frozenset(u.index for u in self.pool if inside(selector, u, not self.hopeful))


@dataclass(frozen=True)
class Reading:
    """One plan's elective problem once solved: what a kind reads its finding from."""

    packaging: Packaging
    pool: list[ResolvedUnit]
    by_index: dict[int, ResolvedUnit]
    eligible: list[int]  # plan indices of electives every source rule allows
    bounds: list[Bound]
    solution: Assignment
    plan_codes: set[str]  # codes never suggested as units to add
    recorded: frozenset[str]
    units_span: Span
    why_not: dict[int, str]  # filled in: plan index -> why an elective does not count

    def bound(self, rule_id: str) -> Bound:
        return next(b for b in self.bounds if b.key == rule_id)


@dataclass(frozen=True)
class KindEngine(Generic[Rule]):
    """How the engine judges one rule kind."""

    code: str  # the finding code its finding carries (see qualcheck.codes)
    bound: Callable[[Rule, Sets], Bound | None]  # None: the kind limits eligibility, not counts
    read: Callable[[Rule, Reading], Finding]
    judged_first: bool = False  # said before the counting rules (where electives may come from)


def add_hint(count: int, what: str, candidates: list[str]) -> str:
    unit_word = "unit" if count == 1 else "units"
    if not candidates:
        return f"add {count} more {unit_word} from {what}"
    return f"add {count} more {unit_word} from {what}, such as {some_of(candidates)}"


def plural(n: int) -> str:
    return "" if n == 1 else "s"
