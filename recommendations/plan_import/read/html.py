"""HTML pages: every <table> with row and column spans laid out, and the text between."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .blocks import Chunk, Para, RawRow
from .colours import rag_from_colour

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "section", "article", "blockquote", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "source"}


def _style_colour(attrs: dict[str, str | None]) -> str:
    if attrs.get("bgcolor"):
        return attrs["bgcolor"] or ""
    m = re.search(r"background(?:-color)?\s*:\s*(#?[0-9a-zA-Z]+)", attrs.get("style") or "")
    return m.group(1) if m else ""


class _HTMLTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Para | Chunk] = []
        self.text: list[str] = []
        self.depth = 0  # table nesting
        self.rows: list[list[tuple[str, int, int, str]]] = []  # (html, rowspan, colspan, fill)
        self.row_lines: list[int] = []
        self.row: list[tuple[str, int, int, str]] | None = None
        self.cell: list[str] | None = None
        self.cell_attrs: dict[str, str | None] = {}
        self.table_line = 0
        self.heading = False

    # text outside tables -------------------------------------------------
    def _flush(self) -> None:
        s = re.sub(r"\s+", " ", "".join(self.text)).strip()
        self.text = []
        if s:
            self.blocks.append(Para(("# " + s) if self.heading else s, self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if self.depth == 0:
                self._flush()
                self.rows, self.row_lines, self.table_line = [], [], self.getpos()[0]
            self.depth += 1
            if self.depth > 1 and self.cell is not None:
                self.cell.append(" ")
            return
        if self.depth == 1:
            if tag == "tr":
                self.row = []
                self.row_lines.append(self.getpos()[0])
                return
            if tag in ("td", "th") and self.row is not None:
                self.cell = []
                self.cell_attrs = dict(attrs)
                return
        if self.depth >= 1:
            if self.cell is not None:
                self.cell.append(self.get_starttag_text() or "")
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = True
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth >= 1 and self.cell is not None:
            self.cell.append(self.get_starttag_text() or "")
        elif self.depth == 0 and tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._finish_table()
            return
        if self.depth == 1:
            if tag in ("td", "th") and self.cell is not None and self.row is not None:
                a = self.cell_attrs
                self.row.append(
                    (
                        "".join(self.cell).strip(),
                        _int(a.get("rowspan")),
                        _int(a.get("colspan")),
                        _style_colour(a),
                    )
                )
                self.cell = None
                return
            if tag == "tr" and self.row is not None:
                self.rows.append(self.row)
                self.row = None
                return
        if self.depth >= 1:
            if self.cell is not None and tag not in _VOID:
                self.cell.append(f"</{tag}>")
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = False
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.depth >= 1:
            if self.cell is not None:
                self.cell.append(html.escape(data, quote=False))
        else:
            self.text.append(data)

    def _finish_table(self) -> None:
        if self.row is not None:  # unclosed <tr>
            self.rows.append(self.row)
            self.row = None
        grid = _spans_to_grid(self.rows)
        if not grid:
            return
        rows = [
            RawRow([c for c, _ in cells], line, fills=[rag_from_colour(f) for _, f in cells])
            for cells, line in zip(grid[1:], self.row_lines[1:], strict=False)
        ]
        header = [c for c, _ in grid[0]]
        self.blocks.append(Chunk(header, rows, self.table_line, "html"))

    def close(self) -> None:
        super().close()
        if self.depth:
            self.depth = 1
            self._finish_table()
        self._flush()


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _spans_to_grid(
    rows: list[list[tuple[str, int, int, str]]],
) -> list[list[tuple[str, str]]]:
    """Lay out cells with rowspan (value repeated down) and colspan (blank to the right)."""
    grid: list[list[tuple[str, str]]] = []
    pending: dict[int, tuple[int, str, str]] = {}  # column -> (rows left, value, fill)
    for row in rows:
        out: dict[int, tuple[str, str]] = {}
        col = 0
        cells = list(row)
        while cells or any(c >= col for c in pending):
            if col in pending:
                left, value, fill = pending[col]
                out[col] = (value, fill)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, value, fill)
                col += 1
                continue
            if not cells:
                col += 1
                continue
            value, rowspan, colspan, fill = cells.pop(0)
            out[col] = (value, fill)
            if rowspan > 1:
                pending[col] = (rowspan - 1, value, fill)
            for extra in range(1, colspan):
                out[col + extra] = ("", "")
            col += colspan
        width = max(out) + 1 if out else 0
        grid.append([out.get(i, ("", "")) for i in range(width)])
    return grid


def read_html(text: str) -> list[Para | Chunk]:
    parser = _HTMLTables()
    parser.feed(text)
    parser.close()
    return parser.blocks
