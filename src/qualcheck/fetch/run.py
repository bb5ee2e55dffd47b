"""Fetch qualifications and write their register files; on --update, say what changed first.

Each qualification is fetched and built on its own: a failure (a 404, a response that does not
fit, a file that would be overwritten without --force) is recorded against its code and nothing
is written for it, while the others are. The files that are written go through the importer's
writer (`importer.writing.write_all`): every file read back through the register's models
first, then renamed into place, units files before the qualifications that list them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.errors import DataError, QualcheckError
from qualcheck.fetch.build import Built, Fetched, build, unit_entries
from qualcheck.fetch.client import Client
from qualcheck.fetch.shapes import (
    MISFIT,
    UNREACHABLE,
    Detail,
    FetchError,
    Metadata,
    read_bundle,
    read_detail,
    read_metadata,
    read_release,
    read_unitgrid,
)
from qualcheck.importer.outputs import Outputs, unit_file_text, verify
from qualcheck.importer.writing import check_writable, current_text, write_all
from qualcheck.importer.yamltext import dump
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import load_yaml, read_text
from qualcheck.models import Qualification, UnitFile
from qualcheck.models.common import is_qualification_code
from qualcheck.register.layout import QUALIFICATIONS, UNITS, qualification_file, units_file

Progress = Callable[[int, int, str], None]

#: Where a fetched units file's units came from, for its first comment line.
_ORIGIN = "fetched from the training.gov.au API"


@dataclass
class FetchResult:
    built: list[Built] = field(default_factory=list)
    failures: list[tuple[str, QualcheckError]] = field(default_factory=list)  # (code, error)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # --update: what the register would gain or lose
    held_back: bool = False  # --update found changes and, without --force, wrote nothing

    @property
    def converted(self) -> int:
        return sum(b.converted for b in self.built)

    @property
    def rule_sentences(self) -> int:
        return sum(b.rule_sentences for b in self.built)


def fetch_metadata(client: Client) -> Metadata:
    body, url = client.get("metadata", "metadata")
    return read_metadata(body, url)


def fetch_qualification(
    client: Client, code: str, release: int | None, metadata: Metadata, today: dt.date
) -> Built:
    """One qualification, its release, unit grid, rules and units, built; FetchError otherwise."""
    if not is_qualification_code(code):
        raise FetchError(
            UNREACHABLE,
            "is not a qualification code (e.g. BSB50311)",
            f"{client.base}/training",
            code[:40],
            "check the code",
        )
    body, detail_url = client.get(code, "training", code)
    detail = read_detail(body, detail_url, code)
    if detail.kind is not None and detail.kind != "qualification":
        raise FetchError(
            MISFIT, f"is a {detail.kind}, not a qualification", detail_url, code, "fetch qualifications"
        )
    chosen = _release(detail, release, detail_url)
    body, release_url = client.get(code, "training", code, "releases", chosen.id)
    info = read_release(body, release_url, code)
    if info.number != chosen.number:
        raise FetchError(
            MISFIT,
            f"the response does not fit: releaseNumber is {info.number}, not the {chosen.number} asked for",
            release_url,
            code,
        )
    body, grid_url = client.get(code, "training", code, "releases", chosen.id, "unitgrid")
    grid = read_unitgrid(body, grid_url, code)
    contents = []
    for bundle in info.bundles:
        body, bundle_url = client.get(code, "content", "bundle", bundle)
        contents += [(bundle_url, html) for html in read_bundle(body, bundle_url, code)]
    fetched = Fetched(
        code, detail, detail_url, chosen.number, info.packaging, release_url, grid, grid_url, contents,
        {}, metadata, client.base, today,
    )  # fmt: skip
    built = build(fetched)
    fetched.units = _unit_details(client, code, sorted(built.titles))
    built.units = unit_entries(fetched, built.titles)
    return built


def _release(detail: Detail, wanted: int | None, url: str) -> Any:
    numbers = ", ".join(str(r.number) for r in sorted(detail.releases, key=lambda r: r.number))
    if wanted is not None:
        match = next((r for r in detail.releases if r.number == wanted), None)
        if match is None:
            raise FetchError(
                UNREACHABLE,
                f"has no release {wanted}" + (f" (its releases: {numbers})" if numbers else ""),
                url,
                detail.code,
                "choose one of its releases with --release",
            )
        return match
    if not detail.releases:
        raise FetchError(MISFIT, "the response does not fit: releases is empty", url, detail.code)
    current = [r for r in detail.releases if r.currency == "current"]
    return max(current or detail.releases, key=lambda r: r.number)


def _unit_details(client: Client, qualification: str, codes: list[str]) -> dict[str, tuple[Detail, str]]:
    """Every listed unit's detail, a few at a time; the first failure (by code) is raised."""

    def one(code: str) -> tuple[Detail, str]:
        body, url = client.get(code, "training", code)
        detail = read_detail(body, url, code)
        if detail.kind is not None and detail.kind != "unit":
            raise FetchError(MISFIT, f"is a {detail.kind}, not a unit", url, code)
        return detail, url

    with ThreadPoolExecutor(max_workers=client.concurrency) as pool:
        futures = {code: pool.submit(one, code) for code in codes}
    found: dict[str, tuple[Detail, str]] = {}
    for code in codes:
        error = futures[code].exception()
        if isinstance(error, FetchError):  # named as a unit the qualification lists
            message = f"listed by {qualification}: {error.message}"
            raise FetchError(error.code, message, error.url, hint=error.hint) from None
        found[code] = futures[code].result()  # raises any other error as it was
    return found


