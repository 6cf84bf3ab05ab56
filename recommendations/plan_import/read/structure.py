"""From table chunks to rows: the artefacts of paper (page breaks, repeated headers, marking
lines, rows split across pages, spanning cells, numbered headings) are undone here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from recommendations.richtext import clean_html, dangerous_markup, html_to_text, plain

from .blocks import Chunk, Heading, Para, RawRow, RawTable
from .columns import normalise_header, person_field_for
from .result import (
    ImportProblem,
    ParsedPerson,
    ParsedPoint,
    ParseResult,
)

_NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]\s+(\S.{0,180})$")
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'”’]\s*$")
RAG_LETTERS = {"R": "RED", "A": "AMBER", "G": "GREEN", "B": "BLUE"}


def strip_md(s: str) -> str:
    return re.sub(r"\*\*|__", "", s).strip()


# --------------------------------------------------------------------------- assembling


@dataclass
class _Assembly:
    """The tables assembled so far and what the paragraphs since the last one said."""

    tables: list[RawTable] = field(default_factory=list)
    pending: Heading | None = None  # a numbered heading waiting for its table
    last_text: str = ""
    last: RawTable | None = None
    last_number: int | None = None  # number of the last numbered paragraph since a table

    def paragraph(self, block: Para) -> None:
        """A numbered heading for the next table, the narrative under one, or plain text."""
        text = block.text
        is_md_heading = text.startswith("#")
        body = strip_md(text.lstrip("#").strip())
        m = _NUMBERED_HEADING.match(body) if len(body) <= 150 else None
        number = re.match(r"^(\d{1,2})[.)]\s", body)
        if number and self.last_number is not None and int(number.group(1)) == self.last_number + 1:
            self.pending = None  # "2." after "1.": a numbered list, not a section heading
        elif m:
            self.pending = Heading(m.group(1), m.group(2).strip().rstrip("."), [], block.line)
        elif is_md_heading:
            self.pending = None
        elif self.pending is not None:
            self.pending.narrative.append(body)
        if number:
            self.last_number = int(number.group(1))
        self.last_text = body

    def continues(self, chunk: Chunk) -> bool:
        """Whether ``chunk`` is the next piece of the last table (a page break, say)."""
        last = self.last
        return (
            last is not None
            and chunk.mergeable
            and last.kind == chunk.kind
            and (
                (chunk.continues and len(chunk.header) == len(last.header))
                or _norm_header(chunk.header) == _norm_header(last.header)
                and any(h.strip() for h in chunk.header)
            )
        )

    def table(self, chunk: Chunk) -> None:
        if self.last is not None and self.continues(chunk):
            self._join(self.last, chunk)
        else:
            self._start(chunk)
        self.pending = None
        self.last_number = None

    def _join(self, last: RawTable, chunk: Chunk) -> None:
        section = len(last.sections) - 1 if last.sections else None
        if self.pending is not None:
            last.sections.append(self.pending)
            section = len(last.sections) - 1
            for row in chunk.rows[:1]:
                row.after_break = False
        elif chunk.rows and not chunk.continues:
            chunk.rows[0].after_break = True
        for row in chunk.rows:
            row.section = section
        last.rows.extend(chunk.rows)

    def _start(self, chunk: Chunk) -> None:
        self.last = RawTable(
            chunk.header,
            list(chunk.rows),
            chunk.line,
            chunk.kind,
            chunk.title or self.last_text,
            above=list(chunk.above),
        )
        if self.pending is not None:
            self.last.sections.append(self.pending)
            for row in self.last.rows:
                row.section = 0
        self.tables.append(self.last)


def assemble(blocks: list[Para | Chunk]) -> list[RawTable]:
    """Join table chunks that continue one another, attach numbered headings as sections."""
    assembly = _Assembly()
    for block in blocks:
        if isinstance(block, Para):
            assembly.paragraph(block)
        else:
            assembly.table(block)
    return assembly.tables


def _norm_header(cells: list[str]) -> list[str]:
    out = [normalise_header(c) for c in cells]
    while out and not out[-1]:
        out.pop()
    return out


# --------------------------------------------------------------------------- merging


def join_fragments(a: str, b: str) -> str:
    """Append the text of a cell continued on the next page to the first part.

    A paragraph broken mid-sentence is joined back into one paragraph."""
    a, b = a.strip(), b.strip()
    if not a:
        return b
    if not b:
        return a
    if a.lower().endswith("</p>"):
        last = plain(a[a.lower().rfind("<p>") :])
        b_is_para = b.lower().startswith("<p>")
        if _SENTENCE_END.search(last):
            return f"{a} {b}" if b_is_para else f"{a} <p>{b}</p>"
        if b_is_para:
            return f"{a[:-4]} {b[3:]}"
        return f"{a[:-4]} {b}</p>"
    if b.lower().startswith("<p>") and not a.lower().startswith("<p>"):
        return f"<p>{a}</p> {b}" if _SENTENCE_END.search(plain(a)) else f"<p>{a} {b[3:]}"
    return f"{a} {b}"


# --------------------------------------------------------------------------- numbering

_LEADING_NUMBER = re.compile(r"^(\s*(?:<(?:p|b|strong|em|i|u|span)>\s*)*)(\d{1,3})[.)]\s+", re.I)


def split_numbered(text_html: str) -> list[tuple[int | None, str]]:
    """Split a cell holding several numbered recommendations ("4. ... 5. ...") at paragraphs
    that start with the next number. Returns [(number or None, html without the number)]."""
    if "<p>" in text_html.lower():
        paras = [p for p in re.split(r"(?i)(?=<p>)", text_html) if p.strip()]
    else:
        paras = [p for p in text_html.split("<br>") if p.strip()] or [text_html]
        if len(paras) > 1:
            paras = [f"{p}<br>" if i < len(paras) - 1 else p for i, p in enumerate(paras)]
    groups: list[tuple[int | None, list[str]]] = []
    for para in paras:
        m = _LEADING_NUMBER.match(para)
        n = int(m.group(2)) if m else None
        if m and (not groups or (groups[-1][0] is not None and n == groups[-1][0] + 1)):
            groups.append((n, [para[: m.start(2)] + para[m.end() :]]))
        elif groups:
            groups[-1][1].append(para)
        else:
            groups.append((None, [para]))
    out = []
    for n, parts in groups:
        joined = " ".join(p.strip() for p in parts)
        joined = re.sub(r"(<br>\s*)+$", "", joined)
        out.append((n, clean_html(joined)))
    return out


_POINT = re.compile(r"(?<![\w.,/])(\d{1,2})[.)]\s+(?=\S)")


def extract_points(text_html: str) -> list[ParsedPoint]:
    """Numbered points 1., 2., 3. ... written inside one recommendation; a point inside
    <del>/<s> is withdrawn. Fewer than two points gives []."""
    spans = []
    for m in re.finditer(r"(?is)<(del|s)>(.*?)</\1>", text_html):
        spans.append((m.start(), m.end()))
    starts: list[tuple[int, int, int]] = []  # (number, start, body start)
    expected = 1
    for m in _POINT.finditer(text_html):
        if _inside_tag(text_html, m.start()):
            continue
        if int(m.group(1)) == expected:
            starts.append((expected, m.start(), m.end()))
            expected += 1
    if len(starts) < 2:
        return []
    points = []
    for i, (n, start, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text_html)
        segment = re.sub(r"(?i)</?(del|s)>", "", text_html[body:end])
        segment = re.sub(r"(?i)(<p>\s*)+$", "", segment.strip())
        withdrawn = any(a <= start < b for a, b in spans)
        text = clean_html(segment)
        points.append(ParsedPoint(n, f"<del>{text}</del>" if withdrawn else text, withdrawn))
    return points


def _inside_tag(s: str, pos: int) -> bool:
    return s.rfind("<", 0, pos) > s.rfind(">", 0, pos)


def fully_struck(text_html: str) -> bool:
    if not re.search(r"(?i)<(del|s)>", text_html):
        return False
    rest = re.sub(r"(?is)<(del|s)>.*?</\1>", "", text_html)
    return not plain(rest)


def narrative_html(paragraphs: list[str]) -> str:
    joined: list[str] = []
    for p in paragraphs:
        if joined and not _SENTENCE_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {p}"
        else:
            joined.append(p)
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in joined)


def build_people(table: RawTable, result: ParseResult) -> None:
    """Name / Initials / Organisation / Title lists (attendance lists)."""
    fields = [person_field_for(h) for h in table.header]
    idx = {f: i for i, f in enumerate(fields) if f}
    for row in table.rows:

        def get(f: str, row: RawRow = row) -> str:
            i = idx.get(f)
            return plain(row.cells[i]) if i is not None and i < len(row.cells) else ""

        name = get("name")
        if not name:
            continue
        for i, value in enumerate(row.cells):
            label = dangerous_markup(value)
            if label:
                header = table.header[i] if i < len(table.header) else f"Column {i + 1}"
                result.errors.append(ImportProblem(row.line, header, f"contains {label}"))
        result.people.append(
            ParsedPerson(name, get("initials"), get("organisation"), get("title"), row.line)
        )


def initials_clashes(people: list[ParsedPerson]) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for p in people:
        if p.initials:
            by.setdefault(p.initials.upper(), []).append(p.name)
    return {k: v for k, v in by.items() if len(v) > 1}


__all__ = [
    "assemble",
    "build_people",
    "extract_points",
    "fully_struck",
    "html_to_text",
    "initials_clashes",
    "join_fragments",
    "narrative_html",
    "split_numbered",
    "strip_md",
]
