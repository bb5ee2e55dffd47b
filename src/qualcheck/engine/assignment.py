"""Choose which electives count, and which minimum each one is credited to, exactly.

Every counting rule becomes a `Bound` on how many counted electives fall in a set of
candidates: "7 electives" is low=high=7 over every candidate, "up to 2 Certificate IV units" is
high=2. A minimum such as "2 from Group A" is an *exclusive* bound: a unit is credited to at
most one exclusive minimum (a unit counts once), so two minimums over overlapping groups
compete for the shared units. A non-exclusive minimum ("including at least 1 from ...") simply
counts the counted units in its set.

Bounds overlap in any way, so this is not a single flow problem; but units that belong to
exactly the same sets (the same *signature*) are interchangeable, and real qualifications have
few signatures. The search decides how many units of each signature count, and how many of
those are credited to each exclusive minimum, memoising on the running count per bound. It is
exact: it finds an assignment meeting every bound whenever one exists, and otherwise one with
the smallest total shortfall below the minimums.

The search is quick on the rules qualifications state (a few dozen states), but exponential when
many minimums and caps cut across each other. Past SEARCH_BUDGET states it hands the same problem
to an integer program (engine/integer_program.py), which proves the same least Score and prefers
what the search prefers; only when that too is beyond its guard is SearchTooLarge raised and the
plan left to a person.

Points-based rules are bounds with `weights`: a unit adds its points rather than 1. Units of
different points are not interchangeable, so a weighted bound's weight is part of the signature.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache


@dataclass(frozen=True)
class Bound:
    """Between `low` and `high` (None: no limit) counted candidates must be in `members`."""

    key: str
    members: frozenset[int]
    low: int = 0
    high: int | None = None
    exclusive: bool = False  # units credited here are credited to no other exclusive bound
    weights: Mapping[int, int] | None = None  # points per candidate; None: every unit counts 1

    def weight(self, item: int) -> int:
        return 1 if self.weights is None else self.weights.get(item, 0)


@dataclass(frozen=True)
class Assignment:
    counted: frozenset[int]
    shortfall: int  # sum over bounds of how far the assignment falls below `low`
    credited: dict[str, frozenset[int]] = field(default_factory=dict)  # exclusive bound -> units

    @property
    def feasible(self) -> bool:
        return self.shortfall == 0

    def total_in(self, bound: Bound) -> int:
        """What the assignment contributes to `bound`: a count, or points for a weighted bound."""
        return sum(bound.weight(item) for item in self.in_bound(bound))

    def in_bound(self, bound: Bound) -> frozenset[int]:
        """The units this assignment counts towards `bound`."""
        if bound.exclusive:
            return self.credited.get(bound.key, frozenset())
        return self.counted & bound.members


def _splits(total: int, limits: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Ways to credit up to `total` units to bounds, at most limits[i] to bound i."""
    if not limits:
        yield ()
        return
    for first in range(min(total, limits[0]), -1, -1):
        for rest in _splits(total - first, limits[1:]):
            yield (first, *rest)


def best_assignment(
    candidates: Sequence[int], bounds: Sequence[Bound], *, search_budget: int | None = None
) -> Assignment:
    """The assignment of `candidates` meeting `bounds` with the least shortfall.

    Upper bounds are never exceeded. Within a signature the earliest candidates (plan order)
    are the ones counted, so the same plan always gives the same assignment. `search_budget`
    (default SEARCH_BUDGET) is how many states the search may visit before the integer program
    answers instead.
    """
    budget = SEARCH_BUDGET if search_budget is None else search_budget
    found = _search(candidates, bounds, True, budget)
    if found.feasible:
        return found  # the units listed first count; the surplus is what was listed last
    # When none meets every bound, several may fall equally short but in different rules;
    # which rules are reported as failing must not depend on the order units are listed in.
    return _search(candidates, bounds, False, budget)