def fetch(
    client: Client,
    codes: list[str],
    out: Path,
    *,
    release: int | None = None,
    force: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Fetch `codes` into the register folder `out`; raises FetchError only when the API's
    metadata (the stamp every file carries) cannot be read."""
    today = today or dt.date.today()
    result = FetchResult()
    metadata = fetch_metadata(client)
    result.built = _fetch_all(client, list(dict.fromkeys(codes)), release, metadata, today, result, progress)
    _write(result, out, force=force)
    return result


def _fetch_all(
    client: Client,
    codes: list[str],
    release: int | None,
    metadata: Metadata,
    today: dt.date,
    result: FetchResult,
    progress: Progress | None,
) -> list[Built]:
    built = []
    for done, code in enumerate(codes):
        if progress is not None:
            progress(done, len(codes), code)
        try:
            built.append(fetch_qualification(client, code, release, metadata, today))
        except QualcheckError as error:
            result.failures.append((code, error))
    if progress is not None:
        progress(len(codes), len(codes), "")
    return built


def qualification_text(built: Built) -> str:
    header = (
        f"{built.code} {built.data['title']}, fetched from the training.gov.au API on "
        f"{built.fetched_on.isoformat()}.\n"
        "Entries under manual: are sentences that were not turned into rules; a person checks them."
    )
    text = dump(built.data, built.titles, header)
    verify(text, Qualification, f"{built.code}.yaml")
    return text


def _write(result: FetchResult, out: Path, *, force: bool) -> None:
    """Write every built qualification that can be written; record the others as failures."""
    remaining = list(result.built)
    while True:
        files: list[tuple[Path, str]] = []
        unchanged: list[Path] = []
        for built in list(remaining):
            path = qualification_file(out, built.code)
            assert path is not None  # the code was checked before anything was fetched
            try:
                text = qualification_text(built)
                if check_writable(path, text, current_text(path, ()), force=force):
                    files.append((path, text))
                else:
                    unchanged.append(path)
            except QualcheckError as error:
                result.failures.append((built.code, error))
                remaining.remove(built)
        outputs = Outputs()
        for built in remaining:
            for entry in built.units:
                outputs.add_unit(entry)
        blocked = None
        for package in sorted({code[:3] for code in outputs.units}):
            path = units_file(out, package)
            assert path is not None
            try:
                before = current_text(path, ())
                merged = unit_file_text(package, path, before, outputs, force=force, origin=_ORIGIN)
            except QualcheckError as error:
                blocked = (package, error)
                break
            if merged is None:
                unchanged.append(path)
            else:
                files.append((path, merged))
        if blocked is None:
            break
        package, problem = blocked  # every qualification with a unit of that package is held back
        for built in [b for b in remaining if any(e.data["code"][:3] == package for e in b.units)]:
            result.failures.append((built.code, problem))
            remaining.remove(built)
    result.built = remaining
    result.unchanged = unchanged
    if files:
        ordered = sorted(files, key=lambda file: file[0].parent.name != UNITS)
        write_all(ordered, force=force, pages=())
        result.written = [path for path, _ in ordered]


# --update ------------------------------------------------------------------------------------


def update(
    client: Client,
    register: Path,
    *,
    out: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Fetch again the current release of every qualification `register` holds, and say what
    changed; the files are written (into `out`, else `register`) only with `force`: without it,
    nothing is written and `held_back` says whether anything changed."""
    today = today or dt.date.today()
    folder = register / QUALIFICATIONS
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and is_qualification_code(p.stem))
    except OSError as error:
        raise FetchError(
            UNREACHABLE, f"cannot read the register: {error.strerror}", str(folder), ""
        ) from None
    result = FetchResult()
    old: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:  # read through the model: a file that is not a qualification fails its code alone
            doc = load_yaml(read_text(path), str(path))
            load_model(doc, Qualification, DataError)
        except QualcheckError as error:
            result.failures.append((path.stem, error))
            continue
        old[path.stem] = doc.data
    metadata = fetch_metadata(client)
    result.built = _fetch_all(client, list(old), None, metadata, today, result, progress)
    old_units, bad_units = _old_units(register, result.built)
    for built in list(result.built):
        bad = next(
            (bad_units[u.data["code"][:3]] for u in built.units if u.data["code"][:3] in bad_units), None
        )
        if bad is not None:  # its units file does not load: nothing to compare it with
            result.failures.append((built.code, bad))
            result.built.remove(built)
    for built in result.built:
        result.changes += describe_changes(built.code, old[built.code], built.data)
        result.changes += _unit_changes(built, old_units)
    if not force:
        result.held_back = bool(result.changes)
        return result
    _write(result, out or register, force=True)
    return result


