"""Which row of a table is its header: the one naming the most known columns, so a merged title
or group-heading row above the real header (or a line of a report's preamble) is passed over."""

from __future__ import annotations

from recommendations.richtext import plain

from .blocks import RawRow, RawTable
from .columns import map_columns, person_field_for

HEADER_CELL_MAX = 60  # a header cell is short; a long cell is data, whatever its first word
LOOK_AHEAD = 6  # rows below the first one considered as the header


def header_score(cells: list[str]) -> tuple[int, int]:
    """(names a text column and another, distinct known fields) of a row read as a header."""
    short = [plain(c) if len(plain(c)) <= HEADER_CELL_MAX else "" for c in cells]
    fields, _ = map_columns(short)
    known = {f for f in fields if f}
    people = {person_field_for(c) for c in short if c}
    if {"name", "initials"} <= people:
        return (1, len(people))
    return (int("text" in known and len(known) >= 2), len(known))


def best_header(rows: list[list[str]], limit: int = 30) -> int:
    """Index of the header among the first ``limit`` rows (the first non-empty when none names
    two known columns)."""
    best, best_score = -1, (0, 1)
    for i, row in enumerate(rows[:limit]):
        score = header_score(row)
        if score > best_score:
            best, best_score = i, score
    if best >= 0:
        return best
    return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)


def choose_header(table: RawTable, line: int | None = None) -> bool:
    """Make the best row (or the row on ``line`` of the file) the header of ``table``; rows
    above it become ``table.above``. Returns False when ``line`` is not one of its rows."""
    pool = [*table.above, RawRow(list(table.header), table.line), *table.rows]
    if line is not None:
        index = next((i for i, r in enumerate(pool) if r.line == line), None)
        if index is None:
            return False
    else:
        window = len(table.above) + 1 + LOOK_AHEAD
        index = best_header([r.cells for r in pool[:window]], limit=window)
        if header_score(pool[index].cells) <= header_score(table.header):
            return True
    table.above = pool[:index]
    table.header = list(pool[index].cells)
    table.line = pool[index].line
    table.rows = pool[index + 1 :]
    if table.rows:
        table.rows[0].after_break = False
    titles = [" ".join(plain(c) for c in r.cells if plain(c)) for r in table.above]
    if any(titles):
        table.title = "; ".join(t for t in titles if t)[:200]
    return True
