"""The fetch client on its own: retries and their waits, Retry-After, the concurrency limit, the
URLs it builds, and the progress line (against the stand-in server of tests/tga_api.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcheck.fetch.client import BadBase, Client, check_base, segment
from qualcheck.fetch.report import run_fetch
from qualcheck.fetch.shapes import FetchError
from tga_api import Answer, ApiServer, api_server

DETAIL = "/api/training/BSB50311"


@pytest.fixture
def server() -> Iterator[ApiServer]:
    with api_server() as running:
        yield running


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_CACHE_DIR", str(tmp_path / "cache"))


def _client(server: ApiServer, waits: list[float], **options: float) -> Client:
    return Client(server.base, timeout=2, sleep=waits.append, **options)  # type: ignore[arg-type]


def test_waits_double_from_the_backoff(server: ApiServer) -> None:
    server.script[DETAIL] = [Answer(503), Answer(502), Answer(500)]
    waits: list[float] = []
    body, url = _client(server, waits, backoff=0.5).get("BSB50311", "training", "BSB50311")
    assert body["code"] == "BSB50311" and url == server.base + "/training/BSB50311"
    assert waits == [0.5, 1.0, 2.0] and server.hits[DETAIL] == 4


def test_retry_after_is_honoured_and_capped(server: ApiServer) -> None:
    server.script[DETAIL] = [Answer(429, {"Retry-After": "3"}), Answer(429, {"Retry-After": "3600"})]
    waits: list[float] = []
    _client(server, waits, max_wait=30).get("BSB50311", "training", "BSB50311")
    assert waits == [3.0, 30.0]


def test_after_the_last_retry_the_failure_is_named(server: ApiServer) -> None:
    server.script[DETAIL] = [Answer(429) for _ in range(3)]
    waits: list[float] = []
    with pytest.raises(FetchError) as raised:
        _client(server, waits, retries=2, backoff=0.01).get("BSB50311", "training", "BSB50311")
    assert raised.value.code == "QC074" and "HTTP 429 (3 tries)" in raised.value.message
    assert len(waits) == 2


def test_a_4xx_other_than_429_is_not_tried_again(server: ApiServer) -> None:
    server.script[DETAIL] = [Answer(403)]
    waits: list[float] = []
    with pytest.raises(FetchError, match="HTTP 403"):
        _client(server, waits).get("BSB50311", "training", "BSB50311")
    assert waits == [] and server.hits[DETAIL] == 1


def test_no_more_requests_in_flight_than_the_limit(server: ApiServer, tmp_path: Path) -> None:
    from qualcheck.fetch.run import fetch

    for path in [p for p in server.served if p.startswith("/api/training/BSB") and p.count("/") == 3]:
        server.script[path] = [Answer(delay=0.02)]
    result = fetch(Client(server.base, concurrency=2), ["BSB50311"], tmp_path)
    assert not result.failures
    assert server.most_in_flight == 2  # units were fetched two at a time, never more


def test_urls_are_built_from_plain_segments_only() -> None:
    assert segment("5e0c3302-1000-4000-8000-000000000001") == "5e0c3302-1000-4000-8000-000000000001"
    for bad in ("..", "a/b", "", ".hidden", "a b", "%2e%2e", "x?y=1", "a\\b", "é"):
        with pytest.raises(ValueError):
            segment(bad)
    assert check_base("https://training.gov.au/api/") == "https://training.gov.au/api"
    for bad in ("file:///etc", "training.gov.au/api", "https://x/api?k=1", "https://x/api#f", "https://"):
        with pytest.raises(BadBase):
            check_base(bad)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(server: ApiServer, out: Path, stderr: io.StringIO) -> int:
    return run_fetch(
        ["BSB50311", "CHC33021"],
        out,
        release=None,
        force=False,
        refresh=False,
        saved=None,
        update=None,
        timeout=5,
        api=server.base,
        stdout=io.StringIO(),
        stderr=stderr,
    )


def test_a_progress_line_on_a_terminal_only(server: ApiServer, tmp_path: Path) -> None:
    terminal = _Terminal()
    assert _run(server, tmp_path / "a", terminal) == 0
    assert "\rfetching BSB50311 (1/2)" in terminal.getvalue()
    assert "\rfetching CHC33021 (2/2)" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")
    piped = io.StringIO()
    assert _run(server, tmp_path / "b", piped) == 0
    assert piped.getvalue() == ""
