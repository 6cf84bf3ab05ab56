"""PDF committee papers, read with pdfplumber (characters with their positions, on pdfminer.six).

Ruled tables (cell borders drawn) come out cell by cell, page by page: a header repeated at the
top of each page joins the pages into one table, a page whose table starts with a row rather
than the header continues the one before, and a row broken over a page is joined in the table
stage. A paper whose tables have no borders is read as its layout text, the same way as text
pasted from it (``aligned``). Marking lines and page numbers are page furniture and dropped.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

from .blocks import Chunk, Para, RawRow
from .detect import is_marking, paper_marking
from .headers import header_score
from .limits import Deadline, current_limits
from .result import ImportFileError
from .text import read_text

# Layout text: a word is put at its x position (this many points a character); words closer
# than WORD_GAP points are one cell's words, one space apart; farther apart, at least two.
POINTS_PER_CHAR = 3.5
WORD_GAP = 6.0
NUMBERED = re.compile(r"^\d{1,3}[.)]\s")


def page_count(data: bytes) -> int:
    """Pages, from the document's page tree (pypdf reads its count without the pages)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        try:
            return int(reader.trailer["/Root"]["/Pages"]["/Count"])
        except (KeyError, TypeError, ValueError):
            return len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise ImportFileError(f"The PDF cannot be read ({exc.__class__.__name__}).") from exc


def _open(data: bytes) -> Any:
    import pdfplumber

    pages = page_count(data)
    limit = current_limits().max_pages
    if pages > limit:
        raise ImportFileError(
            f"The PDF has {pages} pages; the limit is {limit}. Upload the pages with the table."
        )
    if pages == 0:
        raise ImportFileError("The PDF has no pages.")
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise ImportFileError(f"The PDF cannot be read ({exc.__class__.__name__}).") from exc


def _cell(value: str | None) -> str:
    """A cell's lines joined; a line starting "2." after one starting "1." starts a new line, so
    recommendations numbered inside one cell are still told apart."""
    out = ""
    for line in (value or "").splitlines():
        text = html.escape(" ".join(line.split()), quote=False)
        if out and NUMBERED.match(text):
            out += "<br>" + text
        elif text:
            out = f"{out} {text}" if out else text
    return out


def _table_chunk(grid: list[list[str]], line: int, previous: Chunk | None) -> Chunk:
    """A page's table; one that starts with a row, not the header, continues ``previous``."""
    rows = [RawRow(cells, line + i + 1) for i, cells in enumerate(grid)]
    if (
        previous is not None
        and not header_score(grid[0])[0]
        and len(grid[0]) == len(previous.header)
    ):
        rows[0].after_break = True
        return Chunk([""] * len(grid[0]), rows, line, "pdf", continues=True)
    return Chunk(grid[0], rows[1:], line, "pdf")


def _settings(page: Any) -> dict[str, Any]:
    """A row broken by the page end has side borders but no bottom border: close the table
    where its side borders end (and begin, for the rest of the row on the next page)."""
    ends = [(e["top"], e["bottom"]) for e in page.edges if e["orientation"] == "v"]
    if not ends:
        return {}
    return {"explicit_horizontal_lines": [min(t for t, _ in ends), max(b for _, b in ends)]}


def _page_chunks(page: Any, number: int, previous: Chunk | None) -> list[Para | Chunk]:
    """The text lines and ruled tables of one page, top to bottom."""
    tables = page.find_tables(_settings(page))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    placed: list[tuple[float, Para | Chunk]] = []
    for k, text_line in enumerate(outside.extract_text_lines()):
        text = text_line["text"].strip()
        if text and not is_marking(text):
            placed.append((text_line["top"], Para(text, number * 1000 + k)))
    for k, table in sorted(enumerate(tables), key=lambda kt: kt[1].bbox[1]):
        grid = [[_cell(c) for c in row] for row in table.extract() if any(row)]
        if grid:
            chunk = _table_chunk(grid, number * 1000 + 100 + k * 100, previous)
            placed.append((table.bbox[1], chunk))
            previous = chunk
    return [block for _, block in sorted(placed, key=lambda p: p[0])]


def layout_text(page: Any) -> str:
    """The page as space-aligned text (what `pdftotext -layout` gives), built from the words'
    positions so that columns are two or more spaces apart and words in a cell one."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    out: list[str] = []
    bottom = None
    for words in lines:
        top = min(w["top"] for w in words)
        height = max(w["bottom"] - w["top"] for w in words)
        if bottom is not None and top - bottom > 0.8 * height:
            out.append("")  # a gap between rows, as in a paper's own layout
        bottom = max(w["bottom"] for w in words)
        text, last = "", None
        for word in sorted(words, key=lambda w: w["x0"]):
            if last is not None and word["x0"] - last["x1"] < WORD_GAP:
                text += " "
            elif last is not None:
                text = text.ljust(max(len(text) + 2, int(word["x0"] / POINTS_PER_CHAR)))
            else:
                text = " " * int(word["x0"] / POINTS_PER_CHAR)
            text += word["text"]
            last = word
        out.append(text)
    return "\n".join(out)


def read_pdf(data: bytes) -> list[Para | Chunk]:
    """Paragraphs and table chunks of a PDF (lines are numbered page * 1000 + row).

    One pass over the pages: each page is parsed once and closed (its caches, text map
    included, let go) before the next, so memory stays at about one page's objects. Until a
    ruled table is found, each page's layout text is kept too, for a paper with no borders."""
    deadline = Deadline(current_limits().max_seconds)
    with _open(data) as pdf:
        blocks: list[Para | Chunk] = []
        layout: list[str] = []
        previous: Chunk | None = None
        ruled = False
        for number, page in enumerate(pdf.pages, start=1):
            deadline.check()
            found = _page_chunks(page, number, previous)
            chunks = [b for b in found if isinstance(b, Chunk)]
            ruled = ruled or any(c.rows for c in chunks)
            previous = chunks[-1] if chunks else previous
            blocks.extend(found)
            if not ruled:
                layout.append(layout_text(page))
            page.close()
    return blocks if ruled else read_text("\n\f\n".join(layout))


def pdf_marking(data: bytes) -> str:
    """The protective marking printed on the paper's first page ("" if none)."""
    try:
        with _open(data) as pdf:
            text = pdf.pages[0].extract_text() or ""
    except ImportFileError:
        return ""
    return paper_marking(text.encode())
