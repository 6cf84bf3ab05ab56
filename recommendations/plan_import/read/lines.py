"""Tables whose cells each sit on their own line (what copying a table out of a web page or
some PDF viewers gives): a run of lines that each name a known column is the header, and the
lines after it fill the columns in turn; with a reference column first, a line that looks like
a reference starts each row, so a row short of a cell or two still lines up."""

from __future__ import annotations

import re

from .blocks import Chunk, RawRow
from .columns import field_for
from .headers import header_score

REFERENCE = re.compile(r"^[A-Z]{0,4}\s?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?\.?$")
MAX_HEADER_LINE = 40


def _header_run(lines: list[str], i: int) -> int:
    """How many lines from ``i`` each name a different known column (0 when fewer than 3)."""
    seen: set[str] = set()
    n = 0
    while i + n < len(lines):
        s = lines[i + n].strip()
        name = field_for(s) if s and len(s) <= MAX_HEADER_LINE else ""
        if not name or name in seen:
            break
        seen.add(name)
        n += 1
    return n if n >= 3 and header_score(lines[i : i + n])[0] else 0


def is_one_cell_header(lines: list[str], i: int) -> bool:
    return _header_run(lines, i) > 0


def _cells(lines: list[str], start: int) -> tuple[list[tuple[int, str]], int]:
    """Non-blank lines after the header up to two blank lines in a row (or the end)."""
    cells: list[tuple[int, str]] = []
    j, blanks = start, 0
    while j < len(lines) and blanks < 2:
        s = lines[j].strip()
        blanks = 0 if s else blanks + 1
        if s:
            cells.append((j + 1, s))
        j += 1
    return cells, j


def read_one_cell_a_line(lines: list[str], i: int) -> tuple[Chunk, int]:
    n = _header_run(lines, i)
    header = [lines[i + k].strip() for k in range(n)]
    cells, end = _cells(lines, i + n)
    keyed = field_for(header[0]) == "reference"
    groups: list[list[tuple[int, str]]] = []
    for item in cells:
        starts = keyed and REFERENCE.match(item[1]) and (not groups or len(groups[-1]) >= 2)
        if not groups or (starts if keyed else len(groups[-1]) == n):
            groups.append([])
        groups[-1].append(item)
    rows = []
    for group in groups:
        values = [t for _, t in group]
        if len(values) > n:  # a cell over two lines: the extra lines join the longest cell
            values = values[: n - 1] + [" ".join(values[n - 1 :])]
        rows.append(RawRow(values + [""] * (n - len(values)), group[0][0]))
    return Chunk(header, rows, i + 1, "lines"), end
