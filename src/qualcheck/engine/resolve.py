"""Turn plan entries into facts about each unit: what it is, where it is listed, its level.

This is where equivalence, duplicates, unknown codes, `from:` and outcomes are settled, so that
the rule checks afterwards only count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcheck.engine.confirmations import CORE, Confirmations
from qualcheck.engine.view import RegisterView
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.io.yamlsource import YamlDocument
from qualcheck.models import Plan, Qualification
from qualcheck.models.common import AQF_LEVEL_NAMES, level_from_code_digit
from qualcheck.models.plan import NOT_COUNTING_OUTCOMES
from qualcheck.models.qualification import Packaging


@dataclass(frozen=True)
class ResolvedUnit:
    index: int  # position in the plan's units list
    code: str
    title: str | None
    listed_as: str | None  # the core or group code it counts as (itself, or an equivalent)
    core: bool
    groups: frozenset[str]
    level: int | None
    level_inferred: bool
    source_qualification: str | None  # from:
    counts: bool  # False for duplicates, unknown units and not-counting outcomes
    reason: str  # why it does not count, when it does not
    span: Span
    outcome: str | None = None
    # Facts nobody recorded. A unit outside the register's lists, without `from:`, may be listed
    # in a group (or the core list) the register holds only in part: `maybe_in` names those
    # groups. `exists_unknown`: no units file defines the code. An unknown level is `level=None`.
    maybe_in: frozenset[str] = frozenset()
    maybe_core: bool = False
    exists_unknown: bool = False
    confirmed: tuple[str, ...] = ()  # what a person confirmed about this unit

    @property
    def imported(self) -> bool:
        return self.listed_as is None

    @property
    def unrecorded(self) -> bool:
        """Whether some fact about this unit that a rule may read is not recorded."""
        return self.level is None or bool(self.maybe_in) or self.maybe_core or self.exists_unknown


def level_words(level: int | None) -> str:
    return f"AQF {level} ({AQF_LEVEL_NAMES[level]})" if level in AQF_LEVEL_NAMES else "unknown AQF level"


@dataclass(frozen=True)
class _Listing:
    """Where each code is listed in one qualification: worked out once, used by every plan."""

    core: frozenset[str]
    groups_of: dict[str, frozenset[str]]
    listed: tuple[str, ...]  # core first, then group units, in the order the file gives them
    partial_titles: tuple[str, ...]  # titles of groups held only in part
    partial: frozenset[str]  # keys of groups held only in part


_listings: dict[int, tuple[Packaging, _Listing]] = {}


def _listing(packaging: Packaging) -> _Listing:
    known = _listings.get(id(packaging))
    if known is not None and known[0] is packaging:
        return known[1]
    core = frozenset(packaging.core)
    groups_of: dict[str, set[str]] = {}
    for name, group in packaging.groups.items():
        for code in group.units:
            groups_of.setdefault(code, set()).add(name)
    listing = _Listing(
        core=core,
        groups_of={code: frozenset(names) for code, names in groups_of.items()},
        listed=(*packaging.core, *(c for c in groups_of if c not in core)),
        partial_titles=tuple(g.title for g in packaging.groups.values() if not g.complete),
        partial=frozenset(key for key, g in packaging.groups.items() if not g.complete),
    )
    if len(_listings) > 64:  # keeps the models alive: a run checks against few qualifications
        _listings.clear()
    _listings[id(packaging)] = (packaging, listing)
    return listing


def resolve_units(
    plan: Plan,
    doc: YamlDocument,
    qualification: Qualification,
    register: RegisterView,
    confirmations: Confirmations | None = None,
    barred: Mapping[str, str] | None = None,
) -> tuple[list[ResolvedUnit], list[Finding]]:
    """Each plan entry with what the register and the plan record about it. `barred` maps codes
    that may not count, whatever the rules say, to why (a gate such as scope of registration
    names them; it reports them itself)."""
    listing = _listing(qualification.packaging)
    core, groups_of, listed = listing.core, listing.groups_of, listing.listed
    confirmations = confirmations or Confirmations()
    core_partial = not qualification.packaging.core_complete

    resolved: list[ResolvedUnit] = []
    findings: list[Finding] = []
    seen_classes: dict[frozenset[str], ResolvedUnit] = {}

    for index, entry in enumerate(plan.units):
        span = doc.span(("units", index))
        code = entry.code
        unit = register.unit(code)
        title = unit.title if unit else register.mapped_title(code)
        known = title is not None
        equivalents = register.equivalents(code)

        listed_as = code if (code in core or code in groups_of) else None
        if listed_as is None:
            stand_ins = [c for c in listed if c in equivalents]
            if stand_ins:
                listed_as = stand_ins[0]
                findings.append(
                    Finding(
                        "QC030",
                        Status.INFO,
                        f"{code} counts as {listed_as} ({_title(register, listed_as)}): the two are "
                        "equivalent by training.gov.au mappings",
                        span,
                        units=(code, listed_as),
                    )
                )

        level, inferred = effective_level(
            register,
            code,
            unit.level if unit else None,
            unit.level_basis == "stated" if unit else False,
            entry.from_,
        )
        if entry.from_ and inferred and listed_as is None:
            findings.append(
                Finding(
                    "QC040",
                    Status.INFO,
                    f"{entry.from_} is not in the register: its level, {level_words(level)}, is read from "
                    f"its code, and {code} is taken to be at that level",
                    span,
                    units=(code,),
                )
            )

        # What the plan's `confirmed:` settles about this unit (a listing, a level).
        confirmed: list[str] = []
        groups = groups_of.get(listed_as or "", frozenset())
        is_core = listed_as in core
        maybe_in = listing.partial if listed_as is None and not entry.from_ else frozenset()
        maybe_core = core_partial and listed_as is None and not entry.from_
        if maybe_in or maybe_core:
            settled = confirmations.listing(code)
            if settled is not None:
                group, confirmation = settled
                listed_as, maybe_in, maybe_core = code, frozenset(), False
                is_core, groups = group == CORE, frozenset() if group == CORE else frozenset({group})
                confirmed.append(str(confirmation))
                known = True  # a person has seen it listed: it exists
        if level is None or not known:
            settled_level = confirmations.level(code)
            if settled_level is not None:
                level, inferred = settled_level[0], False
                confirmed.append(str(settled_level[1]))
                known = known or bool(entry.from_)

        counts, reason = True, ""
        if not known:
            counts, reason = _unknown_unit(
                code, entry.from_, listing.partial_titles, register, listed, span, findings
            )
        if counts and barred and code in barred:
            counts, reason = False, barred[code]
        if counts and entry.outcome in NOT_COUNTING_OUTCOMES:
            counts, reason = False, f"outcome is {entry.outcome}"
            findings.append(
                Finding(
                    "QC021",
                    Status.INFO,
                    f"{code} is not counted: its outcome is {entry.outcome}",
                    span,
                    units=(code,),
                )
            )
        if counts:
            # equivalents() is the whole equivalence class, so equal classes mean equivalent units
            earlier = seen_classes.get(equivalents)
            if earlier is not None:
                counts = False
                same = earlier.code == code
                reason = f"duplicate of {earlier.code}" + ("" if same else " (equivalent)")
                findings.append(
                    Finding(
                        "QC020",
                        Status.WARN,
                        f"{code} is listed twice (first at line {earlier.span.line}); it counts once"
                        if same
                        else f"{code} and {earlier.code} (line {earlier.span.line}) are equivalent units: "
                        "credit is given once, so the second does not count",
                        span,
                        units=(earlier.code, code),
                        hint=f"remove the entry at line {span.line}",
                    )
                )

        item = ResolvedUnit(
            index=index,
            code=code,
            title=title,
            listed_as=listed_as,
            core=is_core,
            groups=groups,
            level=level,
            level_inferred=inferred,
            source_qualification=entry.from_,
            counts=counts,
            reason=reason,
            span=span,
            outcome=entry.outcome,
            maybe_in=maybe_in,
            maybe_core=maybe_core,
            exists_unknown=not known and counts,
            confirmed=tuple(confirmed),
        )
        if counts:
            seen_classes[equivalents] = item
        resolved.append(item)
    return resolved, findings


def _title(register: RegisterView, code: str) -> str:
    unit = register.unit(code)
    return unit.title if unit else (register.mapped_title(code) or "title not in register")


def effective_level(
    register: RegisterView, code: str, unit_level: int | None, stated: bool, source: str | None
) -> tuple[int | None, bool]:
    """Effective AQF level: the `from` qualification's when given, else the unit's own."""
    if source:
        return register.qualification_level(source)
    if unit_level is not None:
        return unit_level, not stated
    digits = [ch for ch in code[3:] if ch.isdigit()]
    return (level_from_code_digit(digits[0]) if digits else None), True


def _unknown_unit(
    code: str,
    source: str | None,
    partial_lists: Sequence[str],
    register: RegisterView,
    listed: Sequence[str],
    span: Span,
    findings: list[Finding],
) -> tuple[bool, str]:
    suggestion = register.suggest_unit(code, listed)
    did_you_mean = f"did you mean {suggestion}? " if suggestion else ""
    if source:
        findings.append(
            Finding(
                "QC011",
                Status.WARN,
                f"{code} is not in the register: that it exists, and its title and status, are not "
                f"recorded; rules that need it to count as a unit imported from {source} are undecided",
                span,
                units=(code,),
                hint=f"{did_you_mean}check the code on training.gov.au, or add the unit to the register",
            )
        )
        return True, ""
    if partial_lists:
        findings.append(
            Finding(
                "QC011",
                Status.WARN,
                f"{code} is not in the register; {' and '.join(partial_lists)} "
                f"{'is' if len(partial_lists) == 1 else 'are'} held only in part, so it may be listed "
                "there: rules that need it to count are undecided",
                span,
                units=(code,),
                hint=f"{did_you_mean}check the code on training.gov.au and complete the list in the register",
            )
        )
        return True, ""
    findings.append(
        Finding(
            "QC011",
            Status.ERROR,
            f"unknown unit {code}: it is not in the register, so the plan cannot be judged",
            span,
            units=(code,),
            hint=f"{did_you_mean}if it is imported from another qualification, add `from: CODE`",
        )
    )
    return False, "unknown unit"
