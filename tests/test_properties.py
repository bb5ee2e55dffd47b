"""Properties of the whole engine on random small registers and plans.

Each example builds a synthetic qualification (real BSB unit codes, random groups, levels and
rules) and a plan of up to 12 entries, writes the plan as YAML and checks it through the API.
The expected verdict comes from `brute_force_verdict`, written here from the rules as the
README states them and sharing no code with the engine: it tries every set of electives that
could count and every way of crediting them to the minimums.

`HYPOTHESIS_PROFILE=long` (see conftest.py) runs each property on 100,000 examples.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from qualcheck import api
from qualcheck.engine import assignment
from qualcheck.findings import Finding, PlanResult, Status, Verdict
from qualcheck.models import AtLeast, AtMost, ElectivesFrom, Qualification, Selector, Unit
from qualcheck.register.store import Register

QUALIFICATION = "BSB50311"
HELD_LEVEL_4 = "BSB40120"  # held by the synthetic register, at AQF 4
# Not held: levels read from the code digit (3 and 6), and a course code with no level digit.
SOURCES = (QUALIFICATION, HELD_LEVEL_4, "BSB30120", "BSB60420", "10283NAT")
NOT_COUNTING = ("not-yet-competent", "withdrawn")
OUTCOMES = (None, None, None, "completed", "credit-transfer", *NOT_COUNTING)

_BUNDLED = Register(ROOT / "data")
# Codes whose units have no mappings, so that no two of them are equivalent; two packages, so that
# import windows by package (allowed or left out) matter.
CODES = [
    c
    for package in ("BSB", "CHC")
    for c in _BUNDLED.unit_codes(package)
    if not (_BUNDLED.unit(c).mappings)  # type: ignore[union-attr]
]


class MemoryRegister(Register):
    """A register held in memory: the same public interface, no files."""

    def __init__(self, qualifications: dict[str, Qualification], units: dict[str, Unit]) -> None:
        self.root = Path("<memory>")
        self._held = qualifications
        self._defined = units

    def qualification(self, code: str) -> Qualification | None:
        return self._held.get(code)

    def qualification_codes(self) -> list[str]:
        return sorted(self._held)

    def unit(self, code: str) -> Unit | None:
        return self._defined.get(code)

    def mapped_title(self, code: str) -> str | None:
        return None

    def unit_codes(self, package: str) -> list[str]:
        return sorted(c for c in self._defined if c.startswith(package))

    def equivalents(self, code: str) -> frozenset[str]:
        return frozenset({code})


@dataclass(frozen=True)
class Entry:
    code: str
    source: str | None = None  # from:
    outcome: str | None = None


@dataclass(frozen=True)
class Case:
    qualification: Qualification
    register: MemoryRegister
    entries: tuple[Entry, ...]


# Random registers ----------------------------------------------------------------------------


def _selector(draw: st.DrawFn, groups: list[str], codes: list[str]) -> dict[str, Any]:
    while True:
        selector: dict[str, Any] = {}
        if draw(st.booleans()):
            selector["groups"] = draw(st.lists(st.sampled_from(groups), min_size=1, max_size=2, unique=True))
        if draw(st.booleans()):
            selector["levels"] = draw(
                st.lists(st.sampled_from([3, 4, 5, 6]), min_size=1, max_size=2, unique=True)
            )
        if draw(st.booleans()):
            windows = [_window(draw) for _ in range(draw(st.integers(1, 2)))]
            selector["imported"] = windows[0] if len(windows) == 1 and draw(st.booleans()) else windows
        if draw(st.integers(0, 3)) == 0:
            selector["units"] = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
        if selector:
            return selector


def _window(draw: st.DrawFn) -> dict[str, Any]:
    window: dict[str, Any] = {}
    if draw(st.integers(0, 3)):
        window["levels"] = draw(st.lists(st.sampled_from([3, 4, 5, 6]), min_size=1, max_size=3, unique=True))
    which = draw(st.sampled_from(["", "", "packages", "exclude_packages"]))
    if which:
        window[which] = [draw(st.sampled_from(["BSB", "CHC"]))]
    return window


@st.composite
def registers(draw: st.DrawFn, minimum: bool = False) -> tuple[Qualification, MemoryRegister, list[str]]:
    """A synthetic qualification, its units, and the codes a plan may draw from.

    With `minimum`, the first rule is always an "at least" rule.
    """
    pool = draw(st.lists(st.sampled_from(CODES), min_size=16, max_size=16, unique=True))
    n_core = draw(st.integers(0, 2))
    core, rest = pool[:n_core], pool[n_core:]
    group_a = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=5, unique=True))
    group_b = draw(st.lists(st.sampled_from(rest), min_size=0, max_size=5, unique=True))
    groups = {"A": group_a} | ({"B": group_b} if group_b else {})
    electives = draw(st.integers(1, 5))
    # Some lists held only in part: units outside them may or may not belong.
    complete = {name: draw(st.sampled_from([True, True, False])) for name in groups}
    rules: list[dict[str, Any]] = []
    for k in range(draw(st.integers(1 if minimum else 0, 3))):
        kind = "at_least" if minimum and k == 0 else draw(st.sampled_from(["at_least", "at_most"]))
        selector = _selector(draw, list(groups), rest)
        if kind == "at_least":
            rules.append(
                {
                    "id": f"min-{k}",
                    "kind": kind,
                    "count": draw(st.integers(1, electives)),
                    "exclusive": draw(st.booleans()),
                    "from": selector,
                    "text": "synthetic minimum",
                }
            )
        else:
            rules.append(
                {
                    "id": f"cap-{k}",
                    "kind": kind,
                    "count": draw(st.integers(0, 3)),
                    "from": selector,
                    "text": "cap",
                }
            )
    if draw(st.booleans()):
        selector = _selector(draw, list(groups), rest)
        rules.append({"id": "sources", "kind": "electives_from", "from": selector, "text": "sources"})
    qualification = Qualification.model_validate(
        {
            "code": QUALIFICATION,
            "title": "Synthetic test qualification",
            "release": 1,
            "aqf_level": 5,
            "status": "current",
            "source": [{"title": "synthetic, made by tests/test_properties.py"}],
            "packaging": {
                "total_units": n_core + electives,
                "core_units": n_core,
                "elective_units": electives,
                "core": core,
                "groups": {
                    name: {"title": f"Group {name}", "units": units, "complete": complete[name]}
                    for name, units in groups.items()
                },
                "rules": rules,
            },
        }
    )
    other = Qualification.model_validate(
        {
            "code": HELD_LEVEL_4,
            "title": "Synthetic level 4 qualification",
            "release": 1,
            "aqf_level": 4,
            "status": "current",
            "source": [{"title": "synthetic"}],
            "packaging": {"total_units": 1, "core_units": 1, "elective_units": 0, "core": [pool[-1]]},
        }
    )
    # Every listed unit is defined; some unlisted ones are too (others stay unknown codes).
    listed = set(core) | set(group_a) | set(group_b)
    defined = listed | set(draw(st.lists(st.sampled_from(pool), max_size=6)))
    units: dict[str, Unit] = {}
    for code in sorted(defined):
        level = draw(st.sampled_from([None, 3, 4, 5, 6]))
        units[code] = Unit(
            code=code,
            title=f"unit {code}",
            level=level,
            level_basis="stated" if level is not None else None,
        )
    register = MemoryRegister({QUALIFICATION: qualification, HELD_LEVEL_4: other}, units)
    return qualification, register, pool


@st.composite
def entries(draw: st.DrawFn, pool: list[str], max_size: int = 12) -> list[Entry]:
    def one() -> Entry:
        return Entry(
            draw(st.sampled_from(pool)),
            draw(st.sampled_from([None, None, *SOURCES])),
            draw(st.sampled_from(OUTCOMES)),
        )

    return [one() for _ in range(draw(st.integers(1, max_size)))]


@st.composite
def cases(draw: st.DrawFn, max_size: int = 12, minimum: bool = False) -> Case:
    qualification, register, pool = draw(registers(minimum))
    # Mostly units the qualification lists, so that plans often come close to valid.
    listed = list(qualification.packaging.core) + [
        c for g in qualification.packaging.groups.values() for c in g.units
    ]
    weighted = listed * 3 + pool
    return Case(qualification, register, tuple(draw(entries(weighted, max_size))))


# Plans as YAML ------------------------------------------------------------------------------


def plan_yaml(entries: Sequence[Entry], style: str = "block") -> str:
    """The same plan in different YAML styles; `style` is block, flow, quoted or commented."""
    q = '"' if style == "quoted" else ""

    def mapping(entry: Entry) -> list[tuple[str, str]]:
        fields = [("code", entry.code)]
        if entry.source:
            fields.append(("from", entry.source))
        if entry.outcome:
            fields.append(("outcome", entry.outcome))
        return fields

    if style == "flow":
        items = []
        for entry in entries:
            fields = mapping(entry)
            items.append(
                entry.code if len(fields) == 1 else "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}"
            )
        return f"{{qualification: {QUALIFICATION}, units: [{', '.join(items)}]}}\n"
    lines = ["# a plan"] if style == "commented" else []
    lines += [f"qualification: {q}{QUALIFICATION}{q}", "units:"]
    for entry in entries:
        fields = mapping(entry)
        if len(fields) == 1 and style != "quoted":
            lines.append(f"  - {entry.code}" + ("   # listed unit" if style == "commented" else ""))
            continue
        first, *rest = fields
        lines.append(f"  - {first[0]}: {q}{first[1]}{q}")
        lines.extend(f"    {k}: {q}{v}{q}" for k, v in rest)
        if style == "commented":
            lines.append("    # next unit")
    return "\n".join(lines) + "\n"


def judge(case: Case, entries: Sequence[Entry] | None = None, style: str = "block") -> PlanResult:
    text = plan_yaml(case.entries if entries is None else entries, style)
    result = api.validate_text(text, "plan.yaml", case.register)
    assert result.error is None, (text, result.error)
    return result


# The brute force -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    index: int
    code: str
    level: int | None  # None: not recorded
    imported: bool
    groups: frozenset[str]
    maybe_in: frozenset[str] = frozenset()  # partial groups an unlisted unit without from: may be in
    exists_unknown: bool = False  # no units file defines the code


# The AQF level a code's level digit stands for (7 and 8 are graduate levels, AQF 8 in VET).
_DIGIT_LEVEL = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 8, "8": 8}


def _level(case: Case, entry: Entry) -> int | None:
    """The level a plan entry counts at: its `from:` qualification's, else the unit's own."""
    if entry.source:
        held = case.register.qualification(entry.source)
        if held is not None:
            return held.aqf_level
        return _DIGIT_LEVEL.get(entry.source[3] if entry.source[:3].isalpha() else "")
    unit = case.register.unit(entry.code)
    if unit is not None and unit.level is not None:
        return unit.level
    return _DIGIT_LEVEL.get(next(ch for ch in entry.code[3:] if ch.isdigit()))


def _in(selector: Selector, code: str, level: int | None, imported: bool, groups: frozenset[str]) -> bool:
    """Exact membership of a unit whose every fact is known (`level` None: at no AQF level the
    selectors name, as a course without a level is)."""
    if set(selector.groups) & groups or code in selector.units:
        return True
    if level is not None and level in selector.levels:
        return True
    package = code[:3]
    return imported and any(
        (not w.packages or package in w.packages)
        and package not in w.exclude_packages
        and (not w.levels or (level is not None and level in w.levels))
        for w in selector.imported
    )


# Levels that stand for every level a unit could be at: those the selectors name, and one they
# never name.
_LEVEL_STANDS = (3, 4, 5, 6, 8)


def _worlds(unit: Counted) -> list[tuple[int | None, bool, frozenset[str], bool]]:
    """Every way the unit's unrecorded facts could turn out: (level, imported, groups, exists)."""
    levels: Sequence[int | None] = [unit.level] if unit.level is not None else _LEVEL_STANDS
    listings = [(unit.imported, unit.groups)] + [(False, frozenset({g})) for g in sorted(unit.maybe_in)]
    exists = (True, False) if unit.exists_unknown else (True,)
    return [(lv, imp, grp, ex) for lv in levels for imp, grp in listings for ex in exists]


