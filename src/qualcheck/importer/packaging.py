"""Packaging-rule sentences to rules, guarded: what every reader of a register page calls.

`read_rules` takes the rule sentences (each with its line) and the groups the page lists, and
returns the rules, counts and manual checks (`rules.Outcome`) with every sentence accounted for.
It is the seam for any reader of pages (saved text, HTML, an API client): give it sentences and
lists, get back typed rules plus the sentences left unread, each with its reason.

The guard runs after the sentences are read and before anything is written: a sentence whose
named facts are not all carried by the rules written from it (`conservation`), one cut short by
the page, or one needing a rule the language cannot say, is turned back into a manual check and
the rules are built again without it, until every rule written is faithful to its sentence.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from qualcheck.importer.conservation import Own, carried, missing, named, truncated
from qualcheck.importer.pagetext import Line
from qualcheck.importer.rules import Outcome, build, selector_data, window_data
from qualcheck.importer.sentences import RULE_SETS, Context, Reading, read_sentence
from qualcheck.importer.wording import ALL_LEVELS

TRUNCATED = "the sentence ends mid-word or mid-clause: the page's copy is cut short"
OVERLAP = (
    "needs a rule the language cannot say yet: a cap whose import window overlaps the window of "
    "line {line} (a later cap counting only the units its own window admits)"
)
#: Words of a sentence that may widen where electives come from (an unread one leaves the
#: sources to a person).
_SOURCE_WORDS = re.compile(
    r"\bfrom\b|training packages?|elsewhere|import|accredited courses?|qualifications?\b|\blisted\b", re.I
)
_GUARDED = frozenset({"counts", "points-total", "at-least", "remaining", "cap", "allow", "all-of", "choice"})


def read_rules(
    sentences: Sequence[Line],
    *,
    code: str,
    title: str,
    level: int,
    groups: Mapping[str, str],
    core_listed: int = 0,
    prerequisites_named: bool = False,
    extra: Sequence[Reading] = (),
) -> tuple[list[Reading], Outcome]:
    """The readings of `sentences` (then `extra`, readings made from the lists) and the rules
    built from them, each sentence's facts carried or the sentence kept manual."""
    context = Context(level=level, groups=dict(groups))
    readings = [read_sentence(line, context) for line in sentences] + list(extra)
    _rule_sets(readings)
    own = Own(code, title, level, groups)
    return readings, guarded_build(readings, own, core_listed, prerequisites_named)


def _rule_sets(readings: list[Reading]) -> None:
    """'To be awarded the ... (Bituminous Surfacing) the following packaging rules apply:' opens
    one specialisation's own rule set, counts included: every rule after it stays manual."""
    opened: Reading | None = None
    for reading in readings:
        if reading.kind == "rule-set":
            opened = reading
        elif opened is not None and reading.kind in _GUARDED and opened.specialisation:
            name = opened.specialisation[1]
            reading.kind = "unread"
            reading.reason = (
                f"{RULE_SETS} (the rules of the {name} specialisation, from line {opened.line.number})"
            )


def guarded_build(readings: list[Reading], own: Own, core_listed: int, prerequisites_named: bool) -> Outcome:
    """`rules.build`, with each reading that fails the guard turned into an unread one (in
    `readings` too), until none fails."""
    for reading in readings:
        if reading.kind in _GUARDED | {"unread", "heading"} and truncated(reading.text):
            reading.kind, reading.reason = "unread", TRUNCATED
    while True:
        trial = copy.deepcopy(readings)
        outcome = build(trial, None, prerequisites_named, package=own.code[:3], listed=tuple(own.groups))
        failed = _failures(trial, outcome, own, core_listed)
        if not failed:
            _drop_sources(outcome)
            return outcome
        for index, reason in failed:
            readings[index].kind, readings[index].reason = "unread", reason


def _failures(readings: list[Reading], out: Outcome, own: Own, core_listed: int) -> list[tuple[int, str]]:
    at = {id(r): i for i, r in enumerate(readings)}
    written = out.written_index()
    converted = {id(r) for r in out.converted}
    restated: dict[int, list[int]] = {}
    for reading, number in out.restated:
        restated.setdefault(id(reading), []).append(number)
    core = out.core if out.core is not None else core_listed
    electives = out.electives if out.electives is not None else (out.total - core if out.total else None)
    # The at-least counts before each reading, by specialisation (a running sum, not a rescan).
    before: list[dict[tuple[str, str] | None, int]] = []
    running: dict[tuple[str, str] | None, int] = {}
    for reading in readings:
        before.append(dict(running))
        if reading.kind == "at-least":
            running[reading.specialisation] = running.get(reading.specialisation, 0) + (reading.count or 0)
    failed: list[tuple[int, str]] = []
    for index, reading in enumerate(readings):
        if reading.kind not in _GUARDED or id(reading) not in converted:
            continue
        rules = written.get(id(reading), [])
        reason = _unfaithful(reading, rules, restated.get(id(reading), []), before[index], own, electives)
        if reason:
            failed.append((index, reason))
    if failed:
        return failed
    failed = _overlapping_caps(readings, out, at, converted)
    if failed:
        return failed
    return _sources_left_to_a_person(out, at, written)


