"""The elective search, remembered by exactly what it reads of a plan.

The search (the eligible electives, the bounds each rule becomes, the points the core brings,
and the assignment that best meets them) reads each unit's place in the plan and a handful of
facts about it: whether it counts and is core, the groups it is listed in or may be, its AQF
level, whether it is imported, whether a units file defines it, its points value, its package
(import windows admit packages), and its code only where a rule names units by code. Many plans
share those facts while naming different units, so a batch of 10,000 plans asks only a few
hundred different questions. The answer is indices only (which entry counted where): each plan
reads it back against its own units, so every code, message and line number stays its own.

The key holds every one of those facts: two plans that differ in any of them are searched
apart (tests/test_memo.py holds both directions).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from qualcheck.engine.assignment import Assignment, Bound
from qualcheck.engine.resolve import ResolvedUnit

if TYPE_CHECKING:  # models and plain records alike (models.shapes)
    from qualcheck.models.shapes import ElectivesFrom, PackagingRule, Qualification

#: Questions remembered at most; then forgotten all at once (a run asks few).
MAX_REMEMBERED = 4096
#: After this many questions, remembering goes on only while at least one in HIT_SHARE was answered
#: from memory: an audit's plans, already shared by its own judgement, differ, and would pay for
#: keys never used again (measured: 20 % of an audit's time).
TRIAL = 512
HIT_SHARE = 4

T = TypeVar("T")


@dataclass(frozen=True)
class Solved:
    """The search problem of one plan and its answer, in plan indices."""

    eligible: list[int]
    bounds: list[Bound]
    core_points: int
    solution: Assignment


class Memo(Generic[T]):
    """Answers by key; `enabled` False computes every answer afresh (for the tests that compare)."""

    def __init__(self) -> None:
        self.enabled = True
        self._answers: dict[Hashable, tuple[Qualification, T]] = {}
        self._asked = 0
        self._hits = 0

    def worth_asking(self) -> bool:
        """Whether to build a key at all: remembering is on and, past the trial, pays."""
        if not self.enabled:
            return False
        return self._asked < TRIAL or self._hits * HIT_SHARE >= self._asked

    def get(self, qualification: Qualification, key: Hashable, compute: Callable[[], T]) -> T:
        if not self.enabled:
            return compute()
        self._asked += 1
        known = self._answers.get(key)
        # The key holds the qualification's id; the answer holds the qualification itself, so
        # the id cannot pass to another one while the answer is remembered.
        if known is not None and known[0] is qualification:
            self._hits += 1
            return known[1]
        answer = compute()
        if len(self._answers) >= MAX_REMEMBERED:
            self._answers.clear()
        self._answers[key] = (qualification, answer)
        return answer

    def clear(self) -> None:
        """Forget every answer, and whether remembering paid: the next questions are a new trial."""
        self._answers.clear()
        self._asked = self._hits = 0


SEARCHES: Memo[Solved] = Memo()


def search_key(
    qualification: Qualification,
    units: Sequence[ResolvedUnit],
    extra_rules: Sequence[PackagingRule],
    hopeful: bool,
    implicit_sources: Sequence[ElectivesFrom],
) -> Hashable:
    """Everything the elective search reads: the rules in force, the points the core brings,
    and the facts of each elective that counts (the pool: no other entry is searched)."""
    packaging = qualification.packaging
    rules_key = (
        id(qualification),
        tuple(id(rule) for rule in extra_rules),
        # Built afresh for each plan (electives._unseen_sources), so known by what it says.
        tuple(repr(rule) for rule in implicit_sources),
    )
    reads = _RULE_READS.get(
        qualification, rules_key, lambda: _reads([*packaging.rules, *extra_rules, *implicit_sources])
    )
    points = packaging.points
    core_points = (
        sum(points.get(u.listed_as or u.code, 0) for u in units if u.counts and u.core) if points else 0
    )
    return (
        rules_key,
        hopeful,
        core_points,
        tuple(
            (
                u.index,
                u.groups,
                u.maybe_in,
                u.maybe_core,
                _level(u, reads),
                u.listed_as is None,  # imported
                u.exists_unknown,
                points.get(u.listed_as or u.code, 0) if points else 0,
                u.code[:3] if reads.windows else None,
                u.code if u.code in reads.codes else None,
                u.listed_as if u.listed_as in reads.codes else None,
            )
            for u in units
            if u.counts and not u.core
        ),
    )


@dataclass(frozen=True)
class _Reads:
    """What the rules' selectors test a unit against."""

    codes: frozenset[str]  # named outright (`units:`): only these codes are read as codes
    levels: frozenset[int]  # the selectors' own `levels:`, tested on every unit
    window_levels: frozenset[int]  # import windows' levels, tested on imported units only
    windows: bool  # some selector has an import window (it tests the unit's package)


_RULE_READS: Memo[_Reads] = Memo()  # by the rules in force: the same for every plan of a qualification


def clear_all() -> None:
    """Forget every remembered search and rule reading (assignment.clear_caches calls it)."""
    SEARCHES.clear()
    _RULE_READS.clear()


def _reads(rules: Sequence[PackagingRule]) -> _Reads:
    codes: set[str] = set()
    levels: set[int] = set()
    window_levels: set[int] = set()
    windows = False
    for rule in rules:
        selector = getattr(rule, "from_", None)
        if selector is None:
            continue
        codes.update(selector.units)
        levels.update(selector.levels)
        for window in selector.imported:
            windows = True
            window_levels.update(window.levels)
    return _Reads(frozenset(codes), frozenset(levels), frozenset(window_levels), windows)


def _level(unit: ResolvedUnit, reads: _Reads) -> int | None:
    """The unit's level as the selectors can tell it apart: None (not recorded), a level some
    selector tests it for, or -1 for any other level (no selector tells those apart)."""
    level = unit.level
    if level is None or level in reads.levels or (unit.listed_as is None and level in reads.window_levels):
        return level
    return -1