def _inside(selector: Selector, unit: Counted, cap: bool, hopeful: bool = False) -> bool:
    """Whether `unit` is in the set, per rule: a fact nobody recorded is read against the plan
    (outside a minimum's or a source's set, inside a cap's), or for it with `hopeful`."""
    answers = {_in(selector, unit.code, lv, imp, grp) and ex for lv, imp, grp, ex in _worlds(unit)}
    if len(answers) == 1:
        return answers.pop()
    return cap != hopeful


def counted_units(case: Case, entries: Sequence[Entry]) -> tuple[bool, set[str], list[Counted]]:
    """(an unknown code that cannot be judged, the codes that count, the electives among them)."""
    packaging = case.qualification.packaging
    core = set(packaging.core)
    partial = frozenset(name for name, group in packaging.groups.items() if not group.complete)
    present: set[str] = set()
    electives: list[Counted] = []
    error = False
    for index, entry in enumerate(entries):
        groups = frozenset(name for name, group in packaging.groups.items() if entry.code in group.units)
        listed = bool(groups) or entry.code in core
        unknown = case.register.unit(entry.code) is None
        if unknown and not entry.source and not (partial and not listed):
            error = True  # an unknown code that is neither an import nor maybe listed
            continue
        if entry.outcome in NOT_COUNTING or entry.code in present:
            continue
        present.add(entry.code)
        if entry.code not in core:
            maybe_in = partial if not listed and not entry.source else frozenset()
            level = _level(case, entry)
            electives.append(Counted(index, entry.code, level, not groups, groups, maybe_in, unknown))
    return error, present, electives


