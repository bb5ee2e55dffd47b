"""Many plans straight to a report: each plan judged and rendered as it comes, in this process
or in `jobs` worker processes.

Workers share nothing: each opens its own register, judges a chunk of plans and renders it
with the format's per-plan piece (reporters.base), and sends back only that text and the
chunk's tally (reporters.tally: the verdicts and what the summaries add up, in plain values).
A plan's identifiers are redacted (--redact) and its findings judged against the baseline
before it is rendered, in whichever process judges it. The parent puts the chunks together in
order between the header and footer, merging their tallies in the same order, so the report
is the same byte for byte for any `jobs`; no result is ever pickled. A plan read
from standard input keeps the run in this process (a worker has no standard input).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualcheck.api import STDIN, Progress, collector_paused, judge_source, open_plain_register
from qualcheck.io.paths import PlanSource, expand
from qualcheck.register.store import AnyRegister
from qualcheck.reporters import reporter, sums_left_out
from qualcheck.reporters.base import Reporter, RunSummary, assemble
from qualcheck.reporters.tally import RunTally

if TYPE_CHECKING:
    from qualcheck.baseline import BaselineCheck
    from qualcheck.gates.scopefile import Scope

#: The most plans a worker takes at a time: enough that sending them costs little, few enough
#: that both workers stay busy to the end.
CHUNK_PLANS = 500


@dataclass(frozen=True)
class BatchOptions:
    """How every plan is judged and rendered: the same in the parent and in each worker."""

    data: Path  # the register's folder
    fmt: str
    color: bool = False
    verbosity: int = 0
    strict: bool = False
    severity: Mapping[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    isolate: bool = True
    scope: Scope | None = None  # the RTO's scope of registration (gates.scope), when given
    redact: bool = False  # students shown by their hash (redact)
    statistics: bool = False  # findings counted by code and qualification (--statistics)
    baseline: BaselineCheck | None = None  # what findings are judged against (baseline)
    write_baseline: bool = False  # keep the entries of a new baseline (--write-baseline)
    job_summary: bool = False  # keep the job summary's rows (reporters.jobsummary)

    def reporter(self) -> Reporter:
        return reporter(self.fmt, self.color, self.verbosity, self.baseline)

    def tally(self) -> RunTally:
        """An empty tally that counts what this run's report and options ask for."""
        return RunTally(
            left_out=sums_left_out(self.fmt, self.verbosity),
            statistics=self.statistics,
            baseline=self.baseline is not None,
            write_baseline=self.write_baseline,
            job_rows=self.job_summary,
        )


@dataclass(frozen=True)
class Chunk:
    """What judging some plans in order gives: their pieces of the report, put together, and
    their tally."""

    text: str
    tally: RunTally | None  # None: added straight to the run's tally (in this process)
    register_files: tuple[Path, ...]  # every register file the judging process has read


@dataclass(frozen=True)
class BatchReport:
    text: str
    summary: RunSummary
    plan_paths: tuple[str, ...]  # the plans as reports name them, `-` for standard input
    register_files: tuple[Path, ...]  # register files read by this process or any worker
    tally: RunTally  # every plan's, in order (the entries --write-baseline writes among them)

    def exit_code(self) -> int:
        return self.summary.exit_code()


def validate_report(
    paths: Iterable[str],
    register: AnyRegister,
    options: BatchOptions,
    *,
    exclude: Sequence[str] = (),
    exclude_base: Path | None = None,
    progress: Progress | None = None,
    settings: str | None = None,
    jobs: int = 1,
) -> BatchReport:
    """The report of every plan named by `paths` (as `api.validate` finds and judges them),
    in `options.fmt`; with `jobs` above 1, judged in that many processes. `settings` is the
    pyproject.toml whose settings applied, as the report names it."""
    sources = expand(paths, exclude, exclude_base)
    chosen = options.reporter()
    parallel = jobs > 1 and len(sources) > 1 and not any(s.path == STDIN for s in sources)
    tally = options.tally()
    chunks = _in_workers(sources, options, jobs) if parallel else _here(sources, register, options, tally)
    texts: list[str] = []
    files: dict[Path, None] = {}
    for done, chunk in chunks:
        if chunk.text:
            texts.append(chunk.text)
        if chunk.tally is not None:
            tally.merge(chunk.tally)
        files.update(dict.fromkeys(chunk.register_files))
        if progress is not None:
            progress(done, len(sources))
    files.update(dict.fromkeys(register.files_read()))
    summary = tally.summary(options.strict, options.as_of, settings, options.baseline)
    text = assemble(chosen, summary, texts)
    return BatchReport(text, summary, tuple(s.path for s in sources), tuple(files), tally)


def _here(
    sources: list[PlanSource], register: AnyRegister, options: BatchOptions, tally: RunTally
) -> Iterator[tuple[int, Chunk]]:
    chosen = options.reporter()
    with collector_paused():
        for done, source in enumerate(sources, start=1):
            yield done, _judge(chosen, register, options, [source], tally)


def _judge(
    chosen: Reporter,
    register: AnyRegister,
    options: BatchOptions,
    sources: list[PlanSource],
    into: RunTally | None = None,
) -> Chunk:
    """The chunk of `sources`; its plans are counted `into` the run's tally when it is given
    (in this process, which also lists the register files read), else into the chunk's own."""
    pieces = []
    tally = into if into is not None else options.tally()
    for source in sources:
        result = judge_source(
            source, register, options.as_of, options.severity, options.strict, options.isolate, options.scope
        )
        if options.redact:
            from qualcheck.redact import redact_plan

            result = redact_plan(result)
        piece = chosen.plan(result)
        if piece:
            pieces.append(piece)
        tally.add(result, options.baseline)
    if into is not None:
        return Chunk(chosen.separator.join(pieces), None, ())
    return Chunk(chosen.separator.join(pieces), tally, tuple(register.files_read()))


def _in_workers(sources: list[PlanSource], options: BatchOptions, jobs: int) -> Iterator[tuple[int, Chunk]]:
    # Several chunks per worker keep every worker busy when some chunks take longer.
    size = max(1, min(CHUNK_PLANS, len(sources) // (jobs * 4)))
    parts = [sources[i : i + size] for i in range(0, len(sources), size)]
    import multiprocessing  # here: it costs a run of one process some 10 ms of start-up

    pool = multiprocessing.Pool(min(jobs, len(parts)), initializer=_start_worker, initargs=(options,))
    try:
        done = 0
        for part, chunk in zip(parts, pool.imap(_work, parts), strict=True):
            done += len(part)
            yield done, chunk
    finally:
        pool.terminate()
        pool.join()


_worker: tuple[Reporter, AnyRegister, BatchOptions] | None = None


def _start_worker(options: BatchOptions) -> None:
    global _worker
    _worker = (options.reporter(), open_plain_register(options.data), options)
    # Paused for the worker's life, which ends with the run (see api.collector_paused).
    gc.disable()
    gc.freeze()


def _work(sources: list[PlanSource]) -> Chunk:
    assert _worker is not None, "a worker judges only once started"
    chosen, register, options = _worker
    return _judge(chosen, register, options, sources)
