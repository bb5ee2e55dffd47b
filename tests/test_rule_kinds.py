"""Every packaging-rule kind is complete: each kind of the `PackagingRule` union has an engine
entry in `engine.kinds.KINDS` whose finding code exists in `qualcheck.codes` and is the code its
finding carries, plain words for `explain` (its `describe` method), and a contradiction check
in the register checker (register/integrity.py names the kinds it checks in `HANDLED_KINDS`).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any, get_args

import pytest

import qualcheck.register
from qualcheck import codes
from qualcheck.engine.electives import check_electives
from qualcheck.engine.kinds import KINDS
from qualcheck.engine.resolve import ResolvedUnit
from qualcheck.errors import Span
from qualcheck.models import PackagingRule, Qualification

UNION_KINDS: list[type[Any]] = list(get_args(get_args(PackagingRule)[0]))
KIND_IDS = [cls.__name__ for cls in UNION_KINDS]


def _kind_name(cls: type[Any]) -> str:
    (name,) = get_args(cls.model_fields["kind"].annotation)
    return str(name)


def _sample_rule(cls: type[Any], rule_id: str = "sample") -> Any:
    """One rule of the kind over group A, with whichever figure the kind takes."""
    data: dict[str, Any] = {"kind": _kind_name(cls), "id": rule_id, "text": "A sentence of the source."}
    data["from"] = {"groups": ["a"]}
    for figure in ("count", "points"):
        if figure in cls.model_fields:
            data[figure] = 1
    return cls.model_validate(data)


def _qualification(rules: list[Any]) -> Qualification:
    return Qualification.model_validate(
        {
            "code": "BSB50000",
            "title": "Diploma of Samples",
            "aqf_level": 5,
            "source": [{"title": "a sample"}],
            "packaging": {
                "total_units": 3,
                "core_units": 1,
                "elective_units": 2,
                "core": ["BSBCOR001"],
                "points": {"BSBAAA001": 1, "BSBAAA002": 1},
                "groups": {"a": {"title": "Group A", "units": ["BSBAAA001", "BSBAAA002"]}},
                "rules": [r.model_dump(by_alias=True) for r in rules],
            },
        }
    )


def _elective(index: int, code: str) -> ResolvedUnit:
    return ResolvedUnit(
        index=index,
        code=code,
        title=None,
        listed_as=code,
        core=False,
        groups=frozenset({"a"}),
        level=5,
        level_inferred=False,
        source_qualification=None,
        counts=True,
        reason="",
        span=Span("plan.yaml", index + 3, 5),
    )


def test_the_table_registers_exactly_the_union() -> None:
    assert set(KINDS) == {_kind_name(cls) for cls in UNION_KINDS}


@pytest.mark.parametrize("kind", UNION_KINDS, ids=KIND_IDS)
def test_every_kind_has_a_finding_code_that_exists(kind: type[Any]) -> None:
    engine = KINDS[_kind_name(kind)]
    assert engine.code in codes.KINDS
    # The kind's module says what the kind means and which code it yields.
    module = inspect.getmodule(engine.read)
    assert module is not None and module.__doc__ and engine.code in module.__doc__


@pytest.mark.parametrize("kind", UNION_KINDS, ids=KIND_IDS)
def test_every_kind_is_read_back_with_its_own_code(kind: type[Any]) -> None:
    rule = _sample_rule(kind, "sample-rule")
    result = check_electives(
        _qualification([rule]),
        [_elective(1, "BSBAAA001"), _elective(2, "BSBAAA002")],
        core_have=1,
        units_span=Span("plan.yaml", 2, 1),
    )
    assert [f.code for f in result.findings if f.rule_id == "sample-rule"] == [KINDS[_kind_name(kind)].code]


@pytest.mark.parametrize("kind", UNION_KINDS, ids=KIND_IDS)
def test_every_kind_has_explain_wording(kind: type[Any]) -> None:
    rule = _sample_rule(kind)
    packaging = _qualification([rule]).packaging
    words = rule.describe(packaging)
    assert isinstance(words, str) and words.strip()
    assert "Group A" in words
    assert rule.listed(packaging) == ["BSBAAA001", "BSBAAA002"]


def _handled_kinds() -> frozenset[str] | None:
    """`HANDLED_KINDS` of the register checker, if a module of qualcheck.register exposes one."""
    for info in pkgutil.iter_modules(qualcheck.register.__path__):
        module = importlib.import_module(f"qualcheck.register.{info.name}")
        handled = getattr(module, "HANDLED_KINDS", None)
        if handled is not None:
            return frozenset(handled)
    return None


@pytest.mark.parametrize("kind", UNION_KINDS, ids=KIND_IDS)
def test_every_kind_has_a_contradiction_check(kind: type[Any]) -> None:
    """The register checker (register/integrity.py) names every kind it checks in HANDLED_KINDS."""
    handled = _handled_kinds()
    assert handled is not None, "the register checker must expose HANDLED_KINDS"
    assert _kind_name(kind) in handled