def _sources(case: Case) -> list[Selector]:
    """The source rules; where the register holds none, only listed units are known to be allowed."""
    packaging = case.qualification.packaging
    stated = [r.from_ for r in packaging.rules if isinstance(r, ElectivesFrom)]
    return stated or [Selector(groups=tuple(packaging.groups))]


def brute_force_verdict(case: Case, entries: Sequence[Entry], hopeful: bool = False) -> Verdict:
    """Valid when every core unit is present and some set of exactly `elective_units` electives
    meets every rule under some crediting of units to the exclusive minimums, each fact nobody
    recorded read against the plan (or for it, with `hopeful`), rule by rule."""
    packaging = case.qualification.packaging
    error, present, electives = counted_units(case, entries)
    if error:
        return Verdict.ERROR
    if not set(packaging.core) <= present:
        return Verdict.INVALID
    rules = packaging.rules
    sources = [] if hopeful and not any(isinstance(r, ElectivesFrom) for r in rules) else _sources(case)
    eligible = [u for u in electives if all(_inside(s, u, False, hopeful) for s in sources)]
    return _any_assignment(case, eligible, lambda sel, u, cap: _inside(sel, u, cap, hopeful))


def _any_assignment(case: Case, eligible: list[Any], inside: Any) -> Verdict:
    packaging = case.qualification.packaging
    rules = packaging.rules
    exclusive = [r for r in rules if isinstance(r, AtLeast) and r.exclusive]

    def credit(chosen: list[Any], minimums: list[AtLeast]) -> bool:
        if not minimums:
            return True
        rule, rest = minimums[0], minimums[1:]
        members = [u for u in chosen if inside(rule.from_, u, False)]
        for taken in itertools.combinations(members, rule.count):
            if credit([u for u in chosen if u not in taken], rest):
                return True
        return False

    for chosen in itertools.combinations(eligible, packaging.elective_units):
        ok = True
        for rule in rules:
            if isinstance(rule, AtMost):
                ok = sum(inside(rule.from_, u, True) for u in chosen) <= rule.count
            elif isinstance(rule, AtLeast) and not rule.exclusive:
                ok = sum(inside(rule.from_, u, False) for u in chosen) >= rule.count
            if not ok:
                break
        if ok and credit(list(chosen), exclusive):
            return Verdict.VALID
    return Verdict.INVALID


