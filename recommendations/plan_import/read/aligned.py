"""Space-aligned tables: what `pdftotext -layout`, a PDF reader's "copy" or a PDF's layout text
gives. Columns are found from the header line's words; a cell wraps over several lines; a row
starts where the first column (the reference) has something, or after a blank line; page
furniture and the header repeated on the next page are passed over."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Chunk, RawRow
from .columns import field_for
from .detect import is_marking
from .headers import header_score

RUN = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces; 2+ spaces split cells
SLACK = 3  # a cell may start this many characters left of its column's header


def runs(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in RUN.finditer(line.replace("\t", "    "))]


def is_aligned_header(line: str) -> bool:
    found = runs(line)
    return len(found) >= 3 and header_score([t for _, t in found])[0] == 1


@dataclass
class _Grid:
    starts: list[int]
    header: list[str]
    keyed: bool  # the first column is the reference: a row starts where it is filled
    rows: list[RawRow] = field(default_factory=list)

    def place(self, line: str) -> dict[int, str] | None:
        """The line's text by column, or None when it is not a line of this table."""
        out: dict[int, str] = {}
        for start, text in runs(line):
            col = max((j for j, s in enumerate(self.starts) if s <= start + SLACK), default=0)
            end = start + len(text)
            if col + 1 < len(self.starts) and end > self.starts[col + 1] + SLACK:
                return None  # runs across the next column: a paragraph, not a cell
            out[col] = f"{out[col]} {text}" if col in out else text
        return out

    def add(self, cells: dict[int, str], lineno: int, new_row: bool, after_break: bool) -> None:
        if new_row or not self.rows:
            row = RawRow([""] * len(self.starts), lineno, after_break=after_break)
            self.rows.append(row)
        row = self.rows[-1]
        for col, text in cells.items():
            row.cells[col] = f"{row.cells[col]} {text}".strip()


def _header(lines: list[str], i: int) -> tuple[_Grid, int]:
    found = runs(lines[i])
    grid = _Grid([s for s, _ in found], [t for _, t in found], False)
    grid.keyed = field_for(grid.header[0]) == "reference"
    nxt = i + 1
    if nxt < len(lines) and lines[nxt].strip():
        extra = grid.place(lines[nxt])
        if extra and 0 not in extra and all(len(t) <= 30 for t in extra.values()):
            joined = [f"{h} {extra.get(j, '')}".strip() for j, h in enumerate(grid.header)]
            if grid.keyed or header_score(joined) > header_score(grid.header):
                grid.header = joined
                nxt += 1
    return grid, nxt


def read_aligned(lines: list[str], i: int) -> tuple[Chunk, int]:
    """The table whose header is ``lines[i]``; returns it and the index of the line after."""
    grid, j = _header(lines, i)
    blank = brk = False
    while j < len(lines):
        line = lines[j].replace("\f", "")
        s = line.strip()
        brk = brk or "\f" in lines[j]
        if not s:
            blank = True
        elif is_marking(s):
            brk = True
        elif [t for _, t in runs(line)] == [t for _, t in runs(lines[i])]:
            brk = True  # the header repeated at the top of the next page
        else:
            cells = grid.place(line)
            if cells is None or (blank and not grid.rows):
                break
            new_row = bool(cells.get(0)) if grid.keyed else blank
            grid.add(cells, j + 1, new_row, after_break=brk and new_row)
            blank = brk = False
        j += 1
    return Chunk(grid.header, grid.rows, i + 1, "aligned"), j
