"""Plain text: tab-separated and Markdown pipe tables among paragraphs (what a clerk pastes)."""

from __future__ import annotations

import re

from .aligned import is_aligned_header, read_aligned
from .blocks import Chunk, Para, RawRow
from .detect import is_marking
from .lines import is_one_cell_header, read_one_cell_a_line


def _split_pipe_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def _is_separator(line: str) -> bool:
    s = line.strip()
    return "-" in s and not re.sub(r"[|:\-\s]", "", s)


def _same_header(a: list[str], b: list[str]) -> bool:
    def norm(cells: list[str]) -> list[str]:
        out = [re.sub(r"\s+", " ", c).strip().lower() for c in cells]
        while out and not out[-1]:
            out.pop()
        return out

    return bool(norm(a)) and norm(a) == norm(b)


def _starts_pipe_table(lines: list[str], i: int) -> bool:
    """A Markdown table: a line starting with "|", or a header with inner pipes only over a
    "--- | ---" separator line."""
    s = lines[i].strip()
    if s.startswith("|"):
        return True
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return "|" in s and "|" in nxt and _is_separator(nxt)


def _pipe_table(lines: list[str], i: int) -> tuple[Chunk, int]:
    start = i
    outer = lines[i].strip().startswith("|")
    block = []
    while i < len(lines) and (
        lines[i].strip().startswith("|") if outer else "|" in lines[i] and lines[i].strip()
    ):
        block.append((i + 1, lines[i]))
        i += 1
    header = _split_pipe_row(block[0][1])
    rows = [RawRow(_split_pipe_row(raw), n) for n, raw in block[1:] if not _is_separator(raw)]
    continues = not any(h for h in header)
    if rows and continues:
        rows[0].after_break = True
    return Chunk(header, rows, start + 1, "markdown", continues=continues), i


def read_text(text: str) -> list[Para | Chunk]:
    """Tab-separated, Markdown pipe (with or without outer pipes), space-aligned and
    one-cell-a-line tables among paragraphs of text.

    Blank lines and marking lines inside a tab table are page breaks (they do not end it);
    a repeated header row is dropped; any other text line ends the table.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Para | Chunk] = []
    tab: Chunk | None = None
    brk = False
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s or is_marking(s):
            brk = True
            i += 1
            continue
        chunk: Chunk | None = None
        if _starts_pipe_table(lines, i):
            chunk, i = _pipe_table(lines, i)
        elif "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if tab is None:
                tab = Chunk(cells, [], i + 1, "tsv")
                blocks.append(tab)
            elif _same_header(cells, tab.header):
                brk = True
                i += 1
                continue
            else:
                tab.rows.append(RawRow(cells, i + 1, after_break=brk))
            brk = False
            i += 1
            continue
        elif is_one_cell_header(lines, i):
            chunk, i = read_one_cell_a_line(lines, i)
        elif is_aligned_header(line):
            chunk, i = read_aligned(lines, i)
        tab = None
        brk = False
        if chunk is not None:
            blocks.append(chunk)
            continue
        blocks.append(Para(s, i + 1))
        i += 1
    return blocks