@dataclass(frozen=True)
class Known:
    """A unit with every fact decided: one world of `_worlds`."""

    code: str
    level: int | None
    imported: bool
    groups: frozenset[str]


def completed_verdicts(case: Case, entries: Sequence[Entry], limit: int = 400) -> set[Verdict] | None:
    """The verdict under every way the unrecorded facts could turn out (None past `limit`)."""
    packaging = case.qualification.packaging
    error, present, electives = counted_units(case, entries)
    if error:
        return {Verdict.ERROR}
    if not set(packaging.core) <= present:
        return {Verdict.INVALID}
    choices = [_worlds(u) for u in electives]
    stated = any(isinstance(r, ElectivesFrom) for r in packaging.rules)
    # Sources never seen: listed units only, or anything at all.
    source_options: list[list[Selector] | None] = [_sources(case)] if stated else [_sources(case), None]
    count = len(source_options)
    for options in choices:
        count *= len(options)
    if count > limit:
        return None
    verdicts = set()

    def inside(selector: Selector, unit: Known, cap: bool) -> bool:
        return _in(selector, unit.code, unit.level, unit.imported, unit.groups)

    for sources in source_options:
        for world in itertools.product(*choices):
            knowns = [
                Known(u.code, lv, imp, grp)
                for u, (lv, imp, grp, ex) in zip(electives, world, strict=True)
                if ex
            ]
            eligible = [k for k in knowns if sources is None or all(inside(s, k, False) for s in sources)]
            verdicts.add(_any_assignment(case, eligible, inside))
    return verdicts


