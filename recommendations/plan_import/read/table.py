"""The table stage: from the chosen table to rows.

Headers are mapped to fields, rows continued across page breaks are joined, spanning section
cells are carried down, sections and references are worked out and each cell is read for what
it means (``cells``). Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from recommendations.dates import parse_fuzzy_date
from recommendations.richtext import clean_html, dangerous_markup, plain

from .blocks import RawRow, RawTable
from .cells import refine_row
from .columns import ASSUMED, FIELDS, RICH_FIELDS, map_columns, normalise_header
from .ends import trim_tail
from .leads import split_leads
from .limits import current_limits
from .result import ImportProblem, ParsedRow, ParsedSection, ParseResult
from .structure import (
    extract_points,
    fully_struck,
    join_fragments,
    narrative_html,
    split_numbered,
    strip_md,
)

RAG_LETTERS = {"R": "RED", "A": "AMBER", "G": "GREEN", "B": "BLUE"}


@dataclass
class Columns:
    """The chosen table's headers as written and the field each one maps to."""

    headers: list[str]
    fields: list[str | None]
    width: int
    col: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.col = {f: i for i, f in enumerate(self.fields) if f}

    def cell(self, cells: list[str], name: str) -> str:
        i = self.col.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def header_of(self, name: str) -> str | None:
        i = self.col.get(name)
        return self.headers[i] if i is not None else None

    def headers_by_field(self) -> dict[str, str]:
        return {f: self.headers[i] for f, i in self.col.items()}

    def status_columns(self) -> list[int]:
        return [self.col[f] for f in ("status", "rag") if f in self.col]


@dataclass
class Logical:
    """One row of the table once page-break fragments are joined."""

    cells: list[str]
    fills: list[str]
    line: int
    section: int | None
    section_value: str = ""


def map_table(
    table: RawTable, result: ParseResult, mapping: dict[str, str] | None
) -> Columns | None:
    """Map the headers (warnings for duplicate and unknown columns); None without a text column."""
    n = max(len(table.header), max((len(r.cells) for r in table.rows), default=0))
    headers = [plain(h) or f"Column {i + 1}" for i, h in enumerate(table.header)]
    headers += [f"Column {i + 1}" for i in range(len(headers), n)]
    fields, duplicates = map_columns(headers, mapping)
    for h in duplicates:
        result.warnings.append(
            ImportProblem(None, h, "a second column for the same field; kept as an extra column")
        )
    unknown = [headers[i] for i, f in enumerate(fields) if f is None]
    unknown = [h for i, h in enumerate(unknown) if h.strip() and h not in unknown[:i]]
    result.unknown_columns = unknown
    if unknown:
        result.warnings.append(
            ImportProblem(
                None,
                None,
                "Columns not recognised, kept in the notes under their heading: "
                + ", ".join(f'"{h}"' for h in unknown),
            )
        )
    cols = Columns(headers, fields, n)
    overridden = {normalise_header(h) for h in mapping or {}}
    for h in headers:
        meaning = ASSUMED.get(normalise_header(h))
        if meaning and normalise_header(h) not in overridden:
            result.assume(f'"{h}" read as {meaning}.')
    if "text" not in cols.col:
        result.errors.append(
            ImportProblem(
                None,
                None,
                f'No recommendation text column: expected a column headed "{FIELDS["text"]}". '
                f"Headers found: {', '.join(headers) or 'none'}. Choose the header row and "
                "say which column holds the action.",
            )
        )
        return None
    return cols


def report_markup(table: RawTable, cols: Columns, result: ParseResult) -> None:
    """Dangerous markup, cell by cell, on what was uploaded."""
    for row in table.rows:
        for i, value in enumerate(row.cells):
            label = dangerous_markup(value)
            if label:
                header = cols.headers[i] if i < len(cols.headers) else f"Column {i + 1}"
                result.errors.append(
                    ImportProblem(
                        row.line, header, f"contains {label}; remove it and upload the file again"
                    )
                )


def _numbered(text: str) -> bool:
    return bool(re.match(r"^\s*\d{1,3}[.)]\s", plain(text)))


