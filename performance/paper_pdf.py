"""The dashboard appendix as a PDF: A4 landscape, the marking top and bottom of every page, as at
a period; and the dashboard as a workbook in the import's columns."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from performance.board import Board
from performance.spreadsheet import write_workbook
from reports.appendix.render import STATIC_DIR, static_only_fetcher


def appendix_title(board: Board) -> str:
    label = board.as_at_label
    return f"{board.dashboard.title}" + (f", {label}" if label else "")


def dashboard_html(board: Board, *, issued_on: date | None = None) -> str:
    return render_to_string(
        "performance/pdf/dashboard.html",
        {"board": board, "title": appendix_title(board), "issued_on": issued_on},
    )


def dashboard_pdf_bytes(board: Board, *, issued_on: date | None = None) -> tuple[bytes, int]:
    """The PDF and its page count (PDF/UA-1, loads nothing from outside)."""
    from weasyprint import HTML

    document = HTML(
        string=dashboard_html(board, issued_on=issued_on),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=static_only_fetcher(),
    ).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value.shown} ({value.period_label})"


def dashboard_workbook(board: Board) -> bytes:
    """The board as at its period in the import's columns (so it imports again)."""
    rows = []
    for outcome in board.outcomes:
        for n, row in enumerate(outcome.rows):
            current = row.current
            rows.append(
                [
                    outcome.outcome.name if n == 0 else "",
                    outcome.rag.value[:1] if n == 0 and outcome.rag else "",
                    row.indicator.name,
                    _cell(row.previous),
                    _cell(current),
                    row.direction.arrow if row.direction else "",
                    row.rag.value[:1] if row.rag else "",
                    (current.nearest_neighbour if current else "") or "-",
                    (current.county_comparison if current else "") or "-",
                    (current.district_comparison if current else ""),
                    f"{current.national_value.normalize():f}"
                    if current and current.national_value is not None
                    else "",
                ]
            )
    notes = [f"{note.marker} {note.text}" for note in board.dashboard.footnotes.all()]
    title = f"{board.dashboard.title} {board.as_at_label}".strip()
    return write_workbook(title, rows, notes)
