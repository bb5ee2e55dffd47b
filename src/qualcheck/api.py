"""The library API: everything the command line does, callable from Python and tests.

Never imports the command line or rich; reporters and the CLI sit on top of this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualcheck.engine import check_plan
from qualcheck.engine.view import LocatedPlan
from qualcheck.errors import InputError, QualcheckError, Span
from qualcheck.findings import PlanResult, RunResult
from qualcheck.io.limits import MAX_PLAN_BYTES, MAX_PLAN_VALUES, check_plan_units
from qualcheck.io.loader import load_plan
from qualcheck.io.neutral import visible
from qualcheck.io.paths import PlanSource, expand
from qualcheck.io.yamlsource import decode, load_yaml, read_limited, read_text
from qualcheck.register.cache import ModelCache, default_cache_dir
from qualcheck.register.store import AnyRegister, PlainRegister, Register, default_data_root
from qualcheck.severity import apply_severity

if TYPE_CHECKING:
    from qualcheck.gates.scopefile import Scope

STDIN = "-"


def open_register(root: Path | None = None) -> Register:
    return Register(root if root is not None else default_data_root())


def open_plain_register(root: Path | None = None, cache_dir: Path | None = None) -> PlainRegister:
    """The register as plain records, kept in the register cache (`cache_dir`, else the default
    folder): once a file is cached, a plan judged against it builds no pydantic model."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    return PlainRegister(root if root is not None else default_data_root(), ModelCache(folder))


def validate_text(
    text: str, path: str, register: AnyRegister, as_of: dt.date | None = None, scope: Scope | None = None
) -> PlanResult:
    """Check one plan given as YAML text; `path` names it in results.

    `as_of` is the date currency is checked on (the command line passes --as-of, else today);
    without it, currency is not checked and the qualification is never said to be issuable.
    With `scope`, the qualification and every counted unit must be on it (gates.scope).
    """
    try:
        located = locate_plan(text, path, plain=register.plain)
        if scope is not None:
            from qualcheck.gates.scope import judge_on_scope  # only a run with --scope needs it

            return judge_on_scope(located, register, scope, as_of)
        return check_plan(located, register, as_of)
    except QualcheckError as error:
        # DataError (the register) is not the plan's fault, but the plan still cannot be checked.
        return PlanResult(path=path, error=error, checked_on=as_of)


def locate_plan(text: str, path: str, plain: bool = False) -> LocatedPlan:
    """A plan read from YAML text, with the position of every value; InputError when it is not
    one. With `plain`, a plain record where the plan is plainly valid; else its pydantic model
    (for commands that build plans from it)."""
    doc = load_yaml(text, path, MAX_PLAN_VALUES)
    check_plan_units(doc)
    return LocatedPlan(load_plan(doc, plain=plain), doc)


def plan_text(path: str) -> tuple[str, str]:
    """The text of the plan at `path` (`-`: standard input) and the name results give it."""
    if path == STDIN:
        return decode(read_limited(sys.stdin.buffer, MAX_PLAN_BYTES, "<stdin>"), "<stdin>"), "<stdin>"
    return read_text(Path(path), path, MAX_PLAN_BYTES), path


def read_plan(path: str) -> LocatedPlan:
    """The plan in the file at `path` (`-`: standard input), read as validate reads it."""
    return locate_plan(*plan_text(path))


def validate_path(
    path: str, register: AnyRegister, as_of: dt.date | None = None, scope: Scope | None = None
) -> PlanResult:
    try:
        return validate_text(*plan_text(path), register, as_of, scope)
    except QualcheckError as error:
        return PlanResult(path=path, error=error, checked_on=as_of)


Progress = Callable[[int, int], None]  # (plans checked so far, plans in all)


def validate(
    paths: Iterable[str],
    register: AnyRegister,
    strict: bool = False,
    *,
    exclude: Sequence[str] = (),
    exclude_base: Path | None = None,
    severity: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    isolate: bool = True,
    scope: Scope | None = None,
) -> RunResult:
    """Check every plan named by `paths`: files, folders (recursively), globs, or `-`.

    `severity` maps adjustable finding codes to fail, warn or info (see severity.py). `as_of` is
    the date currency is checked on, recorded on every result: the caller chooses it (the command
    line passes --as-of, else today), so the same call gives the same result on any day.

    With `isolate`, an unexpected error while checking one plan (a fault in qualcheck, not in the
    input) becomes that plan's QC009 error, and every other plan is still checked and reported;
    without it (`--debug`), the error is raised with its traceback.

    With `scope` (gates.scopefile.read_scope), every plan's qualification and counted units must be
    on the RTO's scope of registration.
    """
    sources = expand(paths, exclude, exclude_base)
    results = []
    with collector_paused():
        for done, source in enumerate(sources, start=1):
            results.append(judge_source(source, register, as_of, severity or {}, strict, isolate, scope))
            if progress is not None:
                progress(done, len(sources))
    return RunResult(results, strict=strict, checked_on=as_of)


def judge_source(
    source: PlanSource,
    register: AnyRegister,
    as_of: dt.date | None,
    severity: Mapping[str, str],
    strict: bool,
    isolate: bool,
    scope: Scope | None = None,
) -> PlanResult:
    """One plan's settled result, as `validate` gives it (see there for `isolate` and `scope`)."""
    try:
        result = validate_source(source, register, as_of, scope)
    except Exception as exc:
        if not isolate:
            raise
        shown = "<stdin>" if source.path == STDIN else source.path
        result = PlanResult(path=shown, error=internal_error(shown, exc), checked_on=as_of)
    settled = apply_severity(result, severity)
    settled.strict = strict  # the verdict is settled here, once: reporters only read it
    return settled


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many plans are judged, then restore it.

    A plan's results hold no reference cycles, so they are freed as soon as they are dropped;
    but the collector would still walk every object alive (the register's models, and here every
    result kept so far) again and again as each plan's objects are made: measured, 9 % of the CPU
    time of `validate` over 10,000 plans. (A batch that renders each plan and drops it, as
    batch.validate_report does, leaves it little to walk.) What is alive when the run starts is
    frozen out of collections; the few cycles a run makes (some 200 objects in 5,000 plans) wait
    for the first collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def internal_error(path: str, exc: Exception) -> InputError:
    """An unexpected error while checking the plan at `path`, as one line naming it."""
    detail = visible(" ".join(f"{type(exc).__name__}: {exc}".split()))
    return InputError(
        "QC009",
        f"internal error while checking this plan ({detail})",
        Span(path),
        "please report it with the command you ran; add --debug before the command to see the traceback",
    )


def validate_source(
    source: PlanSource, register: AnyRegister, as_of: dt.date | None = None, scope: Scope | None = None
) -> PlanResult:
    if source.error is not None:
        return PlanResult(path=source.path, error=source.error, checked_on=as_of)
    return validate_path(source.path, register, as_of, scope)