def _continues(row: RawRow, cells: list[str], prev: Logical | None, cols: Columns) -> bool:
    """Whether ``row`` is the rest of ``prev`` (a row broken over a page, or a wrapped line)."""
    if prev is None or plain(cols.cell(cells, "reference")):
        return False
    if row.after_break and "reference" in cols.col and plain(cols.cell(prev.cells, "reference")):
        return True  # a numbered table: an unnumbered first row on a new page continues
    if plain(cols.cell(cells, "section")):
        return False
    if not plain(cols.cell(cells, "text")):
        return True
    if not row.after_break:
        return False
    if _numbered(cols.cell(prev.cells, "text")) and not _numbered(cols.cell(cells, "text")):
        return True  # actions numbered in their text: an unnumbered one after a page break
    status = cols.status_columns()
    return (
        bool(status)
        and not any(plain(cells[i]) for i in status)
        and any(plain(prev.cells[i]) for i in status)
    )


def logical_rows(table: RawTable, cols: Columns, result: ParseResult) -> list[Logical]:
    """Join rows continued across page breaks; carry spanning section cells down."""
    n = cols.width
    logical: list[Logical] = []
    carried: dict[int | None, str] = {}
    for row in table.rows:
        cells = (list(row.cells) + [""] * n)[:n]
        fills = ((row.fills or []) + [""] * n)[:n]
        if not any(plain(c) for c in cells):
            continue
        sec_value = plain(cols.cell(cells, "section"))
        prev = logical[-1] if logical and logical[-1].section == row.section else None
        others = [plain(c) for i, c in enumerate(cells) if i != cols.col.get("section")]
        if sec_value and not any(others):
            carried[row.section] = sec_value  # a row holding only the section name
            continue
        if _continues(row, cells, prev, cols) and prev is not None:
            for i, value in enumerate(cells):
                if plain(value):
                    prev.cells[i] = join_fragments(prev.cells[i], value)
                prev.fills[i] = prev.fills[i] or fills[i]
            result.warnings.append(
                ImportProblem(
                    row.line, None, f"continues the row on line {prev.line} (page break); merged"
                )
            )
            continue
        if sec_value:
            carried[row.section] = sec_value
        logical.append(Logical(cells, fills, row.line, row.section, carried.get(row.section, "")))
    return logical


class SectionIndex:
    """The sections rows belong to: from a section column, or numbered headings above tables."""

    def __init__(self, table: RawTable, cols: Columns, result: ParseResult) -> None:
        self.table, self.cols, self.result = table, cols, result
        self.index: dict[tuple[str, str], int] = {}
        header = (
            normalise_header(cols.headers[cols.col["section"]]) if "section" in cols.col else ""
        )
        self.kind = (
            "workshop" if "workshop" in header else "priority" if "priorit" in header else "section"
        )

    def _add(self, key: tuple[str, str], section: ParsedSection) -> int:
        if key not in self.index:
            self.index[key] = len(self.result.sections)
            self.result.sections.append(section)
        return self.index[key]

    def of(self, lrow: Logical) -> int | None:
        order = len(self.result.sections)
        if "section" in self.cols.col:
            if not lrow.section_value:
                return None
            m = re.match(r"^(\d{1,2})[.)]?\s+(.*)$", lrow.section_value)
            number, title = (m.group(1), m.group(2)) if m else ("", lrow.section_value)
            return self._add(
                (number, title), ParsedSection(self.kind, number, title.strip(), "", order)
            )
        if lrow.section is None:
            return None
        h = self.table.sections[lrow.section]
        section = ParsedSection(
            "priority", h.number, strip_md(h.title), narrative_html(h.narrative), order
        )
        return self._add(("#", str(lrow.section)), section)