def _search(
    candidates: Sequence[int], bounds: Sequence[Bound], in_plan_order: bool, budget: int
) -> Assignment:
    by_signature: dict[tuple[int, ...], list[int]] = {}
    for item in candidates:
        # Per bound: -1 when outside it, else what one unit adds to it (1, or its points).
        signature = tuple(bound.weight(item) if item in bound.members else -1 for bound in bounds)
        by_signature.setdefault(signature, []).append(item)
    signatures = list(by_signature) if in_plan_order else sorted(by_signature)
    limits = tuple((b.low, b.high, b.exclusive) for b in bounds)
    shape = tuple((signature, len(by_signature[signature])) for signature in signatures)
    shortfall, choices = _answer(limits, shape, budget)
    counted: set[int] = set()
    credited: dict[str, set[int]] = {b.key: set() for b in bounds if b.exclusive}
    for signature, targets, (take, split) in zip(
        signatures, exclusive_targets(limits, shape), choices, strict=True
    ):
        chosen = by_signature[signature][:take]
        counted.update(chosen)
        start = 0
        for j, amount in zip(targets, split, strict=True):
            credited[bounds[j].key].update(chosen[start : start + amount])
            start += amount
    return Assignment(frozenset(counted), shortfall, {k: frozenset(v) for k, v in credited.items()})


Limits = tuple[tuple[int, int | None, bool], ...]  # per bound: low, high, exclusive
Shape = tuple[tuple[tuple[int, ...], int], ...]  # per signature, in search order: how many units
Choices = tuple[tuple[int, tuple[int, ...]], ...]  # per signature: units counted, credit per target
# The total shortfall, then each bound's shortfall in the order the rules are stated: compared as
# a tuple, so among assignments equally short in all, the earlier-stated rules are the ones met.
Score = tuple[int, tuple[int, ...]]


def exclusive_targets(limits: Limits, shape: Shape) -> list[list[int]]:
    """Per signature, the exclusive bounds its units could be credited to."""
    return [
        [j for j, (_, _, exclusive) in enumerate(limits) if exclusive and sig[j] >= 0] for sig, _ in shape
    ]


@lru_cache(maxsize=4096)
def _answer(limits: Limits, shape: Shape, budget: int) -> tuple[int, Choices]:
    """The least shortfall and the choices reaching it: the search's within `budget` states, else
    the integer program's. Only the bounds' limits and how many units share each signature
    matter, so a cohort of plans with the same make-up is answered once."""
    try:
        return _solve(limits, shape, budget)
    except SearchTooLarge:
        from qualcheck.engine import integer_program  # it imports the solver only when needed

        return integer_program.solve(limits, shape)


def clear_caches() -> None:
    """Forget every answer kept, the elective memo's included, so the next plan is solved afresh
    (benchmarks, tests). The modules holding the others are asked only when loaded: the memo
    imports this module, and the solver loads only for plans that need it."""
    _answer.cache_clear()
    integer_program = sys.modules.get("qualcheck.engine.integer_program")
    if integer_program is not None:
        integer_program.clear_caches()
    memo = sys.modules.get("qualcheck.engine.memo")
    if memo is not None:
        memo.clear_all()


