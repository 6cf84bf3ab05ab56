"""Parse an uploaded action plan (CSV, XLSX, DOCX, tab-separated or Markdown text, HTML
tables) into plain-Python rows. Nothing here touches the database: the caller writes the
result through the service layer.

    result = parse_file(data, "plan.xlsx")
    if not result.ok: show result.errors (and result.candidates when several tables qualify)
    for row in result.rows: row.reference, row.fields["text"], row.leads, row.target_date ...
"""

from __future__ import annotations

from recommendations.dates import FuzzyDate, due_date, parse_fuzzy_date
from recommendations.richtext import clean_html, has_dangerous_markup, html_to_text, plain

from .columns import FIELDS, RICH_FIELDS, field_for, map_columns, table_kind
from .formats import MAX_BYTES, MAX_ROWS, paper_marking, read_blocks
from .leads import split_leads
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
from .structure import assemble, build_people, build_rows, initials_clashes

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "RICH_FIELDS",
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


def _describe(t: TableCandidate) -> str:
    title = f' "{t.title[:80]}"' if t.title else ""
    return f"table={t.index}{title} (line {t.source_row}; {t.row_count} rows; " + (
        ", ".join(h for h in t.headers if h) + ")"
    )


def parse_file(
    data: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    table: int | None = None,
    mapping: dict[str, str] | None = None,
) -> ParseResult:
    """Parse an upload. Never raises for bad input: problems are in ``result.errors``.

    ``fmt`` forces a format ("csv", "tsv", "markdown", "text", "html", "xlsx", "docx").
    ``table`` picks one of ``result.tables`` by index when several look like action tables.
    ``mapping`` {header as written: canonical field, or "" to ignore} overrides the
    synonyms in ``columns``.
    """
    try:
        return _parse(data, filename, fmt=fmt, table=table, mapping=mapping)
    except Exception as exc:  # last line of defence: an upload never causes a traceback
        result = ParseResult(format="")
        result.errors.append(
            ImportProblem(
                None, None, f"The file could not be parsed ({exc.__class__.__name__}: {exc})."
            )
        )
        return result


def _parse(
    data: bytes,
    filename: str,
    *,
    fmt: str | None,
    table: int | None,
    mapping: dict[str, str] | None,
) -> ParseResult:
    result = ParseResult(format="")
    try:
        kind, blocks = read_blocks(data, filename, fmt)
    except ImportFileError as exc:
        result.errors.append(ImportProblem(None, None, str(exc)))
        return result
    result.format = kind
    result.marking = paper_marking(data)
    tables = assemble(blocks)
    for i, t in enumerate(tables):
        result.tables.append(
            TableCandidate(
                index=i,
                title=t.title,
                headers=[plain(h) for h in t.header],
                columns={
                    plain(h): f or ""
                    for h, f in zip(
                        t.header, map_columns([plain(h) for h in t.header], mapping)[0], strict=True
                    )
                },
                row_count=len(t.rows),
                kind=table_kind([plain(h) for h in t.header], mapping),
                source_row=t.line,
            )
        )
    for i, t in enumerate(tables):
        if result.tables[i].kind == "people":
            build_people(t, result)
    result.initials_clashes = initials_clashes(result.people)
    for initials, names in result.initials_clashes.items():
        result.warnings.append(
            ImportProblem(None, None, f"initials {initials} belong to {' and '.join(names)}")
        )

    candidates = result.candidates
    if table is not None:
        if not 0 <= table < len(tables):
            result.errors.append(
                ImportProblem(None, None, f"There is no table {table}; the file has {len(tables)}.")
            )
            return result
        chosen = table
    elif len(candidates) == 1:
        chosen = candidates[0].index
    elif not candidates:
        seen = "; ".join(_describe(t) for t in result.tables) or "none"
        result.errors.append(
            ImportProblem(
                None,
                None,
                "No table of recommendations/actions was found (it needs a column headed "
                f'"{FIELDS["text"]}" and another known column). Tables seen: {seen}.',
            )
        )
        return result
    else:
        listing = "; ".join(_describe(t) for t in candidates)
        result.errors.append(
            ImportProblem(
                None,
                None,
                f"{len(candidates)} tables look like action tables; choose one with "
                f"table=N: {listing}.",
            )
        )
        return result
    result.chosen_table = chosen
    if result.format == "text":
        result.format = "markdown" if tables[chosen].kind == "markdown" else "tsv"
    build_rows(tables[chosen], result, mapping)
    return result
