"""A baseline: the findings a batch had on the day it was recorded, so CI fails only on new ones.

`--write-baseline FILE` records every finding of the run that fails a plan or warns about it
(failures, undecided rules, warnings: what --strict would fail on). `--baseline FILE` then
judges a run against it: the verdicts are reported as they are (a baseline never makes a plan
valid), but the exit code counts only the findings the baseline does not hold, and the report
names the baseline's entries that no longer occur on a plan the run checked (stale: delete them
by writing the baseline again).

An entry is keyed by what the finding is about, never by where it is: the plan's path, the
qualification, the finding code, the rule's id, and the units it names; for a rule that counts
units (core, electives, a minimum) not those units, which change with every unit added. A rule
with a number to meet also records how far off the plan was (`off`: units or points short of a
minimum, or over a cap), and a finding no further off is the same finding. So moving lines,
adding a comment or a unit leaves the entry matched, while a unit from outside the rules,
another core unit missing, a rule further off or another rule failing is new.

Input errors are never recorded: a plan that could not be read was not judged, so nothing about
it is known and the run still exits 2 until it is fixed.

The file is YAML, written by `render_entries` and read back through the plan reader's checks
(size, tags, control characters), each problem one QC061 error at its file, line and column.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from qualcheck.codes import COUNTING
from qualcheck.errors import QualcheckError, Span
from qualcheck.findings import Finding, PlanResult, RunResult, Status, Verdict
from qualcheck.models.common import StrictModel

FORMAT_VERSION = 1
CODE = "QC061"
MAX_BYTES = 64 * 1024 * 1024  # a finding is a line of about 100 bytes: over half a million of them
MAX_VALUES = 5_000_000


class BaselineError(QualcheckError):
    """A baseline file cannot be read or is not one."""


class Entry(StrictModel):
    """One recorded finding (see the module's docstring for what identifies it)."""

    plan: str = Field(min_length=1)
    qualification: str | None = None
    code: str = Field(pattern=r"^QC\d{3}$")
    rule: str | None = None
    units: tuple[str, ...] = ()
    off: int | None = Field(None, ge=0)  # how far from the rule's number the plan was

    def key(self) -> Entry:
        """The entry without `off`: what a finding is matched on before how far off it is."""
        return self.model_copy(update={"off": None}) if self.off is not None else self


class BaselineFile(StrictModel):
    qualcheck_baseline: Literal[1]
    findings: list[Entry]


def plan_key(path: str) -> str:
    """A plan's path as entries record it: normalised (`./a//b.yaml` is `a/b.yaml`), with `/`."""
    return Path(os.path.normpath(path)).as_posix() if path not in ("-", "<stdin>") else "<stdin>"


def entry_for(plan: PlanResult, finding: Finding) -> Entry:
    units = () if finding.code in COUNTING else tuple(sorted(set(finding.units)))
    off = abs(finding.need - finding.have) if finding.need is not None and finding.have is not None else None
    return Entry(
        plan=plan_key(plan.path),
        qualification=plan.qualification,
        code=finding.code,
        rule=finding.rule_id,
        units=units,
        off=off,
    )


def recorded(finding: Finding) -> bool:
    """Whether a baseline holds this finding: it fails the plan or warns (input errors never)."""
    return finding.status in (Status.FAIL, Status.WARN) or finding.undecided


def fails(plan: PlanResult, finding: Finding) -> bool:
    """Whether this finding keeps its plan from being valid (under the run's --strict)."""
    return (
        finding.status is Status.FAIL or finding.undecided or (plan.strict and finding.status is Status.WARN)
    )


def _order(entry: Entry) -> tuple[str, str, str, str, tuple[str, ...], int]:
    return (entry.plan, entry.qualification or "", entry.code, entry.rule or "", entry.units, entry.off or 0)


def render_entries(found: list[Entry]) -> str:
    """A baseline file of these entries: YAML, one finding a line; every value a JSON string, so
    nothing in it can be read as anything but text."""
    lines = [
        "# qualcheck baseline: the findings `qualcheck validate --baseline FILE` does not fail on.",
        "# Written by `qualcheck validate --write-baseline FILE`; write it again to drop stale entries.",
        f"qualcheck_baseline: {FORMAT_VERSION}",
    ]
    if not found:
        return "\n".join([*lines, "findings: []"]) + "\n"
    lines.append("findings:")
    for entry in found:
        fields = [f"plan: {_text(entry.plan)}"]
        if entry.qualification is not None:
            fields.append(f"qualification: {_text(entry.qualification)}")
        fields.append(f"code: {_text(entry.code)}")
        if entry.rule is not None:
            fields.append(f"rule: {_text(entry.rule)}")
        if entry.units:
            fields.append(f"units: [{', '.join(_text(u) for u in entry.units)}]")
        if entry.off is not None:
            fields.append(f"off: {entry.off}")
        lines.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)  # a JSON string is a YAML double-quoted scalar