def _unfaithful(
    reading: Reading,
    rules: list[dict[str, Any]],
    restated: list[int],
    before: dict[tuple[str, str] | None, int],
    own: Own,
    electives: int | None,
) -> str:
    if any(rule.get("kind") == "electives_from" for rule in rules):
        # The sources rule joins every source sentence's window where the join admits exactly
        # the same units (`rules._union`): the sentence's own window is what it carries.
        rules = [*rules, {"from": selector_data(reading.source)}]
    numbers: list[int | None] = []
    if reading.kind == "counts":
        numbers = list(reading.counts)
    elif reading.kind == "points-total":
        numbers = [reading.count]
    numbers += restated
    also: set[int] = set()
    if electives is not None and reading.kind in ("remaining", "allow", "cap"):
        also = {electives, electives - before.get(reading.specialisation, 0)}
    said = named(reading.text, own)
    if (
        said.any_package
        and said.levels
        and (said.packages or said.codes)
        and re.search(r",\s*or\b", reading.text)
    ):
        # "from Certificate IV qualifications in CPP, or another Training Package": does the
        # level bind the other packages too? The sentence does not say.
        return "allows more than one reading: whether its AQF level applies to every package it names"
    parts = missing(said, carried(rules, numbers), also_numbers=also)
    if not parts:
        return ""
    return "not understood: " + "; ".join(parts) + " (no rule read from it carries this)"


def _overlapping_caps(
    readings: list[Reading], out: Outcome, at: dict[int, int], converted: set[int]
) -> list[tuple[int, str]]:
    """A cap over an import window that admits units another sentence's window admits too: the
    language cannot say which sentence such a unit counts under (of two such caps, the later).
    A cap inside the other window ("of these, up to 2") is no overlap: it caps part of it."""
    windows: list[tuple[int, bool, dict[str, object]]] = []  # reading, is a cap, window
    caps: list[tuple[int, dict[str, object]]] = []
    for rule, origin in out.origins:
        if rule.get("kind") == "at_most" and len(origin) == 1:
            caps += [(at[id(origin[0])], window) for window in _windows(rule)]
    capped = {i for i, _ in caps}
    for index, reading in enumerate(readings):
        if reading.source.window is not None and id(reading) in converted:
            levels, packages = reading.source.window
            window = window_data(levels, packages, reading.source.excluded)
            windows.append((index, index in capped, window))
    failed: list[tuple[int, str]] = []
    for index, window in caps:
        other = next(
            (
                j
                for j, is_cap, w in windows
                if j != index and (not is_cap or j < index) and _meet(window, w) and not _within(window, w)
            ),
            None,
        )
        if other is not None and all(i != index for i, _ in failed):
            failed.append((index, OVERLAP.format(line=readings[other].line.number)))
    return failed


def _windows(rule: Mapping[str, object]) -> list[dict[str, object]]:
    selector = rule.get("from")
    if not isinstance(selector, dict):
        return []
    imported = selector.get("imported", [])
    return [imported] if isinstance(imported, dict) else list(imported) if isinstance(imported, list) else []


def _meet(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two import windows admit a unit in common."""
    levels_a = set(_seq(a.get("levels")) or ALL_LEVELS)
    levels_b = set(_seq(b.get("levels")) or ALL_LEVELS)
    if not levels_a & levels_b:
        return False
    in_a, out_a = set(_seq(a.get("packages"))), set(_seq(a.get("exclude_packages")))
    in_b, out_b = set(_seq(b.get("packages"))), set(_seq(b.get("exclude_packages")))
    if in_a and in_b:
        return bool((in_a & in_b) - out_a - out_b)
    if in_a:
        return bool(in_a - out_b)
    if in_b:
        return bool(in_b - out_a)
    return True  # every package but a few, on both sides


def _within(inner: Mapping[str, object], outer: Mapping[str, object]) -> bool:
    """Whether every unit window `inner` admits, `outer` admits too."""
    if not set(_seq(inner.get("levels")) or ALL_LEVELS) <= set(_seq(outer.get("levels")) or ALL_LEVELS):
        return False
    in_i, out_i = set(_seq(inner.get("packages"))), set(_seq(inner.get("exclude_packages")))
    in_o, out_o = set(_seq(outer.get("packages"))), set(_seq(outer.get("exclude_packages")))
    if in_o:
        return bool(in_i) and (in_i - out_i) <= in_o
    return bool(in_i and not in_i & out_o) or (not in_i and out_o <= out_i)


def _seq(value: object) -> list[object]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _sources_left_to_a_person(
    out: Outcome, at: dict[int, int], written: dict[int, list[dict[str, Any]]]
) -> list[tuple[int, str]]:
    """When a sentence that may say where electives come from stays unread, no sources rule is
    written (`_drop_sources`): the sentences only that rule carried are kept manual, and the
    register then leaves units from outside the lists to a person instead of refusing them."""
    unread = _unread_source_sentence(out)
    if unread is None:
        return []
    failed: list[tuple[int, str]] = []
    for rule, origin in out.origins:
        if rule.get("kind") != "electives_from":
            continue
        for reading in origin:
            if len(written.get(id(reading), [])) == 1:
                reason = (
                    f"where electives may come from also hangs on line {unread.line.number}, which "
                    "stays manual, so no sources rule is written"
                )
                failed.append((at[id(reading)], reason))
    return failed


def _unread_source_sentence(out: Outcome) -> Reading | None:
    return next((r for r in out.unread if _SOURCE_WORDS.search(r.text)), None)


def _drop_sources(out: Outcome) -> None:
    """Leave the sources rule out when an unread sentence may widen it (see above)."""
    if _unread_source_sentence(out) is None:
        return
    out.rules = [r for r in out.rules if r.get("kind") != "electives_from"]
    out.origins = [(r, o) for r, o in out.origins if r.get("kind") != "electives_from"]
