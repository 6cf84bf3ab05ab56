"""My actions: an organisation's outstanding actions, a page at a time, in groups.

Everything the page counts (the summary, each group's size) comes from aggregate queries over the
whole list; only the rows of the page being read are loaded. So the page costs the same number of
queries, and about the same time, for an agency with 5 actions or 5,000.

Two groupings, both overdue first (the rule is ``overdue_q``, never restated here):

* ``due`` (the default): every overdue action under "Overdue", most overdue first, then one group
  per month the rest fall due in, then those with no target date.
* ``plan``: one group per plan, by name; inside each plan overdue first, then by target date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, F, QuerySet, Value, When
from django.db.models.functions import TruncMonth

from recommendations.data_version import scope_key, shared_cache_key
from recommendations.models import Rag, Recommendation, overdue_q

PAGE_SIZE = 25
GROUPINGS = {"due": "Target date", "plan": "Plan"}
DEFAULT_GROUPING = "due"
OVERDUE = "overdue"
UNDATED = "undated"


def grouping(value: str | None) -> str:
    return value if value in GROUPINGS else DEFAULT_GROUPING


def _late(today: date) -> Case:
    return Case(
        When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def ordered(queryset: QuerySet, group: str, today: date) -> QuerySet:
    """The list in page order for ``group``: overdue first, then by due date (undated last)."""
    by_due = ("-late", F("due_date").asc(nulls_last=True))
    tail = ("plan__name", "plan_id", "sort_key", "pk")
    queryset = queryset.annotate(late=_late(today))
    if group == "plan":
        return queryset.order_by("plan__name", "plan_id", *by_due, "sort_key", "pk")
    return queryset.order_by(*by_due, *tail)


def summary(queryset: QuerySet, today: date) -> dict:
    """Totals, overdue, and counts by status word and RAG rating: one grouped query."""
    rows = list(
        queryset.order_by()
        .values_list("status__name", "rag")
        .annotate(n=Count("id"), overdue=Count("id", filter=overdue_q(today)))
    )
    statuses: dict[str, int] = {}
    rags: dict[str, int] = {}
    for name, rag, n, _overdue in rows:
        statuses[name] = statuses.get(name, 0) + n
        rags[rag] = rags.get(rag, 0) + n
    return {
        "total": sum(row[2] for row in rows),
        "overdue": sum(row[3] for row in rows),
        "by_status": sorted(statuses.items()),
        "by_rag": [(value, label, rags[value]) for value, label in Rag.choices if rags.get(value)],
    }


def group_sizes(queryset: QuerySet, group: str, today: date) -> dict[Any, tuple[int, int]]:
    """How many actions (and how many overdue) each group holds, whatever page shows it."""
    base = queryset.order_by()
    if group == "plan":
        rows = base.values_list("plan_id").annotate(
            n=Count("id"), overdue=Count("id", filter=overdue_q(today))
        )
        return {plan_id: (n, overdue) for plan_id, n, overdue in rows}
    rows = (
        base.annotate(late=_late(today), month=TruncMonth("due_date"))
        .values_list("late", "month")
        .annotate(n=Count("id"))
    )
    sizes: dict[Any, tuple[int, int]] = {}
    for late, month, n in rows:
        key = OVERDUE if late else (_month(month) if month else UNDATED)
        total, overdue = sizes.get(key, (0, 0))
        sizes[key] = (total + n, overdue + (n if late else 0))
    return sizes


def _month(value: Any) -> date:
    return date(value.year, value.month, 1)


def group_key(rec: Recommendation, group: str) -> Any:
    if group == "plan":
        return rec.plan_id
    if rec.overdue:
        return OVERDUE
    return _month(rec.due_date) if rec.due_date else UNDATED


def group_heading(rec: Recommendation, group: str) -> str:
    if group == "plan":
        return rec.plan.name
    key = group_key(rec, group)
    if key == OVERDUE:
        return "Overdue"
    if key == UNDATED:
        return "No target date"
    return f"Due in {key:%B %Y}"


@dataclass
class Group:
    key: Any
    heading: str
    total: int
    overdue: int
    continued: bool = False  # it began on an earlier page
    recs: list[Recommendation] = field(default_factory=list)
    by_plan: bool = False

    @property
    def caption(self) -> str:
        """The group's table caption: its heading and its size over the whole list."""
        text = f"{self.heading}{' (continued)' if self.continued else ''}: {self.total} action"
        text += "" if self.total == 1 else "s"
        return f"{text}, {self.overdue} overdue" if self.by_plan and self.overdue else text


def page_groups(
    recs: Iterable[Recommendation], group: str, sizes: dict, before: Recommendation | None
) -> list[Group]:
    """The page's rows cut into their groups, each with its size over the whole list;
    ``before`` is the last row of the previous page (a group it shares "continues")."""
    groups: list[Group] = []
    for rec in recs:
        key = group_key(rec, group)
        if not groups or groups[-1].key != key:
            total, overdue = sizes.get(key, (0, 0))
            groups.append(
                Group(key, group_heading(rec, group), total, overdue, by_plan=group == "plan")
            )
            groups[-1].continued = (
                len(groups) == 1 and before is not None and (group_key(before, group) == key)
            )
        groups[-1].recs.append(rec)
    return groups


def paginate(queryset: QuerySet, ids: list[int], number: str | None) -> tuple[Page, Any, list]:
    """A page of the list whose ids, in page order, are ``ids``: the page, the last row of the
    page before (or None) and the page's rows, read by primary key in one query."""
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    start, end = page.start_index() - 1, page.end_index()
    wanted = ids[max(start - 1, 0) : end]
    found = {rec.pk: rec for rec in queryset.filter(pk__in=wanted)}
    rows = [found[pk] for pk in wanted if pk in found]
    before = rows.pop(0) if start > 0 and rows else None
    page.object_list = rows  # read once: the template's checks must not run it again
    return page, before, rows


CACHE_TTL = 60 * 60  # seconds; any change to the data makes a new key long before


def figures(user: Any, organisation: Any, mine: QuerySet, group: str, today: date) -> dict:
    """The summary, each group's size and every id in page order, through the shared cache
    (keyed by the data's version, the user's scope, the organisation, the grouping and the
    day: recommendations.data_version), so a page costs a look-up by primary key."""
    key = shared_cache_key("my-actions", today, scope_key(user), organisation.pk, group)
    found = cache.get(key)
    if found is None:
        found = {
            "counts": summary(mine, today),
            "sizes": group_sizes(mine, group, today),
            "ids": list(ordered(mine, group, today).values_list("pk", flat=True)),
        }
        cache.set(key, found, CACHE_TTL)
    return found
