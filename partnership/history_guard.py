"""A database backstop for the audit trail: history tables are append-only.

The application already refuses bulk writes (``AuditedQuerySet``). These triggers make the history
tables refuse UPDATE (and, on PostgreSQL, DELETE) from any client, raw SQL included, so a bug or a
console session cannot rewrite the record. They are (re)installed after every ``migrate`` for every
model django-simple-history registers, so new audited models are covered automatically.

Issued papers (frozen appendices) get the same guard: once issued, their bytes never change.

On PostgreSQL a statement-level trigger also refuses TRUNCATE (so `manage.py flush` cannot empty
the record) whenever ``AUDIT_REFUSE_TRUNCATE`` is on, which is everywhere but the test suite:
Django's test runner empties tables with TRUNCATE between transactional tests. On SQLite, DELETE
stays allowed for the same reason (SQLite has no TRUNCATE). The production database role must not
own these tables, so it cannot drop or disable the triggers: see docs/deployment.md.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connections
from simple_history.models import HistoricalChanges

# Tables that are frozen once written, beside the history tables.
FROZEN_MODELS = ["reports.IssuedAppendix"]

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def history_tables() -> list[str]:
    """The database tables of every historical model (and its many-to-many history), whichever
    app declares it: every model django-simple-history builds derives from HistoricalChanges."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if issubclass(model, HistoricalChanges)
        }
    )


def guarded_tables() -> list[str]:
    """History tables plus the frozen ones (issued papers)."""
    frozen = [apps.get_model(label)._meta.db_table for label in FROZEN_MODELS]
    return sorted(set(history_tables()) | set(frozen))


def _truncate_guard(cursor, quote, table: str) -> None:
    name = quote(f"{table}_no_truncate")
    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}")
    if getattr(settings, "AUDIT_REFUSE_TRUNCATE", True):
        cursor.execute(
            f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {quote(table)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_history_append_only()"
        )


def install(using: str = "default") -> list[str]:
    """Create the append-only triggers; returns the tables guarded."""
    connection = connections[using]
    tables = guarded_tables()
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(FUNCTION)
            for table in tables:
                name = quote(f"{table}_append_only")
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {quote(table)} "
                    "FOR EACH ROW EXECUTE FUNCTION audit_history_append_only()"
                )
                _truncate_guard(cursor, quote, table)
        elif connection.vendor == "sqlite":
            for table in tables:
                name = quote(f"{table}_no_update")
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE UPDATE ON {quote(table)} "
                    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
                )
    return tables


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    if sender.name == "partnership":
        install(using)
