"""The packaging-rules HTML of a release as the lines the text importer reads, and its tagged codes.

The register's HTML tags each unit as `<ntr-tcref data-nrt-code="CODE">...</ntr-tcref>` and puts
lists under headings (`<strong>Group A</strong>`, a heading, or a table header row). Each block
(a paragraph, a list item, a heading, a table row) becomes one line, as a copied page's text
does: a table row is its cells joined by spaces, so `CODE | Title` reads as `CODE Title`. A
tagged unit is written as its tag's code followed by the tag's text (the code itself is not
repeated), so the code the register tagged is the code the importer reads. A row of column
labels (`Code | Title`) says nothing and is left out: a list split over several tables, each
with its header row, reads as one list. Every tagged code is returned with its line, for the
check that each lands in a list (`build`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from qualcheck.fetch.shapes import FetchError, clean_text
from qualcheck.models.values import is_unit_code

_BLOCKS = {
    "address", "article", "br", "caption", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "ol", "p", "section", "table", "tbody", "thead", "tfoot",
    "ul",
}  # fmt: skip
_SKIPPED = {"script", "style", "noscript", "template", "head"}
_TAG = "ntr-tcref"
_COLUMN_LABELS = {
    "code", "title", "unit code", "unit title", "unit", "units", "unit of competency", "units of competency",
    "unit name", "name", "prerequisite", "prerequisites", "pre-requisite", "pre-requisites",
    "prerequisite unit", "prerequisite units", "prerequisite unit(s)", "points", "weighting points",
    "weighting", "core/elective", "essential", "type", "code title",
}  # fmt: skip


@dataclass
class RulesText:
    lines: list[str] = field(default_factory=list)  # line N of the rules is lines[N - 1]
    tagged: list[tuple[str, int]] = field(default_factory=list)  # (code, line number)


class _Reader(HTMLParser):
    def __init__(self, fail: Callable[[str], FetchError]) -> None:
        super().__init__(convert_charrefs=True)
        self.fail = fail
        self.text = RulesText()
        self._parts: list[str] = []  # the open block's text
        self._block_tagged: list[str] = []  # codes tagged in the open block
        self._skip = 0
        self._tag: tuple[str, list[str]] | None = None  # the open tag's code and text
        self._row: list[list[str]] | None = None  # the open table row's cells
        self._row_tagged: list[str] = []

    def _end_block(self) -> None:
        """The open block (outside a table row) as a line, with the codes tagged in it."""
        if self._row is not None:
            return  # a row is one line, written when it ends
        line = clean_text("".join(self._parts), self.fail)
        tagged, self._parts, self._block_tagged = self._block_tagged, [], []
        if line:
            self.text.lines.append(line)
        number = max(len(self.text.lines), 1)
        self.text.tagged += [(code, number) for code in tagged]

    def _end_row(self) -> None:
        if self._row is None:
            return
        cells = [clean_text("".join(cell), self.fail) for cell in self._row]
        tagged, self._row, self._row_tagged = self._row_tagged, None, []
        cells = [cell for cell in cells if cell]
        if not tagged and (not cells or all(_label(cell) in _COLUMN_LABELS for cell in cells)):
            return  # an empty row, or a header row of column labels
        self.text.lines.append(" ".join(cells))
        number = len(self.text.lines)
        self.text.tagged += [(code, number) for code in tagged]

    def _write(self, text: str) -> None:
        if self._tag is not None:
            self._tag[1].append(text)
        elif self._row is not None:
            if not self._row:
                self._row.append([])
            self._row[-1].append(text)
        else:
            self._parts.append(text)

    def _close_tag(self) -> None:
        if self._tag is None:
            return
        code, parts = self._tag
        self._tag = None
        inner = " ".join("".join(parts).split())
        rest = inner[len(code) :].lstrip(" -–:|") if inner.startswith(code) else inner
        self._write(f" {code} {rest} " if rest else f" {code} ")
        (self._row_tagged if self._row is not None else self._block_tagged).append(code)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif self._skip:
            return
        elif tag == _TAG:
            self._close_tag()
            code = dict(attrs).get("data-nrt-code")
            if not code:
                raise self.fail("an <ntr-tcref> tag has no data-nrt-code")
            code = clean_text(code, self.fail)
            if not is_unit_code(code):  # a code becomes part of a URL and a file: only a real one
                raise self.fail(f"an <ntr-tcref> tag's data-nrt-code is {code[:40]!r}, not a unit code")
            self._tag = (code, [])
        elif tag == "tr":
            self._end_row()
            self._end_block()
            self._row = []
        elif tag in ("td", "th"):
            if self._row is not None:
                self._row.append([])
        elif tag == "br" and self._row is not None:
            self._write(" ")
        elif tag in _BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif self._skip:
            return
        elif tag == _TAG:
            self._close_tag()
        elif tag == "tr":
            self._end_row()
        elif tag in ("table", "tbody", "thead", "tfoot"):
            self._end_row()
            self._end_block()
        elif tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._write(data)

    def finish(self) -> RulesText:
        self.close()
        self._close_tag()  # an unclosed tag: its code still counts
        self._end_row()
        self._end_block()
        return self.text


def _label(cell: str) -> str:
    return re.sub(r"[\s:*]+$", "", cell.lower()).strip()


def read_rules(html: str, fail: Callable[[str], FetchError]) -> RulesText:
    """The lines and tagged codes of the packaging-rules HTML; `fail(message)` makes the error
    for HTML that does not fit (a control character, a tag without its code)."""
    reader = _Reader(fail)
    reader.feed(html)
    return reader.finish()
