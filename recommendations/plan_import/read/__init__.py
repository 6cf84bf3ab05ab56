"""Parse an uploaded action plan (CSV, XLSX, DOCX, tab-separated or Markdown text, HTML
tables) into plain-Python rows. Nothing here touches the database: the caller writes the
result through the service layer.

    result = parse_file(data, "plan.xlsx")
    if not result.ok: show result.errors (and result.candidates when several tables qualify)
    for row in result.rows: row.reference, row.fields["text"], row.leads, row.target_date ...
"""

from __future__ import annotations

import copy

from recommendations.dates import FuzzyDate, due_date, parse_fuzzy_date
from recommendations.richtext import clean_html, has_dangerous_markup, html_to_text, plain

from .blocks import Chunk, Para, RawRow, RawTable
from .columns import FIELDS, RICH_FIELDS, field_for, map_columns, table_kind
from .formats import MAX_BYTES, MAX_ROWS, paper_marking, read_blocks
from .headers import choose_header
from .leads import split_leads
from .pdf import pdf_marking
from .result import (
    ImportFileError,
    ImportProblem,
    ParsedPerson,
    ParsedPoint,
    ParsedRow,
    ParsedSection,
    ParseResult,
    TableCandidate,
)
from .structure import assemble, build_people, initials_clashes
from .table import build_rows

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "RICH_FIELDS",
    "FileReading",
    "FuzzyDate",
    "ImportFileError",
    "ImportProblem",
    "ParseResult",
    "ParsedPerson",
    "ParsedPoint",
    "ParsedRow",
    "ParsedSection",
    "TableCandidate",
    "clean_html",
    "due_date",
    "field_for",
    "has_dangerous_markup",
    "html_to_text",
    "map_columns",
    "parse_file",
    "parse_fuzzy_date",
    "plain",
    "split_leads",
]

PAPER_WORDS = 20_000  # characters of the words outside the tables kept for telling the kind
FIRST_ROWS = 8  # rows of each table offered as its header in the preview
MAX_FIRST_ROWS = 20  # ... and at most these, when many rows of a preamble are above it


class FileReading:
    """An upload read once (its format, blocks and marking), to be parsed more than once: the
    preview parses it again for a saved mapping, a chosen table, header row or mapping, and
    reading a 50-page PDF is nearly all of its parse (5.2 of 5.3 s). Each parse gets its own
    copy of the blocks, since assembling tables from them may change them (0.1 s for 5,000
    rows). A file that cannot be read raises the same error each time, without reading again.
    ``keep=False`` is for one parse: the blocks are handed over, not copied."""

    def __init__(self, data: bytes, filename: str, fmt: str | None = None, *, keep: bool = True):
        self.data, self.filename, self.fmt, self.keep = data, filename, fmt, keep
        self._read: tuple[str, list, str] | None = None
        self._error: Exception | None = None

    def read(self) -> tuple[str, list, str]:
        """(format, blocks, marking), the blocks this parse's own."""
        if self._error is not None:
            raise self._error
        if self._read is None:
            try:
                kind, blocks = read_blocks(self.data, self.filename, self.fmt)
                marking = pdf_marking(self.data) if kind == "pdf" else paper_marking(self.data)
            except Exception as exc:
                self._error = exc
                raise
            if not self.keep:
                return kind, blocks, marking
            self._read = (kind, blocks, marking)
        kind, blocks, marking = self._read
        return kind, copy.deepcopy(blocks), marking


def _describe(t: TableCandidate) -> str:
    title = f' "{t.title[:80]}"' if t.title else ""
    rows = f"{t.row_count} row{'' if t.row_count == 1 else 's'}"
    return f"table {t.index}{title} (line {t.source_row}; {rows}; " + (
        ", ".join(h for h in t.headers if h) + ")"
    )


