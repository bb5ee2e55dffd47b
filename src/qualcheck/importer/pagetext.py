"""A saved page as numbered lines of text: copied text as it is, HTML through html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from qualcheck.errors import InputError, Span

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")
_BLOCK_TAGS = {
    "address", "article", "br", "caption", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "tbody", "thead",
    "tr", "ul",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head"}


@dataclass(frozen=True)
class Line:
    number: int  # line of the saved file where the text starts (from 1)
    text: str  # whitespace collapsed, stripped


@dataclass(frozen=True)
class Page:
    path: str
    lines: tuple[Line, ...]
    source_url: str | None  # from a first comment line "# source: URL", where present


def read_page(path: Path) -> Page:
    """Read a saved page; an unreadable file raises InputError (exit 2)."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("QC000", "page not found", Span(shown), "check the path") from None
    except IsADirectoryError:
        raise InputError("QC000", "is a folder, not a saved page", Span(shown)) from None
    except OSError as exc:
        raise InputError("QC000", f"cannot read page: {exc.strerror}", Span(shown)) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise InputError(
            "QC000", "file is binary, not a saved page", Span(shown, 1, 1), "save the page as text or HTML"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return page_from_text(text, shown)


def page_from_text(text: str, path: str) -> Page:
    if _looks_like_html(text):
        numbered = _html_lines(text)
    else:
        numbered = [(i, raw) for i, raw in enumerate(text.splitlines(), start=1)]
    lines: list[Line] = []
    url: str | None = None
    for number, raw in numbered:
        cleaned = _SPACES.sub(" ", raw).strip()
        if not cleaned:
            continue
        if not lines and cleaned.startswith("#"):  # comment lines before the page
            found = re.search(r"https?://\S+", cleaned)
            if found and url is None:
                url = found.group(0)
            continue
        lines.append(Line(number, cleaned))
    return Page(path, tuple(lines), url)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<body", "<div", "<table", "<p>", "<h1", "<h2")) or (
        "<html" in head or "<body" in head
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._parts: list[str] = []
        self._start = 1
        self._skip = 0

    def _flush(self) -> None:
        text = "".join(self._parts)
        if text.strip():
            self.lines.append((self._start, text))
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self._parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for index, piece in enumerate(data.split("\n")):
            if index:
                self._parts.append(" ")
            if piece.strip() and not "".join(self._parts).strip():
                self._start = self.getpos()[0] + (index if index else 0)
            self._parts.append(piece)


def _html_lines(text: str) -> list[tuple[int, str]]:
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    collector._flush()
    return collector.lines
