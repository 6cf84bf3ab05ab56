"""Where a table ends: a key, notes or a source line typed under it, or a blank gap followed by
rows that are not actions. What is left out is said in a warning, never silently dropped."""

from __future__ import annotations

import re
from typing import Protocol

from recommendations.richtext import plain

from .blocks import RawRow, RawTable
from .result import ImportProblem, ParseResult

KEY_LINE = re.compile(
    r"^\s*(key|notes?|source|sources|footnotes?|n\.?\s?b\.?|please note|rag key|glossary|\*)"
    r"(\b|\s|:|$)\s*[:\-–=]?",
    re.I,
)


class _Columns(Protocol):
    col: dict[str, int]

    def cell(self, cells: list[str], name: str) -> str: ...


def _is_key(row: RawRow, cols: _Columns) -> bool:
    filled = [(i, plain(c)) for i, c in enumerate(row.cells) if plain(c)]
    if not filled or not KEY_LINE.match(filled[0][1]):
        return False
    ref = cols.col.get("reference")
    return ref is None or ref == filled[0][0] or not plain(cols.cell(row.cells, "reference"))


def _is_action(row: RawRow, cols: _Columns) -> bool:
    others = [i for i, c in enumerate(row.cells) if plain(c) and i != cols.col.get("text")]
    return bool(plain(cols.cell(row.cells, "text"))) and bool(others)


def _gap_run_is_notes(rows: list[RawRow], start: int, cols: _Columns) -> bool:
    """The rows from a blank gap to the next gap hold no action (notes, a signature...)."""
    end = next((j for j in range(start + 1, len(rows)) if rows[j].gap_before), len(rows))
    return not any(_is_action(r, cols) for r in rows[start:end])


def trim_tail(table: RawTable, cols: _Columns, result: ParseResult) -> None:
    """Cut ``table.rows`` at a key/notes line or a gap of non-actions, with a warning."""
    for i, row in enumerate(table.rows):
        if _is_key(row, cols) or (row.gap_before and _gap_run_is_notes(table.rows, i, cols)):
            left = table.rows[i:]
            if not any(_is_action(r, cols) for r in left) or _is_key(row, cols):
                _report(left, result)
                table.rows = table.rows[:i]
                return


def _report(left: list[RawRow], result: ParseResult) -> None:
    words = " ".join(plain(c) for c in left[0].cells if plain(c))
    shown = words if len(words) <= 80 else words[:77] + "..."
    more = f" and {len(left) - 1} more row{'s' if len(left) > 2 else ''}" if len(left) > 1 else ""
    text = f'"{shown}"{more}'
    result.left_out.append(text)
    result.warnings.append(
        ImportProblem(
            left[0].line, None, f"the table ends here; left out below it: {text} (not imported)"
        )
    )
