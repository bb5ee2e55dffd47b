"""The HTTP client for the register's API: the standard library's urllib, made polite and patient.

- Every request has a timeout; a network error, a timeout, HTTP 429 or a 5xx is tried again, up
  to `retries` more times, waiting `backoff` seconds and twice as long each time, or what the
  server's Retry-After asks, never more than `max_wait` seconds at once. A 404 or another 4xx is
  not tried again. Each failure is a FetchError naming the code, the URL and what happened.
- At most `concurrency` requests are in flight at once, however many threads ask.
- Responses are cached raw by URL (`cache.ResponseCache`); `refresh` skips the cache's answers
  (and stores the fresh ones). `saved` reads responses from a folder instead of the network.
- A URL is built only from checked path segments (`segment`): a code or an ID a response gave
  never changes the host, adds a query or climbs out of the API's path.
- Redirects are followed only to http or https URLs. Bodies are bounded in size; JSON is parsed
  with NaN and Infinity refused.

urllib is enough here: the API is a handful of GET calls returning JSON, and a dependency would
add install size and start-up time for retries and pooling that fit in this module.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualcheck import __version__
from qualcheck.fetch.cache import ResponseCache
from qualcheck.fetch.saved import SavedMissing, read_saved, saved_file
from qualcheck.fetch.shapes import MISFIT, UNREACHABLE, FetchError

DEFAULT_API = "https://training.gov.au/api"
MAX_BODY_BYTES = 32 * 1024 * 1024
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class BadBase(ValueError):
    """The API's base URL cannot be used (a usage error)."""


def segment(text: str) -> str:
    """`text` as one path segment of an API URL; ValueError when it could be anything else."""
    if not _SEGMENT.fullmatch(text) or ".." in text:
        raise ValueError(f"{text[:60]!r} cannot be part of an API path")
    return text


def check_base(base: str) -> str:
    """The base URL without a trailing slash; BadBase unless it is a plain http(s) URL."""
    parts = urllib.parse.urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadBase(f"the API's base URL must start with https:// or http://, not {base[:80]!r}")
    if parts.query or parts.fragment or not base.isprintable() or " " in base.strip():
        raise BadBase(f"the API's base URL must be a plain URL without a query: {base[:80]!r}")
    return base.strip().rstrip("/")


class _Redirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            return None  # not followed: the 3xx is then the answer, and an error
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Client:
    def __init__(
        self,
        base: str = DEFAULT_API,
        *,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        concurrency: int = 4,
        cache: ResponseCache | None = None,
        refresh: bool = False,
        saved: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = check_base(base)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.concurrency = max(1, concurrency)
        self.cache = cache
        self.refresh = refresh
        self.saved = saved
        self.sleep = sleep
        self.requests = 0  # made over the network, retries included
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._count = threading.Lock()
        self._opener = urllib.request.build_opener(_Redirects)

    def url(self, segments: tuple[str, ...]) -> str:
        return self.base + "/" + "/".join(urllib.parse.quote(segment(s), safe="") for s in segments)

    def get(self, subject: str, *segments: str) -> tuple[Any, str]:
        """The parsed JSON at the API path `segments`, and its URL; `subject` is the code it is for."""
        try:
            url = self.url(segments)
        except ValueError as error:
            shown = f"{self.base}/{'/'.join(segments)}"
            raise FetchError(MISFIT, f"the response does not fit: {error}", shown, subject) from None
        body = self._body(subject, segments, url)
        try:
            text = body.decode("utf-8-sig")
            return json.loads(text, parse_constant=_no_constant), url
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            reason = "is not UTF-8" if isinstance(error, UnicodeDecodeError) else "is not JSON"
            raise FetchError(MISFIT, f"the response does not fit: the body {reason}", url, subject) from None

    def _body(self, subject: str, segments: tuple[str, ...], url: str) -> bytes:
        if self.saved is not None:
            try:
                return read_saved(self.saved, segments)
            except SavedMissing:
                raise FetchError(
                    UNREACHABLE,
                    f"no saved response: {saved_file(self.saved, segments)} does not exist",
                    url,
                    subject,
                    "save the response under the API's path in the --from folder",
                ) from None
            except OSError as error:
                raise FetchError(
                    UNREACHABLE, f"cannot read the saved response: {error.strerror}", url, subject
                ) from None
        if self.cache is not None and not self.refresh:
            cached = self.cache.get(url)
            if cached is not None:
                return cached
        body = self._request(subject, url)
        if self.cache is not None:
            self.cache.put(url, body)
        return body

    def _request(self, subject: str, url: str) -> bytes:
        last = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                with self._slots:
                    with self._count:
                        self.requests += 1
                    return self._once(url)
            except urllib.error.HTTPError as error:
                if error.code != 429 and not 500 <= error.code <= 599:
                    what = (
                        "not found (HTTP 404): no such code or release"
                        if error.code == 404
                        else f"HTTP {error.code}"
                    )
                    raise FetchError(UNREACHABLE, what, url, subject, _hint(error.code)) from None
                last = f"HTTP {error.code}"
                asked = _retry_after(error.headers.get("Retry-After") if error.headers else None)
                wait = asked if asked is not None else wait
            except _TooLarge:
                raise FetchError(
                    MISFIT, f"the response is larger than {MAX_BODY_BYTES // 2**20} MB", url, subject
                ) from None
            except (OSError, http.client.HTTPException) as error:  # URLError, timeouts: OSErrors
                last = _network_reason(error, self.timeout)
            if attempt < self.retries:
                self.sleep(min(max(wait, 0.0), self.max_wait))
        tries = self.retries + 1
        raise FetchError(
            UNREACHABLE,
            f"{last} ({tries} {'try' if tries == 1 else 'tries'})",
            url,
            subject,
            "try again later, or use --from with saved responses",
        )

    def _once(self, url: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": f"qualcheck/{__version__}"}
        )
        with self._opener.open(request, timeout=self.timeout) as response:
            body: bytes = response.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise _TooLarge()
        return body


class _TooLarge(Exception):
    pass


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _network_reason(error: BaseException, timeout: float) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, str):
        return f"network error: {reason}"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"network error: {text}"


def _hint(status: int) -> str:
    if status == 404:
        return "check the code (and --release) on training.gov.au"
    return "the API refused the request"
