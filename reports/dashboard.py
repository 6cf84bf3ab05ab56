"""The managers' dashboard: counts across the partnership, each answered by one aggregate query.

Every figure links back to Find with the filters that reproduce it, so a number can always be
opened as the list of actions behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from partnership.models import Organisation
from recommendations.data_version import scope_key, shared_cache_key
from recommendations.filters import agency_counts, organisation_tree
from recommendations.models import (
    ActionPlan,
    Lifecycle,
    Rag,
    Recommendation,
    StatusLabel,
    is_outstanding_lifecycle,
    outstanding_q,
    overdue_q,
)

RAG_SERIES = [*((rag.value, rag.label) for rag in Rag.rated()), ("none", Rag.NONE.label)]


def find_url(base: str = "", **params) -> str:
    """A link to Find with these filters (lists become repeated parameters). Pass ``base``
    (Find's path, reversed once) when building many: no ``reverse()`` per cell."""
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, item))
    return f"{base or reverse('recommendations:list')}?{urlencode(pairs)}"


@dataclass
class Cell:
    count: int
    href: str
    label: str = ""  # its column's heading, shown beside it where the table stacks


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
    base = reverse("recommendations:list")
    for org, depth in tree:
        cells = [
            Cell(n, find_url(base, agency=org.pk, lifecycle=value) if n else "", label)
            for value, label in Lifecycle.choices
            for n in [counts.get((org.pk, value), 0)]
        ]
        total = sum(cell.count for cell in cells)
        if total:
            matrix.rows.append(
                MatrixRow(
                    org.display_name, depth, cells, Cell(total, find_url(base, agency=org.pk))
                )
            )
    return matrix


@dataclass
class PlanRef:
    """What the dashboard shows of a plan (small to keep in the shared cache)."""

    pk: int
    name: str


@dataclass
class PlanRag:
    plan: PlanRef
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
    base = reverse("recommendations:list")
    plans = ActionPlan.objects.visible_to(user).filter(pk__in=counts).order_by("name")
    for plan in (PlanRef(pk, name) for pk, name in plans.values_list("pk", "name")):
        by_rag = counts[plan.pk]
        cells = [
            Cell(n, find_url(base, plan=plan.pk, outstanding="on", rag=value) if n else "")
            for value, _ in RAG_SERIES
            for n in [by_rag.get(value, 0)]
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
    base = reverse("recommendations:list")
    bars = [
        Bar(org.display_name, counts[org.pk], find_url(base, agency=org.pk, overdue="on"))
        for org, _ in tree
        if counts.get(org.pk)
    ]
    return sorted(bars, key=lambda bar: (-bar.count, bar.label))


def _months_back(today: date, months: int) -> list[tuple[int, int]]:
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(keys))


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
    scope = scope_key(user)
    key = f"dashboard:trend:{months}:{statuses}:{scope}:{timezone.localtime(now):%Y-%m}"
    bars = cache.get(key)
    if bars is None:
        bars = _outstanding_over_time(months, now, visible)
        cache.set(key, bars, 60 * 60 * 24 * 32)
    live = visible.outstanding().count()
    return [*bars[:-1], replace(bars[-1], count=live)]


def _outstanding_over_time(months: int, now: datetime, visible: QuerySet) -> list[Bar]:
    """How many of the ``visible`` actions were outstanding at the end of each month, as things
    stood then.

    Like the appendix, each month reads the actions' status AND what each status word meant at
    the time from history, so renaming or remapping a status word does not rewrite past months.
    Two queries (both history tables, date order), then one pass: a running count of actions per
    status word, summed at each month end over the words whose lifecycle was outstanding then.
    """
    keys = _months_back(timezone.localtime(now).date(), months)
    ends = [_month_end(year, month) for year, month in keys]
    events = sorted(
        [
            *(
                (when, hid, "status", pk, lifecycle)
                for pk, hid, when, lifecycle in StatusLabel.history.filter(
                    history_date__lte=now
                ).values_list("id", "history_id", "history_date", "lifecycle")
            ),
            *(
                (when, hid, "action", pk, None if kind == "-" else status_id)
                for pk, hid, when, kind, status_id in Recommendation.history.filter(
                    history_date__lte=now, id__in=visible.order_by().values("id")
                ).values_list("id", "history_id", "history_date", "history_type", "status_id")
            ),
        ],
        key=lambda event: (event[0], event[2] == "action", event[1]),
    )
    lifecycle_now = dict(StatusLabel.objects.values_list("id", "lifecycle"))
    lifecycle: dict[int, str] = {}
    status_of: dict[int, int | None] = {}
    per_status: dict[int | None, int] = defaultdict(int)
    counts, position = [], 0
    for end in ends:
        while position < len(events) and events[position][0] < end:
            _when, _hid, kind, pk, value = events[position]
            if kind == "status":
                lifecycle[pk] = value
            else:
                if pk in status_of:
                    per_status[status_of[pk]] -= 1
                status_of[pk] = value
                per_status[value] += 1
            position += 1
        counts.append(
            sum(
                n
                for status_id, n in per_status.items()
                if status_id is not None
                and is_outstanding_lifecycle(lifecycle.get(status_id, lifecycle_now.get(status_id)))
            )
        )
    return [
        Bar(date(year, month, 1).strftime("%b %Y"), count, "")
        for (year, month), count in zip(keys, counts, strict=True)
    ]


def _month_end(year: int, month: int) -> datetime:
    """The first instant of the next month, in the project's time zone."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return timezone.make_aware(datetime(year, month, 1))


def headline(user: Any, today: date | None = None) -> dict[str, int]:
    """Totals for the top of the page (one aggregate query)."""
    today = today or timezone.localdate()
    return Recommendation.objects.visible_to(user).aggregate(
        total=Count("id"),
        outstanding=Count("id", filter=outstanding_q()),
        overdue=Count("id", filter=overdue_q(today)),
        red=Count("id", filter=outstanding_q() & Q(rag=Rag.RED)),
    )


FIGURES_TTL = 60 * 60  # seconds; any change to the data makes a new key long before


def figures(user: Any, today: date, months: int = 24) -> dict:
    """Every figure of the dashboard, through the shared cache.

    The key holds the data's version (recommendations.data_version: the newest history id of
    every table behind the figures), the user's scope and the day, so a change to any action,
    plan, status word, lead or the directory is counted at the next view, by whichever worker
    serves it; until then every worker reads the same copy. Past months of the trend have their
    own, longer-lived entry (``outstanding_over_time``)."""
    key = shared_cache_key("dashboard:figures", today, scope_key(user), months)
    found = cache.get(key)
    if found is None:
        found = {
            "headline": headline(user, today),
            "matrix": agency_status_matrix(user),
            "rag_rows": rag_by_plan(user),
            "overdue": overdue_by_agency(user, today),
            "over_time": outstanding_over_time(user, months=months),
        }
        cache.set(key, found, FIGURES_TTL)
    return found
