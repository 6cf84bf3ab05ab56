"""The appendix layouts: which columns each kind of plan prints, their headings and widths.

Cells are rendered here, once per row, to small HTML strings: a template loop over cells is much
cheaper for WeasyPrint-sized tables than template logic per cell. Rich fields (sanitised on import)
are sanitised again here, because the update form may have written them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from recommendations.models import PlanKind
from recommendations.plan_import.read import clean_html, html_to_text

# A visible word before every struck-through point, so a reader (and a text extractor) knows the
# point was withdrawn and is kept only on the record. Hidden from screen readers on the web
# page, where the site stylesheet already announces <del> as withdrawn.
_DEL_OPEN = re.compile(r"<(del|s)>", re.I)
WITHDRAWN_LABEL = '<span class="withdrawn-label" aria-hidden="true">[withdrawn]</span> '


def rich(value: str) -> SafeString:
    """Sanitised HTML of a rich field, with withdrawn points labelled."""
    cleaned = clean_html(value)
    if "<" in cleaned:
        cleaned = _DEL_OPEN.sub(lambda m: WITHDRAWN_LABEL + f"<{m.group(1).lower()}>", cleaned)
    return mark_safe(cleaned)  # safe: nh3 allow-list output


def plain(value: str) -> SafeString:
    return mark_safe(escape(value).replace("\n", "<br>"))  # safe: escaped above


@dataclass
class Column:
    key: str
    heading: str
    weight: int  # relative width; widths are scaled to 100% of the chosen columns
    render: Callable[..., SafeString]
    css: str = ""  # extra class on the cell (e.g. the RAG colour comes from the row)


def _reference(row) -> SafeString:
    return plain(row.rec.reference)


def _text(row) -> SafeString:
    return rich(row.rec.text)


def _numbered_text(row) -> SafeString:
    """The recommendation, led by its number unless the text already starts with it."""
    body = rich(row.rec.text)
    ref = row.rec.reference
    if html_to_text(row.rec.text).lstrip().startswith(ref):
        return body
    return format_html("<strong>{}.</strong> {}", ref, body)


def _section(row) -> SafeString:
    return plain(row.section.title if row.section else "")


def _plan(row) -> SafeString:
    return plain(row.plan.name if row.plan else "")


def _deficiency(row) -> SafeString:
    return rich(row.deficiency.text) if row.deficiency else plain("")


def _leads(row) -> SafeString:
    # The words the paper's author wrote win ("AF and LG", "SS and PN"): resolved leads can be
    # fewer (ambiguous initials are never guessed), and the committee reads what it agreed.
    if row.rec.leads_text:
        return plain(row.rec.leads_text)
    if row.leads:
        return plain(", ".join(row.leads))
    return mark_safe('<span class="muted">Unassigned</span>')


def _field(name: str) -> Callable[..., SafeString]:
    return lambda row: rich(getattr(row.rec, name))


def _target_date(row) -> SafeString:
    rec = row.rec
    parts = [escape(rec.target_date_text)] if rec.target_date_text else []
    if rec.revised_target_date_text:
        revised = format_html("Revised: {}", rec.revised_target_date_text)
        if rec.revised_date_reason:
            revised = format_html("{} ({})", revised, html_to_text(rec.revised_date_reason))
        parts.append(revised)
    if row.is_overdue:
        parts.append('<strong class="overdue">Overdue</strong>')
    return mark_safe("<br>".join(parts))  # safe: parts escaped above


def _revised_target_date(row) -> SafeString:
    return plain(row.rec.revised_target_date_text)


def _next_milestone(row) -> SafeString:
    rec = row.rec
    body = rich(rec.next_milestone)
    if rec.next_milestone_date:
        when = rec.next_milestone_date.strftime("%d/%m/%Y")
        return format_html("{}<br><strong>{}</strong>", body, when)
    return body


def _status(row) -> SafeString:
    html = plain(row.status.name if row.status else "")
    if row.proposed is not None:
        html = format_html(
            "{}<br><strong>Proposed for closure</strong> ({})", html, row.proposed.name
        )
    return html


def _rag(row) -> SafeString:
    word = row.rec.rag or "Not rated"
    html = format_html('<span class="rag-word">{}</span>', word.upper())
    if row.status and not row.is_outstanding:
        html = format_html("{}<br>{}", html, row.status.name)
    return html


def _latest_update(row) -> SafeString:
    update = row.latest_update
    if update is None:
        return plain("")
    when = update.written_on.strftime("%d/%m/%Y")
    return format_html("<strong>{}</strong> {}", when, rich(update.text))


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in [
        Column("reference", "No.", 5, _reference),
        Column("plan", "Plan", 11, _plan),
        Column("section", "Workshop", 11, _section),
        Column("deficiency", "Deficiencies", 20, _deficiency),
        Column("text", "Recommendation", 24, _text),
        Column("numbered_text", "Recommendation", 26, _numbered_text),
        Column("leads", "Handed over to", 12, _leads),
        Column("unassigned_note", "Anything still unassigned", 18, _field("unassigned_note")),
        Column("work_to_date", "Work to date", 32, _field("work_to_date")),
        Column("target_date", "Target date", 11, _target_date),
        Column("revised_target_date", "Revised target date", 10, _revised_target_date),
        Column("outcome", "Outcome", 16, _field("outcome")),
        Column("notes", "Notes", 22, _field("notes")),
        Column("next_milestone", "Next milestone", 17, _next_milestone),
        Column("commentary", "Performance commentary", 26, _field("commentary")),
        Column("latest_update", "Latest update", 20, _latest_update),
        Column("status", "Status", 9, _status),
        Column("rag", "RAG rating", 8, _rag, css="rag"),
    ]
}


# The recommendation fields each column prints ("progress" is the progress log), so tests can
# check that every printed column is one some role fills in.
COLUMN_FIELDS: dict[str, tuple[str, ...]] = {
    "reference": ("reference",),
    "plan": ("plan",),
    "section": ("section",),
    "deficiency": ("deficiency",),
    "text": ("text",),
    "numbered_text": ("reference", "text"),
    "leads": ("leads_text", "lead_organisations", "lead_people"),
    "unassigned_note": ("unassigned_note",),
    "work_to_date": ("work_to_date",),
    "target_date": ("target_date_text", "revised_target_date_text", "revised_date_reason"),
    "revised_target_date": ("revised_target_date_text",),
    "outcome": ("outcome",),
    "notes": ("notes",),
    "next_milestone": ("next_milestone", "next_milestone_date"),
    "commentary": ("commentary",),
    "latest_update": ("progress",),
    "status": ("status",),
    "rag": ("rag", "status"),
}


@dataclass
class Layout:
    kind: str
    label: str
    columns: list[str]
    headings: dict[str, str] = field(default_factory=dict)
    # Strategy plans print each priority as a heading with its narrative above its actions.
    section_headings: bool = False
    # Delivery plans print the priority area once, on the first action of each area.
    section_once: bool = False

    def heading(self, key: str) -> str:
        return self.headings.get(key, COLUMNS[key].heading)


LAYOUTS: dict[str, Layout] = {
    PlanKind.WORKSHOP: Layout(
        PlanKind.WORKSHOP,
        "Workshop programme",
        [
            "reference",
            "section",
            "deficiency",
            "text",
            "leads",
            "unassigned_note",
            "latest_update",
            "status",
        ],
        {"status": "Current Status", "latest_update": "Progress"},
    ),
    PlanKind.CASE_REVIEW: Layout(
        PlanKind.CASE_REVIEW,
        "Case review",
        ["numbered_text", "leads", "work_to_date", "target_date", "status"],
        {"leads": "Lead Agency"},
    ),
    PlanKind.STRATEGY: Layout(
        PlanKind.STRATEGY,
        "Strategy action plan",
        ["text", "target_date", "outcome", "leads", "notes", "rag"],
        {"text": "Key Actions", "target_date": "Deadline", "leads": "Responsibility/Lead"},
        section_headings=True,
    ),
    PlanKind.DELIVERY: Layout(
        PlanKind.DELIVERY,
        "Delivery plan",
        ["section", "numbered_text", "leads", "next_milestone", "commentary"],
        {
            "section": "Priority area",
            "numbered_text": "Action",
            "leads": "Lead",
            "next_milestone": "Next significant milestone",
            "commentary": "Performance commentary",
        },
        section_once=True,
    ),
    PlanKind.MINUTES: Layout(
        PlanKind.MINUTES,
        "Actions arising from minutes",
        ["reference", "text", "leads", "target_date", "latest_update", "status"],
        {"reference": "Minute", "text": "Action", "leads": "Lead"},
    ),
}

LAYOUT_CHOICES = [(kind, layout.label) for kind, layout in LAYOUTS.items()]


def column_label(key: str) -> str:
    """How the column picker names a column (the two recommendation columns differ)."""
    if key == "numbered_text":
        return "Recommendation (with its number)"
    if key == "text":
        return "Recommendation"
    return COLUMNS[key].heading
