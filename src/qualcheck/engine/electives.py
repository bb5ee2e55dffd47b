"""QC102, QC103 and QC2xx: how many electives count, from where, under which caps.

The qualification's counting rules become bounds for the exact search in `assignment`; this
module then reads the chosen assignment back as one finding per rule, in the rule's own words.
A rule that excludes units (a source list, a cap) fails only when the plan needed those units
to count; otherwise the excluded units are reported and the rule passes or warns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qualcheck.engine.assignment import Assignment, Bound, best_assignment
from qualcheck.engine.recorded import NO_RECORD, add_or_achieve
from qualcheck.engine.resolve import ResolvedUnit, level_words
from qualcheck.engine.selectors import describe, listed_units, matches, some_of
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import (
    AllOf,
    AtLeast,
    AtMost,
    ElectivesFrom,
    Packaging,
    PackagingRule,
    PointsAtLeast,
    PointsAtMost,
    Qualification,
    Selector,
)

ELECTIVES = "electives"
POINTS = "points-total"


@dataclass
class ElectiveResult:
    findings: list[Finding]
    counted: frozenset[int]  # plan indices of electives that count
    why_not: dict[int, str]  # plan index -> why an eligible-looking elective does not count


def check_electives(
    qualification: Qualification,
    units: list[ResolvedUnit],
    core_have: int,
    units_span: Span,
    extra_rules: Sequence[PackagingRule] = (),
    recorded: frozenset[str] = NO_RECORD,
) -> ElectiveResult:
    """Check the elective rules, plus `extra_rules` (a named specialisation's). No code in
    `recorded` (see engine.recorded) is suggested as an elective to add.

    A unit whose AQF level nobody knows may or may not be inside a rule's level window. The
    rules are judged reading every such unit as outside the windows of minimums and sources and
    inside the windows of caps; if the plan then fails but would pass with the opposite reading,
    only the unknown levels stand between it and a verdict: the failing rules are `manual`.
    """
    result = _judge(qualification, units, core_have, units_span, extra_rules, recorded, hopeful=False)
    selectors = [r.from_ for r in [*qualification.packaging.rules, *extra_rules] if r.from_ is not None]
    # Only units some rule would read differently by level: a listed unit of unknown level is
    # usually inside its group whatever its level.
    unknown = [
        u
        for u in units
        if u.counts
        and not u.core
        and u.level is None
        and any(matches(s, u, unknown_level=True) != matches(s, u) for s in selectors)
    ]
    if unknown and any(f.status is Status.FAIL for f in result.findings):
        hopeful = _judge(qualification, units, core_have, units_span, extra_rules, recorded, hopeful=True)
        if not any(f.status is Status.FAIL for f in hopeful.findings):
            result.findings = [
                _undecided(f, unknown) if f.status is Status.FAIL else f for f in result.findings
            ]
    return result


def _undecided(finding: Finding, unknown: list[ResolvedUnit]) -> Finding:
    codes = ", ".join(u.code for u in unknown)
    one = len(unknown) == 1
    return replace(
        finding,
        status=Status.MANUAL,
        message=f"{finding.message}; not decided: every rule is met if {codes} {'is' if one else 'are'} "
        f"at an AQF level the rules allow, and {'its' if one else 'their'} level is not known",
        hint=f"confirm the AQF level of {codes}: add `from: QUALIFICATION` naming the qualification "
        f"{'it is' if one else 'each is'} imported from, or record the level in the register",
    )


def _judge(
    qualification: Qualification,
    units: list[ResolvedUnit],
    core_have: int,
    units_span: Span,
    extra_rules: Sequence[PackagingRule],
    recorded: frozenset[str],
    hopeful: bool,
) -> ElectiveResult:
    """The elective rules judged with units of unknown level read one way (see check_electives)."""
    packaging = qualification.packaging
    rules, pool, source_rules, eligible, bounds, core_points = _problem(
        qualification, units, extra_rules, hopeful
    )
    by_index = {u.index: u for u in pool}
    solution = best_assignment(eligible, bounds)
    # Codes never suggested as units to add: the plan's own, and every other the student has.
    plan_codes = {u.code for u in units} | {u.listed_as for u in units if u.listed_as} | recorded
    why_not: dict[int, str] = {}

    findings: list[Finding] = []
    for source_rule in source_rules:
        findings.append(_sources(source_rule, packaging, pool, eligible, bounds, solution, why_not))
    for rule in rules:
        if isinstance(rule, AtLeast):
            findings.append(_at_least(rule, packaging, by_index, bounds, solution, plan_codes, units_span))
        elif isinstance(rule, AtMost):
            findings.append(_at_most(rule, packaging, by_index, eligible, bounds, solution, why_not))
        elif isinstance(rule, AllOf):
            findings.append(_all_of(rule, packaging, by_index, solution, plan_codes, recorded, units_span))
        elif isinstance(rule, (PointsAtLeast, PointsAtMost)):
            findings.append(_points_rule(rule, packaging, by_index, bounds, solution, units_span))
    minimums = [r for r in rules if isinstance(r, AtLeast)]
    findings.extend(_unverified(packaging, pool, [*source_rules, *minimums]))
    findings.extend(_uncapped(packaging, pool, rules))
    findings.extend(_without_points(packaging, pool))
    totals = _totals(
        qualification,
        by_index,
        eligible,
        bounds,
        solution,
        core_have,
        core_points,
        plan_codes,
        units_span,
        why_not,
    )
    return ElectiveResult([*totals, *findings], solution.counted, why_not)


def _totals(
    qualification: Qualification,
    by_index: dict[int, ResolvedUnit],
    eligible: list[int],
    bounds: list[Bound],
    solution: Assignment,
    core_have: int,
    core_points: int,
    plan_codes: set[str],
    units_span: Span,
    why_not: dict[int, str],
) -> list[Finding]:
    """QC102/QC104 totals, QC201 elective count and QC103 surplus units."""
    packaging = qualification.packaging
    counted = solution.counted
    have = len(counted)
    findings: list[Finding] = []
    if packaging.total_units is not None:
        total, total_have = packaging.total_units, core_have + have
        findings.append(
            Finding(
                "QC102",
                Status.PASS if total_have >= total else Status.FAIL,
                f"{total_have} of {total} units count ({core_have} core, {have} elective)",
                units_span,
                rule_id="total",
                rule_text=f"Total number of units = {total}",
                have=total_have,
                need=total,
            )
        )
    if packaging.points_total is not None:
        bound = next(b for b in bounds if b.key == POINTS)
        elective_points = solution.total_in(bound)
        total, total_have = packaging.points_total, core_points + elective_points
        findings.append(
            Finding(
                "QC104",
                Status.PASS if total_have >= total else Status.FAIL,
                f"{total_have} of {total} points ({core_points} core, {elective_points} elective)",
                units_span,
                rule_id="total-points",
                rule_text=f"Total points = {total}",
                have=total_have,
                need=total,
                hint="" if total_have >= total else f"add electives worth {total - total_have} more points",
            )
        )
    need = packaging.elective_units
    if need is None:
        return findings
    findings.append(
        Finding(
            "QC201",
            Status.PASS if have >= need else Status.FAIL,
            f"{have} of {need} electives count" + _short_note(have, need),
            units_span,
            rule_id="electives",
            rule_text=f"{need} elective units",
            have=have,
            need=need,
            units=tuple(by_index[i].code for i in sorted(counted)),
            hint=""
            if have >= need
            else _add_hint(
                need - have, _sources_selector_text(packaging), _source_candidates(packaging, plan_codes)
            ),
        )
    )
    surplus = [i for i in eligible if i not in counted and i not in why_not]
    for i in surplus:
        why_not[i] = f"surplus: the {need} electives are already filled"
    if surplus:
        codes = [by_index[i].code for i in surplus]
        findings.append(
            Finding(
                "QC103",
                Status.WARN,
                f"{some_of(codes)} {'does' if len(codes) == 1 else 'do'} not count: the plan has more "
                f"electives than the {need} needed",
                by_index[surplus[0]].span,
                units=tuple(codes),
                hint="remove the surplus units, or keep them knowing they will not count towards "
                f"{qualification.code}",
            )
        )
    return findings


def satisfiable(
    qualification: Qualification, units: list[ResolvedUnit], extra_rules: Sequence[PackagingRule]
) -> bool:
    """Whether some assignment meets every elective rule plus `extra_rules`."""
    _, _, _, eligible, bounds, _ = _problem(qualification, units, extra_rules)
    return best_assignment(eligible, bounds).feasible


def _problem(
    qualification: Qualification,
    units: list[ResolvedUnit],
    extra_rules: Sequence[PackagingRule],
    hopeful: bool = False,
) -> tuple[list[PackagingRule], list[ResolvedUnit], list[ElectivesFrom], list[int], list[Bound], int]:
    """The search problem: rules in force, the elective pool, source rules, eligible units, bounds
    and the points the core already brings. With `hopeful`, a unit of unknown level is read as
    inside every level window of a minimum or source and outside every cap; else the reverse."""
    packaging = qualification.packaging
    rules = [*packaging.rules, *extra_rules]
    pool = [u for u in units if u.counts and not u.core]
    sources = [r for r in rules if isinstance(r, ElectivesFrom)]
    core_points = sum(packaging.points.get(u.listed_as or u.code, 0) for u in units if u.counts and u.core)
    bounds = _bounds(packaging, pool, rules, core_points, hopeful)
    return rules, pool, sources, _eligible(packaging, pool, sources, hopeful), bounds, core_points


def _eligible(
    packaging: Packaging, pool: list[ResolvedUnit], sources: list[ElectivesFrom], hopeful: bool
) -> list[int]:
    return [
        u.index
        for u in pool
        if all(matches(r.from_, u, unknown_level=hopeful) or _maybe_listed(packaging, r, u) for r in sources)
    ]


def _maybe_listed(packaging: Packaging, rule: ElectivesFrom | AtLeast, unit: ResolvedUnit) -> bool:
    """An unlisted unit may belong to a group the register holds only in part, unless the plan
    says where it comes from: `from:` makes it an import, judged by the import rules."""
    if unit.source_qualification:
        return False
    return unit.imported and any(not packaging.groups[g].complete for g in rule.from_.groups)


def _unverified(
    packaging: Packaging, pool: list[ResolvedUnit], sources: Sequence[ElectivesFrom | AtLeast]
) -> list[Finding]:
    findings = []
    for unit in pool:
        for rule in sources:
            if not matches(rule.from_, unit) and _maybe_listed(packaging, rule, unit):
                partial = [
                    packaging.groups[g].title for g in rule.from_.groups if not packaging.groups[g].complete
                ]
                findings.append(
                    Finding(
                        "QC207",
                        Status.WARN,
                        f"{unit.code} is not in the register's lists, but {' and '.join(partial)} "
                        "is held only in part: it is counted unverified",
                        unit.span,
                        units=(unit.code,),
                        hint=f"check that {unit.code} is listed in {' or '.join(partial)} on "
                        "training.gov.au, and complete the list in the register",
                    )
                )
                break
    return findings


def _partial_groups(packaging: Packaging, unit: ResolvedUnit) -> list[str]:
    """The lists held only in part that an unlisted unit without `from:` may belong to."""
    if not unit.imported or unit.source_qualification:
        return []
    return [group.title for group in packaging.groups.values() if not group.complete]


def _in_cap(packaging: Packaging, selector: Selector, unit: ResolvedUnit, unknown_level: bool = True) -> bool:
    """Whether a cap counts `unit`; `unknown_level` says whether a unit of unknown level does (see
    check_electives). A unit that may be listed in a list held only in part is taken to be listed,
    as the source and minimum rules take it (QC207): it counts against a cap on imports only when
    `from:` says it is imported."""
    if selector.imported and _partial_groups(packaging, unit):
        return matches(selector.model_copy(update={"imported": ()}), unit, unknown_level=unknown_level)
    return matches(selector, unit, unknown_level=unknown_level)


def _uncapped(
    packaging: Packaging, pool: list[ResolvedUnit], rules: Sequence[PackagingRule]
) -> list[Finding]:
    """QC207 for units a cap on imports leaves out because they may be listed (see `_in_cap`)."""
    caps = [r for r in rules if isinstance(r, (AtMost, PointsAtMost)) and r.from_.imported]
    findings = []
    for unit in pool:
        partial = _partial_groups(packaging, unit)
        missed = [
            r.id
            for r in caps
            if matches(r.from_, unit, unknown_level=True) and not _in_cap(packaging, r.from_, unit)
        ]
        if partial and missed:
            findings.append(
                Finding(
                    "QC207",
                    Status.WARN,
                    f"{unit.code} is not in the register's lists, but {' and '.join(partial)} "
                    f"{'is' if len(partial) == 1 else 'are'} held only in part: it is taken to be listed, "
                    f"so it is not counted against {', '.join(missed)} (a cap on imports)",
                    unit.span,
                    units=(unit.code,),
                    hint=f"check whether {unit.code} is listed on training.gov.au; if it is imported, "
                    "add `from: QUALIFICATION` to the plan entry",
                )
            )
    return findings


def _bounds(
    packaging: Packaging,
    pool: list[ResolvedUnit],
    rules: Sequence[PackagingRule],
    core_points: int,
    hopeful: bool,
) -> list[Bound]:
    # Whether a unit of unknown level is inside a minimum's set (`low`) or a cap's (`high`).
    low, high = hopeful, not hopeful
    everything = frozenset(u.index for u in pool)
    points = {u.index: packaging.points.get(u.listed_as or u.code, 0) for u in pool}
    bounds = []
    if packaging.elective_units is not None:
        bounds.append(Bound(ELECTIVES, everything, packaging.elective_units, packaging.elective_units))
    if packaging.points_total is not None:
        needed = max(0, packaging.points_total - core_points)
        bounds.append(Bound(POINTS, everything, low=needed, weights=points))
    for rule in rules:
        if isinstance(rule, AtLeast):
            # A unit that may be listed in a group held only in part is credited, unverified (QC207).
            members = frozenset(
                u.index
                for u in pool
                if matches(rule.from_, u, unknown_level=low) or _maybe_listed(packaging, rule, u)
            )
            bounds.append(Bound(rule.id, members, low=rule.count, exclusive=rule.exclusive))
        elif isinstance(rule, AtMost):
            members = frozenset(u.index for u in pool if _in_cap(packaging, rule.from_, u, high))
            bounds.append(Bound(rule.id, members, high=rule.count))
        elif isinstance(rule, AllOf):
            members = frozenset(u.index for u in pool if matches(rule.from_, u, unknown_level=low))
            bounds.append(Bound(rule.id, members, low=len(listed_units(rule.from_, packaging))))
        elif isinstance(rule, PointsAtLeast):
            members = (
                everything
                if rule.from_ is None
                else frozenset(u.index for u in pool if matches(rule.from_, u, unknown_level=low))
            )
            bounds.append(Bound(rule.id, members, low=rule.points, weights=points))
        elif isinstance(rule, PointsAtMost):
            members = frozenset(u.index for u in pool if _in_cap(packaging, rule.from_, u, high))
            bounds.append(Bound(rule.id, members, high=rule.points, weights=points))
    return bounds


def _points_rule(
    rule: PointsAtLeast | PointsAtMost,
    packaging: Packaging,
    by_index: dict[int, ResolvedUnit],
    bounds: list[Bound],
    solution: Assignment,
    units_span: Span,
) -> Finding:
    bound = next(b for b in bounds if b.key == rule.id)
    have = solution.total_in(bound)
    inside = tuple(by_index[i].code for i in sorted(solution.in_bound(bound)))
    what = "the electives" if rule.from_ is None else describe(rule.from_, packaging)
    if isinstance(rule, PointsAtLeast):
        ok = have >= rule.points
        where = "" if rule.from_ is None else f" from {what}"
        return Finding(
            "QC208",
            Status.PASS if ok else Status.FAIL,
            f"{have} points from {what}, at least {rule.points} needed",
            units_span,
            rule_id=rule.id,
            rule_text=rule.text,
            have=have,
            need=rule.points,
            units=inside,
            hint="" if ok else f"add electives{where} worth {rule.points - have} more points",
        )
    in_plan = sum(bound.weight(i) for i in by_index if i in bound.members)
    left_out = [by_index[i].code for i in sorted(bound.members - solution.counted)]
    message = f"{have} points from {what}, at most {rule.points} allowed"
    if in_plan > rule.points:
        verb = "does" if len(left_out) == 1 else "do"
        message += f"; the plan holds {in_plan}, so {', '.join(left_out)} {verb} not count"
    return Finding(
        "QC209",
        Status.PASS,
        message,
        units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=in_plan,
        need=rule.points,
        units=inside,
    )


def _without_points(packaging: Packaging, pool: list[ResolvedUnit]) -> list[Finding]:
    """In a points-based qualification, an elective with no points value adds nothing: say so."""
    if packaging.points_total is None:
        return []
    missing = [u for u in pool if (u.listed_as or u.code) not in packaging.points]
    return [
        Finding(
            "QC210",
            Status.WARN,
            f"{u.code} has no points value in this qualification: it adds 0 points",
            u.span,
            units=(u.code,),
            hint="add its points value to the register, from the qualification's page",
        )
        for u in missing
    ]


def _short_note(have: int, need: int) -> str:
    return f": {need - have} more needed" if have < need else ""


def _sources(
    rule: ElectivesFrom,
    packaging: Packaging,
    pool: list[ResolvedUnit],
    eligible: list[int],
    bounds: list[Bound],
    solution: Assignment,
    why_not: dict[int, str],
) -> Finding:
    outside = [u for u in pool if u.index not in eligible]
    allowed = describe(rule.from_, packaging)
    base = Finding(
        "QC202", Status.PASS, "", rule_id=rule.id, rule_text=rule.text, units=tuple(u.code for u in outside)
    )
    if not outside:
        return replace(base, message=f"every elective comes from {allowed}")
    reasons = [_why_outside(u) for u in outside]
    for u, reason in zip(outside, reasons, strict=True):
        why_not[u.index] = reason
    relaxed = best_assignment([u.index for u in pool], bounds)
    needed = relaxed.shortfall < solution.shortfall
    message = "; ".join(reasons) + f". Electives must come from {allowed}"
    return replace(
        base,
        status=Status.FAIL if needed else Status.WARN,
        message=message
        if needed
        else message + "; the plan is complete without " + ("it" if len(outside) == 1 else "them"),
        span=outside[0].span,
        hint=f"replace {', '.join(u.code for u in outside)} with electives from {allowed}",
    )


def _why_outside(unit: ResolvedUnit) -> str:
    if unit.level is None:
        where = (
            f"{unit.source_qualification}'s level is not known either (not in the register, no level digit)"
            if unit.source_qualification
            else "add `from: QUALIFICATION` to say which qualification it is imported from"
        )
        return f"{unit.code} cannot be shown to count: its AQF level is unknown ({where})"
    if unit.imported:
        basis = f"from {unit.source_qualification}" if unit.source_qualification else "by its code"
        inferred = ", inferred" if unit.level_inferred else ""
        where = f"{level_words(unit.level)} ({basis}{inferred})"
        return f"{unit.code} is imported at {where}, outside the allowed levels"
    groups = " and ".join(sorted(unit.groups)) or "no group"
    return f"{unit.code} is listed in group {groups}, which this rule does not allow"


def _at_least(
    rule: AtLeast,
    packaging: Packaging,
    by_index: dict[int, ResolvedUnit],
    bounds: list[Bound],
    solution: Assignment,
    plan_codes: set[str],
    units_span: Span,
) -> Finding:
    bound = next(b for b in bounds if b.key == rule.id)
    inside = sorted(solution.in_bound(bound))
    have = len(inside)
    what = describe(rule.from_, packaging)
    # A minimum is credited only what it needs; say where the set's other counted units went.
    elsewhere = [by_index[i].code for i in sorted(solution.counted & bound.members) if i not in inside]
    also = (
        f"; {', '.join(elsewhere)} also from {what} {'counts' if len(elsewhere) == 1 else 'count'} "
        "towards the other electives"
        if elsewhere
        else ""
    )
    if have >= rule.count:
        return Finding(
            "QC203",
            Status.PASS,
            f"{have} credited from {what}, at least {rule.count} needed{also}",
            units_span,
            rule_id=rule.id,
            rule_text=rule.text,
            have=have,
            need=rule.count,
            units=tuple(by_index[i].code for i in inside),
        )
    candidates = [c for c in listed_units(rule.from_, packaging) if c not in plan_codes]
    return Finding(
        "QC203",
        Status.FAIL,
        f"only {have} credited from {what}, at least {rule.count} needed",
        units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=have,
        need=rule.count,
        units=tuple(by_index[i].code for i in inside),
        hint=_add_hint(rule.count - have, what, candidates),
    )


def _at_most(
    rule: AtMost,
    packaging: Packaging,
    by_index: dict[int, ResolvedUnit],
    eligible: list[int],
    bounds: list[Bound],
    solution: Assignment,
    why_not: dict[int, str],
) -> Finding:
    bound = next(b for b in bounds if b.key == rule.id)
    inside = [i for i in eligible if i in bound.members]
    codes = [by_index[i].code for i in inside]
    counted_inside = [i for i in inside if i in solution.counted]
    what = describe(rule.from_, packaging)
    base = Finding(
        "QC204",
        Status.PASS,
        "",
        rule_id=rule.id,
        rule_text=rule.text,
        have=len(inside),
        need=rule.count,
        units=tuple(codes),
    )
    if len(inside) <= rule.count:
        return replace(
            base,
            message=f"{len(inside)} elective{_plural(len(inside))} from {what}, at most {rule.count} allowed",
        )
    left_out = [i for i in inside if i not in solution.counted]
    for i in left_out:
        why_not.setdefault(i, f"over the cap of rule {rule.id} (at most {rule.count} from {what})")
    without_cap = best_assignment(eligible, [b for b in bounds if b.key != rule.id])
    harmful = without_cap.shortfall < solution.shortfall
    excess = len(inside) - rule.count
    message = (
        f"{len(inside)} electives from {what} ({some_of(codes)}), at most {rule.count} allowed; "
        f"{', '.join(by_index[i].code for i in left_out)} "
        f"{'does' if len(left_out) == 1 else 'do'} not count"
    )
    if harmful:
        return replace(
            base,
            status=Status.FAIL,
            message=message,
            span=by_index[left_out[0]].span,
            hint=f"replace {excess} of {', '.join(codes)} with electives not from {what}",
        )
    return replace(
        base,
        message=message + f", and the plan is complete without {'it' if excess == 1 else 'them'}"
        if counted_inside
        else message,
        span=by_index[left_out[0]].span,
    )


def _sources_selector_text(packaging: Packaging) -> str:
    rules = [r for r in packaging.rules if isinstance(r, ElectivesFrom)]
    return describe(rules[0].from_, packaging) if rules else "the elective groups"


def _source_candidates(packaging: Packaging, plan_codes: set[str]) -> list[str]:
    rules = [r for r in packaging.rules if isinstance(r, ElectivesFrom)]
    if rules:
        listed = listed_units(rules[0].from_, packaging)
    else:
        listed = [c for group in packaging.groups.values() for c in group.units]
    return [c for c in dict.fromkeys(listed) if c not in plan_codes]


def _add_hint(count: int, what: str, candidates: list[str]) -> str:
    unit_word = "unit" if count == 1 else "units"
    if not candidates:
        return f"add {count} more {unit_word} from {what}"
    return f"add {count} more {unit_word} from {what}, such as {some_of(candidates)}"


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def _all_of(
    rule: AllOf,
    packaging: Packaging,
    by_index: dict[int, ResolvedUnit],
    solution: Assignment,
    plan_codes: set[str],
    recorded: frozenset[str],
    units_span: Span,
) -> Finding:
    listed = listed_units(rule.from_, packaging)
    counted = {by_index[i].listed_as for i in solution.counted}
    missing = [c for c in listed if c not in counted]
    have = len(listed) - len(missing)
    what = describe(rule.from_, packaging)
    base = Finding(
        "QC205",
        Status.PASS,
        f"all {len(listed)} units of {what} count",
        units_span,
        rule_id=rule.id,
        rule_text=rule.text,
        have=have,
        need=len(listed),
        units=tuple(listed),
    )
    partial = [packaging.groups[g].title for g in rule.from_.groups if not packaging.groups[g].complete]
    if not missing and partial:
        # "All of" a list held only in part is never a silent pass: the rest of it is unknown.
        return replace(
            base,
            status=Status.WARN,
            message=f"all {len(listed)} units the register holds of {what} count, but "
            f"{' and '.join(partial)} {'is' if len(partial) == 1 else 'are'} held only in part",
            hint="check the full list on training.gov.au, and complete it in the register",
        )
    if not missing:
        return base
    # Missing units the plan holds are either recorded without a result that counts (to be
    # achieved) or held but left out of the count (room must be made for them).
    counting = {u.listed_as or u.code for u in by_index.values()}
    to_get = [c for c in missing if c not in plan_codes or (c in recorded and c not in counting)]
    return replace(
        base,
        status=Status.FAIL,
        message=f"{have} of the {len(listed)} units of {what} count; missing: {', '.join(missing)}",
        units=tuple(c for c in listed if c in counted),
        hint=add_or_achieve([(c, c) for c in to_get], recorded) or "make room for them among the electives",
    )
