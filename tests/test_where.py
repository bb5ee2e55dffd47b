"""`qualcheck where UNIT`: where a unit may count, and the rules it could count towards, with
"may" wherever the answer hangs on a fact the register does not record."""

from __future__ import annotations

import typing

from conftest import run_main
from qualcheck.commands.where import ROLE, where
from qualcheck.models import PackagingRule
from qualcheck.register.store import Register


def kinds_of_rule_language() -> set[str]:
    union = typing.get_args(typing.get_args(PackagingRule)[0])
    return {typing.get_args(model.model_fields["kind"].annotation)[0] for model in union}


def test_every_rule_kind_has_a_role() -> None:
    assert set(ROLE) == kinds_of_rule_language()


def test_a_listed_elective_counts_towards_its_group_minimum(register: Register) -> None:
    (place,) = where("BSBCCO501B", register, "BSB50311")
    assert place.certain
    assert "Group A [A]" in place.standing
    assert {(r.rule_id, r.certain) for r in place.rules} >= {("group-a-minimum", True)}


def test_a_core_unit_is_core_and_counts_towards_no_elective_rule(register: Register) -> None:
    (place,) = where("BSBCCO504A", register, "BSB50311")
    assert place.standing == "core" and place.rules == ()


def test_an_equivalent_counts_as_the_listed_code(register: Register) -> None:
    (place,) = where("BSBCUE602", register, "BSB50311")
    assert place.as_code == "BSBCCO602B" and place.certain


def test_a_unit_at_a_level_outside_every_window_counts_nowhere_in_that_qualification(
    register: Register,
) -> None:
    # BSB50311 admits imports at AQF 4, 5 or 6 only; a Certificate III unit is outside.
    assert register.unit("BSBCCO307A") is not None
    assert where("BSBCCO307A", register, "BSB50311") == []


def test_an_unknown_code_only_may_count_where_lists_are_held_in_part() -> None:
    run = run_main("where", "ZZZ99999X")
    assert run.exit_code == 1
    assert "may count, on facts the register does not record" in run.stdout
    assert "counts in 0 and may count in" in run.stdout
    # BSB50311 holds every list in full: a code it does not know does not count there.
    assert "BSB50311" not in run.stdout


def test_cli_lists_rules_and_exits_0_where_the_unit_counts() -> None:
    run = run_main("where", "BSBCCO501B", "--in", "BSB50311")
    assert run.exit_code == 0
    assert "counts towards rule 'group-a-minimum': at least 2 from Group A" in run.stdout


def test_cli_refuses_what_is_not_a_unit_code_in_one_line() -> None:
    run = run_main("where", "../../etc/passwd\x1b[31m")
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and "is not a unit code" in run.stderr
    assert "\x1b" not in run.stderr


def test_cli_refuses_an_unknown_qualification() -> None:
    run = run_main("where", "BSBCCO501B", "--in", "BSB99999")
    assert run.exit_code == 2 and "BSB99999 is not in the register" in run.stderr