def read_baseline(path: Path) -> frozenset[Entry]:
    """The entries of the baseline file at `path`; BaselineError (QC061) names any problem's place."""
    from qualcheck.io.loader import load_model
    from qualcheck.io.yamlsource import load_yaml, read_text

    shown = str(path)
    try:
        doc = load_yaml(read_text(path, shown, MAX_BYTES), shown, MAX_VALUES)
        loaded = load_model(doc, BaselineFile, BaselineError)
    except QualcheckError as error:
        raise BaselineError(
            CODE,
            f"not a baseline qualcheck can read: {error.code} {error.message}",
            error.span or Span(shown),
            error.hint or "write it again with --write-baseline FILE",
        ) from None
    return frozenset(loaded.findings)


#: An entry as plain values: plan, qualification, code, rule, units, off.
EntryFields = tuple[str, str | None, str, str | None, tuple[str, ...], int | None]


def entry_fields(entry: Entry) -> EntryFields:
    """An entry as plain values, as a batch's workers send the entries they matched or recorded."""
    return (entry.plan, entry.qualification, entry.code, entry.rule, entry.units, entry.off)


def entry_of(fields: EntryFields) -> Entry:
    plan, qualification, code, rule, units, off = fields
    return Entry(plan=plan, qualification=qualification, code=code, rule=rule, units=units, off=off)


@dataclass
class BaselineCheck:
    """What a run is judged against: a baseline file's entries, or (`own`) the run's own
    findings, as the baseline --write-baseline writes holds them: every finding it records on a
    plan that was judged is known. Each plan is judged against it on its own (`is_known`,
    `new_in`), so plans can be judged in any process; a `BaselineTally` adds up what the report
    says of the whole run."""

    path: str  # the baseline file, as given
    entries: frozenset[Entry] = frozenset()
    own: bool = False

    def __post_init__(self) -> None:
        # Each key's entry, the furthest off when the file holds it more than once.
        self._by_key: dict[Entry, Entry] = {}
        for entry in self.entries:
            held = self._by_key.get(entry.key())
            if held is None or (entry.off or 0) > (held.off or 0):
                self._by_key[entry.key()] = entry

    def match(self, entry: Entry) -> Entry | None:
        """The baseline's entry for this finding, when it is no further off than recorded."""
        held = self._by_key.get(entry.key())
        if held is None:
            return None
        if entry.off is not None and held.off is not None and entry.off > held.off:
            return None
        return held

    def is_known(self, plan: PlanResult, finding: Finding) -> bool:
        if not recorded(finding):
            return False
        if self.own:  # the run's own baseline holds every finding of the plans it judged
            return plan.verdict() is not Verdict.ERROR
        return self.match(entry_for(plan, finding)) is not None

    def new_in(self, plan: PlanResult) -> bool:
        """Whether this plan was judged and has a finding that fails it and that the baseline does
        not hold."""
        if self.own or plan.verdict() is Verdict.ERROR:
            return False
        return any(fails(plan, f) and not self.is_known(plan, f) for f in plan.findings if recorded(f))

    def exit_code(self, result: RunResult) -> int:
        """2 when a plan could not be checked; 1 when a finding not in the baseline fails a plan;
        else 0."""
        if any(plan.verdict() is Verdict.ERROR for plan in result.plans):
            return 2
        return 1 if any(self.new_in(plan) for plan in result.plans) else 0

    def outcome(self, tally: BaselineTally) -> BaselineOutcome:
        """What the report says of the run against the baseline, from what its plans added up."""
        if self.own:  # every entry is a finding of this run: none stale, none for other plans
            return BaselineOutcome(self.path, tally.known, tuple(tally.new), tally.new_failing, (), 0)
        stale = sorted(
            (
                e
                for e in self._by_key.values()
                if e.plan in tally.judged and entry_fields(e) not in tally.seen
            ),
            key=_order,
        )
        not_run = sum(1 for e in self._by_key.values() if e.plan not in tally.checked)
        return BaselineOutcome(
            self.path, tally.known, tuple(tally.new), tally.new_failing, tuple(stale), not_run
        )