def _solve(limits: Limits, shape: Shape, budget: int) -> tuple[int, Choices]:
    """The least shortfall and the choices reaching it, found by the search.

    Ties in the total are broken by rule order (see Score): the rules stated first are met first,
    which is what the qualification's own wording suggests and does not depend on unit order.

    Two things keep the search small. A bound no later signature touches is *closed*: its
    shortfall is settled, so it leaves the state (set to 0) and is added to the score, and states
    that differ only in closed bounds are one. And a branch whose settled shortfall plus a lower
    bound on what is still to come exceeds the best total found is cut: nothing below it can win.
    """
    ceilings = [high if high is not None else low for low, high, _ in limits]
    targets_of = exclusive_targets(limits, shape)
    closing = _closing(limits, shape)
    supply = _supply(limits, shape)
    never = tuple(j for j in range(len(limits)) if not any(sig[j] >= 0 for sig, _ in shape))
    # Per index: the minimums still open after it (closed ones are settled), and those never touched.
    closed_by = [set().union(*map(set, closing[: i + 1])) for i in range(len(shape))]
    open_after = [
        tuple(j for j, (low, _, _) in enumerate(limits) if low and j not in closed_by[i])
        for i in range(len(shape))
    ]

    visited = [0]

    @cache
    def search(index: int, state: tuple[int, ...]) -> tuple[Score, Choices]:
        visited[0] += 1
        if visited[0] > budget:
            raise SearchTooLarge(f"the search for an assignment would visit more than {budget:,} states")
        if index == len(shape):
            short = [0] * len(limits)
            for j in never:
                short[j] = max(0, limits[j][0] - state[j])
            return (sum(short), tuple(short)), ()
        (signature, available), targets = shape[index], targets_of[index]
        best: tuple[Score, Choices] | None = None
        for take in range(available, -1, -1):
            # How many units it still makes sense to credit to each exclusive bound.
            room = [-(-(ceilings[j] - state[j]) // signature[j]) if signature[j] > 0 else 0 for j in targets]
            for split in _splits(take, room):
                next_state = _advance(
                    limits, signature, state, take, dict(zip(targets, split, strict=True)), ceilings
                )
                if next_state is None:
                    continue
                settled, next_state = _close(limits, closing[index], next_state)
                bound_below = sum(settled) + _still_short(
                    limits, open_after[index], supply[index + 1], next_state
                )
                if best is not None and bound_below > best[0][0]:
                    continue
                (total, rest), choices = search(index + 1, next_state)
                score = (total + sum(settled), tuple(a + b for a, b in zip(rest, settled, strict=True)))
                if best is None or score < best[0]:
                    best = (score, ((take, split), *choices))
                    if score[0] == 0:
                        return best
        assert best is not None  # taking nothing never breaks a bound the state already meets
        return best

    (shortfall, _), choices = search(0, tuple(0 for _ in limits))
    return shortfall, choices


# States the search may visit before the integer program takes over: 5-10 ms of work. The bundled
# examples, the corpus and the property tests need at most 67. Within it the search answers; past
# it the integer program does, with the same Score, and unit for unit the same answer wherever its
# preference weights are exact (integer_program.preference_is_exact: plans of realistic size).
SEARCH_BUDGET = 200


class SearchTooLarge(Exception):
    """No exact answer within the limits (the search's budget; past it, the integer program's
    guard): no answer is given rather than a guess, and rather than a run that does not end."""


def _closing(limits: Limits, shape: Shape) -> list[tuple[int, ...]]:
    """Per signature index, the bounds it is the last to touch."""
    last: dict[int, int] = {}
    for index, (signature, _) in enumerate(shape):
        for j, weight in enumerate(signature):
            if weight >= 0:
                last[j] = index
    closing: list[list[int]] = [[] for _ in shape]
    for j, index in last.items():
        closing[index].append(j)
    return [tuple(sorted(c)) for c in closing]


def _close(
    limits: Limits, closed: tuple[int, ...], state: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The settled shortfall of the bounds closing here (per bound), and the state without them."""
    settled = [0] * len(limits)
    if not closed:
        return tuple(settled), state
    values = list(state)
    for j in closed:
        settled[j] = max(0, limits[j][0] - values[j])
        values[j] = 0
    return tuple(settled), tuple(values)


def _supply(limits: Limits, shape: Shape) -> list[tuple[int, ...]]:
    """Per signature index, the most each bound can still gain from that signature on."""
    supply = [tuple(0 for _ in limits)]
    for signature, available in reversed(shape):
        gain = tuple(
            prev + (available * signature[j] if signature[j] > 0 else 0) for j, prev in enumerate(supply[-1])
        )
        supply.append(gain)
    supply.reverse()
    return supply


def _still_short(
    limits: Limits, minimums: tuple[int, ...], supply: tuple[int, ...], state: tuple[int, ...]
) -> int:
    """A lower bound on the shortfall still to come: what each minimum not yet settled cannot
    reach even if every later unit inside it counted towards it."""
    return sum(max(0, limits[j][0] - state[j] - supply[j]) for j in minimums)


def _advance(
    limits: Limits,
    signature: tuple[int, ...],
    state: tuple[int, ...],
    take: int,
    credit: dict[int, int],
    ceilings: list[int],
) -> tuple[int, ...] | None:
    """The state after counting `take` units of `signature`; None if an upper bound breaks."""
    values = []
    for j, (_, high, exclusive) in enumerate(limits):
        # An exclusive bound gains only the units credited to it; others gain every unit inside.
        # signature[j] is what one unit adds to bound j (1, or its points), or -1 outside it.
        units = credit.get(j, 0) if exclusive else (take if signature[j] >= 0 else 0)
        value = state[j] + units * max(signature[j], 0)
        if high is not None and value > high:
            return None
        values.append(min(value, ceilings[j]))
    return tuple(values)
