"""Free-text search over recommendations.

On PostgreSQL a stored ``search_vector`` column (migration 0003, weights A/B/C: number and text,
then leads/outcome/milestone, then the progress fields) answers ``websearch_to_tsquery`` through a
GIN index and ranks with ``ts_rank``. SQLite has no tsvector, so there every word must appear
(case-insensitively) in one of the same fields.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Expression

SEARCH_FIELDS = (
    "reference",
    "text",
    "leads_text",
    "outcome",
    "next_milestone",
    "work_to_date",
    "notes",
    "commentary",
    "unassigned_note",
    "revised_date_reason",
)


class SearchColumn(Expression):
    """The table's ``search_vector`` column under whatever alias the query gives the table.

    Not a model field (SQLite has none), so it is named here; the alias is read when the SQL is
    compiled, so it stays right when the queryset becomes a subquery (``U0``).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def has_full_text() -> bool:
    return connection.vendor == "postgresql"


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Recommendations matching ``text``, annotated with ``rank`` (higher is better)."""
    text = " ".join(text.split())[:200]
    if not text:
        return queryset
    if has_full_text():
        vector = SearchColumn()
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            queryset.annotate(search_vector=vector)
            .filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
        )
    condition = Q()
    for word in text.split()[:10]:
        word = word.strip("\"'")
        if not word or word.lower() in {"or", "and"}:
            continue
        any_field = Q()
        for name in SEARCH_FIELDS:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))
