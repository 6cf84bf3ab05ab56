"""The dashboard as a workbook: read one in the paper's columns, and write one back.

Reading: the first sheet; a title in the first row (optional), then the header row (the one
naming "Supporting Indicators"), one row per indicator (an outcome's cell merged down over its
indicators, or left empty), and footnotes starting with "*" below. Writing produces the same
shape, so an exported workbook imports again.
"""

from __future__ import annotations

import io
from typing import Any

from performance.table import ParsedDashboard, TableError, read_table

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
HEADER = [
    "Outcomes",
    "Overall Progress RAG",
    "Supporting Indicators",
    "Previous value",
    "Latest value",
    "Current Direction of Travel",
    "Progress",
    "Nearest Neighbour Comparison",
    "County Comparison",
    "District Comparison",
    "National figure",
]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook(data: bytes) -> ParsedDashboard:
    """The dashboard in the workbook's first sheet (TableError naming the row when it fails)."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise TableError("The workbook is larger than 5 MB.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableError(f"This file is not an Excel workbook (.xlsx): {error}") from error
    sheet = book.worksheets[0]
    rows = []
    for n, row in enumerate(sheet.iter_rows(values_only=True)):
        if n > MAX_ROWS:
            raise TableError(f"The sheet has more than {MAX_ROWS} rows.")
        rows.append([_text(v) for v in row])
    book.close()
    at = next((n for n, r in enumerate(rows) if any("indicator" in c.lower() for c in r)), None)
    if at is None:
        raise TableError('No header row naming "Supporting Indicators" in the first sheet.')
    title = next((c for r in rows[:at] for c in r if c.strip()), "")
    body, below = [], []
    for n, row in enumerate(rows[at + 1 :]):
        if row and row[0].strip().lstrip("\\").startswith("*"):
            below = [r[0] for r in rows[at + 1 + n :] if r and r[0].strip()]
            break
        body.append(row)
    while body and not any(c.strip() for c in body[-1]):
        body.pop()
    return read_table(title, rows[at], body, below)


def _merge_outcomes(sheet: Any, rows: list[list[str]]) -> None:
    """An outcome's two cells merged down over its indicators, as the paper draws them."""
    starts = [n for n, row in enumerate(rows) if row[0]] + [len(rows)]
    for start, end in zip(starts, starts[1:], strict=False):
        if end - start > 1:
            for column in "AB":
                sheet.merge_cells(f"{column}{start + 3}:{column}{end + 2}")


def write_workbook(title: str, rows: list[list[str]], footnotes: list[str]) -> bytes:
    """A workbook in the import's shape: title, header, one row per indicator, footnotes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Dashboard"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    _merge_outcomes(sheet, rows)
    sheet.append([])
    for note in footnotes:
        sheet.append([note])
    for column, width in zip(
        "ABCDEFGHIJK", (40, 10, 50, 18, 18, 12, 10, 12, 12, 12, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, max_row=2 + len(rows)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
