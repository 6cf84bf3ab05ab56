"""Plain text: tab-separated and Markdown pipe tables among paragraphs (what a clerk pastes)."""

from __future__ import annotations

import re

from .blocks import Chunk, Para, RawRow
from .detect import is_marking


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


def read_text(text: str) -> list[Para | Chunk]:
    """Tab-separated and Markdown pipe tables among paragraphs of text.

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
        if s.startswith("|"):
            tab = None
            start = i
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append((i + 1, lines[i]))
                i += 1
            header = _split_pipe_row(block[0][1])
            rows = []
            for lineno, raw in block[1:]:
                if _is_separator(raw):
                    continue
                rows.append(RawRow(_split_pipe_row(raw), lineno))
            continues = not any(h for h in header)
            if rows and continues:
                rows[0].after_break = True
            blocks.append(Chunk(header, rows, start + 1, "markdown", continues=continues))
            brk = False
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if tab is None:
                tab = Chunk(cells, [], i + 1, "tsv")
                blocks.append(tab)
                brk = False
            elif _same_header(cells, tab.header):
                brk = True
            else:
                tab.rows.append(RawRow(cells, i + 1, after_break=brk))
                brk = False
            i += 1
            continue
        tab = None
        blocks.append(Para(s, i + 1))
        i += 1
    return blocks
