"""A stand-in for the register's API on 127.0.0.1, serving tests/fixtures/tga_api/ (see its README).

`responses()` gives every response by its API path: the fixture files (JSON as stored; a
bundle's HTML wrapped in the documented `{"items": [...]}` shape), and a unit's detail for each
unit a fixture's grid or rules name, written from that unit's entry in the bundled register
(data/units/). `ApiServer` serves them from a thread; `script` queues special answers for a
path (a status with headers, or a delay) that are given, in order, before the normal one.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tga_api"


def bundled_units() -> dict[str, dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "data" / "units").glob("*.yaml")):
        for unit in yaml.safe_load(path.read_text(encoding="utf-8"))["units"]:
            units[unit["code"]] = unit
    return units


def unit_detail(unit: dict[str, Any]) -> dict[str, Any]:
    """A unit's detail in the documented shape, from its bundled register entry."""
    detail: dict[str, Any] = {"code": unit["code"], "title": unit["title"], "type": "unit"}
    if unit.get("status"):
        detail["usageRecommendation"] = unit["status"]
    releases = list(unit.get("releases", []))
    if not releases and unit.get("release"):
        releases = [{"release": unit["release"]}]
    detail["releases"] = [
        {"releaseNumber": str(r["release"]), **({"releaseDate": str(r["date"])} if r.get("date") else {})}
        for r in releases
    ]
    for name, relation, code_key in (
        ("mappingInformation", "supersedes", "mapsToCode"),
        ("supersededBy", "superseded_by", "code"),
    ):
        rows = []
        for m in unit.get("mappings", []):
            if m["relation"] != relation:
                continue
            row: dict[str, Any] = {code_key: m["code"], "isEquivalent": m["equivalent"]}
            if m.get("title"):
                row["mapsToTitle" if code_key == "mapsToCode" else "title"] = m["title"]
            if m.get("date"):
                row["date"] = str(m["date"])
            rows.append(row)
        if rows:
            detail[name] = rows
    return detail


def responses() -> dict[str, bytes]:
    """Every response the stand-in serves, by path (`/api/training/BSB50311`)."""
    served: dict[str, bytes] = {}
    named: set[str] = set()
    for path in sorted(FIXTURES.rglob("*")):
        relative = path.relative_to(FIXTURES).as_posix()
        if path.suffix == ".json":
            served["/api/" + relative.removesuffix(".json")] = path.read_bytes()
            if relative.endswith("unitgrid.json"):
                named |= {row["code"] for row in json.loads(path.read_text(encoding="utf-8"))}
        elif path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            item = {"contentType": "text/html", "content": html, "sequence": 1}
            served["/api/" + relative.removesuffix(".html")] = json.dumps({"items": [item]}).encode()
            named |= set(re.findall(r'data-nrt-code="([A-Z0-9]+)"', html))
    units = bundled_units()
    for code in sorted(named):
        served[f"/api/training/{code}"] = json.dumps(unit_detail(units[code])).encode()
    return served


def save(folder: Path, served: dict[str, bytes]) -> Path:
    """The responses as saved files laid out by the API's paths (for --from)."""
    for path, body in served.items():
        target = folder / (path.removeprefix("/api/") + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return folder


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (longer than the client's timeout: a timeout)
    body: bytes | None = None  # None: the normal response


class ApiServer:
    def __init__(self, served: dict[str, bytes]) -> None:
        self.served = served
        self.script: dict[str, list[Answer]] = {}
        self.hits: dict[str, int] = {}
        self.in_flight = 0
        self.most_in_flight = 0  # the most requests answered at once
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    queued = server.script.get(path) or []
                    answer = queued.pop(0) if queued else Answer()
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    if answer.delay:
                        time.sleep(answer.delay)
                finally:
                    # Counted out before the answer is written: the client frees its slot only
                    # once it has read the answer, so a request it sends next is never counted
                    # alongside this one.
                    with server._lock:
                        server.in_flight -= 1
                self._answer(path, answer)

            def _answer(self, path: str, answer: Answer) -> None:
                body = answer.body if answer.body is not None else server.served.get(path)
                status = answer.status
                if body is None:
                    status, body = 404, b'{"message": "not found"}'
                try:
                    self.send_response(status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/api"

    def set_json(self, path: str, data: Any) -> None:
        self.served[path] = json.dumps(data).encode()

    def json(self, path: str) -> Any:
        return json.loads(self.served[path])


@contextmanager
def api_server(served: dict[str, bytes] | None = None) -> Iterator[ApiServer]:
    server = ApiServer(dict(served if served is not None else responses()))
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()
