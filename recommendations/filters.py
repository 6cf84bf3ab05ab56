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
from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.http import urlencode

from partnership.models import Organisation, Person
from recommendations.data_version import scope_key, shared_cache_key
from recommendations.date_input import DateInputField
from recommendations.models import (
    ActionPlan,
    Lifecycle,
    PlanKind,
    Rag,
    Recommendation,
    Section,
    led_ids,
    outstanding_q,
    overdue_q,
)
from recommendations.search import search

LeadOrganisation = Recommendation.lead_organisations.through
LeadPerson = Recommendation.lead_people.through

NOT_RATED = "none"
RAG_CHOICES = [*((rag.value, rag.label) for rag in Rag.rated()), (NOT_RATED, Rag.NONE.label)]

# Sortable columns: querystring value -> ORDER BY (ties broken by source order).
SOURCE_ORDER = ("plan__name", "section__order", "order", "sort_key", "pk")
RAG_ORDER = Case(
    *(When(rag=value, then=Value(n)) for n, value in enumerate(Rag.rated())),
    default=Value(len(Rag.rated())),
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


class IdFilter(django_filters.NumberFilter):
    """A filter on a database id: a whole number the database can hold, else a field error
    (a 20-digit value would overflow SQLite's integers and fail the whole page)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Choose one from the list",
                "min_value": "Choose one from the list",
                "max_value": "Choose one from the list",
            },
        )
        super().__init__(*args, **kwargs)


class SeveralField(forms.Field):
    """Several values of one parameter (``agency=3&agency=7``), each cleaned by ``clean_one``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [self.clean_one(v) for v in values if str(v).strip()]

    def clean_one(self, value):
        return " ".join(str(value).split())


class IdsField(SeveralField):
    def clean_one(self, value) -> int:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 2**63 - 1:  # an id the database can hold
            raise forms.ValidationError("Choose from the list")
        return int(text)


class DateFilter(django_filters.DateFilter):
    """A date from the GOV.UK day, month and year boxes (or one ISO date in a link)."""

    field_class = DateInputField


class WordsFilter(django_filters.Filter):
    field_class = SeveralField


class IdsFilter(django_filters.Filter):
    field_class = IdsField


class RecommendationFilter(django_filters.FilterSet):
    """Every way Find narrows the list of actions across all plans."""

    q = django_filters.CharFilter(method="filter_text", label="Search words")
    agency = IdsFilter(method="filter_agency", label="Lead agency")
    person = IdFilter(method="filter_person", label="Lead person")
    plan = IdFilter(field_name="plan_id", label="Plan")
    kind = django_filters.ChoiceFilter(
        field_name="plan__kind", choices=PlanKind.choices, label="Plan kind"
    )
    section = IdFilter(field_name="section_id", label="Section or workshop")
    lifecycle = django_filters.MultipleChoiceFilter(
        method="filter_lifecycle", choices=Lifecycle.choices, label="Status"
    )
    status = WordsFilter(method="filter_status_word", label="Plan's status word")
    outstanding = django_filters.BooleanFilter(
        method="filter_outstanding", widget=forms.CheckboxInput, label="Outstanding only"
    )
    rag = django_filters.MultipleChoiceFilter(
        method="filter_rag", choices=RAG_CHOICES, label="RAG rating"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", widget=forms.CheckboxInput, label="Overdue only"
    )
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label="Target date from")
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label="Target date to")
    changed_since = DateFilter(method="filter_changed_since", label="Changed since")
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
        self._organisation_ids: dict[tuple[int, ...], set[int]] = {}
        self.total: int | None = None  # set by facets() when it counts the whole list
        # (plan name, plan id, rows) in name order, when facets() counted every plan of the list
        self.plan_counts: list[tuple[str, int, int]] | None = None
        # the ids of the list's first ORDER_IDS rows in order, when cached_facets kept them
        self.order_ids: list[int] | None = None

    # -- filters ---------------------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        return search(queryset, value)

    def agency_ids(self, organisation_ids: list[int]) -> set[int]:
        """The organisations and their teams (memoised: facets re-apply this filter)."""
        key = tuple(sorted(organisation_ids))
        if key not in self._organisation_ids:
            self._organisation_ids[key] = Organisation.objects.with_descendant_ids(list(key))
        return self._organisation_ids[key]

    def filter_agency(self, queryset, name, value):
        # Led by any of the organisations or a team inside one, directly or through a lead
        # person who works there: one UNION subquery, no duplicate rows, no DISTINCT.
        if not value:
            return queryset
        return queryset.filter(id__in=led_ids(Recommendation, self.agency_ids(value)))

    def filter_person(self, queryset, name, value):
        return queryset.filter(id__in=_ids_subquery(LeadPerson, person_id=int(value)))

    def filter_lifecycle(self, queryset, name, value):
        return queryset.filter(status__lifecycle__in=value)

    def filter_status_word(self, queryset, name, value):
        if not value:
            return queryset
        words = Q()
        for word in value:
            words |= Q(status__name__iexact=word)
        return queryset.filter(words)

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

    @property
    def _by_plan(self) -> bool:
        """Whether the list is in plan-name order (source order, the default, or by plan)."""
        sort = self.current_sort
        return sort.lstrip("-") in {"reference", "plan"} or not (
            sort or self.form.cleaned_data.get("q")
        )

    @property
    def keeps_order(self) -> bool:
        """Whether the list's first rows are kept in order beside its counts (``order_ids``):
        every list but the unfiltered one in plan order, whose page ``plan_counts`` finds."""
        return self.is_filtered or not self._by_plan

    def page_rows(self, queryset: QuerySet, offset: int, size: int) -> list:
        """Rows ``offset`` to ``offset + size`` of the ordered list ``queryset``.

        Within the first rows the cached order holds (``order_ids``), the page is read by id:
        a search's ranking and a filter's subqueries are not worked out again over every
        match. Otherwise, sorted by plan name first, the page lies within a few plans and
        ``plan_counts`` says which: only their rows are read and sorted, not the whole list.
        """
        ids = self.order_ids
        if ids is not None and (offset + size <= len(ids) or len(ids) < ORDER_IDS):
            return self._rows_by_id(ids[offset : offset + size])
        if not self._by_plan or self.plan_counts is None:
            return list(queryset[offset : offset + size])
        return self._rows_by_plan(queryset, offset, size)

    def _rows_by_id(self, ids: list[int]) -> list:
        """These actions, in this order, read through the user's scope (so a cached id never
        shows what the user may not read)."""
        if not ids:
            return []
        rows = {rec.pk: rec for rec in self.queryset.with_related().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def _rows_by_plan(self, queryset: QuerySet, offset: int, size: int) -> list:
        assert self.plan_counts is not None
        names: list[tuple[str, list[int], int]] = []  # plans of one name sort together
        for name, pk, count in self.plan_counts:
            if names and names[-1][0] == name:
                names[-1][1].append(pk)
                names[-1] = (name, names[-1][1], names[-1][2] + count)
            else:
                names.append((name, [pk], count))
        if self.current_sort.startswith("-"):
            names.reverse()
        plans, start, position = [], None, 0
        for _name, pks, count in names:
            if position + count > offset and position < offset + size:
                plans.extend(pks)
                start = offset - position if start is None else start
            position += count
        if start is None:
            return []
        return list(queryset.filter(plan_id__in=plans)[start : start + size])

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
    group: str = ""  # a status word's lifecycle


def _grouped(queryset: QuerySet, field) -> dict:
    if isinstance(field, str):
        rows = queryset.values_list(field).annotate(n=Count("id")).order_by()
    else:
        rows = queryset.annotate(key=field).values_list("key").annotate(n=Count("id")).order_by()
    return dict(rows)


class _SharedCounts:
    """Counts for the plan, plan kind, status and status word facets.

    Every one of them whose own filter is not in use counts over the same list (the fully
    filtered one), so they share one query grouped by all their columns; a facet in use gets its
    own. Status words are counted per lifecycle, so each shows beneath its stage.
    """

    COLUMNS = {
        "plan": ("plan_id",),
        "kind": ("plan__kind",),
        "lifecycle": ("status__lifecycle",),
        "status": ("status__lifecycle", "status__name"),
    }

    def __init__(self, filterset: RecommendationFilter, chosen: dict[str, set[str]]):
        self.filterset = filterset
        self.shared = [name for name in self.COLUMNS if not chosen[name]]
        self.columns = list(dict.fromkeys(c for name in self.shared for c in self.COLUMNS[name]))
        self._rows: list[tuple] | None = None

    def total(self) -> int | None:
        """How many rows the fully filtered list has, when the shared query was run."""
        return None if self._rows is None else sum(row[-1] for row in self._rows)

    def counts(self, name: str) -> dict:
        columns = self.COLUMNS[name]
        if name in self.shared:
            if self._rows is None:
                self._rows = list(
                    self.filterset.without()
                    .values_list(*self.columns)
                    .annotate(n=Count("id"))
                    .order_by()
                )
            rows, positions = self._rows, [self.columns.index(c) for c in columns]
        else:
            query = self.filterset.without(name).values_list(*columns).annotate(n=Count("id"))
            rows, positions = list(query.order_by()), list(range(len(columns)))
        result: dict = {}
        for row in rows:
            key = row[positions[0]] if len(positions) == 1 else tuple(row[p] for p in positions)
            result[key] = result.get(key, 0) + row[-1]
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
    # Names offered come from what the user may see, so a chosen id from elsewhere shows nothing.
    user = getattr(filterset.request, "user", None)
    result = _directory_facets(filterset, chosen, user)

    grouped = _SharedCounts(filterset, chosen)
    counts = grouped.counts("plan")
    plans = ActionPlan.objects.visible_to(user).filter(
        Q(pk__in=counts.keys()) | Q(pk__in=_ints(chosen["plan"]))
    )
    named = list(plans.order_by("name").values_list("pk", "name"))
    result["plan"] = [
        Option(str(pk), name, counts.get(pk, 0), str(pk) in chosen["plan"]) for pk, name in named
    ]
    if not chosen["plan"] and set(counts) <= {pk for pk, _ in named}:
        filterset.plan_counts = [(name, pk, counts[pk]) for pk, name in named if pk in counts]

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

    result["status"] = _status_words(grouped.counts("status"), chosen["status"])

    result.update(_rating_facets(filterset, chosen))
    return result


FACETS_TTL = 60 * 60  # seconds; any change to the data makes a new key long before
ORDER_IDS = 1000  # rows of a list whose order is kept beside its counts: its first 40 pages


def cached_facets(filterset: RecommendationFilter) -> dict[str, list[Option]]:
    """:func:`facets` through the shared cache, keyed by the data's version, the user's scope,
    the day (overdue) and the filters: the same counts are computed once for every web worker,
    and again only after something they count has changed (recommendations.data_version).

    Beside them, under the same key and the sort, the ids of the list's first rows in order
    (``keeps_order``), read with the counts in one cache look-up."""
    filterset.form.is_valid()
    user = getattr(filterset.request, "user", None)
    key = shared_cache_key(
        "find:facets",
        timezone.localdate(),
        scope_key(user),
        filterset.querystring(sort=None),
        _agency_answer(filterset),
    )
    order_key = f"{key}:order:{filterset.current_sort}" if filterset.keeps_order else ""
    found = cache.get_many([key, order_key] if order_key else [key])
    if key not in found:
        found[key] = (facets(filterset), filterset.total, filterset.plan_counts)
        cache.set(key, found[key], FACETS_TTL)
    if order_key and order_key not in found:
        found[order_key] = list(filterset.qs.values_list("pk", flat=True)[:ORDER_IDS])
        cache.set(order_key, found[order_key], FACETS_TTL)
    result, filterset.total, filterset.plan_counts = found[key]
    filterset.order_ids = found.get(order_key)
    return result


def _agency_answer(filterset: RecommendationFilter) -> str:
    """What the organisation-tree rule answers for the chosen agencies (they and their teams):
    part of the key, as the overdue rule's answer is, so a change to the rule in its one home
    (``Organisation.subtree_ids``) is a new key, not the old ids (one small query, memoised for
    the filter itself)."""
    valid = filterset.form.is_valid()
    chosen = filterset.form.cleaned_data.get("agency") if valid else None
    if not chosen:
        return ""
    return ",".join(map(str, sorted(filterset.agency_ids(chosen))))


def _directory_facets(
    filterset: RecommendationFilter, chosen: dict, user: Any
) -> dict[str, list[Option]]:
    """Lead agencies (as a tree, each counting its teams) and lead people ``user`` may see."""
    result: dict[str, list[Option]] = {}
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
    return result


def _rating_facets(filterset: RecommendationFilter, chosen: dict) -> dict[str, list[Option]]:
    """RAG ratings, and the outstanding and overdue switches."""
    result: dict[str, list[Option]] = {}
    counts = _grouped(filterset.without("rag"), "rag")
    counts[NOT_RATED] = counts.pop("", 0)
    result["rag"] = [
        Option(value, label, counts.get(value, 0), value in chosen["rag"])
        for value, label in RAG_CHOICES
    ]

    today = timezone.localdate()
    totals = filterset.without("outstanding", "overdue").aggregate(
        outstanding=Count("id", filter=outstanding_q()),
        overdue=Count("id", filter=overdue_q(today)),
    )
    result["outstanding"] = [
        Option("on", "Outstanding only", totals["outstanding"], bool(chosen["outstanding"]))
    ]
    result["overdue"] = [Option("on", "Overdue only", totals["overdue"], bool(chosen["overdue"]))]
    return result


def _status_words(counts: dict[tuple[str, str], int], chosen: set[str]) -> list[Option]:
    """One choice per status word and lifecycle, in the word's most common spelling.

    Plans spell the same word differently ("Complete", "COMPLETE"): one choice for them all.
    A chosen word no plan uses any more is still listed (with no stage), so it can be unticked.
    """
    spellings: dict[tuple[str, str], dict[str, int]] = {}
    for (lifecycle, name), n in counts.items():
        spellings.setdefault((lifecycle, name.casefold()), {})[name] = n
    wanted = {" ".join(w.split()).casefold(): w for w in chosen}
    for word, written in wanted.items():
        if not any(key[1] == word for key in spellings):
            spellings[("", word)] = {written: 0}
    return [
        Option(
            max(names, key=names.get),
            max(names, key=names.get),
            sum(names.values()),
            word in wanted,
            group=lifecycle,
        )
        for (lifecycle, word), names in sorted(spellings.items(), key=lambda i: i[0][1])
    ]


def status_groups(facets: dict[str, list[Option]]) -> list[tuple[Option | None, list[Option]]]:
    """Each lifecycle stage with the plans' own words for it beneath; unplaced words last."""
    words: dict[str, list[Option]] = {}
    for option in facets["status"]:
        words.setdefault(option.group, []).append(option)
    groups: list[tuple[Option | None, list[Option]]] = [
        (stage, words.get(stage.value, [])) for stage in facets["lifecycle"]
    ]
    if words.get(""):
        groups.append((None, words[""]))
    return groups


def _ints(values: Iterable[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]
