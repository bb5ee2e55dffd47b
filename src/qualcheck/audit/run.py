"""Audit a cohort: read NAT files or a CSV of plans, judge every student, count every line.

Reading is one streaming pass per file; only the unit records (a few small fields each) are
kept, grouped by student and qualification. Malformed lines are counted, and each one that names
a student leaves that student unjudged (see malformed). Judging runs in `jobs` processes, each with its own
register, on chunks of enrolments in a fixed order, so the report is the same for any `jobs`.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path

from qualcheck.audit.avetmiss import (
    PROGRAM_ID,
    PROGRAM_NAME,
    SUBJECT_ID,
    SUBJECT_NAME,
    ActivityRow,
    LineProblem,
    find_file,
    read_activity,
    read_completions,
    read_names,
)
from qualcheck.audit.cohort import CohortVerdict, Enrolment, Judgement, UnitRecord, group, judge, ordered
from qualcheck.audit.csvplans import read_csv_plans
from qualcheck.audit.malformed import attach_malformed
from qualcheck.audit.outcomes import CREDIT_TRANSFER
from qualcheck.errors import InputError, Span
from qualcheck.gates.scopefile import Scope
from qualcheck.register.cache import ModelCache, default_cache_dir
from qualcheck.register.store import Register


@dataclass
class AuditResult:
    sources: list[str]
    judgements: list[Judgement] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)  # malformed lines: counted, exit 2
    warnings: list[LineProblem] = field(default_factory=list)  # usable lines with a doubtful detail
    rows: int = 0  # data lines read from the activity file or CSV, malformed ones included
    subject_only: int = 0  # NAT00120 rows outside any program: no qualification to check
    outcomes: Counter[str] = field(default_factory=Counter)  # outcome code -> rows
    program_names: dict[str, str] = field(default_factory=dict)
    checked_on: dt.date | None = None  # the date currency was checked on; None: not checked

    def count(self, verdict: CohortVerdict) -> int:
        return sum(1 for j in self.judgements if j.verdict is verdict)

    @property
    def unsupported_completions(self) -> int:
        return sum(1 for j in self.judgements if j.unsupported_completion)

    def exit_code(self) -> int:
        """2: malformed lines or a student not judged; 1: someone cannot complete, or a completion
        the rules do not support; 0: every student eligible or on track."""
        if self.problems or self.count(CohortVerdict.NOT_JUDGED):
            return 2
        if self.count(CohortVerdict.CANNOT_COMPLETE) or self.unsupported_completions:
            return 1
        return 0


@dataclass(frozen=True)
class RegisterSettings:
    root: Path
    cache_dir: Path | None  # None: no cache


def open_cached_register(settings: RegisterSettings) -> Register:
    cache = ModelCache(settings.cache_dir) if settings.cache_dir is not None else None
    return Register(settings.root, cache)


def cache_settings(root: Path, use_cache: bool) -> RegisterSettings:
    return RegisterSettings(root, default_cache_dir() if use_cache else None)


# Reading ------------------------------------------------------------------------------------


def read_avetmiss(folder: Path) -> tuple[AuditResult, list[Enrolment]]:
    if not folder.is_dir():
        raise InputError(
            "QC000", "not a folder", Span(str(folder)), "name the folder that holds the NAT files"
        )
    activity = find_file(folder, "NAT00120")
    if activity is None:
        raise InputError(
            "QC000",
            "no NAT00120 file in the folder",
            Span(str(folder)),
            "the training activity file is required",
        )
    result = AuditResult(sources=[str(activity)])
    groups = group(_activity_records(activity, result))
    if result.rows == 0:
        raise InputError(
            "QC000",
            f"no training activity records in {activity.name}: the file is empty, so nobody can be judged",
            Span(str(activity)),
            "export the training activity again",
        )
    subjects: dict[str, str] | None = None
    # Release 8.0 names two program files, NAT00030 and NAT00030A; both start with the program
    # identifier and name, so either (or both) supplies names.
    for stem, key, name in (
        ("NAT00030", PROGRAM_ID, PROGRAM_NAME),
        ("NAT00030A", PROGRAM_ID, PROGRAM_NAME),
        ("NAT00060", SUBJECT_ID, SUBJECT_NAME),
    ):
        path = find_file(folder, stem)
        if path is None:
            continue
        result.sources.append(str(path))
        names, problems = read_names(path, str(path), key, name)
        result.problems.extend(problems)
        if stem.startswith("NAT00030"):
            for code, title in names.items():
                result.program_names.setdefault(code, title)
        else:
            subjects = names
    if subjects is not None:
        _check_subjects_defined(groups.values(), subjects, result)
    completions = find_file(folder, "NAT00130")
    if completions is not None:
        result.sources.append(str(completions))
        for item in read_completions(completions, str(completions)):
            if isinstance(item, LineProblem):
                result.problems.append(item)
                continue
            enrolment = groups.get((item.client, item.program))
            if enrolment is None:  # completed with no activity reported: still judged, from nothing
                enrolment = groups[(item.client, item.program)] = Enrolment(
                    item.client, item.program, item.path
                )
            if enrolment.completion is None:
                enrolment.completion = (item.path, item.line)
                if item.issued == "Y":
                    enrolment.completed, enrolment.parchment = item.date, item.parchment
            else:
                result.warnings.append(
                    LineProblem(
                        item.path, item.line, f"second completion of {item.program} for {item.client}"
                    )
                )
    attach_malformed(groups, result.problems)
    if not groups and not result.problems:
        raise InputError(
            "QC000",
            f"no training activity record in {activity.name} names a program (all {result.rows} are "
            "outside any program), so nobody can be judged",
            Span(str(activity)),
            "an audit judges students against the qualification (program) they are enrolled in",
        )
    return result, ordered(groups)


def _activity_records(path: Path, result: AuditResult) -> Iterator[tuple[str, str, str, UnitRecord]]:
    shown = str(path)
    for item in read_activity(path, shown):
        result.rows += 1
        if isinstance(item, LineProblem):
            result.problems.append(item)
            continue
        assert isinstance(item, ActivityRow)
        result.outcomes[item.outcome] += 1
        if not item.program:
            result.subject_only += 1
            continue
        credit = item.outcome in CREDIT_TRANSFER
        yield (
            item.client,
            item.program,
            shown,
            UnitRecord(item.subject, item.treatment, item.line, None, credit, item.start),
        )


def _check_subjects_defined(
    enrolments: Iterable[Enrolment], subjects: dict[str, str], result: AuditResult
) -> None:
    reported: set[str] = set()
    for enrolment in enrolments:
        for record in enrolment.records:
            if record.code not in subjects and record.code not in reported:
                reported.add(record.code)
                result.warnings.append(
                    LineProblem(enrolment.path, record.line, f"subject {record.code} has no NAT00060 record")
                )


def read_csv(path: Path) -> tuple[AuditResult, list[Enrolment]]:
    result = AuditResult(sources=[str(path)])

    def records() -> Iterator[tuple[str, str, str, UnitRecord]]:
        for item in read_csv_plans(path, str(path)):
            result.rows += 1
            if isinstance(item, LineProblem):
                result.problems.append(item)
                continue
            result.outcomes[item[3].treatment.value] += 1
            yield item

    groups = group(records())
    if result.rows == 0:
        raise InputError(
            "QC000",
            f"no rows in {path.name} under its header, so nobody can be judged",
            Span(str(path)),
            "add one row per unit: student,qualification,unit,outcome",
        )
    attach_malformed(groups, result.problems)
    return result, ordered(groups)


# Judging ------------------------------------------------------------------------------------

_worker_register: Register | None = None
_worker_as_of: dt.date | None = None
_worker_scope: Scope | None = None


def _start_worker(settings: RegisterSettings, as_of: dt.date | None, scope: Scope | None) -> None:
    global _worker_register, _worker_as_of, _worker_scope
    _worker_register = open_cached_register(settings)
    _worker_as_of = as_of
    _worker_scope = scope


def _judge_chunk(chunk: list[Enrolment]) -> list[Judgement]:
    assert _worker_register is not None
    return [judge(enrolment, _worker_register, _worker_as_of, _worker_scope) for enrolment in chunk]


def judge_all(
    enrolments: list[Enrolment],
    settings: RegisterSettings,
    pool: Pool | None = None,
    jobs: int = 1,
    as_of: dt.date | None = None,
    scope: Scope | None = None,
) -> list[Judgement]:
    """Judge every enrolment, in order; with a pool, in its processes (started with the same
    `as_of` and `scope`)."""
    if pool is None or len(enrolments) < 2:
        register = open_cached_register(settings)
        return [judge(enrolment, register, as_of, scope) for enrolment in enrolments]
    # Several chunks per process keep every process busy when some chunks take longer.
    size = max(1, min(2000, len(enrolments) // (jobs * 8)))
    chunks = (enrolments[i : i + size] for i in range(0, len(enrolments), size))
    judged: list[Judgement] = []
    for part in pool.imap(_judge_chunk, chunks):
        judged.extend(part)
    return judged


def run_audit(
    avetmiss: Path | None,
    csv_path: Path | None,
    settings: RegisterSettings,
    jobs: int = 1,
    as_of: dt.date | None = None,
    scope: Scope | None = None,
) -> AuditResult:
    if (avetmiss is None) == (csv_path is None):
        raise InputError("QC000", "give one of --avetmiss DIR or --csv FILE", None)
    # Open the register first, so a missing register folder stops the run before any reading.
    open_cached_register(settings)
    # Workers start before the rows are read: they do not inherit the parent's copy of them.
    pool = (
        multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(settings, as_of, scope))
        if jobs > 1
        else None
    )
    try:
        # A million small records hold no reference cycles, yet the cyclic collector would walk
        # them again and again while they are built: pause it while reading, then freeze them
        # out of later collections.
        gc.disable()
        try:
            if avetmiss is not None:
                result, enrolments = read_avetmiss(avetmiss)
            else:
                assert csv_path is not None
                result, enrolments = read_csv(csv_path)
            gc.freeze()
        finally:
            gc.enable()
        result.judgements = judge_all(enrolments, settings, pool, jobs, as_of, scope)
        result.checked_on = as_of
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return result
