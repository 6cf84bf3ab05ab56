"""CSV files and Excel workbooks (.xlsx): rows of cells, fills read as RAG ratings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from .blocks import Chunk, Para, RawRow
from .colours import rag_from_colour
from .headers import best_header, header_score
from .limits import current_limits
from .result import ImportFileError
from .workbook import check_workbook

TITLE_ROWS = 10  # at most this many rows with no header above a table are its title lines


def _segments(rows: list[list[str]], gaps: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each table on a sheet: a blank gap followed by a row that reads as a
    header starts another table (unless only a few title lines are above it)."""
    starts = [0]
    headed = bool(rows) and bool(header_score(rows[0])[0])  # the current table has a header
    for i in range(1, len(rows)):
        if not (gaps[i] or (not headed and i <= TITLE_ROWS)):
            continue  # (reading every row as a header would be slow on a long sheet)
        is_header = bool(header_score(rows[i])[0])
        # Rows with no header above the first one that has (a title, a version line) are not a
        # table of their own but the lines above its header.
        if gaps[i] and is_header and i - starts[-1] > 1 and (headed or i > TITLE_ROWS):
            starts.append(i)
        headed = headed or is_header
    return [(s, e) for s, e in zip(starts, [*starts[1:], len(rows)], strict=True)]


def rows_to_blocks(
    rows: list[list[str]],
    lines: list[int],
    kind: str,
    fills: list[list[str]] | None = None,
    title: str = "",
    gaps: list[bool] | None = None,
) -> list[Para | Chunk]:
    """Paragraphs for the rows above each table's header, and a chunk per table."""
    gaps = gaps or [False] * len(rows)
    blocks: list[Para | Chunk] = [Para("# " + title, lines[0])] if title and rows else []
    for start, end in _segments(rows, gaps):
        h = start + best_header(rows[start:end])
        above = [RawRow(rows[i], lines[i]) for i in range(start, h) if any(rows[i])]
        blocks += [Para(" ".join(c for c in r.cells if c), r.line) for r in above]
        body = [
            RawRow(rows[i], lines[i], fills=fills[i] if fills else None, gap_before=gaps[i])
            for i in range(h + 1, end)
        ]
        blocks.append(
            Chunk(rows[h], body, lines[h], kind, mergeable=False, title=title, above=above)
        )
    return blocks


_GUARDED = re.compile(r"^'(?=[=+\-@\t\r])")


def _unguard(cell: str) -> str:
    """Undo the quote our exports (recommendations.exports.guard) put before a cell starting
    with = + - @ (which spreadsheet programs would otherwise run as a formula)."""
    return _GUARDED.sub("", cell)


def read_csv(text: str) -> list[Para | Chunk]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[list[str]] = []
    lines: list[int] = []
    limit = current_limits().max_rows
    try:
        for row in reader:
            if len(rows) > limit + 50:
                raise ImportFileError(f"The file has more than {limit} rows; split it up.")
            rows.append([_unguard(c.strip()) for c in row])
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from exc
    return rows_to_blocks(rows, lines, "csv", gaps=_gaps(lines))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _unguard(str(value).strip())


def _gaps(lines: list[int]) -> list[bool]:
    return [i > 0 and line > lines[i - 1] + 1 for i, line in enumerate(lines)]


def read_xlsx(data: bytes) -> list[Para | Chunk]:
    import openpyxl  # openpyxl reads XML through defusedxml when it is installed

    check_workbook(data, current_limits())
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(f"The Excel file cannot be read ({exc.__class__.__name__}).") from exc
    blocks: list[Para | Chunk] = []
    for ws in wb.worksheets:
        rows, lines, row_fills = _sheet_rows(ws)
        if rows:
            blocks.extend(
                rows_to_blocks(rows, lines, "xlsx", row_fills, title=ws.title, gaps=_gaps(lines))
            )
    return blocks


# Excel's built-in cell styles people use for a rating, by name and by their usual fill.
STYLE_RAG = {"good": "GREEN", "neutral": "AMBER", "bad": "RED"}


def cell_rag(cell: object) -> str:
    """The RAG word a cell's colour gives: a Good/Neutral/Bad style, else a solid fill."""
    style = str(getattr(cell, "style", "") or "").strip().lower()
    if style in STYLE_RAG:
        return STYLE_RAG[style]
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return ""
    rgb = getattr(fill.fgColor, "rgb", None)
    return rag_from_colour(rgb if isinstance(rgb, str) else None)


def _sheet_rows(ws: object) -> tuple[list[list[str]], list[int], list[list[str]]]:
    """Non-empty rows of a sheet as text, their row numbers and the RAG of each cell's colour;
    a value merged down several rows is repeated on each (a title merged across is not)."""
    width = ws.max_column  # type: ignore[attr-defined]
    values: dict[tuple[int, int], str] = {}
    fills: dict[tuple[int, int], str] = {}
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if hasattr(cell, "column"):
                values[(cell.row, cell.column)] = _cell_text(cell.value)
                fills[(cell.row, cell.column)] = cell_rag(cell)
    for rng in ws.merged_cells.ranges:  # type: ignore[attr-defined]
        top = values.get((rng.min_row, rng.min_col), "")
        fill = fills.get((rng.min_row, rng.min_col), "")
        for r in range(rng.min_row + 1, rng.max_row + 1):
            values[(r, rng.min_col)] = top
            fills[(r, rng.min_col)] = fill
    rows, lines, row_fills = [], [], []
    for r in range(1, ws.max_row + 1):  # type: ignore[attr-defined]
        cells = [values.get((r, c), "") for c in range(1, width + 1)]
        if any(cells):
            rows.append(cells)
            lines.append(r)
            row_fills.append([fills.get((r, c), "") for c in range(1, width + 1)])
    return rows, lines, row_fills
