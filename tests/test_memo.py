"""The remembered elective search never gives one plan another's answer.

Plans that share every fact the search reads share its answer; a plan that differs in one of
them is searched on its own; and each plan's findings keep its own codes and line numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from qualcheck import api
from qualcheck.engine.memo import SEARCHES, search_key
from qualcheck.engine.resolve import ResolvedUnit, resolve_units
from qualcheck.engine.view import LocatedPlan
from qualcheck.errors import InputError
from qualcheck.findings import PlanResult, Verdict
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import load_yaml
from qualcheck.models import Plan, Qualification
from qualcheck.register.store import Register
from test_properties import Case, Entry, cases, plan_yaml

IMPORTED = """qualification: BSB50311
units:
  - BSBCCO504A
  - BSBLED501A
  - BSBMGT516C
  - BSBCCO601B
  - BSBCCO602B
  - BSBCOM501B
  - BSBRSK501B
  - BSBHRM503B
  - BSBINM501A
  - code: BSBITU306A
    from: {source}
"""


@contextmanager
def searched_afresh() -> Iterator[None]:
    SEARCHES.enabled = False
    try:
        yield
    finally:
        SEARCHES.enabled = True


def everything(result: PlanResult) -> dict[str, Any]:
    """All of a result, positions included."""
    data = result.to_dict()
    data["spans"] = [dataclasses.astuple(f.span) if f.span else None for f in result.findings]
    data["unit_spans"] = [dataclasses.astuple(p.span) if p.span else None for p in result.placements]
    return data


def test_plans_differing_only_in_an_imported_units_level_are_judged_apart(register: Register) -> None:
    # BSBITU306A's level is read from the code of the qualification it comes from: AQF 3 is
    # outside the allowed imports, AQF 5 inside. Nothing else differs.
    low, high = IMPORTED.format(source="BSB30412"), IMPORTED.format(source="BSB50412")
    SEARCHES.clear()
    for first, second in ((low, high), (high, low)):
        one = api.validate_text(first, "one.yaml", register)
        two = api.validate_text(second, "two.yaml", register)
        assert {one.verdict(), two.verdict()} == {Verdict.VALID, Verdict.INVALID}
        with searched_afresh():
            assert everything(one) == everything(api.validate_text(first, "one.yaml", register))
            assert everything(two) == everything(api.validate_text(second, "two.yaml", register))


def test_a_remembered_answer_carries_each_plans_own_lines_and_codes(register: Register) -> None:
    text = (EXAMPLES / "invalid-three-cert-iv.yaml").read_text()
    # The same facts at other lines; then another Certificate IV unit of Group B in place of one.
    shifted = "# two more lines\n#\n" + text
    other = text.replace("BSBCCO407A", "BSBHRM405A")
    SEARCHES.clear()
    remembered = [
        api.validate_text(t, f"plan-{i}.yaml", register) for i, t in enumerate((text, shifted, other))
    ]
    with searched_afresh():
        afresh = [
            api.validate_text(t, f"plan-{i}.yaml", register) for i, t in enumerate((text, shifted, other))
        ]
    assert [everything(r) for r in remembered] == [everything(r) for r in afresh]
    cap = [next(f for f in r.findings if f.rule_id == "certificate-iv-cap") for r in remembered]
    assert cap[0].span is not None and cap[1].span is not None
    assert cap[1].span.line == cap[0].span.line + 2
    assert "BSBHRM405A" in cap[2].units and "BSBCCO407A" not in cap[2].units


@st.composite
def related_plans(draw: st.DrawFn) -> tuple[Case, list[list[Entry]]]:
    """A case and plans close to it: the same, reordered, one entry dropped, codes swapped."""
    case = draw(cases())
    plan = list(case.entries)
    variants = [plan, list(reversed(plan)), plan[1:] or plan]
    codes = sorted({e.code for e in plan})
    swap = dict(zip(codes, draw(st.permutations(codes)), strict=True))
    variants.append([dataclasses.replace(e, code=swap[e.code]) for e in plan])
    return case, variants


@given(related_plans())
def test_remembering_the_search_changes_no_result(example: tuple[Case, list[list[Entry]]]) -> None:
    case, plans = example
    texts = [plan_yaml(plan) for plan in plans]
    remembered = [api.validate_text(t, f"p{i}.yaml", case.register) for i, t in enumerate(texts)]
    with searched_afresh():
        afresh = [api.validate_text(t, f"p{i}.yaml", case.register) for i, t in enumerate(texts)]
    assert [everything(r) for r in remembered] == [everything(r) for r in afresh]


def _pool_and_qualification(register: Register) -> tuple[Qualification, list[ResolvedUnit]]:
    doc = load_yaml((EXAMPLES / "valid.yaml").read_text(), "valid.yaml")
    located = LocatedPlan(load_model(doc, Plan, InputError), doc)
    qualification = register.qualification("BSB50311")
    assert qualification is not None
    units, _ = resolve_units(located.plan, doc, qualification, register)
    return qualification, units


def test_every_fact_the_search_reads_is_in_its_key(register: Register) -> None:
    qualification, units = _pool_and_qualification(register)
    elective = next(i for i, u in enumerate(units) if u.counts and not u.core and u.level == 5)

    def key(**changed: Any) -> Any:
        changed_units = list(units)
        changed_units[elective] = dataclasses.replace(units[elective], **changed)
        return search_key(qualification, changed_units, (), False, ())

    same = key()
    for fact in (
        {"level": 4},  # the Certificate IV cap reads it
        {"level": None},
        {"groups": frozenset({"A", "B"})},
        {"maybe_in": frozenset({"A"})},
        {"maybe_core": True},
        {"exists_unknown": True},
        {"listed_as": None},  # imported
        {"counts": False},
        {"core": True},
        {"index": 99},
    ):
        assert key(**fact) != same, fact
    # No selector of BSB50311 tells a listed unit at AQF 5 from one at AQF 6: one answer serves both.
    assert key(level=6) == same
    assert search_key(qualification, units, (), True, ()) != same  # the hopeful reading


def test_the_memo_stops_keying_when_its_answers_are_not_reused() -> None:
    from qualcheck.engine.memo import HIT_SHARE, TRIAL, Memo

    qualification = object()
    differing: Memo[int] = Memo()
    for n in range(TRIAL):
        differing.get(qualification, n, lambda n=n: n)  # type: ignore[arg-type, misc]
    assert not differing.worth_asking()  # every question was new: keys would only cost
    repeating: Memo[int] = Memo()
    for n in range(TRIAL):
        repeating.get(qualification, n % HIT_SHARE, lambda n=n: n)  # type: ignore[arg-type, misc]
    assert repeating.worth_asking()


def test_clearing_the_caches_clears_the_memo_too(register: Register) -> None:
    # Benchmarks time judging "with caches cleared": the memo must be among them.
    from qualcheck.engine import assignment, memo

    api.validate_text((EXAMPLES / "valid.yaml").read_text("utf-8"), "plan.yaml", register)
    assert memo.SEARCHES._answers
    assignment.clear_caches()
    assert not memo.SEARCHES._answers and not memo._RULE_READS._answers
    assert memo.SEARCHES.worth_asking()  # a new trial
