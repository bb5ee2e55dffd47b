"""The assignment problem as an integer program, for rules the search (engine/assignment.py) cannot
cover within its budget: many minimums and caps overlapping in arbitrary ways.

The unknowns are the search's own choices: how many units of each signature count, how many of
those are credited to each exclusive bound it may be credited to, and each bound's shortfall below
its minimum. Upper bounds are constraints, so no answer ever breaks one. The Score is the search's:
the least total shortfall, then each bound's shortfall in the order the rules are stated, the
earlier-stated rules met first. Among assignments of that Score the search's own preference
decides (see _prefer_earlier): wherever its weights are exact, which covers every plan of
realistic size, the answer is the search's, unit for unit.

HiGHS (through highspy) proves each optimum; it is imported only here, and only when a plan needs
it. Every answer is recounted against the bounds before it is returned. A model beyond the guard
(VARIABLE_LIMIT, NODE_LIMIT, TIME_LIMIT), a solver that cannot be loaded, or any answer that is not
a proven optimum raises SearchTooLarge: the plan is not judged rather than judged on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qualcheck.engine.assignment import Choices, Limits, SearchTooLarge, Shape, exclusive_targets

# The guard: far beyond any packaging rules (60 units over a dozen overlapping groups is about 200
# variables and a few hundred branch-and-bound nodes), so only a plan built to be absurd meets it.
VARIABLE_LIMIT = 20_000
NODE_LIMIT = 200_000  # branch-and-bound nodes per solve: deterministic, unlike time
TIME_LIMIT = 60.0  # seconds per solve: only so that nothing runs without end
# Weights that stand for a lexicographic order in one objective stay below these, where a double
# holds every integer exactly and the solver's tolerances stay below one unit. The Score's is kept
# lower: it decides which rules fail. The preference's only picks among equally good answers; on
# 400 random problems of 10 to 26 units it gave the search's answer, unit for unit, every time its
# weights stayed below 2**45.
EXACT_WEIGHTS = 2**31
EXACT_PREFERENCE = 2**40


@dataclass(frozen=True)
class _Model:
    """Column numbers of the unknowns: per signature, its count and its credit per target."""

    take: tuple[int, ...]
    credit: tuple[tuple[int | None, ...], ...]  # per signature, per target: a column, or None
    short: dict[int, int]  # bound index -> its shortfall column


def solve(limits: Limits, shape: Shape) -> tuple[int, Choices]:
    """The least shortfall and choices reaching it (the search's result shape), for `shape` in
    the order its signatures are preferred. The caller (assignment._answer) keeps the answers."""
    targets = exclusive_targets(limits, shape)
    size = len(shape) + sum(len(t) for t in targets) + len(limits)
    if size > VARIABLE_LIMIT:
        raise SearchTooLarge(
            f"the integer program would have {size:,} unknowns (the limit is {VARIABLE_LIMIT:,})"
        )
    highs, model = _build(limits, shape, targets)
    most = _prefer_earlier(highs, model, limits, shape, targets)
    values: list[int] | None = None
    # Usually every bound can be met: then one solve, with any shortfall outweighing every
    # preference, gives the answer. When the least shortfall is not nought, the Score is found
    # apart (the same for both of best_assignment's orders) and the preference solved within it.
    if (most + 1) * (1 + sum(low for low, _, _ in limits)) <= EXACT_PREFERENCE:
        for column in model.short.values():
            highs.changeColCost(column, -float(most + 1))
        values = _run(highs)
        if any(values[column] for column in model.short.values()):
            values = None
        for column in model.short.values():
            highs.changeColCost(column, 0.0)
    best = tuple(0 for _ in limits) if values is not None else _least_score(limits, tuple(sorted(shape)))
    if values is None:
        for j, column in model.short.items():
            highs.changeColBounds(column, float(best[j]), float(best[j]))
        values = _run(highs)
    choices: Choices = tuple(
        (
            values[model.take[s]],
            tuple(0 if column is None else values[column] for column in model.credit[s]),
        )
        for s in range(len(shape))
    )
    _check(limits, shape, targets, choices, best)
    return sum(best), choices


def clear_caches() -> None:
    _least_score.cache_clear()


def _highs() -> Any:
    """A silent HiGHS instance. highspy's public class logs a banner to standard output when it is
    made, before any option can be set; a report on standard output must never carry it, so the
    core class is made directly and silenced before it is used."""
    try:
        from highspy import _core
    except ImportError as exc:  # a platform without highspy's wheels
        raise SearchTooLarge(f"the integer solver (highspy) could not be imported: {exc}") from None
    core_class = getattr(_core, "_Highs", None)
    if core_class is None:
        raise SearchTooLarge("this highspy has no silent core class to solve with")
    highs = core_class()
    highs.setOptionValue("output_flag", False)
    # One thread: the models are small, and threads only add start-up cost and contention with
    # the other work of a run (measured: a one-node solve took 2-3 times longer with them).
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    highs.setOptionValue("mip_max_nodes", NODE_LIMIT)
    highs.setOptionValue("time_limit", TIME_LIMIT)
    return highs


def _build(limits: Limits, shape: Shape, targets: list[list[int]]) -> tuple[Any, _Model]:
    from highspy import _core

    infinity = _core.kHighsInf
    highs = _highs()
    upper: list[float] = []
    take: list[int] = []
    credit: list[tuple[int | None, ...]] = []
    for (signature, available), own in zip(shape, targets, strict=True):
        take.append(len(upper))
        upper.append(available)
        own_credit: list[int | None] = []
        for j in own:
            # A unit worth no points adds nothing to a minimum: the search never credits one.
            own_credit.append(len(upper) if signature[j] > 0 else None)
            if signature[j] > 0:
                upper.append(_most_credited(signature[j], available, limits[j]))
        credit.append(tuple(own_credit))
    short: dict[int, int] = {}
    for j, (low, _, _) in enumerate(limits):
        if low > 0:
            short[j] = len(upper)
            upper.append(low)
    count = len(upper)
    highs.addVars(count, [0.0] * count, upper)
    highs.changeColsIntegrality(count, list(range(count)), [_core.HighsVarType.kInteger] * count)
    model = _Model(tuple(take), tuple(credit), short)

    rows: list[tuple[float, float, list[int], list[float]]] = []
    for s in range(len(shape)):
        # Units are credited only out of those counted, each to one minimum at most.
        credited = [c for c in model.credit[s] if c is not None]
        if credited:
            rows.append((-infinity, 0.0, [model.take[s], *credited], [-1.0] + [1.0] * len(credited)))
    for j, (low, high, exclusive) in enumerate(limits):
        terms = _terms(model, shape, targets, j, exclusive)
        columns, weights = [c for c, _ in terms], [float(w) for _, w in terms]
        if high is not None:
            rows.append((-infinity, float(high), columns, weights))
        if exclusive and all(w == 1 for _, w in terms):
            # Credited only what the minimum needs (or its cap allows), as the search credits.
            rows.append((-infinity, float(_ceiling((low, high, exclusive))), columns, weights))
        elif exclusive:
            rows += _credited_as_searched(highs, terms, upper, _ceiling((low, high, exclusive)))
        if j in short:
            rows.append((float(low), infinity, [*columns, short[j]], [*weights, 1.0]))
    for lower, upper_value, columns, weights in rows:
        if columns:
            highs.addRow(lower, upper_value, len(columns), columns, weights)
    return highs, model


def _credited_as_searched(
    highs: Any, terms: list[tuple[int, int]], upper: list[float], ceiling: int
) -> list[tuple[float, float, list[int], list[float]]]:
    """Rows that credit a points-weighted exclusive bound as the search does: signature by
    signature, units are credited only while the points credited before the last of them stay
    below the ceiling. A switch per signature (1: some credited here) makes the rule conditional."""
    from highspy import _core

    first = highs.getNumCol()
    highs.addVars(len(terms), [0.0] * len(terms), [1.0] * len(terms))
    switches = list(range(first, first + len(terms)))
    highs.changeColsIntegrality(len(switches), switches, [_core.HighsVarType.kInteger] * len(switches))
    big = float(sum(weight * upper[column] for column, weight in terms))
    rows: list[tuple[float, float, list[int], list[float]]] = []
    for k, ((column, weight), switch) in enumerate(zip(terms, switches, strict=True)):
        rows.append((-_core.kHighsInf, 0.0, [column, switch], [1.0, -upper[column]]))
        # credited before + (units here - 1) * points <= ceiling - 1, when any are credited here
        before = terms[:k]
        rows.append(
            (
                -_core.kHighsInf,
                float(ceiling - 1 + weight) + big,
                [*(c for c, _ in before), column, switch],
                [*(float(w) for _, w in before), float(weight), big],
            )
        )
    return rows


def _terms(
    model: _Model, shape: Shape, targets: list[list[int]], j: int, exclusive: bool
) -> list[tuple[int, int]]:
    """(column, what one unit adds) for every unknown that adds to bound j."""
    terms: list[tuple[int, int]] = []
    for s, (signature, _) in enumerate(shape):
        if signature[j] <= 0:
            continue  # outside the bound, or worth no points in it
        if not exclusive:
            terms.append((model.take[s], signature[j]))
            continue
        column = model.credit[s][targets[s].index(j)]
        if column is not None:
            terms.append((column, signature[j]))
    return terms


@lru_cache(maxsize=256)
def _least_score(limits: Limits, shape: Shape) -> tuple[int, ...]:
    """Each bound's shortfall in the least Score. It does not depend on the order of the
    signatures, so both of best_assignment's orders share one answer (`shape` comes sorted)."""
    highs, model = _build(limits, shape, exclusive_targets(limits, shape))
    return _least_shortfall(highs, model, limits)


def _least_shortfall(highs: Any, model: _Model, limits: Limits) -> tuple[int, ...]:
    """Each bound's shortfall in the least Score: the total first, then rule by rule."""
    best = [0] * len(limits)
    columns = list(model.short.items())
    if not columns:
        return tuple(best)
    for _, column in columns:
        highs.changeColCost(column, 1.0)
    values = _run(highs)
    total = sum(values[column] for _, column in columns)
    if total > 0:
        highs.addRow(float(total), float(total), len(columns), [c for _, c in columns], [1.0] * len(columns))
        # The earlier a rule is stated, the heavier its shortfall: one solve when the weights
        # stay exact, else one solve per rule in order.
        weights, weight = [], 1
        for j, _ in reversed(columns):
            weights.append(weight)
            weight *= limits[j][0] + 1
        weights.reverse()
        if weight <= EXACT_WEIGHTS:
            for (_, column), w in zip(columns, weights, strict=True):
                highs.changeColCost(column, float(w))
            values = _run(highs)
        else:
            for _, column in columns:
                highs.changeColCost(column, 0.0)
            for _, column in columns:
                highs.changeColCost(column, 1.0)
                values = _run(highs)
                highs.changeColCost(column, 0.0)
                highs.changeColBounds(column, float(values[column]), float(values[column]))
    for j, column in columns:
        best[j] = values[column]
    return tuple(best)


def _prefer_earlier(highs: Any, model: _Model, limits: Limits, shape: Shape, targets: list[list[int]]) -> int:
    """Among assignments of the least Score, the search's own preference: as many units as may
    count of the first signature, then as many of those as may be credited to its first target,
    and so on, signature after signature (the order in which the search tries its choices).

    That order is lexicographic; weights stand for it exactly while their product stays within
    EXACT_PREFERENCE, and then the answer is the search's, unit for unit. Beyond that (dozens of
    signatures) each choice is weighted by how early it comes: earlier units and earlier-stated
    minimums are still preferred, but among equals the choice is the solver's. Returns the most
    the preference can add up to."""
    from highspy import _core

    # (column, most it can take), in the search's order
    choices = list(
        zip(
            [c for s in range(len(shape)) for c in (model.take[s], *model.credit[s]) if c is not None],
            _choice_ranges(limits, shape, targets),
            strict=True,
        )
    )
    weights: list[int] = []
    if preference_is_exact(limits, shape):
        weight = 1
        for _, most in reversed(choices):
            weights.append(weight)
            weight *= most + 1
        weights.reverse()
    else:
        exclusive = [j for j, (_, _, e) in enumerate(limits) if e]
        rank = {j: len(exclusive) - n for n, j in enumerate(exclusive)}
        credit_total = 1 + sum(
            available * rank[j]
            for s, (_, available) in enumerate(shape)
            for j, column in zip(targets[s], model.credit[s], strict=True)
            if column is not None
        )
        for s in range(len(shape)):
            weights.append((len(shape) - s) * credit_total)
            weights.extend(
                rank[j] for j, column in zip(targets[s], model.credit[s], strict=True) if column is not None
            )
    for (column, _), weight in zip(choices, weights, strict=True):
        highs.changeColCost(column, float(weight))
    highs.changeObjectiveSense(_core.ObjSense.kMaximize)
    return sum(weight * most for (_, most), weight in zip(choices, weights, strict=True))


def preference_is_exact(limits: Limits, shape: Shape) -> bool:
    """Whether the preference's weights stand for the search's order exactly, so that the answer
    is the search's, unit for unit."""
    product = 1
    for most in _choice_ranges(limits, shape, exclusive_targets(limits, shape)):
        product *= most + 1
    return product <= EXACT_PREFERENCE


def _choice_ranges(limits: Limits, shape: Shape, targets: list[list[int]]) -> list[int]:
    """The most each of the search's choices can take, in its order: per signature, how many
    count, then how many are credited to each target a unit adds to."""
    ranges: list[int] = []
    for (signature, available), own in zip(shape, targets, strict=True):
        ranges.append(available)
        ranges.extend(_most_credited(signature[j], available, limits[j]) for j in own if signature[j] > 0)
    return ranges


def _most_credited(weight: int, available: int, limit: tuple[int, int | None, bool]) -> int:
    """The most units of a signature credited to one exclusive bound: no more than it needs, when
    each unit adds one (a unit of several points may carry it past by less than its points)."""
    return min(available, _ceiling(limit)) if weight == 1 else available


def _ceiling(limit: tuple[int, int | None, bool]) -> int:
    """The most an exclusive bound is credited (in points): what it needs, or its cap."""
    low, high, _ = limit
    return high if high is not None else low


def _run(highs: Any) -> list[int]:
    """Solve; the integer values of the unknowns, or SearchTooLarge when optimality is not proven."""
    from highspy import _core

    highs.run()
    status = highs.getModelStatus()
    if status != _core.HighsModelStatus.kOptimal:
        raise SearchTooLarge(
            f"the integer solver stopped without a proven optimum ({highs.modelStatusToString(status)})"
        )
    return [round(v) for v in highs.getSolution().col_value]


def _check(
    limits: Limits, shape: Shape, targets: list[list[int]], choices: Choices, best: tuple[int, ...]
) -> None:
    """The answer, recounted: it breaks no upper bound and falls short exactly as the solver says."""
    totals = [0] * len(limits)
    for (signature, available), own, (take, split) in zip(shape, targets, choices, strict=True):
        if not 0 <= take <= available or min(split, default=0) < 0 or sum(split) > take:
            raise SearchTooLarge("the integer solver's answer failed its check (counts)")
        credit = dict(zip(own, split, strict=True))
        for j, (_, _, exclusive) in enumerate(limits):
            units = credit.get(j, 0) if exclusive else (take if signature[j] >= 0 else 0)
            totals[j] += units * max(signature[j], 0)
    for j, (low, high, _) in enumerate(limits):
        if (high is not None and totals[j] > high) or max(0, low - totals[j]) != best[j]:
            raise SearchTooLarge("the integer solver's answer failed its check (bounds)")
