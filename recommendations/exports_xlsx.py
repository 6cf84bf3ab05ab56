"""The Excel export: a spreadsheet people can work with, that still reads back unchanged.

The importer's columns (``exports.COLUMNS``, Version and Linked leads among them) come first, as
the CSV has them, then two the importer reads back but never writes from (they are worked out):
"Due by" (a real date) and "Overdue". Dates are date
cells in a UK format wherever the author's words are exactly that date (others keep the words);
the header is frozen and filtered; text wraps in columns of sensible widths; each action's
number links to its page; RAG ratings are the words the screen shows, on the screen's colours.

openpyxl's write-only mode streams rows to a temporary file (flat memory). Every cell's style is
copied from one prepared cell per kind instead of being set attribute by attribute: that is most
of what keeps the export close to openpyxl's own speed (benchmarks/bench_exports.py).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from recommendations import exports
from recommendations.models import Rag, is_overdue

UK_DATE = "dd/mm/yyyy"
UK_DATETIME = "dd/mm/yyyy hh:mm"
EXTRA_HEADERS = ["Due by", "Overdue"]
HEADERS = [*exports.HEADERS, *EXTRA_HEADERS]
# Characters wide, by header; anything else 14.
WIDTHS = {
    "Plan": 28, "Plan kind": 16, "Section": 24, "No.": 8, "Deficiency": 36,
    "Recommendation": 60, "Lead agency": 24, "Lead people": 24,
    "Handed over to (as written)": 22, "Target date": 14, "Revised target date": 14,
    "Reason for revised date": 30, "Outcome": 36, "Status": 14, "RAG rating": 11,
    "Anything still unassigned": 24, "Work to date": 50, "Notes": 40, "Next milestone": 30,
    "Performance commentary": 40, "Last updated": 17, "Due by": 12, "Overdue": 10,
    "Version": 9,
}  # fmt: skip
# The screen's RAG colours (static/css/app.css .app-rag--*), with its text colours.
RAG_COLOURS = {
    Rag.RED: ("B0281A", "FFFFFF"),
    Rag.AMBER: ("FFBF47", "0B0C0C"),
    Rag.GREEN: ("00703C", "FFFFFF"),
    Rag.BLUE: ("1D70B8", "FFFFFF"),
}
# How each column's cell is made: text unless named here (the importer's columns, in order).
DATE_COLUMNS = {"Target date": "target_date", "Revised target date": "revised_target_date"}
_KINDS = {"No.": "link", "Last updated": "moment", "RAG rating": "rag", "Version": "number"}
_PLAN = [
    (
        _KINDS.get(header, "date" if header in DATE_COLUMNS else "text"),
        rule,
        DATE_COLUMNS.get(header),
    )
    for header, rule in exports.COLUMNS
]


def _clean(text: str) -> str:
    """The text without the control characters a workbook cannot hold, then guarded (after, so
    that a removed character cannot uncover a formula). ``isprintable`` answers for most cells
    without the regular expression."""
    if not text.isprintable():
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return exports.guard(text)


def _as_date(text: str, value: date | None) -> date | str:
    """A date cell when the author's words are exactly that date, else the words."""
    if value is not None and (not text or text == value.strftime(exports.DATE_FORMAT)):
        return value
    return _clean(text)


class _Styles:
    """One prepared cell per kind of cell; new cells copy its style array."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet, self.cell_class = sheet, WriteOnlyCell
        top = Alignment(vertical="top")
        wrap = Alignment(vertical="top", wrap_text=True)
        self.header = self._make(font=Font(bold=True), alignment=wrap)
        self.text = self._make(alignment=wrap)
        self.plain = self._make(alignment=top)
        self.date = self._make(alignment=top, number_format=UK_DATE)
        self.datetime = self._make(alignment=top, number_format=UK_DATETIME)
        self.link = self._make(alignment=top, font=Font(color="1D70B8", underline="single"))
        self.rag = {
            rag: self._make(
                alignment=top,
                font=Font(bold=True, color=ink),
                fill=PatternFill("solid", fgColor=colour),
            )
            for rag, (colour, ink) in RAG_COLOURS.items()
        }

    def _make(self, **style: Any) -> Any:
        cell = self.cell_class(self.sheet)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell._style

    def cell(self, value: Any, style: Any) -> Any:
        cell = self.cell_class(self.sheet, value=value)
        cell._style = copy(style)
        return cell


def _row_cells(
    row: Any, styles: _Styles, link: Callable[[int], str], today: date, zone: Any = None
) -> list[Any]:
    """One action's cells: the importer's columns, then Due by and Overdue. An empty cell is
    None: it costs nothing and reads back as empty. ``zone`` is the time zone Last updated is
    shown in (looked up once per export: per row it was a tenth of this function's time)."""
    zone = zone or timezone.get_current_timezone()
    cells: list[Any] = []
    append, cell = cells.append, styles.cell
    for kind, rule, date_field in _PLAN:
        if kind == "text":
            text = rule(row)
            append(cell(_clean(text), styles.text) if text else None)
        elif kind == "date":
            value = _as_date(rule(row), getattr(row, date_field))
            style = styles.text if isinstance(value, str) else styles.date
            append(cell(value, style) if value != "" else None)
        elif kind == "link":
            text = _clean(rule(row))
            if text:
                linked = cell(text, styles.link)
                linked.hyperlink = link(row.id)
                append(linked)
            else:
                append(None)
        elif kind == "moment":
            moment = row.updated_at.astimezone(zone).replace(tzinfo=None, microsecond=0)
            append(cell(moment, styles.datetime))
        elif kind == "rag":
            append(_rag_cell(row.rag, styles))
        else:
            append(cell(row.version, styles.plain))  # a number, for sorting
    append(cell(row.due_date, styles.date) if row.due_date else None)
    overdue = is_overdue(row.lifecycle, row.due_date, today)
    append(cell("Overdue", styles.plain) if overdue else None)
    return cells


def _rag_cell(rag: str, styles: _Styles) -> Any:
    if rag not in RAG_COLOURS:
        return None  # "Not rated": an empty cell reads back as no rating
    return styles.cell(Rag(rag).label, styles.rag[rag])


def _link_builder(base_url: str) -> Callable[[int], str]:
    marker = 987654321
    before, _, after = reverse("recommendations:detail", args=[marker]).partition(str(marker))
    prefix = base_url.rstrip("/") + before
    return lambda pk: f"{prefix}{pk}{after}"


def _prepare_sheet(workbook: Any, title: str, marking: str) -> tuple[Any, _Styles]:
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(exports.safe_sheet_title(title))
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    if marking:
        for part in (sheet.oddHeader, sheet.oddFooter, sheet.evenHeader, sheet.evenFooter):
            part.center.text = marking
            part.center.font = "Arial,Bold"
    for n, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = WIDTHS.get(header, 14)
    styles = _Styles(sheet)
    sheet.append([styles.cell(header, styles.header) for header in HEADERS])
    return sheet, styles


def write_xlsx(
    queryset: QuerySet,
    out: IO[bytes],
    *,
    title: str = "Actions",
    marking: str = "",
    base_url: str = "",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the workbook to ``out``; returns the number of actions. ``progress`` is told the
    rows written so far every few thousand rows (the export task's progress page)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet, styles = _prepare_sheet(workbook, title, marking)
    link, today = _link_builder(base_url), timezone.localdate()
    zone = timezone.get_current_timezone()
    count = 0
    for row in exports.export_rows(queryset):
        sheet.append(_row_cells(row, styles, link, today, zone))
        count += 1
        if progress is not None and count % 5000 == 0:
            progress(count)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    workbook.save(out)
    return count
