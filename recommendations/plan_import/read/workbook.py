"""Checks on a workbook's XML before openpyxl builds anything from it.

openpyxl makes an object for every cell a merged range covers, so one ``<mergeCell
ref="A1:XFD1048576"/>`` in a 1.6 KB file asks for billions of them. The sheets are streamed out
of the zip here (a few MB at most in memory) and their cells, merged areas and rows counted
against the limits first.
"""

from __future__ import annotations

import io
import re
import zipfile

from .limits import Limits
from .result import ImportFileError

_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*\br="(\d{1,7})"')
CHUNK = 1 << 20


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _merged_area(match: re.Match[bytes]) -> int:
    c1, r1, c2, r2 = match.groups()
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(column_number(c2) - column_number(c1)) + 1
    return rows * cols


def _count(text: bytes) -> tuple[int, int, int]:
    merges = list(_MERGE.finditer(text))
    rows = [int(r) for r in _ROW.findall(text)] + [int(m.group(4)) for m in merges]
    merged = sum(_merged_area(m) for m in merges)
    return len(_CELL.findall(text)), merged, max(rows, default=0)


def _scan_sheet(stream: io.BufferedIOBase, name: str, limits: Limits, cells: int) -> int:
    """Stream one sheet's XML, refusing it as soon as it passes a limit; returns the cells
    counted so far in the workbook (``cells`` before this sheet)."""
    merged = read = 0
    tail = b""
    while True:
        block = stream.read(CHUNK)
        read += len(block)
        text = tail + block
        cut = max(len(text) - 200, 0) if block else len(text)  # a tag cut in two: next time
        found, area, last_row = _count(text[:cut])
        tail = text[cut:]
        cells, merged = cells + found, merged + area
        if merged > limits.max_merged_cells:
            raise ImportFileError(
                f"{name} merges {merged:,} cells (the limit is {limits.max_merged_cells:,}); "
                "unmerge the cells outside the table and upload it again."
            )
        if last_row > limits.max_rows + 1000:
            raise ImportFileError(
                f"{name} goes down to row {last_row:,}; the limit is {limits.max_rows:,} rows."
            )
        if cells > limits.max_cells or read > limits.max_unzipped_bytes:
            raise ImportFileError(
                f"The workbook has more than {limits.max_cells:,} cells; split it up."
            )
        if not block:
            return cells


def check_workbook(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose sheets hold more cells, merged area or rows than the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError("The Excel file is a damaged zip file.") from exc
    cells = 0
    with zf:
        for info in zf.infolist():
            if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                sheet = info.filename.rsplit("/", 1)[-1][:-4]
                with zf.open(info) as stream:
                    cells = _scan_sheet(stream, sheet, limits, cells)  # type: ignore[arg-type]
