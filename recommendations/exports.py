"""The columns of an exported list of actions, shared with the importer so exports read back.

``COLUMNS`` is the single definition: (header, rule). Each rule (recommendations/export_rules.py)
works its cell out from a fetched row, and renders as a database expression so that PostgreSQL
writes the CSV itself (recommendations/exports_copy.py). The importer
(recommendations/plan_import/read/) recognises these headers; ``unguard`` undoes the
CSV-injection guard this module adds to cells that a spreadsheet would otherwise run as a formula.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from recommendations.export_rules import (
    DateText,
    FirstOf,
    If,
    Join,
    Label,
    Leads,
    LeadSource,
    Literal,
    Rule,
    Text,
)
from recommendations.models import PlanKind, Rag, Recommendation

LeadOrganisation = Recommendation.lead_organisations.through
LeadPerson = Recommendation.lead_people.through

CHUNK_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD_PREFIX = "'"


# The values one exported row needs, read with values_list(): building model instances (five per
# row with select_related, plus two related managers) made a 10,000-row export take 10 s.
ROW_FIELDS = {
    "id": "id",
    "plan": "plan__name",
    "kind": "plan__kind",
    "section_number": "section__number",
    "section_title": "section__title",
    "reference": "reference",
    "deficiency": "deficiency__text",
    "text": "text",
    "leads_text": "leads_text",
    "target_date_text": "target_date_text",
    "target_date": "target_date",
    "revised_target_date_text": "revised_target_date_text",
    "revised_target_date": "revised_target_date",
    "revised_date_reason": "revised_date_reason",
    "outcome": "outcome",
    "status": "status__name",
    "rag": "rag",
    "unassigned_note": "unassigned_note",
    "work_to_date": "work_to_date",
    "notes": "notes",
    "next_milestone": "next_milestone",
    "commentary": "commentary",
    "updated_at": "updated_at",
    "version": "version",
    "due_date": "due_date",
    "lifecycle": "status__lifecycle",
}
KINDS = dict(PlanKind.choices)
RAG_WORDS = {rag.value: rag.label for rag in Rag.rated()}


DATE_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%d/%m/%Y %H:%M"
ORGANISATIONS = LeadSource(
    attr="organisations",
    through=LeadOrganisation,
    key="organisation",
    fields=("pk", "name"),
    ordering=("name", "pk"),
)
PEOPLE = LeadSource(
    attr="people",
    through=LeadPerson,
    key="person",
    fields=("pk", "name", "initials"),
    ordering=("name", "pk"),
)
PERSON_NAME = Join(
    Text("name"), If(Text("initials"), Join(Literal(" ("), Text("initials"), Literal(")")))
)
# How the export writes one linked lead: kind, number and name (read back by the importer).
ORGANISATION_LINK = Join(Literal("Organisation "), Text("pk"), Literal(": "), Text("name"))
PERSON_LINK = Join(Literal("Person "), Text("pk"), Literal(": "), PERSON_NAME)


def _as_written(text: str, value: str) -> Rule:
    """What the author wrote, else the date."""
    return FirstOf(Text(text), DateText(value, DATE_FORMAT))


COLUMNS: list[tuple[str, Rule]] = [
    ("Plan", Text("plan")),
    ("Plan kind", Label("kind", KINDS)),
    # "3. Housing", or the title alone when the section has no number.
    (
        "Section",
        If(
            Text("section_number"),
            Join(Text("section_number"), Literal(". "), Text("section_title")),
            Text("section_title"),
        ),
    ),
    ("No.", Text("reference")),
    ("Deficiency", Text("deficiency")),
    # Rich fields stay as the importer's sanitised HTML so struck-through points survive.
    ("Recommendation", Text("text")),
    ("Lead agency", Leads((ORGANISATIONS, Text("name")))),
    ("Lead people", Leads((PEOPLE, PERSON_NAME))),
    ("Handed over to (as written)", Text("leads_text")),
    ("Target date", _as_written("target_date_text", "target_date")),
    ("Revised target date", _as_written("revised_target_date_text", "revised_target_date")),
    ("Reason for revised date", Text("revised_date_reason")),
    ("Outcome", Text("outcome")),
    ("Status", Text("status")),
    # As the pages and the Excel export write it ("Red"), read back the same by the importer.
    ("RAG rating", Label("rag", RAG_WORDS)),
    ("Anything still unassigned", Text("unassigned_note")),
    ("Work to date", Text("work_to_date")),
    ("Notes", Text("notes")),
    ("Next milestone", Text("next_milestone")),
    ("Performance commentary", Text("commentary")),
    ("Last updated", DateText("updated_at", MOMENT_FORMAT, local=True)),
    # Read back by the importer: the version exported (an older one is a conflict, never a
    # silent revert) and the leads linked, by number and name (linked again exactly as they were).
    ("Version", Text("version")),
    ("Linked leads", Leads((ORGANISATIONS, ORGANISATION_LINK), (PEOPLE, PERSON_LINK))),
]
HEADERS = [header for header, _ in COLUMNS]


def guard(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula: prefix = + - @ (and tab, CR) with '."""
    if value and value.startswith(FORMULA_STARTS):
        return GUARD_PREFIX + value
    return value


