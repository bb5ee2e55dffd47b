"""The static reading of register and plan entries, in words: what a rule requires, the units it
names outright, a held code, a confirmed fact. Written once against models.shapes, so the
pydantic models and the plain records (models.records) say exactly the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from qualcheck.models.values import AQF_LEVEL_NAMES

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models import shapes

# Import windows and selectors ---------------------------------------------------------------


def window_admits(window: shapes.ImportWindow, package: str) -> bool:
    """Whether a unit of `package` (its code's first three letters) is inside the window."""
    return (not window.packages or package in window.packages) and package not in window.exclude_packages


def describe_window(window: shapes.ImportWindow) -> str:
    """'units imported from any package other than BSB at AQF 5 (Diploma)'."""
    if window.packages:
        where = join([f"the {p} package" for p in window.packages])
    elif window.exclude_packages:
        where = "any package or accredited course other than " + join(list(window.exclude_packages))
    else:
        where = "any package or course"
    return "units imported from " + where + (f" at {levels_words(window.levels)}" if window.levels else "")


def selector_listed(selector: shapes.Selector, packaging: shapes.Packaging) -> list[str]:
    """Units the selector names outright (its groups' units and its `units`), in list order."""
    codes: list[str] = []
    for name in selector.groups:
        codes.extend(packaging.groups[name].units)
    codes.extend(selector.units)
    return list(dict.fromkeys(codes))


def describe_selector(selector: shapes.Selector, packaging: shapes.Packaging) -> str:
    """The set in words: 'Group A or units at AQF 4 (Certificate IV)'."""
    parts = [packaging.groups[name].title for name in selector.groups]
    if selector.units:
        parts.append(", ".join(selector.units))
    if selector.levels:
        parts.append("units at " + levels_words(selector.levels))
    parts += [window.describe() for window in selector.imported]
    return join(parts)


def imports_only(selector: shapes.Selector) -> bool:
    """Whether the set is only units imported from elsewhere."""
    return not (selector.groups or selector.levels or selector.units)


def levels_words(levels: tuple[int, ...]) -> str:
    if len(levels) == 1:
        return f"AQF {levels[0]} ({AQF_LEVEL_NAMES[levels[0]]})"
    return "AQF " + join([str(level) for level in levels])


def join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


# Rules --------------------------------------------------------------------------------------


def _what(selector: shapes.Selector | None, packaging: shapes.Packaging) -> str:
    return "the electives" if selector is None else selector.describe(packaging)


def describe_rule(rule: shapes.PackagingRule, packaging: shapes.Packaging) -> str:
    """What the rule requires, in plain words: 'at least 2 from Group A'."""
    if rule.kind == "at_least":
        text = f"at least {rule.count} from {rule.from_.describe(packaging)}"
        return text if rule.exclusive else text + " (may overlap other minimums)"
    if rule.kind == "at_most":
        what = rule.from_.describe(packaging)
        if what.startswith("units imported") and rule.from_.imports_only():
            # "at most 2 units imported from any package or accredited course other than BSB"
            unit_word = "unit" if rule.count == 1 else "units"
            return f"at most {rule.count} {unit_word}{what.removeprefix('units')}"
        return f"at most {rule.count} from {what}"
    if rule.kind == "electives_from":
        return f"every elective from {rule.from_.describe(packaging)}"
    if rule.kind == "all_of":
        what = rule.from_.describe(packaging)
        known = len(rule.listed(packaging))
        # A list held only in part has more units than the register holds: no count to promise.
        if any(not packaging.groups[g].complete for g in rule.from_.groups):
            return f"all units of {what} ({known} held; the list is held only in part)"
        return f"all {known} units of {what}"
    if rule.kind == "points_at_least":
        return f"at least {rule.points} points from {_what(rule.from_, packaging)}"
    return f"at most {rule.points} points from {_what(rule.from_, packaging)}"


def rule_listed(rule: shapes.PackagingRule, packaging: shapes.Packaging) -> list[str]:
    """The units the rule names outright, in list order."""
    return [] if rule.from_ is None else rule.from_.listed(packaging)


def rule_details(rule: shapes.PackagingRule) -> tuple[str, ...]:
    """Further lines that say how the rule reads, beyond its source sentence and note."""
    if rule.kind == "electives_from":
        return tuple(f"imports: {window.describe()}" for window in rule.from_.imported)
    return ()


class RuleWords:
    """The static reading of a rule kind, for the model and the record alike to inherit."""

    __slots__ = ()

    def describe(self, packaging: shapes.Packaging) -> str:
        """What the rule requires, in plain words: 'at least 2 from Group A'."""
        return describe_rule(cast("shapes.PackagingRule", self), packaging)

    def listed(self, packaging: shapes.Packaging) -> list[str]:
        """The units the rule names outright, in list order."""
        return rule_listed(cast("shapes.PackagingRule", self), packaging)

    def details(self) -> tuple[str, ...]:
        """Further lines that say how the rule reads, beyond its source sentence and note."""
        return rule_details(cast("shapes.PackagingRule", self))


# What a student holds, and what a person confirmed -------------------------------------------


def held_words(held: shapes.Held) -> str:
    return held.code + (f" with the {held.specialisation} specialisation" if held.specialisation else "")


def same_specialisation(held: shapes.Held, other: str | None) -> bool:
    """Whether `other` names the held specialisation: case, hyphens and spacing aside, so that a
    specialisation key (`ageing-and-disability`) and its title (`Ageing and Disability`) agree."""
    return other is not None and _words(other) == _words(held.specialisation or "")


def may_cover_specialisation(held: shapes.Held, other: str | None) -> bool:
    """Whether `other` is a different specialisation that names the held one among others, as
    'Ageing and Disability' names 'Disability': whether it counts is for a person to judge."""
    if other is None or held.specialisation is None or held.same_specialisation(other):
        return False
    return set(_words(held.specialisation).split()) <= set(_words(other).split())


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def confirmed_fact(confirmation: shapes.Confirmation) -> str:
    """What was confirmed, in words."""
    if confirmation.rule is not None:
        return f"rule {confirmation.rule} is met"
    if confirmation.prior is not None:
        held = confirmation.prior + (
            f" ({confirmation.specialisation})" if confirmation.specialisation else ""
        )
        return f"the student holds {held}"
    if confirmation.level is not None:
        return f"{confirmation.unit} is at AQF {confirmation.level}"
    return f"{confirmation.unit} is listed in {confirmation.listed_in}"


def confirmation_words(confirmation: shapes.Confirmation) -> str:
    return (
        f"{confirmation.fact}: confirmed by {confirmation.by} on {confirmation.on} ({confirmation.evidence})"
    )


# The readings above as methods, for the models and the plain records alike to inherit (first,
# before the model's or record's base, so that `__str__` is theirs) -------------------------


class WindowWords:
    __slots__ = ()

    def admits_package(self, package: str) -> bool:
        """Whether a unit of `package` (its code's first three letters) is inside this window."""
        return window_admits(cast("shapes.ImportWindow", self), package)

    def describe(self) -> str:
        """'units imported from any package other than BSB at AQF 5 (Diploma)'."""
        return describe_window(cast("shapes.ImportWindow", self))


class SelectorWords:
    __slots__ = ()

    def listed(self, packaging: shapes.Packaging) -> list[str]:
        """Units the selector names outright (its groups' units and its `units`), in list order."""
        return selector_listed(cast("shapes.Selector", self), packaging)

    def describe(self, packaging: shapes.Packaging) -> str:
        """The set in words: 'Group A or units at AQF 4 (Certificate IV)'."""
        return describe_selector(cast("shapes.Selector", self), packaging)

    def imports_only(self) -> bool:
        """Whether the set is only units imported from elsewhere."""
        return imports_only(cast("shapes.Selector", self))


class HeldWords:
    __slots__ = ()

    def __str__(self) -> str:
        return held_words(cast("shapes.Held", self))

    def same_specialisation(self, other: str | None) -> bool:
        """See `same_specialisation`."""
        return same_specialisation(cast("shapes.Held", self), other)

    def may_cover_specialisation(self, other: str | None) -> bool:
        """See `may_cover_specialisation`."""
        return may_cover_specialisation(cast("shapes.Held", self), other)


class ConfirmationWords:
    __slots__ = ()

    @property
    def fact(self) -> str:
        """What was confirmed, in words."""
        return confirmed_fact(cast("shapes.Confirmation", self))

    def __str__(self) -> str:
        return confirmation_words(cast("shapes.Confirmation", self))
