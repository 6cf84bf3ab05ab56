"""Find: the one FilterSet behind the actions list, its exports, the dashboard's links.

The whole state lives in the querystring (``agency=3&rag=RED&rag=AMBER&sort=-updated``) so a view
can be bookmarked, shared, saved, exported and handed to the appendix unchanged.

Counts beside each choice come from one aggregate query per facet, run against the list as
filtered by every *other* filter (so choosing "Red" still shows how many are Amber).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.http import urlencode

from partnership.models import Organisation, Person
from recommendations.models import (
    OUTSTANDING_LIFECYCLES,
    ActionPlan,
    Lifecycle,
    PlanKind,
    Rag,
    Recommendation,
    Section,
)
from recommendations.search import search

LeadOrganisation = Recommendation.lead_organisations.through
LeadPerson = Recommendation.lead_people.through

NOT_RATED = "none"
RAG_CHOICES = [(Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green"), (Rag.BLUE, "Blue")]
RAG_CHOICES.append((NOT_RATED, "Not rated"))

# Sortable columns: querystring value -> ORDER BY (ties broken by source order).
SOURCE_ORDER = ("plan__name", "section__order", "order", "sort_key", "pk")
RAG_ORDER = Case(
    *(When(rag=value, then=Value(n)) for n, value in enumerate(["RED", "AMBER", "GREEN", "BLUE"])),
    default=Value(4),
    output_field=IntegerField(),
)
SORTS: dict[str, tuple] = {
    "reference": SOURCE_ORDER,
    "plan": ("plan__name", *SOURCE_ORDER[1:]),
    "status": ("status__lifecycle", "status__name", *SOURCE_ORDER),
    "rag": (RAG_ORDER, *SOURCE_ORDER),
    "due": ("due_date", *SOURCE_ORDER),
    "updated": ("updated_at", "pk"),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]

# Parameters that are not filters: they never narrow the list and are never faceted.
NOT_FILTERS = {"sort", "page"}


def _start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ids_subquery(through, **lookup) -> QuerySet:
    return through.objects.filter(**lookup).values("recommendation_id")


class RecommendationFilter(django_filters.FilterSet):
    """Every way Find narrows the list of actions across all plans."""

    q = django_filters.CharFilter(method="filter_text", label="Search words")
    agency = django_filters.NumberFilter(method="filter_agency", label="Lead agency")
    person = django_filters.NumberFilter(method="filter_person", label="Lead person")
    plan = django_filters.NumberFilter(field_name="plan_id", label="Plan")
    kind = django_filters.ChoiceFilter(
        field_name="plan__kind", choices=PlanKind.choices, label="Plan kind"
    )
    section = django_filters.NumberFilter(field_name="section_id", label="Section or workshop")
    lifecycle = django_filters.MultipleChoiceFilter(
        method="filter_lifecycle", choices=Lifecycle.choices, label="Status"
    )
    status = django_filters.CharFilter(method="filter_status_word", label="Plan's status word")
    outstanding = django_filters.BooleanFilter(
        method="filter_outstanding", widget=forms.CheckboxInput, label="Outstanding only"
    )
    rag = django_filters.MultipleChoiceFilter(
        method="filter_rag", choices=RAG_CHOICES, label="RAG rating"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", widget=forms.CheckboxInput, label="Overdue only"
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after"
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before"
    )
    changed_since = django_filters.DateFilter(method="filter_changed_since", label="Changed since")
    sort = django_filters.ChoiceFilter(
        method="filter_nothing", choices=SORT_CHOICES, label="Sort by"
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:  # scoped to the request's user; nothing without one
            request = kwargs.get("request")
            user = getattr(request, "user", None)
            queryset = Recommendation.objects.visible_to(user)
        # Always bound: no filters is a valid (empty) state, so cleaned_data always exists.
        super().__init__(data if data is not None else {}, queryset=queryset, **kwargs)
        self._organisation_ids: dict[int, set[int]] = {}
        self.total: int | None = None  # set by facets() when it counts the whole list

    # -- filters ---------------------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        return search(queryset, value)

    def agency_ids(self, organisation_id: int) -> set[int]:
        """The organisation and its teams (memoised: facets re-apply this filter)."""
        if organisation_id not in self._organisation_ids:
            self._organisation_ids[organisation_id] = Organisation.objects.with_descendant_ids(
                [organisation_id]
            )
        return self._organisation_ids[organisation_id]

    def filter_agency(self, queryset, name, value):
        # Led by the organisation or a team inside it, directly or through a lead person who
        # works there. Subqueries instead of joins: no duplicate rows, no DISTINCT.
        ids = self.agency_ids(int(value))
        return queryset.filter(
            Q(id__in=_ids_subquery(LeadOrganisation, organisation_id__in=ids))
            | Q(id__in=_ids_subquery(LeadPerson, person__organisation_id__in=ids))
        )

    def filter_person(self, queryset, name, value):
        return queryset.filter(id__in=_ids_subquery(LeadPerson, person_id=int(value)))

    def filter_lifecycle(self, queryset, name, value):
        return queryset.filter(status__lifecycle__in=value)

    def filter_status_word(self, queryset, name, value):
        return queryset.filter(status__name__iexact=" ".join(value.split()))

    def filter_outstanding(self, queryset, name, value):
        return queryset.outstanding() if value else queryset

    def filter_rag(self, queryset, name, value):
        return queryset.filter(rag__in=["" if v == NOT_RATED else v for v in value])

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_changed_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=_start_of_day(value))

    def filter_nothing(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    # -- results ---------------------------------------------------------------------------

    def filter_queryset(self, queryset):
        return self.ordered(super().filter_queryset(queryset))

    @property
    def current_sort(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return data.get("sort") or ""

    def ordered(self, queryset: QuerySet) -> QuerySet:
        sort = self.current_sort
        if not sort:
            if self.form.cleaned_data.get("q"):
                return queryset.order_by("-rank", *SOURCE_ORDER)  # best match first
            return queryset.order_by(*SOURCE_ORDER)
        fields = SORTS[sort.lstrip("-")]
        if sort.startswith("-"):
            fields = tuple(f.desc() if hasattr(f, "desc") else f"-{f}" for f in fields)
        return queryset.order_by(*fields)

    def without(self, *names: str) -> QuerySet:
        """The list filtered by every filter except ``names`` (the base of a facet's counts)."""
        self.form.is_valid()
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name in names or name in NOT_FILTERS:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def querystring(self, **overrides) -> str:
        """The current filters (valid, non-empty), URL-encoded, without page."""
        self.form.is_valid()
        pairs: list[tuple[str, str]] = []
        for name in self.filters:
            value = overrides[name] if name in overrides else self.form.cleaned_data.get(name)
            if value in (None, "", [], False):
                continue
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if item is True:
                    item = "on"
                elif hasattr(item, "isoformat"):
                    item = item.isoformat()
                pairs.append((name, str(item)))
        return urlencode(pairs)

    @property
    def is_filtered(self) -> bool:
        self.form.is_valid()
        return any(
            value not in (None, "", [], False)
            for name, value in self.form.cleaned_data.items()
            if name not in NOT_FILTERS
        )


# ---------------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------------


def organisation_tree(organisations: QuerySet | None = None) -> list[tuple[Organisation, int]]:
    """The organisations (every one unless given) with their depth, parents before their teams
    (one query)."""
    if organisations is None:
        organisations = Organisation.objects.all()
    organisations = list(organisations.order_by("name"))
    children: dict[int | None, list[Organisation]] = {}
    for org in organisations:
        children.setdefault(org.parent_id, []).append(org)
    known = {org.pk for org in organisations}
    roots = [org for org in organisations if org.parent_id not in known]
    result: list[tuple[Organisation, int]] = []
    stack = [(org, 0) for org in reversed(roots)]
    seen: set[int] = set()
    while stack:
        org, depth = stack.pop()
        if org.pk in seen:
            continue
        seen.add(org.pk)
        result.append((org, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(org.pk, [])))
    return result


def _ancestor_pairs(tree: list[tuple[Organisation, int]]) -> list[tuple[int, int]]:
    """(ancestor, descendant) for every organisation and itself and each team beneath it."""
    parent = {org.pk: org.parent_id for org, _ in tree}
    pairs = []
    for org, _ in tree:
        node, seen = org.pk, set()
        while node is not None and node not in seen:
            pairs.append((node, org.pk))
            seen.add(node)
            node = parent.get(node)
    return pairs


def agency_counts(
    queryset: QuerySet,
    tree: list[tuple[Organisation, int]],
    *,
    by_lifecycle: bool = False,
) -> dict:
    """Actions per lead agency, each agency counting its teams' actions once (one query).

    Keys are organisation ids, or (organisation id, lifecycle) with ``by_lifecycle``.
    """
    pairs = _ancestor_pairs(tree)
    if not pairs:
        return {}
    try:
        ids_sql, ids_params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # the user may read no actions at all
        return {}
    orgs_table = LeadOrganisation._meta.db_table
    people_table = LeadPerson._meta.db_table
    person_table = Person._meta.db_table
    rec_table = Recommendation._meta.db_table
    status_table = Recommendation._meta.get_field("status").related_model._meta.db_table
    values = ", ".join(["(%s, %s)"] * len(pairs))
    cast = "::bigint" if connection.vendor == "postgresql" else ""
    lifecycle_select = ", s.lifecycle" if by_lifecycle else ""
    lifecycle_join = (
        f" JOIN {rec_table} r ON r.id = leads.rec JOIN {status_table} s ON s.id = r.status_id"
        if by_lifecycle
        else ""
    )
    sql = f"""
        SELECT anc.column1{cast}{lifecycle_select}, COUNT(DISTINCT leads.rec)
        FROM (
            SELECT recommendation_id AS rec, organisation_id AS org FROM {orgs_table}
            WHERE recommendation_id IN ({ids_sql})
            UNION
            SELECT lp.recommendation_id, p.organisation_id FROM {people_table} lp
            JOIN {person_table} p ON p.id = lp.person_id
            WHERE p.organisation_id IS NOT NULL AND lp.recommendation_id IN ({ids_sql})
        ) leads
        JOIN (VALUES {values}) anc ON anc.column2{cast} = leads.org
        {lifecycle_join}
        GROUP BY anc.column1{lifecycle_select}
    """
    params = [*ids_params, *ids_params, *(n for pair in pairs for n in pair)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if by_lifecycle:
        return {(org, lifecycle): n for org, lifecycle, n in rows}
    return {org: n for org, n in rows}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


def _grouped(queryset: QuerySet, field) -> dict:
    if isinstance(field, str):
        rows = queryset.values_list(field).annotate(n=Count("id")).order_by()
    else:
        rows = queryset.annotate(key=field).values_list("key").annotate(n=Count("id")).order_by()
    return dict(rows)


class _SharedCounts:
    """Counts for the plan, plan kind, status and status word facets.

    Every one of them whose own filter is not in use counts over the same list (the fully
    filtered one), so they share one query grouped by all four; a facet in use gets its own.
    """

    COLUMNS = {
        "plan": "plan_id",
        "kind": "plan__kind",
        "lifecycle": "status__lifecycle",
        "status": "status__name",
    }

    def __init__(self, filterset: RecommendationFilter, chosen: dict[str, set[str]]):
        self.filterset = filterset
        self.shared = [name for name in self.COLUMNS if not chosen[name]]
        self._rows: list[tuple] | None = None

    def total(self) -> int | None:
        """How many rows the fully filtered list has, when the shared query was run."""
        return None if self._rows is None else sum(row[-1] for row in self._rows)

    def counts(self, name: str) -> dict:
        if name not in self.shared:
            return _grouped(self.filterset.without(name), self.COLUMNS[name])
        if self._rows is None:
            columns = [self.COLUMNS[n] for n in self.shared]
            self._rows = list(
                self.filterset.without().values_list(*columns).annotate(n=Count("id")).order_by()
            )
        position = self.shared.index(name)
        result: dict = {}
        for row in self._rows:
            result[row[position]] = result.get(row[position], 0) + row[-1]
        return result


def _selected(filterset: RecommendationFilter, name: str) -> set[str]:
    value = filterset.form.cleaned_data.get(name)
    if value in (None, "", False):
        return set()
    values = value if isinstance(value, list | tuple) else [value]
    return {str(int(v)) if isinstance(v, float | int) else str(v) for v in values}


def facets(filterset: RecommendationFilter) -> dict[str, list[Option]]:
    """Every filter's choices with counts: one aggregate query per facet, never one per choice."""
    filterset.form.is_valid()
    chosen = {name: _selected(filterset, name) for name in filterset.filters}
    result: dict[str, list[Option]] = {}
    # Names offered come from what the user may see, so a chosen id from elsewhere shows nothing.
    user = getattr(filterset.request, "user", None)

    tree = organisation_tree(Organisation.objects.visible_to(user))
    counts = agency_counts(filterset.without("agency"), tree)
    result["agency"] = [
        Option(
            str(org.pk),
            org.display_name,
            counts.get(org.pk, 0),
            str(org.pk) in chosen["agency"],
            depth,
        )
        for org, depth in tree
    ]

    counts = dict(
        LeadPerson.objects.filter(recommendation_id__in=filterset.without("person").values("id"))
        .values_list("person_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    people = Person.objects.visible_to(user).filter(
        Q(pk__in=counts.keys()) | Q(pk__in=_ints(chosen["person"]))
    )
    result["person"] = [
        Option(
            str(pk),
            f"{name} ({initials})" if initials else name,
            counts.get(pk, 0),
            str(pk) in chosen["person"],
        )
        for pk, name, initials in people.order_by("name").values_list("pk", "name", "initials")
    ]

    grouped = _SharedCounts(filterset, chosen)
    counts = grouped.counts("plan")
    plans = ActionPlan.objects.visible_to(user).filter(
        Q(pk__in=counts.keys()) | Q(pk__in=_ints(chosen["plan"]))
    )
    result["plan"] = [
        Option(str(pk), name, counts.get(pk, 0), str(pk) in chosen["plan"])
        for pk, name in plans.order_by("name").values_list("pk", "name")
    ]

    counts = grouped.counts("kind")
    result["kind"] = [
        Option(value, label, counts.get(value, 0), value in chosen["kind"])
        for value, label in PlanKind.choices
    ]

    # Sections are listed for the chosen plan only (a partnership has hundreds of them).
    section_plan = _ints(chosen["plan"])
    counts = _grouped(filterset.without("section"), "section_id") if section_plan else {}
    sections = (
        Section.objects.visible_to(user)
        .filter(Q(plan_id__in=section_plan) | Q(pk__in=_ints(chosen["section"])))
        .select_related("plan")
    )
    result["section"] = [
        Option(str(s.pk), str(s), counts.get(s.pk, 0), str(s.pk) in chosen["section"])
        for s in sections.order_by("plan__name", "order", "pk")
    ]

    counts = grouped.counts("lifecycle")
    # The list's own length comes free with the shared counts: the paginator need not count.
    filterset.total = grouped.total()
    result["lifecycle"] = [
        Option(value, label, counts.get(value, 0), value in chosen["lifecycle"])
        for value, label in Lifecycle.choices
    ]

    # Plans spell the same word differently ("Complete", "COMPLETE"): one choice per word,
    # shown in its most common spelling.
    spellings: dict[str, dict[str, int]] = {}
    for name, n in grouped.counts("status").items():
        spellings.setdefault(name.casefold(), {})[name] = n
    wanted = {" ".join(w.split()).casefold(): w for w in chosen["status"]}
    for word, written in wanted.items():
        spellings.setdefault(word, {written: 0})
    result["status"] = [
        Option(
            max(names, key=names.get),
            max(names, key=names.get),
            sum(names.values()),
            word in wanted,
        )
        for word, names in sorted(spellings.items())
    ]

    counts = _grouped(filterset.without("rag"), "rag")
    counts[NOT_RATED] = counts.pop("", 0)
    result["rag"] = [
        Option(value, label, counts.get(value, 0), value in chosen["rag"])
        for value, label in RAG_CHOICES
    ]

    today = timezone.localdate()
    totals = filterset.without("outstanding", "overdue").aggregate(
        outstanding=Count("id", filter=Q(status__lifecycle__in=OUTSTANDING_LIFECYCLES)),
        overdue=Count(
            "id", filter=Q(status__lifecycle__in=OUTSTANDING_LIFECYCLES, due_date__lt=today)
        ),
    )
    result["outstanding"] = [
        Option("on", "Outstanding only", totals["outstanding"], bool(chosen["outstanding"]))
    ]
    result["overdue"] = [Option("on", "Overdue only", totals["overdue"], bool(chosen["overdue"]))]
    return result


def _ints(values: Iterable[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]
