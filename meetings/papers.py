"""Committee papers as PDFs: the agenda pack (front sheet plus bound reports and appendices)
and the minutes. WeasyPrint lays out our pages; pypdf counts, binds and stamps the pack.

The pack's page ranges are the real pages: the front sheet is laid out, the bound documents are
counted, the ranges are printed, and the front sheet is laid out again until its own length stops
changing. Every bound page is stamped with the pack's marking and "Page X of Y".
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from meetings.models import (
    AgendaItem,
    AttendanceKind,
    ConfirmedMinutes,
    ItemKind,
    Meeting,
    Minute,
)

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

STYLESHEET = Path(__file__).resolve().parent / "static" / "meetings" / "papers-print.css"
ATTENDANCE_PARTS = [
    (AttendanceKind.PRESENT, "Present"),
    (AttendanceKind.OFFICER, "Officers"),
    (AttendanceKind.OTHER, "Others"),
    (AttendanceKind.APOLOGY, "Apologies for absence"),
]
MAX_REPORT_BYTES = 20 * 1024 * 1024


def pdf_page_count(pdf: bytes, *, field: str = "report") -> int:
    """The number of pages of ``pdf``; a file that is not a readable PDF is a field error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if len(pdf) > MAX_REPORT_BYTES:
        raise ValidationError({field: "The file is larger than 20 MB"})
    if not pdf.startswith(b"%PDF"):
        raise ValidationError({field: "The file must be a PDF"})
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            raise ValidationError({field: "The PDF is password-protected; upload an open copy"})
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            {field: "The PDF could not be read; save it again and retry"}
        ) from error


def _render(html: str) -> tuple[bytes, int]:
    """Lay out one of our print documents. It may load nothing: the stylesheet is inline."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NothingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Committee papers may not load {url[:80]!r}")

    document = HTML(string=html, url_fetcher=NothingFetcher()).render(
        stylesheets=[CSS(string=STYLESHEET.read_text())]
    )
    return document.write_pdf(), len(document.pages)


def css_string(value: str) -> str:
    """``value`` as the inside of a double-quoted CSS string (for margin-box content)."""
    out = []
    for char in value:
        out.append(f"\\{ord(char):x} " if char in "\"\\\n\r<>&'" else char)
    return "".join(out)


def person_line(person) -> str:
    return person.name + (f", {person.title}" if getattr(person, "title", "") else "")


def members(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, role) for the heading block: chair first, then vice-chair, then the members."""
    committee = meeting.committee
    rows = []
    if committee.chair_id:
        rows.append((person_line(committee.chair), "Chair"))
    if committee.vice_chair_id:
        rows.append((person_line(committee.vice_chair), "Vice-Chair"))
    officers = {committee.chair_id, committee.vice_chair_id}
    for person in committee.members.select_related("organisation").order_by("name"):
        if person.pk not in officers:
            org = person.organisation.name if person.organisation_id else ""
            rows.append((person_line(person), org))
    return rows


# ---------------------------------------------------------------------------------------------
# The agenda pack
# ---------------------------------------------------------------------------------------------


@dataclass
class PackItem:
    item: AgendaItem
    documents: list[bytes] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    pages: int = 0
    first: int | None = None
    last: int | None = None

    @property
    def range_text(self) -> str:
        """The pack's real pages of what is bound for the item; else the pages the clerk entered
        (papers not bound into this pack), so what they typed is never dropped."""
        if self.first is not None:
            return _page_range(self.first, self.last)
        if self.item.page_from:
            return _page_range(self.item.page_from, self.item.page_to)
        return ""


def _page_range(first: int, last: int | None) -> str:
    if not last or last == first:
        return f"Page {first}"
    return f"Pages {first} - {last}"


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's last meeting before this one that has minutes."""
    earlier = Meeting.objects.filter(
        committee_id=meeting.committee_id, date__lt=meeting.date, minutes__isnull=False
    )
    return earlier.order_by("-date").distinct().first()


def _pack_items(meeting: Meeting) -> list[PackItem]:
    items = meeting.agenda_items.select_related("appendix").order_by("pk")
    rows = []
    for item in items:
        row = PackItem(item)
        if item.is_public:  # papers not for publication are never bound into the pack
            last = previous_meeting(meeting) if item.kind == ItemKind.MINUTES else None
            if last is not None:  # the last minutes, as confirmed or as they stand
                row.documents.append(minutes_document(last))
                row.titles.append(f"Minutes of the meeting held on {last.date:%-d %B %Y}")
            if item.report_pdf:
                row.documents.append(bytes(item.report_pdf))
                row.titles.append(item.report_filename or "Report")
            if item.appendix_id:
                row.documents.append(bytes(item.appendix.pdf))
                row.titles.append(item.appendix.title)
            row.pages = sum(pdf_page_count(pdf) for pdf in row.documents)
        rows.append(row)
    return rows


def _number_pages(rows: list[PackItem], front: int) -> int:
    page = front
    for row in rows:
        row.first = row.last = None
        if row.pages:
            row.first, row.last = page + 1, page + row.pages
            page += row.pages
    return page


