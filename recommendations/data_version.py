"""A token that changes whenever anything Find's counts or the dashboard could show changes.

Every write to an audited model adds a history row (the audit rule, backed by the database's
append-only triggers), and history ids only grow. So the newest history id of each table behind
the figures (actions and their leads, plans and who may read them, status words, sections, the
directory, users and partnerships) names the state of the data: one query of index look-ups,
however many rows. Figures cached under a key holding this token (``shared_cache_key``) are
never stale: any change makes a new key, and the old entry simply ages out of the cache.

The cache is Django's configured default (partnership/settings.py): the database cache, or Redis
when REDIS_URL is set, so every web worker shares what one of them computed.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.apps import apps
from django.db import connection

from partnership.access import partnership_ids, sees_everything

# The models whose history decides what the figures count and who may see what.
SOURCES = (
    "recommendations.Recommendation",
    "recommendations.ActionPlan",
    "recommendations.StatusLabel",
    "recommendations.Section",
    "partnership.Organisation",
    "partnership.Person",
    "partnership.Partnership",
    "partnership.User",
)


def _history_tables() -> list[tuple[str, str]]:
    """(table, primary key column) of each source's history and its many-to-many histories."""
    histories = [apps.get_model(label).history.model._meta.db_table for label in SOURCES]
    return [
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models()
        if any(
            model._meta.db_table == table or model._meta.db_table.startswith(f"{table}_")
            for table in histories
        )
    ]


def data_version() -> str:
    """The newest history id of every source table, as one short string (one query)."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in _history_tables()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return ".".join("" if value is None else str(value) for value in row)


FIGURES_VERSION = 1  # raise when the shape or meaning of cached figures changes in the code


def _rules(today: date) -> tuple:
    """What the business rules answer today, read from their one home: a change to a rule
    (a grace period for overdue, another lifecycle counted as outstanding) is a new key."""
    from recommendations import models as rules

    return (rules.overdue_cutoff(today), tuple(rules.OUTSTANDING_LIFECYCLES))


def shared_cache_key(prefix: str, today: date, *parts: Any) -> str:
    """A cache key for figures computed from the data as it is now: the version, the rules as
    they stand ``today`` and the parts (the user's scope, the filters), hashed to a length every
    backend accepts."""
    head = (FIGURES_VERSION, data_version(), today, _rules(today))
    raw = "|".join(str(part) for part in (*head, *parts))
    return f"{prefix}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def scope_key(user: Any) -> str:
    """What decides which actions a user's figures count: everything, or exactly these plans and
    (for an officer reading need-to-know plans in part) this user."""
    from recommendations.models import ActionPlan
    from recommendations.scoping import is_partnership_staff

    if sees_everything(user):
        return "all"
    if is_partnership_staff(user):  # every plan of their partnerships
        return "p" + ",".join(map(str, sorted(partnership_ids(user))))
    plans = sorted(ActionPlan.objects.readable_by(user).values_list("pk", flat=True))
    digest = hashlib.sha256(",".join(map(str, plans)).encode()).hexdigest()[:16]
    return f"{digest}:{user.pk}"