# The properties ------------------------------------------------------------------------------


def expected_verdict(case: Case, entries: Sequence[Entry]) -> Verdict:
    """Valid or invalid on recorded facts alone; undecided when only unrecorded facts decide it."""
    certain = brute_force_verdict(case, entries)
    if certain is Verdict.INVALID and brute_force_verdict(case, entries, hopeful=True) is Verdict.VALID:
        return Verdict.UNDECIDED
    return certain


@given(cases())
def test_verdict_matches_brute_force(case: Case) -> None:
    assert judge(case).verdict() is expected_verdict(case, case.entries)


@given(cases())
def test_a_verdict_holds_under_every_completion_of_the_unrecorded_facts(case: Case) -> None:
    """The principle: a plan judged VALID is valid however every fact nobody recorded turns out
    (a unit's level, its place in a list held in part, whether an undefined code is a unit, where
    electives may come from when no source rule was seen); a plan judged INVALID is invalid
    under every one of them."""
    verdict = judge(case).verdict()
    completed = completed_verdicts(case, case.entries)
    if completed is None or verdict is Verdict.UNDECIDED:
        return
    assert completed == {verdict}, (plan_yaml(case.entries), completed)


def _rule_outcomes(result: PlanResult) -> list[tuple[str, str | None, str, int | None, int | None]]:
    return sorted((f.code, f.rule_id, f.status.value, f.have, f.need) for f in result.findings if f.rule_id)


def _short(result: PlanResult) -> bool:
    """Whether no assignment of the electives meets every counting rule."""
    return any(f.code in ("QC201", "QC203") and f.status is Status.FAIL for f in result.findings)


def _shortfall(result: PlanResult) -> int:
    """Units still missing over the counting rules: what the engine's search makes smallest."""
    return sum(
        (f.need or 0) - (f.have or 0)
        for f in result.findings
        if f.code in ("QC201", "QC203") and f.status in (Status.FAIL, Status.MANUAL)
    )


