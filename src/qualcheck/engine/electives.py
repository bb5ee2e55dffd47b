"""QC102, QC103 and QC2xx: how many electives count, from where, under which caps.

The qualification's counting rules become bounds for the exact search in `assignment`; this
module then reads the chosen assignment back as one finding per rule, in the rule's own words.
What each rule kind becomes and how it is read back is the kind's own (engine.kinds, one
module per kind, dispatched through `KINDS`); this module holds the totals, the eligibility the
source rules set, and the judging of unrecorded facts one way and the other.
A rule that excludes units (a source list, a cap) fails only when the plan needed those units
to count; otherwise the excluded units are reported and the rule passes or warns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from qualcheck.engine.assignment import Assignment, Bound, best_assignment
from qualcheck.engine.confirmations import Confirmations
from qualcheck.engine.kinds import KINDS, Reading, Sets
from qualcheck.engine.kinds.base import BY, add_hint
from qualcheck.engine.kinds.electives_from import UNSEEN_SOURCES
from qualcheck.engine.memo import SEARCHES, Solved, search_key
from qualcheck.engine.recorded import NO_RECORD
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.engine.selectors import inside, membership, some_of
from qualcheck.errors import Span
from qualcheck.findings import Finding, Status
from qualcheck.models import records

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import ElectivesFrom, Packaging, PackagingRule, Qualification

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
    confirmations: Confirmations | None = None,
    core_hopeful: int | None = None,
    recorded: frozenset[str] = NO_RECORD,
) -> ElectiveResult:
    """Check the elective rules, plus `extra_rules` (a named specialisation's). No code in
    `recorded` (see engine.recorded) is suggested as an elective to add.

    Some facts a rule reads may be recorded nowhere: a unit's AQF level, whether a unit belongs
    to a list the register holds only in part, whether a code no units file defines is a unit,
    where electives may come from when those sentences were never seen. The rules are judged
    first with every such fact read against the plan (outside the sets of minimums and sources,
    inside the sets of caps). A rule that fails then, but passes with every fact read in the
    plan's favour, is undecided: a person must confirm the facts it names. So a rule passes
    only on recorded facts, and fails only when it fails whatever the facts turn out to be.
    `core_hopeful` is the core count when unlisted units fill a core list held only in part.
    """
    confirmations = confirmations or Confirmations()
    sources_confirmed = confirmations.rule(ELECTIVE_SOURCES) if not _stated_sources(qualification) else None
    judge = _Judge(qualification, units, units_span, extra_rules, sources_confirmed is not None, recorded)
    result = judge.run(core_have, hopeful=False)
    if sources_confirmed is not None:
        result.findings = [
            replace(f, confirmed=(str(sources_confirmed),)) if f.rule_id == ELECTIVE_SOURCES else f
            for f in result.findings
        ]
    if not any(f.status is Status.FAIL for f in result.findings):
        return result
    facts = judge.facts()
    if not facts and core_hopeful in (None, core_have):
        return result
    hopeful = judge.run(core_hopeful if core_hopeful is not None else core_have, hopeful=True)
    if any(f.status is Status.FAIL for f in hopeful.findings):
        return result  # no way the facts turn out makes the plan pass: its failures stand
    changed = [_undecided(f, facts) if f.status is Status.FAIL else f for f in result.findings]
    changed += [fact.finding() for fact in facts if fact.span is not None]
    result.findings = changed
    return result


ELECTIVE_SOURCES = "elective-sources"


@dataclass(frozen=True)
class Fact:
    """A fact nobody recorded that a rule's result depends on, and how a person confirms it."""

    what: str  # "the AQF level of BSBX123"
    form: str  # the `confirmed:` entry that settles it
    span: Span | None = None  # the plan entry it is about, if any
    unit: str | None = None

    def finding(self) -> Finding:
        # A note, not a warning: the undecided rules it explains already hold the verdict back.
        return Finding(
            "QC207",
            Status.INFO,
            f"not recorded: {self.what}",
            self.span,
            units=(self.unit,) if self.unit else (),
            hint=f"confirm it in the plan: {self.form}",
        )


def _undecided(finding: Finding, facts: list[Fact]) -> Finding:
    about = [f.unit for f in facts if f.unit]
    general = [f.what for f in facts if not f.unit]
    parts = (
        [f"what is not recorded about {some_of(about)} (QC207 below says what, and how to confirm it)"]
        if about
        else []
    ) + general
    forms = [f.form for f in facts if not f.unit]
    return replace(
        finding,
        status=Status.MANUAL,
        undecided=True,
        message=f"on recorded facts, {finding.message}; not decided: the rule is met or not depending on "
        + "; and on ".join(parts),
        hint="confirm under `confirmed:` in the plan what each QC207 note names"
        + (f"; {'; '.join(forms)}" if forms else ""),
    )


def _source_rules(rules: Sequence[PackagingRule]) -> list[ElectivesFrom]:
    """The rules that say where electives may come from (they decide eligibility, not counts)."""
    return [r for r in rules if r.kind == "electives_from"]


def _stated_sources(qualification: Qualification) -> bool:
    return bool(_source_rules(qualification.packaging.rules))


def _unseen_sources(qualification: Qualification) -> ElectivesFrom | None:
    """Where electives may come from, when the register holds no such rule (its sentences were
    never seen): only the units it lists as electives are known to be allowed."""
    packaging = qualification.packaging
    if _stated_sources(qualification) or not packaging.groups:
        return None
    return records.ElectivesFrom(
        ELECTIVE_SOURCES, UNSEEN_SOURCES, None, records.Selector(tuple(packaging.groups), (), (), ())
    )


class _Judge:
    """One plan's elective problem, judged with the unrecorded facts read one way or the other."""

    def __init__(
        self,
        qualification: Qualification,
        units: list[ResolvedUnit],
        units_span: Span,
        extra_rules: Sequence[PackagingRule],
        sources_confirmed: bool,
        recorded: frozenset[str] = NO_RECORD,
    ) -> None:
        self.recorded = recorded
        self.qualification = qualification
        self.units = units
        self.units_span = units_span
        self.extra_rules = extra_rules
        self.unseen_sources = None if sources_confirmed else _unseen_sources(qualification)

    def run(self, core_have: int, hopeful: bool) -> ElectiveResult:
        sources = [self.unseen_sources] if self.unseen_sources is not None and not hopeful else []
        return _judge(
            self.qualification,
            self.units,
            core_have,
            self.units_span,
            self.extra_rules,
            self.recorded,
            hopeful,
            sources,
        )

    def facts(self) -> list[Fact]:
        """The unrecorded facts some rule of this plan reads differently by how they turn out."""
        packaging = self.qualification.packaging
        rules = [*packaging.rules, *self.extra_rules]
        selectors = [r.from_ for r in rules if r.from_ is not None]
        if self.unseen_sources is not None:
            selectors.append(self.unseen_sources.from_)
        facts: list[Fact] = []
        for u in self.units:
            if not u.counts or u.core or not u.unrecorded:
                continue
            if not any(membership(s, u) is None for s in selectors) and not u.maybe_core:
                continue
            facts.extend(_unit_facts(packaging, u))
        if self.unseen_sources is not None:
            facts.append(
                Fact(
                    "where electives may come from: the register holds no such rule (the qualification's "
                    "sentences on elective sources were not seen)",
                    f"{{rule: {ELECTIVE_SOURCES}, {BY}}}",
                )
            )
        return facts


def _unit_facts(packaging: Packaging, unit: ResolvedUnit) -> list[Fact]:
    """One fact a unit: what is not recorded about it, and the confirmations that settle it."""
    whats: list[str] = []
    forms: list[str] = []
    if unit.exists_unknown:
        whats.append("whether it is a unit at all (no units file in the register defines it)")
    if unit.maybe_in or unit.maybe_core:
        lists = [packaging.groups[g].title for g in sorted(unit.maybe_in)]
        lists += ["the core list"] if unit.maybe_core else []
        whats.append(f"whether it is listed in {_or(lists)} (held only in part in the register)")
        key = sorted(unit.maybe_in)[0] if unit.maybe_in else "core"
        forms.append(f"{{unit: {unit.code}, listed_in: {key}, {BY}}}")
    if unit.level is None:
        imported = " if it is imported" if unit.maybe_in or unit.maybe_core else ""
        whats.append(f"its AQF level{imported}")
        forms.append(f"`from: QUALIFICATION` on its entry, or {{unit: {unit.code}, level: N, {BY}}}")
    elif unit.exists_unknown:
        forms.append(
            f"add {unit.code} to the register's units, or {{unit: {unit.code}, level: {unit.level}, {BY}}}"
        )
    return [Fact(f"{unit.code}: " + "; ".join(whats), " or ".join(forms), unit.span, unit.code)]


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _judge(
    qualification: Qualification,
    units: list[ResolvedUnit],
    core_have: int,
    units_span: Span,
    extra_rules: Sequence[PackagingRule],
    recorded: frozenset[str],
    hopeful: bool,
    implicit_sources: Sequence[ElectivesFrom] = (),
) -> ElectiveResult:
    """The elective rules judged with unrecorded facts read one way (see check_electives)."""
    packaging = qualification.packaging
    rules = [*packaging.rules, *extra_rules]
    pool = [u for u in units if u.counts and not u.core]

    def search() -> Solved:
        _, _, _, eligible, bounds, core_points = _problem(
            qualification, units, extra_rules, hopeful, implicit_sources
        )
        return Solved(eligible, bounds, core_points, best_assignment(eligible, bounds))

    # Plans sharing every fact the search reads share its answer (plan indices only).
    if SEARCHES.worth_asking():
        key = search_key(qualification, units, extra_rules, hopeful, implicit_sources)
        solved = SEARCHES.get(qualification, key, search)
    else:
        solved = search()
    eligible, bounds, core_points, solution = (
        solved.eligible,
        solved.bounds,
        solved.core_points,
        solved.solution,
    )
    by_index = {u.index: u for u in pool}
    # Codes never suggested as units to add: the plan's own, and every other the student has.
    plan_codes = {u.code for u in units} | {u.listed_as for u in units if u.listed_as} | recorded
    why_not: dict[int, str] = {}

    reading = Reading(
        packaging, pool, by_index, eligible, bounds, solution, plan_codes, recorded, units_span, why_not
    )
    # Where electives may come from is said first, then the counting rules in their order.
    judged = sorted([*rules, *implicit_sources], key=lambda rule: not KINDS[rule.kind].judged_first)
    findings = [KINDS[rule.kind].read(rule, reading) for rule in judged]
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
            else add_hint(
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
    """Whether some assignment meets every elective rule plus `extra_rules`, on recorded facts."""
    unseen = _unseen_sources(qualification)
    _, _, _, eligible, bounds, _ = _problem(
        qualification, units, extra_rules, False, [unseen] if unseen else []
    )
    return best_assignment(eligible, bounds).feasible


def _problem(
    qualification: Qualification,
    units: list[ResolvedUnit],
    extra_rules: Sequence[PackagingRule],
    hopeful: bool = False,
    implicit_sources: Sequence[ElectivesFrom] = (),
) -> tuple[list[PackagingRule], list[ResolvedUnit], list[ElectivesFrom], list[int], list[Bound], int]:
    """The search problem: rules in force, the elective pool, source rules, eligible units, bounds
    and the points the core already brings. With `hopeful`, every unrecorded fact is read in the
    plan's favour (inside the sets of minimums and sources, outside those of caps); else against."""
    packaging = qualification.packaging
    rules = [*packaging.rules, *extra_rules]
    pool = [u for u in units if u.counts and not u.core]
    sources = _source_rules(rules) + list(implicit_sources)
    core_points = sum(packaging.points.get(u.listed_as or u.code, 0) for u in units if u.counts and u.core)
    bounds = _bounds(packaging, pool, rules, core_points, hopeful)
    return rules, pool, sources, _eligible(pool, sources, hopeful), bounds, core_points


def _eligible(pool: list[ResolvedUnit], sources: list[ElectivesFrom], hopeful: bool) -> list[int]:
    # A code no units file defines is a unit only in the hopeful reading.
    return [
        u.index
        for u in pool
        if all(inside(r.from_, u, hopeful) for r in sources) and (hopeful or not u.exists_unknown)
    ]


def _bounds(
    packaging: Packaging,
    pool: list[ResolvedUnit],
    rules: Sequence[PackagingRule],
    core_points: int,
    hopeful: bool,
) -> list[Bound]:
    everything = frozenset(u.index for u in pool)
    points = {u.index: packaging.points.get(u.listed_as or u.code, 0) for u in pool}
    bounds = []
    if packaging.elective_units is not None:
        bounds.append(Bound(ELECTIVES, everything, packaging.elective_units, packaging.elective_units))
    if packaging.points_total is not None:
        needed = max(0, packaging.points_total - core_points)
        bounds.append(Bound(POINTS, everything, low=needed, weights=points))
    sets = Sets(packaging, pool, everything, points, hopeful)
    for rule in rules:
        bound = KINDS[rule.kind].bound(rule, sets)
        if bound is not None:
            bounds.append(bound)
    return bounds


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


def _sources_selector_text(packaging: Packaging) -> str:
    rules = _source_rules(packaging.rules)
    return rules[0].from_.describe(packaging) if rules else "the elective groups"


def _source_candidates(packaging: Packaging, plan_codes: set[str]) -> list[str]:
    rules = _source_rules(packaging.rules)
    if rules:
        listed = rules[0].listed(packaging)
    else:
        listed = [c for group in packaging.groups.values() for c in group.units]
    return [c for c in dict.fromkeys(listed) if c not in plan_codes]
