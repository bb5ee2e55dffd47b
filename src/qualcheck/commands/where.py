"""`qualcheck where UNIT`: every qualification in the register where a unit (or a unit equivalent
to it) may count, and the rules it could count towards.

A unit counts in a qualification as a core unit, as an elective listed in a group, or as an
elective imported from elsewhere that the qualification's sources admit. Each rule over electives
is then asked whether the unit falls in the set it counts: exactly the engine's own question
(`selectors.membership`), answered from a one-unit plan resolved as any plan is. Where the answer
hangs on a fact nobody recorded (a level not known, a list held only in part) it says "may" and
names the fact, never a yes.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcheck.commands.tree import Node
from qualcheck.engine.resolve import ResolvedUnit, level_words, resolve_units
from qualcheck.engine.selectors import membership
from qualcheck.errors import InputError
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import load_yaml
from qualcheck.models import Packaging, PackagingRule, Plan, Qualification
from qualcheck.models.common import is_unit_code
from qualcheck.register.store import Register

# What a unit inside a rule's set does for that rule, by rule kind: every kind of the rule
# language has a phrase (tests/test_where.py checks the registry of kinds against this).
# The first phrase is said where the register decides it, the second where it hangs on a fact.
ROLE = {
    "at_least": ("counts towards", "may count towards"),
    "at_most": ("is limited by", "may be limited by"),
    "electives_from": ("is admitted by", "may be admitted by"),
    "all_of": ("is required by", "may be required by"),
    "points_at_least": ("adds points to", "may add points to"),
    "points_at_most": ("is limited by", "may be limited by"),
}


@dataclass(frozen=True)
class RuleReach:
    rule_id: str
    kind: str
    words: str  # the rule in plain words
    specialisation: str | None  # the specialisation whose rule it is; None: every plan
    certain: bool  # False: whether the unit is in the rule's set hangs on an unrecorded fact


@dataclass(frozen=True)
class Place:
    """One qualification where the unit may count."""

    code: str
    title: str
    as_code: str  # the code the qualification knows it by: itself or an equivalent
    standing: str  # "core", "elective in Group A [A]", "elective imported at AQF 5 (Diploma)"
    certain: bool  # False: that it counts at all hangs on a fact nobody recorded
    unrecorded: tuple[str, ...]  # the facts it hangs on, in words
    rules: tuple[RuleReach, ...]


class NotAUnitCode(ValueError):
    """The argument is not shaped like a unit code."""


def where(code: str, register: Register, within: str | None = None) -> list[Place]:
    """The places `code` may count, by qualification code; `within` limits the search to one.

    Raises NotAUnitCode for an argument that is not a unit code. A qualification file that fails
    to load raises its DataError, as any other command would."""
    if not is_unit_code(code):
        raise NotAUnitCode(code)
    codes = [within] if within is not None else register.qualification_codes()
    places = []
    for qual_code in codes:
        qualification = register.qualification(qual_code)
        if qualification is None:
            continue
        place = _place(code, qualification, register)
        if place is not None:
            places.append(place)
    return places


def known(code: str, register: Register) -> bool:
    """Whether the register knows `code` at all: a units file defines it or a mapping names it."""
    return register.unit(code) is not None or register.mapped_title(code) is not None


def _resolve(code: str, qualification: Qualification, register: Register) -> ResolvedUnit:
    # The code matches the unit code pattern (checked in `where`), so it is safe inside YAML text.
    text = f"qualification: {qualification.code}\nunits:\n  - {code}\n"
    doc = load_yaml(text, f"<where {code}>")
    plan = load_model(doc, Plan, InputError)
    (unit,), _ = resolve_units(plan, doc, qualification, register)
    return unit


def _place(code: str, qualification: Qualification, register: Register) -> Place | None:
    unit = _resolve(code, qualification, register)
    packaging = qualification.packaging
    as_code = unit.listed_as or code
    if unit.core:
        return Place(qualification.code, qualification.title, as_code, "core", True, (), ())
    eligible = _eligible(unit, packaging)
    if eligible is False or not unit.counts:  # not counting: an unknown code where every list is whole
        return None
    if unit.imported:
        standing = "elective imported" + (f" at {level_words(unit.level)}" if unit.level else "")
    else:
        groups = [f"{packaging.groups[g].title} [{g}]" for g in sorted(unit.groups)]
        standing = "elective listed in " + " and ".join(groups)
    facts = _unrecorded(unit, packaging)
    reach = tuple(_reach(unit, qualification))
    return Place(qualification.code, qualification.title, as_code, standing, eligible is True, facts, reach)


def _eligible(unit: ResolvedUnit, packaging: Packaging) -> bool | None:
    """Whether the unit may be an elective at all: inside every rule saying where electives come
    from; with no such rule, only the units listed are known to be allowed (as the engine reads
    it). None where it hangs on an unrecorded fact."""
    sources = [rule.from_ for rule in packaging.rules if rule.kind == "electives_from"]
    if not sources:
        if unit.imported:
            return None if (unit.maybe_in or unit.maybe_core) else False
        return True
    answers = [membership(selector, unit) for selector in sources if selector is not None]
    if False in answers:
        return False
    return None if None in answers else True


def _reach(unit: ResolvedUnit, qualification: Qualification) -> list[RuleReach]:
    packaging = qualification.packaging
    scoped: list[tuple[str | None, PackagingRule]] = [(None, rule) for rule in packaging.rules]
    for name, specialisation in packaging.specialisations.items():
        scoped += [(name, rule) for rule in specialisation.rules]
    found = []
    for key, rule in scoped:
        inside = True if rule.from_ is None else membership(rule.from_, unit)
        if inside is False:
            continue
        words = rule.describe(packaging)
        found.append(RuleReach(rule.id, rule.kind, words, key, inside is True))
    return found


def _unrecorded(unit: ResolvedUnit, packaging: Packaging) -> tuple[str, ...]:
    facts = []
    if unit.exists_unknown:
        facts.append("no units file in the register defines this code")
    if unit.level is None:
        facts.append("its AQF level is not recorded")
    lists = (["the core list"] if unit.maybe_core else []) + [
        packaging.groups[group].title for group in sorted(unit.maybe_in)
    ]
    if lists:
        are = "is" if len(lists) == 1 else "are"
        facts.append(f"{_and(lists)} {are} held only in part and may list it")
    return tuple(facts)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def render_where(code: str, places: list[Place], register: Register, within: str | None) -> Node:
    """The places as a tree: each qualification where the unit counts, with the rules it meets
    there; then, one line each, those where it may count on facts the register does not record
    (in full with --in)."""
    unit = register.unit(code)
    title = unit.title if unit else register.mapped_title(code)
    root = Node(f"{code} {title}" if title else f"{code} (no units file in the register defines it)")
    certain = [p for p in places if p.certain or within is not None]  # --in: every detail
    maybe = [p for p in places if p not in certain]
    for place in certain:
        via = "" if place.as_code == code else f" as {place.as_code} (equivalent)"
        may = "" if place.certain else "may count: "
        node = root.add(f"{place.code} {place.title}: {may}{place.standing}{via}")
        for fact in place.unrecorded:
            node.add(f"not recorded: {fact}")
        for reach in place.rules:
            scope = f" (specialisation {reach.specialisation})" if reach.specialisation else ""
            role = ROLE[reach.kind][0 if reach.certain else 1]
            node.add(f"{role} rule '{reach.rule_id}'{scope}: {reach.words}")
    if maybe:
        node = root.add("may count, on facts the register does not record (`--in CODE` for the rules):")
        for place in maybe:
            facts = [f for f in place.unrecorded if title or not f.startswith("no units file")]
            node.add(f"{place.code} {place.title}: {'; '.join(facts)}")
    if title is None:
        suggestion = register.suggest_unit(code)
        if suggestion:
            root.add(f"did you mean {suggestion}?")
    if not places:
        searched = within if within is not None else "this register"
        root.add(f"counts in no qualification of {searched}: not listed, not admitted as an import")
    elif within is None:
        count = len(register.qualification_codes())
        root.add(f"counts in {len(certain)} and may count in {len(maybe)} of the {count} qualifications")
    return root
