"""A stored, generated tsvector column with a GIN index for Find's free-text search.

PostgreSQL only: the column is computed by the database on every insert and update, so no service
has to maintain it and history is unaffected. It is deliberately not a model field (SQLite has no
tsvector); recommendations/search.py reads it by name. SQLite keeps an icontains fallback.
Keep SEARCH_COLUMN_SQL in step with recommendations/search.py (weights A/B/C).
"""

from django.db import migrations

TABLE = "recommendations_recommendation"

SEARCH_COLUMN_SQL = f"""
ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(reference, '')), 'A')
    || setweight(to_tsvector('english', coalesce(text, '')), 'A')
    || setweight(to_tsvector('english', coalesce(leads_text, '') || ' '
        || coalesce(outcome, '') || ' ' || coalesce(next_milestone, '')), 'B')
    || setweight(to_tsvector('english', coalesce(work_to_date, '') || ' '
        || coalesce(notes, '') || ' ' || coalesce(commentary, '') || ' '
        || coalesce(unassigned_note, '') || ' ' || coalesce(revised_date_reason, '')), 'C')
) STORED;
CREATE INDEX recommendation_search_gin ON {TABLE} USING gin (search_vector);
"""

DROP_SQL = f"""
DROP INDEX IF EXISTS recommendation_search_gin;
ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_COLUMN_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_saved_views")]

    operations = [migrations.RunPython(forwards, backwards)]
