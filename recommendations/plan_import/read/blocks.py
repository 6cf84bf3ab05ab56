"""The intermediate stream every reader produces: paragraphs of text and table chunks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """A paragraph of text outside tables (``#`` prefix marks a heading)."""

    text: str
    line: int


@dataclass
class RawRow:
    cells: list[str]
    line: int  # 1-based line (text) or row (spreadsheet) in the uploaded file
    after_break: bool = False  # first row after a page break / table chunk boundary
    fills: list[str] | None = None  # RAG word read from each cell's colour ("" if none)
    section: int | None = None  # index into RawTable.sections


@dataclass
class Chunk:
    """A piece of a table as it appears in the file (one page of a long table, say)."""

    header: list[str]
    rows: list[RawRow]
    line: int
    kind: str  # "tsv" | "markdown" | "html" | "docx" | "csv" | "xlsx"
    continues: bool = False  # explicitly continues the previous table (empty header)
    mergeable: bool = True  # may join a previous table with the same header
    title: str = ""


@dataclass
class Heading:
    number: str
    title: str
    narrative: list[str]
    line: int


@dataclass
class RawTable:
    header: list[str]
    rows: list[RawRow]
    line: int
    kind: str
    title: str = ""
    sections: list[Heading] = field(default_factory=list)
