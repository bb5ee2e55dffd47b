"""`qualcheck suggest PLAN`: the fewest units to add that make a plan valid, found by the engine.

Every suggestion is a plan the engine itself judged valid; none is a hint list. Candidates are the
units the qualification lists that the plan does not already hold (no code in the plan, with any
outcome, nor one equivalent to it, is suggested; with a scope, only units on it). Missing core
units are part of every answer. Listed electives that read the same to every rule (the same
groups, AQF level, points and prerequisites) are interchangeable, so the search counts how many of
each kind to add, fewest first, and each alternative names its kind's units in list order.
Imported units are not enumerated (the register holds only some packages): an answer is the
fewest *listed* units, and the report says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from qualcheck.commands.transfer import rebuilt
from qualcheck.engine import check_plan
from qualcheck.engine.resolve import effective_level
from qualcheck.engine.view import LocatedPlan
from qualcheck.findings import PlanResult, Verdict
from qualcheck.gates.scope import covering, judge_on_scope
from qualcheck.gates.scopefile import Scope
from qualcheck.models import PlanEntry, Qualification
from qualcheck.register.store import Register

# The most units a suggestion may add: a whole qualification's electives is far fewer.
MAX_ADDED = 40
# The most kinds of units combined in one search step; beyond it the search says it stopped.
MAX_TRIES = 5_000


@dataclass(frozen=True)
class Kind:
    """Listed units that every rule reads alike, in list order."""

    codes: tuple[str, ...]
    describe: str  # "Group A, AQF 5"


@dataclass(frozen=True)
class Suggestion:
    add: tuple[str, ...]  # the units to add, core first, then electives in list order
    choices: tuple[tuple[Kind, int], ...]  # the electives as how many of each kind (any of its units)


@dataclass
class Suggestions:
    plan: PlanResult
    found: list[Suggestion]
    core: tuple[str, ...]  # missing core units: in every suggestion
    reason: str = ""  # why none was found, when none was

    def exit_code(self) -> int:
        """0 when the plan is valid already or a suggestion was found, 1 when none makes it valid."""
        return 0 if self.plan.verdict() is Verdict.VALID or self.found else 1


def suggest(
    located: LocatedPlan,
    register: Register,
    as_of: dt.date | None = None,
    limit: int = 3,
    scope: Scope | None = None,
) -> Suggestions:
    """Up to `limit` ways to make the plan valid with the fewest listed units added."""
    result = _judged(located, register, as_of, scope)
    if result.verdict() is Verdict.VALID:
        return Suggestions(result, [], ())
    qualification = register.qualification(located.plan.qualification)
    assert qualification is not None  # check_plan raised otherwise
    in_plan: set[str] = set().union(*(register.equivalents(e.code) for e in located.plan.units))
    held = set(in_plan)
    allowed = []
    for code in _listed(qualification):
        if code not in held and _on_scope(code, scope, register):
            allowed.append(code)
            held |= register.equivalents(code)  # one of each set of equivalent units: they count once
    allowed = _prerequisites_met(allowed, in_plan, qualification, register)
    # Adding a unit whose prerequisites are all there never makes a plan less valid (a unit too
    # many only goes uncounted), so when every such unit together does not make the plan valid,
    # no set of them does: say so at once rather than search.
    everything = _verdict_with(located, tuple(allowed), register, as_of, scope)
    if everything is not Verdict.VALID:
        return Suggestions(result, [], (), _none_found(everything))
    core = tuple(c for c in qualification.packaging.core if c in allowed)
    kinds = _kinds([c for c in allowed if c not in core], qualification, register)
    found: list[Suggestion] = []
    tried = 0
    for size in range(0, MAX_ADDED + 1 - len(core)):
        for counts in _multisets(kinds, size):
            tried += 1
            if tried > MAX_TRIES:
                return Suggestions(result, found, core, f"stopped after {MAX_TRIES:,} combinations")
            add = core + tuple(code for kind, n in zip(kinds, counts, strict=True) for code in kind.codes[:n])
            if _valid_with(located, add, register, as_of, scope):
                choices = tuple((k, n) for k, n in zip(kinds, counts, strict=True) if n)
                found.append(Suggestion(add, choices))
                if len(found) >= limit:
                    return Suggestions(result, found, core)
        if found:
            return Suggestions(result, found, core)
    return Suggestions(result, found, core, _none_found(result.verdict()))


def _none_found(verdict: Verdict) -> str:
    """Why no suggestion, from the verdict the plan gets with every listed unit added."""
    if verdict is Verdict.UNDECIDED:
        return (
            "no set of the listed units makes the plan valid: even with all of them, rules hang on "
            "facts the register does not record, which adding units does not settle; confirm the "
            "facts `qualcheck validate` names"
        )
    return "no set of the listed units makes the plan valid"


def _prerequisites_met(
    codes: list[str], held: set[str], qualification: Qualification, register: Register
) -> list[str]:
    """The candidates whose prerequisites the plan holds or other such candidates supply: a unit
    needing one nobody could add would fail its prerequisite rule, so is never in an answer."""
    marked = qualification.packaging.prerequisites
    needs = {}
    for code in codes:
        unit = register.unit(code)
        needs[code] = set(marked.get(code, ())) | set(unit.prerequisites if unit else ())
    kept = set(codes)
    while True:
        dropped = {c for c in kept if not all(n in held or n in kept for n in needs[c])}
        if not dropped:
            return [c for c in codes if c in kept]
        kept -= dropped


def _listed(qualification: Qualification) -> list[str]:
    p = qualification.packaging
    return list(dict.fromkeys([*p.core, *(c for g in p.groups.values() for c in g.units)]))


def _on_scope(code: str, scope: Scope | None, register: Register) -> bool:
    return scope is None or covering(code, scope, register) is not None


class _Reading(NamedTuple):
    """What a rule may read of a listed unit: units alike in all of it are interchangeable."""

    groups: tuple[str, ...]
    level: int | None
    points: int | None
    prerequisites: tuple[str, ...]
    unknown: bool  # no units file defines it
    named: str | None  # its code, when a rule names it by code


def _kinds(codes: list[str], qualification: Qualification, register: Register) -> list[Kind]:
    """The candidates grouped by everything a rule may read of them."""
    p = qualification.packaging
    rules = [*p.rules, *(r for spec in p.specialisations.values() for r in spec.rules)]
    # A unit a rule names by code reads differently from the rest of its group: a kind of its own.
    named = {code for rule in rules if rule.from_ is not None for code in rule.from_.units}
    by_reading: dict[_Reading, list[str]] = {}
    for code in codes:
        unit = register.unit(code)
        reading = _Reading(
            tuple(sorted(k for k, g in p.groups.items() if code in g.units)),
            effective_level(register, code, unit.level if unit else None, True, None)[0],
            p.points.get(code),
            tuple(p.prerequisites.get(code, ())),
            unit is None,
            code if code in named else None,
        )
        by_reading.setdefault(reading, []).append(code)
    return [Kind(tuple(members), _words(r, qualification)) for r, members in by_reading.items()]


def _words(reading: _Reading, qualification: Qualification) -> str:
    """'Group A; AQF 5; needs BSBXYZ101'."""
    groups = qualification.packaging.groups
    words = [", ".join(groups[g].title for g in reading.groups) or "listed"]
    words.append(f"AQF {reading.level}" if reading.level is not None else "AQF level not recorded")
    if reading.points is not None:
        words.append(f"{reading.points} points")
    if reading.prerequisites:
        words.append("needs " + ", ".join(reading.prerequisites))
    if reading.unknown:
        words.append("no units file defines them")
    return "; ".join(words)


def _multisets(kinds: list[Kind], size: int) -> Iterator[tuple[int, ...]]:
    """How many of each kind to take, `size` in all, never more than a kind holds; the earlier
    kinds (list order) first."""
    for combo in itertools.combinations_with_replacement(range(len(kinds)), size):
        counts = [0] * len(kinds)
        for index in combo:
            counts[index] += 1
        if all(n <= len(kind.codes) for n, kind in zip(counts, kinds, strict=True)):
            yield tuple(counts)


def _valid_with(
    located: LocatedPlan, add: tuple[str, ...], register: Register, as_of: dt.date | None, scope: Scope | None
) -> bool:
    return _verdict_with(located, add, register, as_of, scope) is Verdict.VALID


def _judged(
    located: LocatedPlan, register: Register, as_of: dt.date | None, scope: Scope | None
) -> PlanResult:
    """The plan judged as `validate` judges it: with a scope, through the scope gate."""
    if scope is not None:
        return judge_on_scope(located, register, scope, as_of)
    return check_plan(located, register, as_of)


def _verdict_with(
    located: LocatedPlan, add: tuple[str, ...], register: Register, as_of: dt.date | None, scope: Scope | None
) -> Verdict:
    plan = located.plan
    entries = plan.units + tuple(PlanEntry.model_construct(code=c, from_=None, outcome=None) for c in add)
    moved = LocatedPlan(rebuilt(plan, release=plan.release, units=entries), located.positions)
    return _judged(moved, register, as_of, scope).verdict()


def render_suggestions(s: Suggestions) -> str:
    from qualcheck.io.neutral import visible

    plan = s.plan
    lines = [f"{plan.path}: {plan.qualification} {plan.verdict().value.upper()}"]
    if plan.verdict() is Verdict.VALID:
        lines.append("  nothing to add: the plan is valid")
    elif not s.found:
        lines.append(f"  no suggestion: {s.reason}")
    else:
        fewest = len(s.found[0].add)
        lines.append(f"  the fewest listed units that make it valid: {fewest}")
        if s.core:
            lines.append(f"  in every answer, the missing core: {', '.join(s.core)}")
        for number, found in enumerate(s.found, start=1):
            lines.append(f"  {number}. add {', '.join(found.add)}")
            for kind, count in found.choices:
                others = [c for c in kind.codes if c not in found.add]
                instead = (
                    f" (or any of {', '.join(others[:5])}{' ...' if len(others) > 5 else ''})"
                    if others
                    else ""
                )
                lines.append(f"       {count} of: {kind.describe}{instead}")
        lines.append("  (imported units are not searched: the rules may allow one in place of a listed unit)")
    return "\n".join(visible(line) for line in lines) + "\n"