def _shortfalls_in_rule_order(result: PlanResult) -> list[int]:
    """Units missing per counting rule: the elective count, then each minimum as stated."""
    return [
        (f.need or 0) - (f.have or 0) if f.status in (Status.FAIL, Status.MANUAL) else 0
        for f in result.findings
        if f.code in ("QC201", "QC203")
    ]


def _all_findings(result: PlanResult) -> list[tuple[Any, ...]]:
    def without_lines(text: str) -> str:
        return re.sub(r"line \d+", "line N", text)

    def key(f: Finding) -> tuple[Any, ...]:
        return (
            f.code,
            f.status.value,
            f.rule_id,
            f.have,
            f.need,
            f.units,
            without_lines(f.message),
            without_lines(f.hint),
        )

    return [key(f) for f in result.findings]


@contextlib.contextmanager
def search_budget(states: int) -> Iterator[None]:
    """Judge with the assignment search given `states` states before the integer program answers
    (the budget is part of the answers' cache key, so no cached answer crosses over)."""
    kept = assignment.SEARCH_BUDGET
    assignment.SEARCH_BUDGET = states
    try:
        yield
    finally:
        assignment.SEARCH_BUDGET = kept


@given(cases())
def test_the_integer_program_judges_every_plan_as_the_search_does(case: Case) -> None:
    """With no search budget at all, every elective problem goes to the integer program: the
    verdict is the brute force's, and every finding and every unit's place is the search's, unit
    for unit (these problems are small enough for the program's exact preference weights)."""
    by_search = judge(case)
    with search_budget(0):
        by_program = judge(case)
    assert by_program.verdict() is expected_verdict(case, case.entries)
    assert _all_findings(by_program) == _all_findings(by_search)
    assert [(u.code, u.role, u.detail) for u in by_program.placements] == [
        (u.code, u.role, u.detail) for u in by_search.placements
    ]


@given(cases(), st.randoms(use_true_random=False))
def test_unit_order_does_not_change_the_outcome(case: Case, random: Any) -> None:
    # When a code is listed twice, the first entry counts; two entries of one code with different
    # `from:` are different units to the engine, so give repeats the first entry's `from:`.
    source: dict[str, str | None] = {}
    plan = [Entry(e.code, source.setdefault(e.code, e.source), e.outcome) for e in case.entries]
    shuffled = list(plan)
    random.shuffle(shuffled)
    first, second = judge(case, plan), judge(case, shuffled)
    assert first.verdict() is second.verdict()
    if _short(first):
        # Which rules fail, and by how much, never depends on order.
        assert _rule_outcomes(first) == _rule_outcomes(second)
    else:
        # Every rule is met; which surplus unit is left out (the last listed) may change the
        # counts credited, not the statuses.
        assert [o[:3] for o in _rule_outcomes(first)] == [o[:3] for o in _rule_outcomes(second)]


@given(cases(), st.sampled_from(["flow", "quoted", "commented"]))
def test_yaml_style_does_not_change_the_outcome(case: Case, style: str) -> None:
    block, other = judge(case), judge(case, style=style)
    assert block.verdict() is other.verdict()
    assert _all_findings(block) == _all_findings(other)


@given(cases(max_size=11, minimum=True), st.data())
def test_adding_a_unit_never_takes_a_plan_further_from_valid(case: Case, data: st.DataObject) -> None:
    """Adding a unit never raises the number of units still missing, and a plan that met every
    minimum still meets them all. When the number missing stays the same, a minimum that was met
    stops being met only in favour of a minimum stated before it (ties go to earlier rules)."""
    extra = data.draw(entries(list(CODES), max_size=1))
    before, after = judge(case), judge(case, [*case.entries, *extra])
    assert _shortfall(after) <= _shortfall(before)
    if _shortfall(after) == _shortfall(before):
        assert _shortfalls_in_rule_order(after) <= _shortfalls_in_rule_order(before), (
            plan_yaml([*case.entries, *extra]),
            _rule_outcomes(before),
            _rule_outcomes(after),
        )
    met = {f.rule_id for f in before.findings if f.code == "QC203" and f.status is Status.PASS}
    if all(f.status is Status.PASS for f in before.findings if f.code == "QC203"):
        still = {f.rule_id for f in after.findings if f.code == "QC203" and f.status is Status.PASS}
        assert met <= still, (
            plan_yaml([*case.entries, *extra]),
            _rule_outcomes(before),
            _rule_outcomes(after),
        )


