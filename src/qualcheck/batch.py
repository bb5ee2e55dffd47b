"""Many plans straight to a report: each plan judged and rendered as it comes, in this process
or in `jobs` worker processes.

Workers share nothing: each opens its own register, judges a chunk of plans and renders it
with the format's per-plan piece (reporters.base), and sends back only that text and the
chunk's verdicts. The parent puts the chunks together in order between the header and footer,
so the report is the same byte for byte for any `jobs`; no result is ever pickled. A plan read
from standard input keeps the run in this process (a worker has no standard input).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualcheck.api import STDIN, Progress, collector_paused, judge_source
from qualcheck.findings import Verdict
from qualcheck.gates.scopefile import Scope
from qualcheck.io.paths import PlanSource, expand
from qualcheck.register.store import Register
from qualcheck.reporters import reporter
from qualcheck.reporters.base import Reporter, RunSummary

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


@dataclass(frozen=True)
class Chunk:
    """What judging some plans in order gives: their pieces of the report, put together, and
    their verdicts."""

    text: str
    verdicts: tuple[Verdict, ...]
    register_files: tuple[Path, ...]  # every register file the judging process has read


@dataclass(frozen=True)
class BatchReport:
    text: str
    summary: RunSummary
    plan_paths: tuple[str, ...]  # the plans as reports name them, `-` for standard input
    register_files: tuple[Path, ...]  # register files read by this process or any worker

    def exit_code(self) -> int:
        return self.summary.exit_code()


def validate_report(
    paths: Iterable[str],
    register: Register,
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
    chosen = reporter(options.fmt, options.color, options.verbosity)
    parallel = jobs > 1 and len(sources) > 1 and not any(s.path == STDIN for s in sources)
    chunks = _in_workers(sources, options, jobs) if parallel else _here(sources, register, options)
    texts: list[str] = []
    verdicts: list[Verdict] = []
    files: dict[Path, None] = {}
    for done, chunk in chunks:
        if chunk.text:
            texts.append(chunk.text)
        verdicts.extend(chunk.verdicts)
        files.update(dict.fromkeys(chunk.register_files))
        if progress is not None:
            progress(done, len(sources))
    files.update(dict.fromkeys(register.files_read()))
    summary = RunSummary.counting(verdicts, options.strict, options.as_of, settings)
    text = chosen.header(summary) + chosen.separator.join(texts) + chosen.footer(summary, bool(texts))
    return BatchReport(text, summary, tuple(s.path for s in sources), tuple(files))


def _here(
    sources: list[PlanSource], register: Register, options: BatchOptions
) -> Iterator[tuple[int, Chunk]]:
    chosen = reporter(options.fmt, options.color, options.verbosity)
    with collector_paused():
        for done, source in enumerate(sources, start=1):
            yield done, _judge(chosen, register, options, [source], with_files=False)


def _judge(
    chosen: Reporter,
    register: Register,
    options: BatchOptions,
    sources: list[PlanSource],
    with_files: bool = True,
) -> Chunk:
    pieces, verdicts = [], []
    for source in sources:
        result = judge_source(
            source, register, options.as_of, options.severity, options.strict, options.isolate, options.scope
        )
        piece = chosen.plan(result)
        if piece:
            pieces.append(piece)
        verdicts.append(result.verdict())
    files = tuple(register.files_read()) if with_files else ()
    return Chunk(chosen.separator.join(pieces), tuple(verdicts), files)


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


_worker: tuple[Reporter, Register, BatchOptions] | None = None


def _start_worker(options: BatchOptions) -> None:
    global _worker
    _worker = (reporter(options.fmt, options.color, options.verbosity), Register(options.data), options)
    # Paused for the worker's life, which ends with the run (see api.collector_paused).
    gc.disable()
    gc.freeze()


def _work(sources: list[PlanSource]) -> Chunk:
    assert _worker is not None, "a worker judges only once started"
    chosen, register, options = _worker
    return _judge(chosen, register, options, sources)
