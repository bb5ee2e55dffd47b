"""The guard before writing: every fact a rule sentence names is carried by what was written from it.

A sentence names facts: numbers (counts), unit codes, group names, AQF levels and training
packages. The rules and counts written from it carry facts too. A sentence whose facts are not
all carried (a count dropped, a group merged away, a level or package lost) was not understood,
whatever its reading said, and must stay a manual check; `missing` names the parts not carried.
A sentence the page cuts short (mid-word or mid-clause) is never read at all (`truncated`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qualcheck.importer.wording import levels_in, normalise, packages_in

_CODE = re.compile(r"\b[a-z]{3}(?=[a-z0-9]*\d)[a-z0-9]{3,12}\b|\b\d{5}[a-z]{2,4}\b")
_GROUPS = re.compile(
    r"\bgroups? ([a-z0-9]\b(?:(?:\s*,\s*|\s+or\s+|\s+and\s+|\s*,\s*or\s+|\s*,\s*and\s+)"
    r"(?:group\s+)?[a-z0-9]\b)*)"
)
_LEVEL_LIST = re.compile(
    r"\b(?:(?:aqf\)?|qualifications framework|qualification framework) )?levels? "
    r"\d(?:\s*(?:,|or|and|to|-)\s*\d)*\b"
)
_RELATIVE_LEVEL = re.compile(r"\b(?:same (?:aqf )?level or )?1 (?:level )?(?:higher|above)\b")
_ANY_PACKAGE = re.compile(
    r"\b(?:any|another|other)\b(?: [a-z]+){0,4} (?:training packages?|accredited courses?)"
    r"|\bthis or (?:any )?other\b"
)
#: Words a sentence never ends on when it is whole.
#: ("plus", "and", "or" end a line whose list goes on below: "3 core units plus".)
_OPEN_ENDINGS = frozenset(
    {"a", "an", "the", "of", "in", "on", "to", "from", "with", "at", "by", "for", "than", "which", "that"}
)


@dataclass(frozen=True)
class Facts:
    """What a sentence names, or what the rules written from it carry."""

    numbers: frozenset[int] = frozenset()
    codes: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    levels: frozenset[int] = frozenset()
    packages: frozenset[str] = frozenset()
    # Carried: a window open to every package (named packages inside it are then covered);
    # named: the sentence says "any other/another ... Training Package" or "this or any other".
    any_package: bool = False
    listed: bool = False  # named: "the electives listed"; carried: a rule over listed groups


@dataclass(frozen=True)
class Own:
    """The qualification the sentence belongs to: its own code and title name no rule fact."""

    code: str
    title: str
    level: int
    groups: Mapping[str, str] = field(default_factory=dict)


def truncated(text: str) -> bool:
    """Whether the sentence stops mid-word or mid-clause: a marker of omission, an open
    bracket, a dangling word, or a lone letter that is no group name."""
    stripped = text.rstrip()
    if re.search(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])\]?$", stripped) or stripped.endswith("["):
        return True
    if stripped.count("(") > stripped.count(")") or stripped.count("[") > stripped.count("]"):
        return True
    if stripped.endswith((",", "-", "–", "/", "&")):
        return True
    if stripped.endswith((".", ":", ";", ")", "!", "?")):
        return False
    words = re.findall(r"[A-Za-z0-9*']+", stripped)
    if not words:
        return False
    last = words[-1]
    if last in _OPEN_ENDINGS:  # lower case: "Group A" ends on a name, not an article
        return True
    before = words[-2].lower() if len(words) > 1 else ""
    # "... Community Services T": a lone capital that is not "Group A" nor "A, B or C".
    return len(last) == 1 and last.isupper() and before not in ("group", "groups", "or", "and", "b", "a")


def named(text: str, own: Own) -> Facts:
    """The facts a sentence names (its own qualification's code and title left out)."""
    t = normalise(text)
    title = normalise(own.title)
    if title:
        t = t.replace(title, " ")
    t = t.replace(own.code.lower(), " ")
    # "If not listed below, ...": a condition on the unit, not a source naming the lists.
    t = re.sub(r"\bif not (?:already )?listed(?: below| above)?\b", " ", t)
    codes = {c.upper() for c in _CODE.findall(t)}
    rest = _CODE.sub(" ", t)
    groups: set[str] = set()
    for m in _GROUPS.finditer(rest):
        groups |= {g.upper() for g in re.findall(r"\b([a-z0-9])\b", m.group(1).replace("group", ""))}
    rest_no_groups = _GROUPS.sub(" ", rest)
    found = levels_in(rest_no_groups, own.level)
    levels = set(found[0]) if found else set()
    rest_no_groups = re.sub(r"\bthis qualification\b", " ", rest_no_groups)
    counted = _RELATIVE_LEVEL.sub(" ", _LEVEL_LIST.sub(" ", rest_no_groups))
    numbers = {int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", counted)}
    packages = set(packages_in(rest))
    listed = bool(re.search(r"\b(?:listed|list below|the list)\b", rest))
    return Facts(
        numbers=frozenset(numbers),
        codes=frozenset(codes),
        groups=frozenset(groups),
        levels=frozenset(levels),
        packages=frozenset(packages),
        any_package=bool(_ANY_PACKAGE.search(rest)),
        listed=listed,
    )


def carried(rules: Iterable[Mapping[str, Any]], numbers: Iterable[int | None] = ()) -> Facts:
    """The facts rules carry (with any counts the sentence set on the qualification itself)."""
    found_numbers = {n for n in numbers if n is not None}
    codes: set[str] = set()
    groups: set[str] = set()
    levels: set[int] = set()
    packages: set[str] = set()
    any_package = False
    for rule in rules:
        if rule.get("count") is not None:
            found_numbers.add(int(rule["count"]))
        selector = rule.get("from") or {}
        codes |= set(selector.get("units", ()))
        groups |= set(selector.get("groups", ()))
        levels |= set(selector.get("levels", ()))
        windows = selector.get("imported", ())
        for window in [windows] if isinstance(windows, dict) else windows:
            levels |= set(window.get("levels", ()))
            packages |= set(window.get("packages", ())) | set(window.get("exclude_packages", ()))
            if not window.get("packages"):
                any_package = True
    return Facts(
        numbers=frozenset(found_numbers),
        codes=frozenset(codes),
        groups=frozenset(groups),
        levels=frozenset(levels),
        packages=frozenset(packages),
        any_package=any_package,
        listed=bool(groups),
    )


def missing(said: Facts, kept: Facts, *, also_numbers: Iterable[int] = ()) -> list[str]:
    """The parts of what a sentence names that the written rules do not carry, in words.

    `also_numbers` are counts the sentence may restate without a rule carrying them (the
    qualification's elective count in "the remaining 5 units", "3 of the 7 elective units")."""
    parts: list[str] = []
    numbers = sorted(said.numbers - kept.numbers - set(also_numbers))
    if numbers:
        parts.append("the count " + ", ".join(map(str, numbers)))
    codes = sorted(said.codes - kept.codes - ({c for c in said.codes if _is_qualification(c)}))
    if codes:
        parts.append("the unit " + ", ".join(codes))
    qualifications = sorted(c for c in said.codes if _is_qualification(c))
    if qualifications and not (kept.any_package and said.any_package):
        parts.append("the qualification " + ", ".join(qualifications))
    groups = sorted(said.groups - kept.groups)
    if groups:
        parts.append("Group " + ", ".join(groups))
    if said.listed and not kept.listed:
        parts.append("the listed electives")
    levels = sorted(said.levels - kept.levels)
    if levels:
        parts.append("AQF " + ", ".join(map(str, levels)))
    packages = sorted(said.packages - kept.packages)
    if packages and not (kept.any_package and said.any_package):
        parts.append("the package " + ", ".join(packages))
    return parts


def _is_qualification(code: str) -> bool:
    """A qualification code in a sentence ('in AUR30620 or another ...'): letters, five digits."""
    return bool(re.fullmatch(r"[A-Z]{3}\d{5}|\d{5}[A-Z]{2,4}", code))
