"""The columns of an exported list of actions, shared with the importer so exports read back.

``COLUMNS`` is the single definition: (header, accessor). The importer
(recommendations/plan_import/read/) recognises these headers; ``unguard`` undoes the
CSV-injection guard this module adds to cells that a spreadsheet would otherwise run as a formula.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from io import BytesIO
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from partnership.models import Organisation, Person
from recommendations.models import PlanKind, Recommendation

LeadOrganisation = Recommendation.lead_organisations.through
LeadPerson = Recommendation.lead_people.through

CHUNK_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def _row(values: dict[str, Any]) -> SimpleNamespace:
    """One action as an export reads it (ROW_FIELDS), plus its leads' names."""
    return SimpleNamespace(**values, agencies=[], people=[])


def _date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _as_written(text: str, value: date | None) -> str:
    return text or _date(value)


def _section(row: SimpleNamespace) -> str:
    if row.section_title is None:
        return ""
    return f"{row.section_number}. {row.section_title}" if row.section_number else row.section_title


def _updated(row: SimpleNamespace) -> str:
    return timezone.localtime(row.updated_at).strftime("%d/%m/%Y %H:%M")


COLUMNS: list[tuple[str, Callable[[SimpleNamespace], str]]] = [
    ("Plan", lambda r: r.plan),
    ("Plan kind", lambda r: str(KINDS.get(r.kind, r.kind))),
    ("Section", _section),
    ("No.", lambda r: r.reference),
    ("Deficiency", lambda r: r.deficiency or ""),
    # Rich fields stay as the importer's sanitised HTML so struck-through points survive.
    ("Recommendation", lambda r: r.text),
    ("Lead agency", lambda r: "; ".join(r.agencies)),
    ("Lead people", lambda r: "; ".join(r.people)),
    ("Handed over to (as written)", lambda r: r.leads_text),
    ("Target date", lambda r: _as_written(r.target_date_text, r.target_date)),
    (
        "Revised target date",
        lambda r: _as_written(r.revised_target_date_text, r.revised_target_date),
    ),
    ("Reason for revised date", lambda r: r.revised_date_reason),
    ("Outcome", lambda r: r.outcome),
    ("Status", lambda r: r.status),
    ("RAG rating", lambda r: r.rag),
    ("Anything still unassigned", lambda r: r.unassigned_note),
    ("Work to date", lambda r: r.work_to_date),
    ("Notes", lambda r: r.notes),
    ("Next milestone", lambda r: r.next_milestone),
    ("Performance commentary", lambda r: r.commentary),
    ("Last updated", _updated),
    # Read back by the importer: the version exported (an older one is a conflict, never a
    # silent revert) and the leads linked, by number and name (linked again exactly as they were).
    ("Version", lambda r: str(r.version)),
    ("Linked leads", lambda r: "; ".join(r.linked)),
]
HEADERS = [header for header, _ in COLUMNS]


def guard(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula: prefix = + - @ (and tab, CR) with '."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """Undo :func:`guard` when reading an export back."""
    if value and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _leads(
    queryset: QuerySet,
) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[int, list[str]]]:
    """Every exported action's lead agencies, people and linked leads (by number and name, as
    the importer reads them back): two queries for the whole export."""
    from recommendations.plan_import.write import linked_label

    ids = queryset.order_by().values("id")
    agencies: dict[int, list[str]] = defaultdict(list)
    linked: dict[int, list[str]] = defaultdict(list)
    rows = LeadOrganisation.objects.filter(recommendation_id__in=ids).order_by("organisation__name")
    for rec_id, pk, name in rows.values_list(
        "recommendation_id", "organisation_id", "organisation__name"
    ):
        agencies[rec_id].append(name)
        linked[rec_id].append(linked_label(Organisation(pk=pk, name=name)))
    people: dict[int, list[str]] = defaultdict(list)
    rows = LeadPerson.objects.filter(recommendation_id__in=ids).order_by("person__name")
    for rec_id, pk, name, initials in rows.values_list(
        "recommendation_id", "person_id", "person__name", "person__initials"
    ):
        people[rec_id].append(f"{name} ({initials})" if initials else name)
        linked[rec_id].append(linked_label(Person(pk=pk, name=name, initials=initials)))
    return agencies, people, linked


def export_rows(queryset: QuerySet) -> Iterator[SimpleNamespace]:
    """Each action of ``queryset`` in its order, streamed from the database in chunks."""
    agencies, people, linked = _leads(queryset)
    names = list(ROW_FIELDS)
    for item in queryset.values_list(*ROW_FIELDS.values()).iterator(chunk_size=CHUNK_SIZE):
        row = _row(dict(zip(names, item, strict=True)))
        row.agencies = agencies.get(row.id, [])
        row.people = people.get(row.id, [])
        row.linked = linked.get(row.id, [])
        yield row


def rows(queryset: QuerySet) -> Iterator[list[str]]:
    """Each action as a list of guarded cells."""
    for row in export_rows(queryset):
        yield [guard(accessor(row) or "") for _, accessor in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet, *, marking: str = "") -> Iterator[str]:
    """The CSV text, line by line (with a BOM so Excel reads UTF-8). The protective marking,
    when given, is the first line, above the headings (the importer reads past it)."""
    writer = csv.writer(_Echo())
    if marking:
        yield "\ufeff" + writer.writerow([marking])
        yield writer.writerow(HEADERS)
    else:
        yield "\ufeff" + writer.writerow(HEADERS)
    for row in rows(queryset):
        yield writer.writerow(row)


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
