"""One run of `qualcheck fetch`: the client it needs, the run, and what it prints.

Every line that holds text from the API (a sentence, a title, a URL, a message quoting one)
goes through `neutral.visible`: one line, no escape sequence. The progress line is written only
to a terminal, rewritten in place and erased when the run ends.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from qualcheck.errors import QualcheckError
from qualcheck.fetch.cache import ResponseCache, default_folder
from qualcheck.fetch.client import Client
from qualcheck.fetch.run import FetchResult, Progress, fetch, update
from qualcheck.io.neutral import visible


def run_fetch(
    codes: list[str],
    out: Path | None,
    *,
    release: int | None,
    force: bool,
    refresh: bool,
    saved: Path | None,
    update: Path | None,
    timeout: float,
    api: str,
    stdout: TextIO,
    stderr: TextIO,
    client: Client | None = None,
    today: dt.date | None = None,
) -> int:
    """Run the command and print its report; the exit code. ValueError: the base URL is unusable."""
    if client is None:
        cache = None if saved is not None else ResponseCache(default_folder())
        # --update asks the API again: its point is to see what changed since the last fetch.
        fresh = refresh or update is not None
        client = Client(api, timeout=timeout, cache=cache, refresh=fresh, saved=saved)
    progress = _progress(stderr) if _is_terminal(stderr) else None
    try:
        if update is not None:
            result = _update(client, update, out, force, today, progress)
        else:
            assert out is not None
            result = fetch(client, codes, out, release=release, force=force, today=today, progress=progress)
    except QualcheckError as error:  # the metadata, the register to update, or the write itself
        stderr.write(f"qualcheck: {visible(str(error))}\n")
        return 2
    return _print(result, update is not None, stdout, stderr)


def _update(
    client: Client,
    register: Path,
    out: Path | None,
    force: bool,
    today: dt.date | None,
    progress: Progress | None,
) -> FetchResult:
    return update(client, register, out=out, force=force, today=today, progress=progress)


def _print(result: FetchResult, updating: bool, stdout: TextIO, stderr: TextIO) -> int:
    for built in result.built:
        for url, line, kind, text in built.report:
            where = f"{url}:{line}" if line else url
            stdout.write(visible(f"{where}: {kind}: {text}") + "\n")
    for change in result.changes:
        stdout.write(visible(f"changed: {change}") + "\n")
    for path in result.written:
        stdout.write(visible(f"wrote {path}") + "\n")
    for path in result.unchanged:
        stdout.write(visible(f"unchanged {path}") + "\n")
    for code, error in result.failures:
        stderr.write(f"qualcheck: {visible(code)}: {visible(str(error))}\n")
    fetched = len(result.built)
    total = fetched + len({code for code, _ in result.failures})
    share = (
        f"; {result.converted} of {result.rule_sentences} rule sentences became rules"
        if result.rule_sentences
        else ""
    )
    stdout.write(f"{fetched} of {total} qualifications fetched{share}\n")
    if updating and result.held_back:
        stdout.write("nothing written: run again with --force to write these changes\n")
    elif updating and not result.changes:
        stdout.write("no changes\n")
    if result.failures:
        return 2
    return 1 if result.held_back else 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _progress(stream: TextIO) -> Progress:
    def show(done: int, total: int, code: str) -> None:
        if total < 2:
            return  # one qualification: the report follows at once
        if done == total:
            stream.write("\r\x1b[K")
        else:
            stream.write(f"\rfetching {visible(code)} ({done + 1}/{total})")
        stream.flush()

    return show
