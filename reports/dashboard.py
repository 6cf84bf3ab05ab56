"""The managers' dashboard: counts across the partnership, each answered by one aggregate query.

Every figure links back to Find with the filters that reproduce it, so a number can always be
opened as the list of actions behind it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from partnership.access import partnership_ids, sees_everything
from partnership.models import Organisation
from recommendations.filters import agency_counts, organisation_tree
from recommendations.models import (
    OUTSTANDING_LIFECYCLES,
    ActionPlan,
    Lifecycle,
    Rag,
    Recommendation,
    StatusLabel,
)
from recommendations.scoping import is_partnership_staff

RAG_SERIES = [
    (Rag.RED, "Red"),
    (Rag.AMBER, "Amber"),
    (Rag.GREEN, "Green"),
    (Rag.BLUE, "Blue"),
    ("none", "Not rated"),
]


def find_url(**params) -> str:
    """A link to Find with these filters (lists become repeated parameters)."""
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, item))
    return f"{reverse('recommendations:list')}?{urlencode(pairs)}"


@dataclass
class Cell:
    count: int
    href: str


@dataclass
class MatrixRow:
    label: str
    depth: int
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    columns: list[str]
    rows: list[MatrixRow] = field(default_factory=list)


def agency_status_matrix(user: Any) -> Matrix:
    """Lead agency (with its teams) by status lifecycle, for every agency that leads anything."""
    tree = organisation_tree(Organisation.objects.visible_to(user))
    counts = agency_counts(Recommendation.objects.visible_to(user), tree, by_lifecycle=True)
    matrix = Matrix(columns=[label for _, label in Lifecycle.choices])
    for org, depth in tree:
        cells = [
            Cell(counts.get((org.pk, value), 0), find_url(agency=org.pk, lifecycle=value))
            for value, _ in Lifecycle.choices
        ]
        total = sum(cell.count for cell in cells)
        if total:
            matrix.rows.append(
                MatrixRow(org.display_name, depth, cells, Cell(total, find_url(agency=org.pk)))
            )
    return matrix


@dataclass
class PlanRag:
    plan: ActionPlan
    cells: list[Cell]
    total: int


def rag_by_plan(user: Any) -> list[PlanRag]:
    """Outstanding actions of each plan by RAG rating (one grouped query)."""
    rows = (
        Recommendation.objects.visible_to(user)
        .outstanding()
        .values_list("plan_id", "rag")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for plan_id, rag, n in rows:
        counts.setdefault(plan_id, {})[rag or "none"] = n
    result = []
    for plan in ActionPlan.objects.visible_to(user).filter(pk__in=counts).order_by("name"):
        by_rag = counts[plan.pk]
        cells = [
            Cell(by_rag.get(value, 0), find_url(plan=plan.pk, outstanding="on", rag=value))
            for value, _ in RAG_SERIES
        ]
        result.append(PlanRag(plan, cells, sum(by_rag.values())))
    return result


@dataclass
class Bar:
    label: str
    count: int
    href: str


def overdue_by_agency(user: Any, today: date | None = None) -> list[Bar]:
    """Overdue actions per lead agency (teams included), most overdue first."""
    tree = organisation_tree(Organisation.objects.visible_to(user))
    counts = agency_counts(Recommendation.objects.visible_to(user).overdue(today), tree)
    bars = [
        Bar(org.display_name, counts[org.pk], find_url(agency=org.pk, overdue="on"))
        for org, _ in tree
        if counts.get(org.pk)
    ]
    return sorted(bars, key=lambda bar: (-bar.count, bar.label))


def _month_key(value) -> tuple[int, int]:
    if isinstance(value, str):  # SQLite returns the truncated timestamp as text
        return int(value[:4]), int(value[5:7])
    return value.year, value.month


def _months_back(today: date, months: int) -> list[tuple[int, int]]:
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(keys))


def _scope_key(user: Any) -> str:
    """What decides which actions a user's trend counts: everything, or exactly these plans and
    (for an officer reading need-to-know plans in part) this user."""
    if sees_everything(user):
        return "all"
    if is_partnership_staff(user):  # every plan of their partnerships
        return "p" + ",".join(map(str, sorted(partnership_ids(user))))
    plans = sorted(ActionPlan.objects.readable_by(user).values_list("pk", flat=True))
    digest = hashlib.sha256(",".join(map(str, plans)).encode()).hexdigest()[:16]
    return f"{digest}:{user.pk}"


def outstanding_over_time(user: Any, months: int = 24, now: datetime | None = None) -> list[Bar]:
    """The monthly outstanding counts: past months from history (cached), this month live.

    History is append-only and every row is dated when it is written, so the count at the end of
    a month that has ended never changes, unless a status word's lifecycle changes (its newest
    history id is in the key). Those months are computed once a month (about 0.1-0.2 s at 100,000
    history rows); the current month is the live outstanding count, so the chart is right after
    every change without re-reading the history.
    """
    now = now or timezone.now()
    visible = Recommendation.objects.visible_to(user)
    statuses = StatusLabel.history.aggregate(newest=Max("history_id"))["newest"]
    scope = _scope_key(user)
    key = f"dashboard:trend:{months}:{statuses}:{scope}:{timezone.localtime(now):%Y-%m}"
    bars = cache.get(key)
    if bars is None:
        bars = _outstanding_over_time(months, now, visible)
        cache.set(key, bars, 60 * 60 * 24 * 32)
    live = visible.outstanding().count()
    return [*bars[:-1], replace(bars[-1], count=live)]


def _outstanding_over_time(months: int, now: datetime, visible: QuerySet) -> list[Bar]:
    """How many actions were outstanding at the end of each month, read back from history.

    One query over the history table: each history row is 1 when the action was outstanding
    after it and 0 otherwise; LAG() turns that into +1/-1 changes, which are summed per month.
    The count at the end of a month is every change up to then.
    """
    history = Recommendation.history.model._meta.db_table
    try:
        ids_sql, ids_params = visible.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # the user may read no actions: nothing was ever outstanding
        ids_sql, ids_params = "SELECT NULL WHERE 1 = 0", []
    statuses = StatusLabel._meta.db_table
    outstanding = ", ".join(["%s"] * len(OUTSTANDING_LIFECYCLES))
    month_sql, month_params = connection.ops.datetime_trunc_sql(
        "month", "changes.history_date", (), settings.TIME_ZONE
    )
    sql = f"""
        SELECT {month_sql} AS month, SUM(changes.delta)
        FROM (
            SELECT flagged.history_date,
                   flagged.flag - COALESCE(LAG(flagged.flag) OVER (
                       PARTITION BY flagged.id ORDER BY flagged.history_date, flagged.history_id
                   ), 0) AS delta
            FROM (
                SELECT h.id, h.history_id, h.history_date,
                       CASE WHEN h.history_type <> '-' AND s.lifecycle IN ({outstanding})
                            THEN 1 ELSE 0 END AS flag
                FROM {history} h LEFT JOIN {statuses} s ON s.id = h.status_id
                WHERE h.history_date <= %s AND h.id IN ({ids_sql})
            ) flagged
        ) changes
        WHERE changes.delta <> 0
        GROUP BY 1
    """
    params = [*month_params, *OUTSTANDING_LIFECYCLES, now, *ids_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        deltas = {_month_key(month): int(total) for month, total in cursor.fetchall()}
    keys = _months_back(timezone.localtime(now).date(), months)
    running = sum(total for key, total in deltas.items() if key < keys[0])
    bars = []
    for year, month in keys:
        running += deltas.get((year, month), 0)
        bars.append(Bar(date(year, month, 1).strftime("%b %Y"), running, ""))
    return bars


def headline(user: Any, today: date | None = None) -> dict[str, int]:
    """Totals for the top of the page (one aggregate query)."""
    today = today or timezone.localdate()
    outstanding = Q(status__lifecycle__in=OUTSTANDING_LIFECYCLES)
    return Recommendation.objects.visible_to(user).aggregate(
        total=Count("id"),
        outstanding=Count("id", filter=outstanding),
        overdue=Count("id", filter=outstanding & Q(due_date__lt=today)),
        red=Count("id", filter=outstanding & Q(rag=Rag.RED)),
    )
