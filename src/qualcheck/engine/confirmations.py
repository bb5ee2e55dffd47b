"""A plan's `confirmed:` entries: facts the register does not record, settled by a person.

Read once per plan, checked against the qualification (a confirmation may fill a gap in the
register, never contradict it), handed to the checks that need each form, and at the end every
confirmation no check used is reported as stale (QC015), as an unused suppression would be.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qualcheck.errors import InputError, Span
from qualcheck.findings import Finding, Status
from qualcheck.io.yamlsource import YamlDocument
from qualcheck.models.records import Held

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Confirmation, Plan, Qualification

CORE = "core"  # `listed_in: core`, for a core list held only in part


@dataclass
class Confirmations:
    """The plan's confirmations by form, and which of them some check relied on."""

    entries: tuple[Confirmation, ...] = ()
    spans: tuple[Span, ...] = ()
    used: set[int] = field(default_factory=set)

    def listing(self, code: str) -> tuple[str, Confirmation] | None:
        """The group (or `core`) a person confirmed `code` is listed in."""
        for i, entry in enumerate(self.entries):
            if entry.unit == code and entry.listed_in is not None:
                self.used.add(i)
                return entry.listed_in, entry
        return None

    def level(self, code: str) -> tuple[int, Confirmation] | None:
        for i, entry in enumerate(self.entries):
            if entry.unit == code and entry.level is not None:
                self.used.add(i)
                return entry.level, entry
        return None

    def rule(self, rule_id: str | None) -> Confirmation | None:
        """A person's confirmation that the rule (or manual check) `rule_id` is met."""
        for i, entry in enumerate(self.entries):
            if rule_id is not None and entry.rule == rule_id:
                self.used.add(i)
                return entry
        return None

    def prior(self) -> list[tuple[Held, int]]:
        """What a person confirmed the student holds, with each entry's index (see `use`)."""
        return [
            (Held(code=e.prior, specialisation=e.specialisation), i)
            for i, e in enumerate(self.entries)
            if e.prior is not None
        ]

    def use(self, index: int) -> Confirmation:
        self.used.add(index)
        return self.entries[index]

    def stale(self) -> list[Finding]:
        """QC015 for every confirmation that no result depended on."""
        return [
            Finding(
                "QC015",
                Status.WARN,
                f"confirmation not needed: {entry.fact} (by {entry.by} on {entry.on}), but no rule of "
                "this plan depends on it",
                self.spans[i],
                hint="remove it, or check that it names the right unit, group or rule",
            )
            for i, entry in enumerate(self.entries)
            if i not in self.used
        ]


def read_confirmations(plan: Plan, doc: YamlDocument, qualification: Qualification) -> Confirmations:
    """The plan's confirmations, refusing any that contradicts what the register records."""
    packaging = qualification.packaging
    spans = tuple(doc.span(("confirmed", i)) for i in range(len(plan.confirmed)))
    rule_ids = {r.id for r in packaging.rules} | {m.id for m in packaging.manual}
    rule_ids |= {r.id for s in packaging.specialisations.values() for r in s.rules}
    rule_ids |= {"core", "total", "electives", "elective-sources", "entry-requirements", "release"}
    for entry, span in zip(plan.confirmed, spans, strict=True):
        if entry.listed_in is not None:
            _check_listing(entry, span, qualification)
        if entry.rule is not None and entry.rule not in rule_ids:
            raise InputError(
                "QC004",
                f"confirmed: {qualification.code} has no rule '{entry.rule}'",
                span,
                f"`qualcheck explain {qualification.code}` lists the rule ids",
            )
    return Confirmations(plan.confirmed, spans)


def _check_listing(entry: Confirmation, span: Span, qualification: Qualification) -> None:
    packaging = qualification.packaging
    group = entry.listed_in
    if group is None:  # not a listing: nothing to check against the register's lists
        return
    if group == CORE:
        if packaging.core_complete:
            raise InputError(
                "QC004",
                f"confirmed: {qualification.code}'s core list is complete in the register, and "
                f"{entry.unit} is {'on' if entry.unit in packaging.core else 'not on'} it",
                span,
                "remove the confirmation: the register settles this",
            )
        return
    if group not in packaging.groups:
        known = ", ".join([*packaging.groups, CORE]) if packaging.groups else CORE
        raise InputError(
            "QC004", f"confirmed: {qualification.code} has no group '{group}'", span, f"use one of: {known}"
        )
    if packaging.groups[group].complete:
        title = packaging.groups[group].title
        held = "holds" if entry.unit in packaging.groups[group].units else "does not hold"
        raise InputError(
            "QC004",
            f"confirmed: {title} is complete in the register, and it {held} {entry.unit}",
            span,
            "remove the confirmation: the register settles this; if the register is wrong, correct it",
        )


def settle(finding: Finding, confirmations: Confirmations) -> Finding:
    """A rule the data cannot decide, or a manual check, that a person confirmed is met: shown
    as met, with the confirmation quoted. A failed rule is never settled this way."""
    if not (finding.undecided or finding.status is Status.MANUAL):
        return finding
    confirmation = confirmations.rule(finding.rule_id)
    if confirmation is None:
        return finding
    return replace(
        finding,
        status=Status.PASS,
        undecided=False,
        message="met, as a person confirmed",
        hint="",
        confirmed=(*finding.confirmed, str(confirmation)),
    )