def test_adding_a_unit_keeps_each_met_minimum_of_a_short_plan() -> None:
    """One elective, two minimums over different units: a plan with a unit for the first
    minimum meets it. Adding a unit for the second makes both fall equally short; ties go to
    the rule stated first, so the first minimum is still reported met."""
    a, b = CODES[0], CODES[1]
    case = _two_minimums_one_elective(a, b, [Entry(a)])
    before, after = judge(case), judge(case, [Entry(a), Entry(b)])
    met = {f.rule_id for f in before.findings if f.code == "QC203" and f.status is Status.PASS}
    still = {f.rule_id for f in after.findings if f.code == "QC203" and f.status is Status.PASS}
    assert met == {"one-from-a"}
    assert met <= still


def _two_minimums_one_elective(a: str, b: str, plan: list[Entry]) -> Case:
    qualification = Qualification.model_validate(
        {
            "code": QUALIFICATION,
            "title": "Synthetic tie",
            "release": 1,
            "aqf_level": 5,
            "status": "current",
            "source": [{"title": "synthetic"}],
            "packaging": {
                "total_units": 1,
                "core_units": 0,
                "elective_units": 1,
                "core": [],
                "groups": {"A": {"title": "Group A", "units": [a]}, "B": {"title": "Group B", "units": [b]}},
                "rules": [
                    {
                        "id": "one-from-a",
                        "kind": "at_least",
                        "count": 1,
                        "from": {"groups": ["A"]},
                        "text": "1 from A",
                    },
                    {
                        "id": "one-from-b",
                        "kind": "at_least",
                        "count": 1,
                        "from": {"groups": ["B"]},
                        "text": "1 from B",
                    },
                ],
            },
        }
    )
    units = {code: Unit(code=code, title=code) for code in (a, b)}
    return Case(qualification, MemoryRegister({QUALIFICATION: qualification}, units), tuple(plan))


def test_tied_shortfalls_are_reported_the_same_in_any_order() -> None:
    """Found by test_unit_order_does_not_change_the_outcome: when no assignment meets every
    rule and two fall equally short, which rule was reported as failing followed the plan's
    unit order."""
    a, b = CODES[0], CODES[1]
    case = _two_minimums_one_elective(a, b, [Entry(a), Entry(b)])
    forward, backward = judge(case), judge(case, [Entry(b), Entry(a)])
    assert forward.verdict() is backward.verdict() is Verdict.INVALID
    assert _rule_outcomes(forward) == _rule_outcomes(backward)


def test_an_import_of_unknown_level_never_passes_the_sources_rule() -> None:
    """A course code (10283NAT) has no level digit: the unit's level is unknown, so whether it may
    count as a BSB50311 elective cannot be decided, and the plan that needs it is not valid."""
    electives = ["BSBCCO601B", "BSBCCO602B", "BSBCUS501C", "BSBCOM501B", "BSBRSK501B", "BSBHRM503B"]
    plan = (
        "qualification: BSB50311\nunits:\n"
        + "".join(f"  - {c}\n" for c in ["BSBCCO504A", "BSBLED501A", "BSBMGT516C", *electives])
        + "  - {code: BSBLDR601, from: 10283NAT}\n"
    )
    result = api.validate_text(plan, "plan.yaml", _BUNDLED)
    sources = [f for f in result.findings if f.code == "QC202"]
    assert [f.status for f in sources] == [Status.MANUAL]
    assert "AQF level unknown" in sources[0].message
    assert result.verdict() is Verdict.UNDECIDED
