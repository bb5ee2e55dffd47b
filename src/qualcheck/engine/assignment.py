"""Choose which electives count, exactly.

Every counting rule becomes a `Bound` on how many counted electives fall in a set of
candidates: "at least 2 from Group A" is low=2, "up to 2 Certificate IV units" is high=2, and
"7 electives" is low=high=7 over every candidate. Bounds may overlap in any way, so this is not
a single flow problem; but units that belong to exactly the same sets (the same *signature*)
are interchangeable, and real qualifications have few signatures. The search therefore decides
how many units of each signature count, memoising on the running count per bound. It is exact:
it finds an assignment meeting every bound whenever one exists, and otherwise one that leaves
the smallest total shortfall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Bound:
    """Between `low` and `high` (None: no upper limit) counted candidates must be in `members`."""

    key: str
    members: frozenset[int]
    low: int = 0
    high: int | None = None


@dataclass(frozen=True)
class Assignment:
    counted: frozenset[int]
    shortfall: int  # sum over bounds of how far the counted set falls below `low`

    @property
    def feasible(self) -> bool:
        return self.shortfall == 0

    def count_in(self, bound: Bound) -> int:
        return len(self.counted & bound.members)


def best_assignment(candidates: Sequence[int], bounds: Sequence[Bound]) -> Assignment:
    """The assignment of `candidates` meeting `bounds` with the least shortfall.

    Upper bounds are never exceeded. Within a signature the earliest candidates (plan order)
    are the ones counted, so the same plan always gives the same assignment.
    """
    by_signature: dict[tuple[bool, ...], list[int]] = {}
    for item in candidates:
        signature = tuple(item in bound.members for bound in bounds)
        by_signature.setdefault(signature, []).append(item)
    signatures = list(by_signature)
    sizes = [len(by_signature[s]) for s in signatures]
    # Beyond its low (and without a high), a bound's count no longer matters: cap the state there.
    ceilings = [b.high if b.high is not None else b.low for b in bounds]

    @lru_cache(maxsize=None)
    def search(index: int, state: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        if index == len(signatures):
            return sum(max(0, b.low - s) for b, s in zip(bounds, state)), ()
        signature = signatures[index]
        best: tuple[int, tuple[int, ...]] | None = None
        for take in range(sizes[index], -1, -1):
            next_state = []
            for bound, inside, current, ceiling in zip(bounds, signature, state, ceilings):
                value = current + take if inside else current
                if bound.high is not None and value > bound.high:
                    break
                next_state.append(min(value, ceiling))
            else:
                shortfall, rest = search(index + 1, tuple(next_state))
                if best is None or shortfall < best[0]:
                    best = (shortfall, (take, *rest))
                    if shortfall == 0:
                        break
        assert best is not None  # take=0 never breaks an upper bound that the state already meets
        return best

    shortfall, takes = search(0, tuple(0 for _ in bounds))
    counted: set[int] = set()
    for signature, take in zip(signatures, takes):
        counted.update(by_signature[signature][:take])
    return Assignment(frozenset(counted), shortfall)