def parse_file(
    data: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    table: int | None = None,
    mapping: dict[str, str] | None = None,
    header_row: int | None = None,
    reading: FileReading | None = None,
) -> ParseResult:
    """Parse an upload. Never raises for bad input: problems are in ``result.errors``.

    ``fmt`` forces a format ("csv", "tsv", "markdown", "text", "html", "xlsx", "docx", "pdf").
    ``table`` picks one of ``result.tables`` by index when several look like action tables.
    ``mapping`` {header as written: canonical field, or "" to ignore} overrides the
    synonyms in ``columns``. ``header_row`` is the line/row of the file holding the chosen
    table's header (``TableCandidate.first_rows`` lists the ones to choose from). ``reading``
    is this same file already read (``FileReading(data, filename, fmt)``), to parse it again
    without reading it again.
    """
    reading = reading or FileReading(data, filename, fmt, keep=False)
    try:
        return _parse(reading, table=table, mapping=mapping, header_row=header_row)
    except ImportFileError as exc:
        result = ParseResult(format="")
        result.errors.append(ImportProblem(None, None, str(exc)))
        return result
    except Exception as exc:  # last line of defence: an upload never causes a traceback
        result = ParseResult(format="")
        result.errors.append(
            ImportProblem(
                None, None, f"The file could not be parsed ({exc.__class__.__name__}: {exc})."
            )
        )
        return result


def _paper_words(filename: str, blocks: list) -> str:
    """The file's name and the words of the paper outside its tables, cut short."""
    words = [filename]
    for block in blocks:
        if isinstance(block, Para):
            words.append(block.text)
        elif isinstance(block, Chunk):
            words += [block.title, *(" ".join(r.cells) for r in block.above)]
        if sum(len(w) for w in words) > PAPER_WORDS:
            break
    return "\n".join(w for w in words if w)[:PAPER_WORDS]


def _candidate(i: int, t: RawTable, mapping: dict[str, str] | None) -> TableCandidate:
    headers = [plain(h) for h in t.header]
    fields = map_columns(headers, mapping)[0]
    pool = [*t.above, RawRow(list(t.header), t.line), *t.rows]
    # Enough rows to include the header and a few below it, however long the preamble.
    shown = min(max(FIRST_ROWS, len(t.above) + 4), MAX_FIRST_ROWS)
    return TableCandidate(
        index=i,
        title=t.title,
        headers=headers,
        columns={h: f or "" for h, f in zip(headers, fields, strict=True)},
        row_count=len(t.rows),
        kind=table_kind(headers, mapping),
        source_row=t.line,
        first_rows=[(r.line, [plain(c)[:120] for c in r.cells]) for r in pool[:shown]],
    )


def _people(tables: list[RawTable], result: ParseResult) -> None:
    for i, t in enumerate(tables):
        if result.tables[i].kind == "people":
            build_people(t, result)
    result.initials_clashes = initials_clashes(result.people)
    for initials, names in result.initials_clashes.items():
        result.warnings.append(
            ImportProblem(None, None, f"initials {initials} belong to {' and '.join(names)}")
        )


def _choose(result: ParseResult, table: int | None) -> int | None:
    """The table to import, or None with an error saying why none was chosen."""
    candidates = result.candidates
    if table is not None:
        if 0 <= table < len(result.tables):
            return table
        result.errors.append(
            ImportProblem(
                None, None, f"There is no table {table}; the file has {len(result.tables)}."
            )
        )
        return None
    if len(candidates) == 1:
        return candidates[0].index
    if not candidates:
        seen = "; ".join(_describe(t) for t in result.tables) or "none"
        message = (
            "No table of recommendations/actions was found (it needs a column headed "
            f'"{FIELDS["text"]}" and another known column). Tables seen: {seen}.'
        )
    else:
        listing = "; ".join(_describe(t) for t in candidates)
        message = (
            f"{len(candidates)} tables look like action tables; choose one (on the preview page, "
            f"or --table N on the command line): {listing}."
        )
    result.errors.append(ImportProblem(None, None, message))
    return None


def _parse(
    reading: FileReading,
    *,
    table: int | None,
    mapping: dict[str, str] | None,
    header_row: int | None,
) -> ParseResult:
    result = ParseResult(format="")
    result.format, blocks, result.marking = reading.read()
    result.paper_words = _paper_words(reading.filename, blocks)
    tables = assemble(blocks)
    for t in tables:
        choose_header(t)
    picked = header_row is not None and table is not None and 0 <= table < len(tables)
    if picked and not choose_header(tables[table or 0], header_row):
        result.errors.append(
            ImportProblem(header_row, None, "is not one of the rows of the chosen table")
        )
        return result
    result.tables = [_candidate(i, t, mapping) for i, t in enumerate(tables)]
    _people(tables, result)
    chosen = _choose(result, table)
    if chosen is None:
        return result
    result.chosen_table = chosen
    if result.format == "text":
        result.format = {"markdown": "markdown", "tsv": "tsv"}.get(tables[chosen].kind, "text")
    build_rows(tables[chosen], result, mapping)
    return result
