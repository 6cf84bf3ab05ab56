"""Find at any size: the page read from the plans it falls in, the counts from the shared cache,
and both right again the moment an action changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from recommendations import services
from recommendations.filters import SOURCE_ORDER
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

REASON = "Find flat test"


def _plans(partnership, users, organisations, sizes: dict[str, int]) -> None:
    for name, count in sizes.items():
        plan = services.plan_create(
            partnership=partnership, name=name, kind="workshop", by=users["clerk"], reason=REASON
        )
        status = services.status_for(plan, "Pending")
        for n in range(count):
            services.recommendation_create(
                plan=plan,
                reference=str(n + 1),
                text=f"{name} action {n + 1}",
                status=status,
                lead_organisations=[organisations["housing"]],
                by=users["clerk"],
                reason=REASON,
            )


@pytest.fixture
def many(partnership, users, organisations):
    # 63 actions in 5 plans, made out of name order: pages cut across plans.
    _plans(partnership, users, organisations, {"Alpha": 20, "Echo": 9, "Delta": 14})
    _plans(partnership, users, organisations, {"Charlie": 12, "Bravo": 8})


@pytest.mark.parametrize("sort", ["", "reference", "-reference", "plan", "-plan", "due"])
def test_every_page_holds_the_rows_the_whole_sorted_list_has_there(client, users, many, sort):
    client.force_login(users["manager"])
    expected = list(
        Recommendation.objects.visible_to(users["manager"])
        .order_by(*(f"-{f}" if sort.startswith("-") else f for f in SOURCE_ORDER))
        .values_list("pk", flat=True)
    )
    if sort == "due":  # not read by plan: the plain path, still the same rows
        expected = list(
            Recommendation.objects.order_by("due_date", *SOURCE_ORDER).values_list("pk", flat=True)
        )
    shown = []
    for page in (1, 2, 3):
        response = client.get("/actions/", {"sort": sort, "page": page} if sort else {"page": page})
        shown += [rec.pk for rec in response.context["page_obj"].object_list]
    assert shown == expected


def test_the_page_query_reads_only_the_plans_the_page_falls_in(
    client, users, many, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["manager"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/actions/?page=2")  # rows 26-50: the rest of Bravo, Charlie, Delta's first
    page_query = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "recommendations_recommendation"."id"')
        and "LIMIT" in q["sql"]
    ]
    assert len(page_query) == 1
    assert '"recommendations_recommendation"."plan_id" IN' in page_query[0]


def test_unfiltered_find_counts_come_from_the_shared_cache_until_an_action_changes(
    client, users, many, django_assert_max_num_queries
):
    client.force_login(users["manager"])
    first = client.get("/actions/")
    assert first.context["facets"]["rag"][-1].count == 63  # all "Not rated"
    with django_assert_max_num_queries(12):  # no facet query: counts from the cache
        warm = client.get("/actions/")
    assert warm.context["facets"]["rag"][-1].count == 63
    rec = Recommendation.objects.order_by("pk").first()
    services.recommendation_update(
        recommendation=rec, by=users["clerk"], reason=REASON, changes={"rag": "RED"}
    )
    after = client.get("/actions/")
    rags = {option.value: option.count for option in after.context["facets"]["rag"]}
    assert rags["RED"] == 1 and rags["none"] == 62


def test_a_new_lead_is_counted_at_once(client, users, many, organisations):
    client.force_login(users["manager"])
    police = organisations["police"].pk
    counts = {o.value: o.count for o in client.get("/actions/").context["facets"]["agency"]}
    assert counts.get(str(police), 0) == 0
    rec = Recommendation.objects.order_by("pk").first()
    services.recommendation_update(
        recommendation=rec,
        by=users["clerk"],
        reason=REASON,
        changes={"lead_organisations": [organisations["police"]]},
    )
    counts = {o.value: o.count for o in client.get("/actions/").context["facets"]["agency"]}
    assert counts[str(police)] == 1


def test_the_cached_counts_live_in_the_configured_default_cache(client, users, many):
    client.force_login(users["manager"])
    cache.clear()
    client.get("/actions/")
    keys = [key for key in getattr(cache, "_cache", {}) if "find:facets" in str(key)]
    assert len(keys) == 1


def test_pagination_lists_a_handful_of_links_however_many_pages():
    from django.core.paginator import Paginator

    from partnership.templatetags.pagination_tags import page_links

    pages = Paginator(range(50_000), 25)
    assert page_links(pages.page(1000)) == [
        (1, False),
        (None, False),
        (999, False),
        (1000, True),
        (1001, False),
        (None, False),
        (2000, False),
    ]
    assert page_links(pages.page(1)) == [(1, True), (2, False), (None, False), (2000, False)]
    assert page_links(Paginator(range(60), 25).page(2)) == [(1, False), (2, True), (3, False)]