@dataclass
class BaselineTally:
    """A run's findings against a baseline, added up plan by plan in plain values (so a worker
    process can send its share), and, for --write-baseline (`written` not None), the entries a
    new baseline records, in the order found."""

    known: int = 0  # the recorded findings the baseline holds
    new: list[dict[str, Any]] = field(default_factory=list)  # each new one's entry, as JSON data
    new_failing: int = 0  # of the new ones, those that fail their plan
    seen: set[EntryFields] = field(default_factory=set)  # the baseline's entries some plan matched
    judged: set[str] = field(default_factory=set)  # the plans judged (plan_key)
    checked: set[str] = field(default_factory=set)  # every plan of the run (plan_key)
    written: dict[EntryFields, None] | None = None

    def add(self, plan: PlanResult, check: BaselineCheck) -> None:
        key = plan_key(plan.path)
        self.checked.add(key)
        if plan.verdict() is Verdict.ERROR:
            return  # not judged: nothing can be said to be gone from it, nor recorded
        self.judged.add(key)
        for finding in plan.findings:
            if not recorded(finding):
                continue
            if check.own:
                self.known += 1
                entry = entry_for(plan, finding)
            else:
                entry = entry_for(plan, finding)
                held = check.match(entry)
                if held is not None:
                    self.known += 1
                    self.seen.add(entry_fields(held))
                else:
                    self.new.append(entry.model_dump())
                    self.new_failing += fails(plan, finding)
            if self.written is not None:
                self.written[entry_fields(entry)] = None

    def merge(self, other: BaselineTally) -> None:
        """Add what a later share of the run's plans found."""
        self.known += other.known
        self.new += other.new
        self.new_failing += other.new_failing
        self.seen |= other.seen
        self.judged |= other.judged
        self.checked |= other.checked
        if self.written is not None and other.written is not None:
            self.written.update(other.written)

    def written_entries(self) -> list[Entry]:
        """The entries of the baseline --write-baseline writes, once each, in a stable order."""
        return sorted((entry_of(fields) for fields in self.written or {}), key=_order)


@dataclass(frozen=True)
class BaselineOutcome:
    """A run judged against a baseline: how many findings were known, which are new, which
    entries are stale."""

    path: str
    known: int
    new: tuple[dict[str, Any], ...]
    new_failing: int
    stale: tuple[Entry, ...]
    not_run: int  # entries for plans this run did not check (not stale: not looked at)

    def lines(self) -> list[str]:
        from qualcheck.io.neutral import visible

        new_failing = self.new_failing
        out = [
            visible(
                f"baseline {self.path}: {self.known} known finding{'s' if self.known != 1 else ''}, "
                f"{new_failing} new that fail{'s' if new_failing == 1 else ''} a plan, "
                f"{len(self.stale)} stale"
                + (f" ({self.not_run} for plans not checked in this run)" if self.not_run else "")
            )
        ]
        for entry in self.stale[:20]:
            out.append(visible(f"  stale: {describe(entry)}: no longer found; write the baseline again"))
        if len(self.stale) > 20:
            out.append(f"  and {len(self.stale) - 20} more stale")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "known": self.known,
            "new": list(self.new),
            "stale": [entry.model_dump() for entry in self.stale],
            "not_checked_in_this_run": self.not_run,
        }


def describe(entry: Entry) -> str:
    """`plans/a.yaml BSB50311 QC203 group-a-minimum (BSBCCO601B)`: an entry in words."""
    parts = [entry.plan, entry.qualification or "", entry.code, entry.rule or ""]
    units = f" ({', '.join(entry.units)})" if entry.units else ""
    off = f", {entry.off} off" if entry.off is not None else ""
    return " ".join(p for p in parts if p) + units + off