def describe_changes(code: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What a re-fetch changes in a qualification: release, usage, supersessions, lists, rules."""
    changes = []
    if before.get("release") != after.get("release"):
        changes.append(f"{code}: release {before.get('release')} -> {after.get('release')}")
    if before.get("status") != after.get("status"):
        changes.append(
            f"{code}: usage {before.get('status') or 'not stated'} -> {after.get('status') or 'not stated'}"
        )
    old_maps = {_map_key(m) for m in before.get("mappings", [])}
    new_maps = {_map_key(m) for m in after.get("mappings", [])}
    for link in sorted(new_maps - old_maps):
        changes.append(f"{code}: now {_map_words(link)}")
    for link in sorted(old_maps - new_maps):
        changes.append(f"{code}: no longer {_map_words(link)}")
    old_p, new_p = before.get("packaging", {}), after.get("packaging", {})
    changes += _list_changes(code, "core", old_p.get("core", []), new_p.get("core", []))
    old_g, new_g = old_p.get("groups", {}), new_p.get("groups", {})
    for key in sorted(set(old_g) | set(new_g)):
        if key not in new_g:
            changes.append(f"{code}: list {key} removed")
        elif key not in old_g:
            changes.append(f"{code}: list {key} added ({len(new_g[key]['units'])} units)")
        else:
            changes += _list_changes(code, f"list {key}", old_g[key]["units"], new_g[key]["units"])
    old_rules = [r.get("text") for r in old_p.get("rules", [])]
    new_rules = [r.get("text") for r in new_p.get("rules", [])]
    if old_rules != new_rules:
        changes.append(
            f"{code}: packaging rules reworded or changed ({len(old_rules)} rules -> {len(new_rules)})"
        )
    for count in ("total_units", "core_units", "elective_units", "points_total"):
        if old_p.get(count) != new_p.get(count):
            changes.append(f"{code}: {count} {old_p.get(count)} -> {new_p.get(count)}")
    return changes


def _list_changes(code: str, name: str, before: list[str], after: list[str]) -> list[str]:
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    changes = []
    if added:
        changes.append(f"{code}: {name} gains {', '.join(added)}")
    if removed:
        changes.append(f"{code}: {name} loses {', '.join(removed)}")
    return changes


def _map_key(mapping: dict[str, Any]) -> tuple[str, str, bool]:
    return (str(mapping.get("relation")), str(mapping.get("code")), bool(mapping.get("equivalent")))


def _map_words(key: tuple[str, str, bool]) -> str:
    relation, other, equivalent = key
    verb = "supersedes" if relation == "supersedes" else "superseded by"
    return f"{verb} {other} ({'equivalent' if equivalent else 'not equivalent'})"


def _old_units(
    register: Path, built: list[Built]
) -> tuple[dict[str, dict[str, Any]], dict[str, QualcheckError]]:
    """The units the register's units files hold, by code, and each package whose file does not load."""
    packages = {entry.data["code"][:3] for b in built for entry in b.units}
    found: dict[str, dict[str, Any]] = {}
    bad: dict[str, QualcheckError] = {}
    for package in sorted(packages):
        path = units_file(register, package)
        if path is None or not path.is_file():
            continue
        try:
            doc = load_yaml(read_text(path), str(path))
            load_model(doc, UnitFile, DataError)
        except QualcheckError as error:
            bad[package] = error
            continue
        for unit in doc.data.get("units", []):
            found[unit["code"]] = unit
    return found, bad


def _unit_changes(built: Built, old_units: dict[str, dict[str, Any]]) -> list[str]:
    changes = []
    for entry in built.units:
        if not entry.strong:
            continue
        unit = entry.data
        before = old_units.get(unit["code"])
        if before is None:
            continue
        if before.get("release") is not None and before.get("release") != unit.get("release"):
            changes.append(f"{unit['code']}: release {before.get('release')} -> {unit.get('release')}")
        if before.get("status") is not None and before.get("status") != unit.get("status"):
            changes.append(
                f"{unit['code']}: usage {before.get('status')} -> {unit.get('status') or 'not stated'}"
            )
        old_maps = {_map_key(m) for m in before.get("mappings", [])}
        for key in sorted({_map_key(m) for m in unit.get("mappings", [])} - old_maps):
            changes.append(f"{unit['code']}: now {_map_words(key)}")
    return sorted(set(changes), key=changes.index)
