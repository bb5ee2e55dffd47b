"""Turn command-line inputs (files, folders, globs, `-`) into the list of plans to check.

Globs are expanded here rather than left to the shell, so `'plans/**/*.yaml'` works the same
on every shell and on Windows. Folders are walked recursively for *.yaml and *.yml files, in
sorted order, so reports and their exit codes are the same on every machine.

An input that yields no plan (an empty folder, a glob matching nothing, a symlink loop) is
not silently skipped: it becomes a source with an error, reported like an unreadable plan,
so a typo in a CI job's path fails the job instead of passing it with nothing checked.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcheck.errors import InputError, Span

STDIN = "-"
PLAN_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class PlanSource:
    """One plan to check: its path as reports show it, or why an input gave no plan."""

    path: str
    error: InputError | None = None


def expand(
    inputs: Iterable[str], exclude: Sequence[str] = (), exclude_base: Path | None = None
) -> list[PlanSource]:
    """Every plan named by `inputs`, in the order given, each file once.

    `exclude` holds glob patterns matched against each plan's path as given and, when
    `exclude_base` is set (the folder of the configuration that holds the patterns), against
    its path relative to that folder.
    """
    sources: list[PlanSource] = []
    seen: set[str] = set()
    for item in inputs:
        for source in _expand_one(item):
            if source.error is None and source.path != STDIN:
                if _excluded(source.path, exclude, exclude_base):
                    continue
                key = os.path.normcase(os.path.abspath(source.path))
                if key in seen:
                    continue
                seen.add(key)
            sources.append(source)
    return sources


def _expand_one(item: str) -> list[PlanSource]:
    if item == STDIN:
        return [PlanSource(STDIN)]
    path = Path(item)
    if _is_glob(item) and not os.path.lexists(item):
        return _expand_glob(item)
    try:
        is_dir = path.is_dir()
    except OSError as exc:  # e.g. a symlink loop on some platforms
        return [_problem(item, f"cannot read: {exc.strerror}", "check the path")]
    if is_dir:
        return _expand_folder(item)
    if path.is_symlink() and not path.exists():
        return [_broken_link(item)]
    # A missing or unreadable file is reported when it is read, with the usual QC000 error.
    return [PlanSource(item)]


def _expand_glob(pattern: str) -> list[PlanSource]:
    matches = sorted(glob.glob(pattern, recursive=True))
    sources: list[PlanSource] = []
    for match in matches:
        if os.path.isdir(match):
            # A folder matched by a glob is walked, but finding no plans in it is not an
            # error: the glob as a whole is judged below.
            sources.extend(s for s in _expand_folder(match) if s.error is None)
        else:  # like a shell's expansion: a file the pattern names is a plan, whatever its suffix
            sources.append(PlanSource(match))
    if not sources:
        return [_problem(pattern, "no file matches this pattern", "check the pattern, or quote it")]
    return sources


def _expand_folder(folder: str) -> list[PlanSource]:
    found: list[str] = []
    problems: list[PlanSource] = []
    visited: set[str] = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(dirs):
            real = os.path.realpath(os.path.join(root, name))
            if _is_inside(os.path.realpath(root), real):
                problems.append(
                    _problem(
                        os.path.join(root, name),
                        "symbolic link loop: this folder links back to a folder above it",
                        "remove the link, or name the plans inside it directly",
                    )
                )
                continue
            if real in visited:  # a second link to a folder already walked: its plans are listed
                continue
            visited.add(real)
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if not name.endswith(PLAN_SUFFIXES):
                continue
            full = os.path.join(root, name)
            if os.path.islink(full) and not os.path.exists(full):
                problems.append(_broken_link(full))
            else:
                found.append(full)
    if not found and not problems:
        return [
            _problem(
                folder,
                "no plan files (*.yaml, *.yml) in this folder or below",
                "name a folder that holds plans, or the plan files themselves",
            )
        ]
    return [PlanSource(path) for path in sorted(found)] + problems


def _excluded(path: str, patterns: Sequence[str], base: Path | None) -> bool:
    if not patterns:
        return False
    candidates = {Path(path).as_posix().removeprefix("./")}
    if base is not None:
        # Outside the configuration's folder, only the path as given can match.
        with contextlib.suppress(ValueError):
            candidates.add(Path(os.path.abspath(path)).relative_to(base.resolve()).as_posix())
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns)


def _is_glob(item: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in item)


def _is_inside(child: str, parent: str) -> bool:
    """True when `parent` is `child` or one of its ancestors."""
    return child == parent or child.startswith(parent.rstrip(os.sep) + os.sep)


def _broken_link(path: str) -> PlanSource:
    return _problem(path, "symbolic link to a missing file (or a link loop)", "fix or remove the link")


def _problem(path: str, message: str, hint: str) -> PlanSource:
    return PlanSource(path, InputError("QC000", message, Span(path), hint))
