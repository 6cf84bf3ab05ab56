"""Plain-Python results of parsing an uploaded action plan (no database, no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field

from recommendations.dates import FuzzyDate


class ImportFileError(Exception):
    """A problem with the whole file; ``parse_file`` turns it into an error, never a traceback."""


@dataclass
class ImportProblem:
    """An error or warning. ``row`` is the 1-based line/row in the uploaded file (None: the
    whole file); ``column`` is the header as written in the file (None: not about one cell)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class TableCandidate:
    """One table found in the file. ``qualifies`` when it looks like an action table."""

    index: int
    title: str  # the text just before the table (caption, heading), may be ""
    headers: list[str]
    columns: dict[str, str]  # header as written -> canonical field ("" = unknown column)
    row_count: int
    kind: str  # "actions" | "people" | "other"
    source_row: int  # 1-based line/row where the table starts (its header)
    # The first rows of the table as found (line, plain cells), header included, to choose
    # the header row from.
    first_rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def qualifies(self) -> bool:
        return self.kind == "actions"


@dataclass
class ParsedSection:
    """A workshop, priority area or numbered section heading that groups rows."""

    kind: str  # "workshop" | "priority" | "section"
    number: str  # "1", "2"... or ""
    title: str
    narrative: str  # sanitised HTML paragraphs (numbered headings with text under them)
    order: int  # 0-based, in file order


@dataclass
class ParsedPoint:
    """A numbered point inside a recommendation's text; struck-through points are withdrawn."""

    number: int | None
    text: str  # sanitised HTML (withdrawn points keep their <del>)
    withdrawn: bool


@dataclass
class ParsedRow:
    """One recommendation/action.

    ``fields`` maps canonical field names (see ``columns.FIELDS``) to values. Rich fields
    (``RICH_FIELDS``: text, deficiency, work_to_date, outcome, notes, commentary,
    unassigned_note, next_milestone) hold sanitised HTML; the others are plain text.
    ``extra`` maps unknown column headers (as written) to sanitised HTML, for the notes.
    """

    source_row: int
    reference: str
    section_title: str
    deficiency: str
    fields: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)
    section: int | None = None  # index into ParseResult.sections
    points: list[ParsedPoint] = field(default_factory=list)
    withdrawn: bool = False  # the whole text is struck through
    leads: list[str] = field(default_factory=list)  # split_leads(fields["leads"])
    target_date: FuzzyDate | None = None
    revised_target_date: FuzzyDate | None = None

    @property
    def text(self) -> str:
        return self.fields.get("text", "")

    @property
    def status(self) -> str:
        return self.fields.get("status", "")

    @property
    def rag(self) -> str:
        return self.fields.get("rag", "")


@dataclass
class ParsedPerson:
    name: str
    initials: str
    organisation: str
    title: str
    source_row: int = 0


@dataclass
class ParseResult:
    # "tsv" | "markdown" | "text" (space-aligned, one cell a line) | "html" | "csv" | "xlsx" |
    # "docx" | "pdf" | "" (unreadable)
    format: str
    tables: list[TableCandidate] = field(default_factory=list)
    chosen_table: int | None = None
    sections: list[ParsedSection] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    people: list[ParsedPerson] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    initials_clashes: dict[str, list[str]] = field(default_factory=dict)  # "JW" -> 2 names
    marking: str = ""  # the paper's own protective marking, the highest printed ("" if none)
    # What the reader assumed where a heading or cell could be read more than one way, in
    # plain words for the preview (each said once).
    assumptions: list[str] = field(default_factory=list)
    # What was left out below or around the table (a key, notes), said in the preview.
    left_out: list[str] = field(default_factory=list)
    # The file's name and the words outside its tables (titles, headings, a report's preamble),
    # cut short: what the paper says it is, for telling the kind of a new plan.
    paper_words: str = ""

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def candidates(self) -> list[TableCandidate]:
        return [t for t in self.tables if t.qualifies]