def unguard(value: str) -> str:
    """Undo :func:`guard` when reading an export back."""
    if value and value.startswith(GUARD_PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


# Rows and leads are named tuples: building a SimpleNamespace per row and per lead cost more
# than fetching them (0.18 s of 0.42 s for 10,000 actions).
ExportRow = namedtuple("ExportRow", [*ROW_FIELDS, ORGANISATIONS.attr, PEOPLE.attr])  # type: ignore[misc]
_LEAD_TUPLES = {source: namedtuple("Lead", source.fields) for source in (ORGANISATIONS, PEOPLE)}  # type: ignore[misc]


def _leads(queryset: QuerySet, source: LeadSource) -> dict[int, list[Any]]:
    """Every exported action's leads of one source, in the source's order: one query."""
    ids = queryset.order_by().values("id")
    paths = source.paths()
    rows = source.through.objects.filter(recommendation_id__in=ids)
    rows = rows.order_by(*(paths[name] for name in source.ordering))
    leads: dict[int, list[Any]] = defaultdict(list)
    make = _LEAD_TUPLES[source]._make
    for row in rows.values_list("recommendation_id", *paths.values()):
        leads[row[0]].append(make(row[1:]))
    return leads


def export_rows(queryset: QuerySet) -> Iterator[Any]:
    """Each action of ``queryset`` in its order (an ``ExportRow``), streamed from the database
    in chunks, with its leads (``row.organisations``, ``row.people``)."""
    organisations, people = _leads(queryset, ORGANISATIONS), _leads(queryset, PEOPLE)
    make, at = ExportRow._make, list(ROW_FIELDS).index("id")
    none: tuple[Any, ...] = ()
    for item in queryset.values_list(*ROW_FIELDS.values()).iterator(chunk_size=CHUNK_SIZE):
        yield make((*item, organisations.get(item[at], none), people.get(item[at], none)))


def rows(queryset: QuerySet) -> Iterator[list[str]]:
    """Each action as a list of guarded cells."""
    for row in export_rows(queryset):
        yield [guard(rule(row)) for _, rule in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(
    queryset: QuerySet, *, marking: str = "", progress: Callable[[int], None] | None = None
) -> Iterator[str]:
    """The CSV text in pieces that each end at a line end (with a BOM so Excel reads UTF-8).
    The protective marking, when given, is the first line, above the headings (the importer
    reads past it). On PostgreSQL the database writes the rows (recommendations/exports_copy.py);
    elsewhere csv.writer does, a line at a time. ``progress`` is told the rows written so far
    (the export task's progress page): every 5,000 rows, or on PostgreSQL once at the end, since
    the COPY holds the connection until then."""
    writer = csv.writer(_Echo())
    if marking:
        yield "\ufeff" + writer.writerow([marking]) + writer.writerow(HEADERS)
    else:
        yield "\ufeff" + writer.writerow(HEADERS)
    if connections[queryset.db].vendor == "postgresql":
        from recommendations import exports_copy

        yield from exports_copy.csv_rows(queryset, progress=progress)
    else:
        yield from csv_rows(queryset, progress=progress)


def csv_rows(queryset: QuerySet, *, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The CSV rows of ``queryset`` written by csv.writer, a line at a time (any database)."""
    writer = csv.writer(_Echo())
    for count, row in enumerate(rows(queryset), start=1):
        yield writer.writerow(row)
        if progress is not None and count % 5000 == 0:
            progress(count)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, not blank, at most 31 characters."""
    cleaned = " ".join(_SHEET_FORBIDDEN.sub("-", title).split()).strip("'")
    return cleaned[:31] or "Actions"


def xlsx_bytes(
    queryset: QuerySet, *, title: str = "Actions", marking: str = "", base_url: str = ""
) -> bytes:
    """The list as an Excel workbook (recommendations/exports_xlsx.py)."""
    from recommendations.exports_xlsx import write_xlsx

    out = BytesIO()
    write_xlsx(queryset, out, title=title, marking=marking, base_url=base_url)
    return out.getvalue()