def row_values(lrow: Logical, cols: Columns) -> tuple[dict[str, str], dict[str, str]]:
    """(field values, unknown columns by header) of one row; RAG from letters or cell colour."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, f in enumerate(cols.fields):
        raw = lrow.cells[i]
        if f is None:
            if plain(raw):
                extra[cols.headers[i]] = clean_html(raw)
        elif f in RICH_FIELDS:
            values[f] = clean_html(raw)
        elif f:
            values[f] = plain(raw)
    if "section" in cols.col:
        values["section"] = lrow.section_value
    rag = values.get("rag", "")
    if rag.upper() in RAG_LETTERS:
        values["rag"] = RAG_LETTERS[rag.upper()]
    if not values.get("rag"):
        fill = next((lrow.fills[i] for i in cols.status_columns() if lrow.fills[i]), "")
        if fill:
            values["rag"] = fill
    if "leads" in values:
        values["leads"] = values["leads"].strip(" -–")
    return values, extra


class References:
    """Reference numbers: from the column, else from numbering in the text or the section."""

    def __init__(self, cols: Columns, result: ParseResult) -> None:
        self.cols, self.result = cols, result
        self.counters: dict[int | None, int] = {}
        self.seen: dict[str, int] = {}
        self.missing: list[int] = []

    def split(self, values: dict[str, str], sec: int | None, line: int) -> list[tuple[str, str]]:
        """[(reference, text)]: one row may hold several numbered recommendations."""
        if "reference" in self.cols.col:
            return [(values.get("reference", "").rstrip("."), values.get("text", ""))]
        section = self.result.sections[sec] if sec is not None else None
        prefix = (section.number or str(section.order + 1)) + "." if section is not None else ""
        out = []
        for number, text in split_numbered(values.get("text", "")):
            if number is not None:
                self.counters[sec] = number
                out.append((f"{prefix}{number}", text))
            elif section is not None:
                self.counters[sec] = self.counters.get(sec, 0) + 1
                out.append((f"{prefix}{self.counters[sec]}", text))
            else:
                out.append(("", text))
        if len(out) > 1:
            refs = ", ".join(r for r, _ in out)
            self.result.warnings.append(
                ImportProblem(
                    line,
                    None,
                    f"one row holds recommendations {refs}; imported as {len(out)} records "
                    "sharing the other columns",
                )
            )
        return out

    def check(self, ref: str, line: int) -> None:
        if not ref:
            self.missing.append(line)
        elif ref in self.seen:
            self.result.errors.append(
                ImportProblem(
                    line,
                    self.cols.header_of("reference"),
                    f"reference {ref} is used twice (also on line {self.seen[ref]})",
                )
            )
        else:
            self.seen[ref] = line

    def finish(self) -> None:
        if not self.missing:
            return
        if len(self.missing) == len(self.result.rows):
            self.result.errors.append(
                ImportProblem(
                    None,
                    None,
                    f'No reference column: expected a column headed "{FIELDS["reference"]}", '
                    "or recommendations numbered 1., 2., ... or grouped under numbered sections.",
                )
            )
            return
        for line in self.missing:
            self.result.errors.append(ImportProblem(line, None, "no reference number"))


def parsed_row(
    lrow: Logical,
    values: dict[str, str],
    extra: dict[str, str],
    sec: int | None,
    result: ParseResult,
) -> ParsedRow:
    section = result.sections[sec] if sec is not None else None
    text = values.get("text", "")
    row = ParsedRow(
        source_row=lrow.line,
        reference=values.get("reference", ""),
        section_title=section.title if section else "",
        deficiency=values.get("deficiency", ""),
        fields=values,
        extra=extra,
        section=sec,
        points=extract_points(text),
        withdrawn=fully_struck(text),
        leads=split_leads(values.get("leads", "")),
    )
    if "target_date" in values:
        row.target_date = parse_fuzzy_date(values["target_date"])
    if "revised_target_date" in values:
        row.revised_target_date = parse_fuzzy_date(values["revised_target_date"])
    return row


def build_rows(table: RawTable, result: ParseResult, mapping: dict[str, str] | None = None) -> None:
    """Turn the chosen table into ``result.rows`` and ``result.sections``."""
    cols = map_table(table, result, mapping)
    if cols is None:
        return
    trim_tail(table, cols, result)
    report_markup(table, cols, result)
    logical = logical_rows(table, cols, result)
    limit = current_limits().max_rows
    if len(logical) > limit:
        result.errors.append(
            ImportProblem(None, None, f"{len(logical)} rows; the limit is {limit} per import.")
        )
        return
    sections = SectionIndex(table, cols, result)
    refs = References(cols, result)
    for lrow in logical:
        sec = sections.of(lrow)
        values, extra = row_values(lrow, cols)
        refine_row(values, extra, lrow.line, cols.headers_by_field(), result)
        for ref, text in refs.split(values, sec, lrow.line):
            fvalues = {**values, "text": text}
            if ref:
                fvalues["reference"] = ref
            refs.check(ref, lrow.line)
            if not plain(text):
                result.errors.append(
                    ImportProblem(lrow.line, cols.header_of("text"), "no recommendation text")
                )
            result.rows.append(parsed_row(lrow, fvalues, dict(extra), sec, result))
    refs.finish()
