"""A saved page as numbered lines of text: copied text as it is, HTML through html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from qualcheck.errors import InputError, Span
from qualcheck.io.reading import NotAFileError, open_input, unreadable
from qualcheck.io.yamlsource import looks_utf16

#: Largest page read, in bytes: a saved qualification page, even as HTML, is far smaller, and a
#: larger file is refused before it is read in full.
MAX_PAGE_BYTES = 4 * 1024 * 1024

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
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
    source_url: str | None  # from a first comment line "# source: URL", or an HTML page's canonical link
    title: str | None = None  # an HTML page's <title>, where present

    @property
    def name(self) -> str:
        """The page's file name (its folders left out)."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def described(self) -> str:
        """Where the page came from, as a source title says it: its own title, else its address,
        else its file name. training.gov.au is named only when the page's address is there."""
        if self.title:
            return self.title
        if self.source_url:
            return f"the page at {self.source_url}"
        return f"the saved page {self.name}"

    def from_register(self) -> bool:
        """Whether the page's own address is on training.gov.au."""
        return bool(
            self.source_url and re.match(r"https?://(?:www\.)?training\.gov\.au/", self.source_url, re.I)
        )


def read_page(path: Path) -> Page:
    """Read a saved page; an unreadable file raises InputError (exit 2)."""
    shown = str(path)
    try:
        with open_input(path) as stream:  # a named pipe is refused, never waited on
            raw = stream.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError:
        raise InputError("QC000", "page not found", Span(shown), "check the path") from None
    except IsADirectoryError:
        raise InputError("QC000", "is a folder, not a saved page", Span(shown)) from None
    except OSError as exc:
        reason = unreadable(exc) if isinstance(exc, NotAFileError) else f"cannot read page: {exc.strerror}"
        raise InputError("QC000", reason, Span(shown)) from None
    if len(raw) > MAX_PAGE_BYTES:
        raise InputError(
            "QC000",
            f"page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB: too large to be a saved page",
            Span(shown),
            "check that this is the right file",
        )
    return page_from_text(decode_page(raw, shown), shown)


def decode_page(raw: bytes, shown: str) -> str:
    """The text of a saved page: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in raw[:200] and looks_utf16(raw)):
        raise InputError(
            "QC000", "page is UTF-16 encoded", Span(shown, 1, 1), "save it as UTF-8 and run again"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        before = raw[:nul]
        line, column = before.count(b"\n") + 1, nul - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            "QC000",
            "file contains NUL bytes: it is binary, not a saved page",
            Span(shown, line, column),
            "save the page as text or HTML",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def page_from_text(text: str, path: str) -> Page:
    title: str | None = None
    url: str | None = None
    if _looks_like_html(text):
        numbered = _html_lines(text)
        head = text[:200_000]
        found_title = re.search(r"<title[^>]*>(.*?)</title>", head, re.IGNORECASE | re.DOTALL)
        if found_title:
            title = (
                _SPACES.sub(" ", unescape(re.sub(r"<[^>]*>", "", found_title.group(1)))).strip()[:200] or None
            )
        canonical = re.search(
            r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']?(https?://[^\"'\s>]+)",
            head,
            re.IGNORECASE,
        )
        if canonical:
            url = unescape(canonical.group(1))
    else:
        # Lines as an editor counts them: str.splitlines would also break at U+2028 and friends.
        numbered = [(i, raw) for i, raw in enumerate(_LINE_BREAK.split(text), start=1)]
    lines: list[Line] = []
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
    return Page(path, tuple(lines), url, title)


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