def agenda_html(meeting: Meeting, rows: list[PackItem], total: int) -> str:
    from meetings.business import matters_arising

    committee = meeting.committee
    return render_to_string(
        "meetings/pdf/agenda.html",
        {
            "meeting": meeting,
            "committee": committee,
            "marking": committee.marking,
            "marking_css": css_string(committee.marking),
            "members": members(meeting),
            "public": [r for r in rows if r.item.is_public],
            "private": [r for r in rows if not r.item.is_public],
            "matters": matters_arising(meeting, None),
            "total": total,
        },
    )


def _stamp(sizes: list[tuple[float, float]], start: int, total: int, marking: str) -> bytes:
    """One page per bound page, the same size, carrying only the marking and the page number."""
    styles, pages = [], []
    for index, (width, height) in enumerate(sizes):
        styles.append(f"@page s{index} {{ size: {width:.2f}pt {height:.2f}pt; }}")
        styles.append(
            f".s{index} {{ page: s{index}; string-set: n 'Page {start + index} of {total}'; }}"
        )
        pages.append(f'<div class="stamp s{index}">&#8203;</div>')
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Stamp</title>'
        f'<style>{" ".join(styles)} @page {{ @top-left {{ content: "{css_string(marking)}"; }} '
        '@top-right { content: string(n); } }</style></head><body class="stamp-doc">'
        + "".join(pages)
        + "</body></html>"
    )
    pdf, _ = _render(html)
    return pdf


def agenda_pack(meeting: Meeting) -> tuple[bytes, int, list[PackItem]]:
    """The agenda pack PDF, its page count and the items with the page ranges printed."""
    from pypdf import PdfReader, PdfWriter

    rows = _pack_items(meeting)
    front_pages = 1
    for _attempt in range(4):
        total = _number_pages(rows, front_pages)
        front, laid_out = _render(agenda_html(meeting, rows, total))
        if laid_out == front_pages:
            break
        front_pages = laid_out
    else:  # pragma: no cover - a front sheet whose length never settles
        raise RuntimeError("The agenda front sheet did not settle on a length.")
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    for row in rows:
        for pdf in row.documents:
            writer.append(PdfReader(io.BytesIO(pdf)))
    bound = writer.pages[front_pages:]
    if bound:
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in bound]
        stamp = PdfReader(
            io.BytesIO(_stamp(sizes, front_pages + 1, total, meeting.committee.marking))
        )
        for page, overlay in zip(bound, stamp.pages, strict=True):
            page.merge_page(overlay)
    writer.add_metadata({"/Title": f"Agenda: {meeting}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total, rows


# ---------------------------------------------------------------------------------------------
# The minutes
# ---------------------------------------------------------------------------------------------


def _attendance(meeting: Meeting) -> tuple[list[tuple[str, list]], object | None]:
    parts = {kind: [] for kind, _ in ATTENDANCE_PARTS}
    chair = None
    for row in meeting.attendance.select_related("person__organisation").order_by("pk"):
        parts[row.kind].append(row)
        if row.in_the_chair:
            chair = row
    return [(heading, parts[kind]) for kind, heading in ATTENDANCE_PARTS], chair


def minutes_context(meeting: Meeting, confirming: Minute | None = None) -> dict:
    from meetings.business import matters_arising

    minutes = meeting.minutes.select_related("refers_to").prefetch_related(
        "resolutions__action__lead_organisations"
    )
    minutes = list(minutes.order_by("number"))
    actions = [r for m in minutes for r in m.resolutions.all() if r.action_id]
    attendance, chair = _attendance(meeting)
    if confirming is None:
        confirmation = ConfirmedMinutes.objects.filter(meeting=meeting).defer("pdf").first()
        confirming = confirmation.confirmed_at_minute if confirmation else None
    matters = [row for row in matters_arising(meeting, None) if row.recorded]
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "marking": meeting.committee.marking,
        "marking_css": css_string(meeting.committee.marking),
        "attendance": attendance,
        "chair": chair,
        "declarations": meeting.declarations.select_related("agenda_item").order_by("pk"),
        "minutes": minutes,
        "actions": actions,
        "matters": matters,
        "confirming": confirming,
    }


def minutes_html(meeting: Meeting, confirming: Minute | None = None) -> str:
    return render_to_string("meetings/pdf/minutes.html", minutes_context(meeting, confirming))


def minutes_pdf(meeting: Meeting, confirming: Minute | None = None) -> tuple[bytes, int]:
    """The minutes as they stand now (``confirming``: the minute that confirms them)."""
    return _render(minutes_html(meeting, confirming))


def minutes_document(meeting: Meeting) -> bytes:
    """What is published: the frozen PDF once confirmed, else the minutes as they stand."""
    frozen = ConfirmedMinutes.objects.filter(meeting=meeting).first()
    if frozen is not None:
        return bytes(frozen.pdf)
    return minutes_pdf(meeting)[0]
