"""Find's filtered and searched pages read by id from the order kept beside the counts: the same
rows in the same order as the whole sorted list, right again the moment an action changes, and
as many queries however long the list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from recommendations import filters, services
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

REASON = "Find pages by id test"
PLANS = {"Echo": 20, "Alpha": 26, "Charlie": 14}  # made out of name order: pages cross plans
RAGS = ["RED", "AMBER", "RED", "GREEN", ""]
WORDS = [  # where "referral" falls decides its rank on PostgreSQL (text A, milestone B, notes C)
    {"text": "Improve the referral pathway"},
    {"text": "Review the estate", "next_milestone": "Agree the referral pathway"},
    {"text": "Map the wards", "work_to_date": "A referral pathway was drafted"},
    {"text": "Publish the plan"},
]


def _actions(plan, organisations, users, count: int, start: int = 0) -> None:
    statuses = [services.status_for(plan, word) for word in ("Pending", "In Progress", "Complete")]
    council, police = organisations["council"], organisations["police"]
    leads = [[organisations["housing"]], [council, police], [police], [council]]
    for n in range(start, start + count):
        services.recommendation_create(
            plan=plan,
            reference=str(n + 1),
            status=statuses[n % 3],
            rag=RAGS[n % len(RAGS)],
            lead_organisations=leads[n % len(leads)],
            by=users["clerk"],
            reason=REASON,
            **WORDS[n % len(WORDS)],
        )


@pytest.fixture
def many(partnership, users, organisations):
    plans = {}
    for name, count in PLANS.items():
        plans[name] = services.plan_create(
            partnership=partnership, name=name, kind="workshop", by=users["clerk"], reason=REASON
        )
        _actions(plans[name], organisations, users, count)
    return plans


def _expected(user, query: dict) -> list[int]:
    """The whole list in its order, as one SQL query sorts it."""
    data = QueryDict(urlencode(query, doseq=True))
    find = RecommendationFilter(data, queryset=Recommendation.objects.visible_to(user))
    return list(find.qs.values_list("pk", flat=True))


def _shown(client, query: dict, pages: int) -> tuple[list[int], int]:
    """The rows of the first ``pages`` pages (or every page, if fewer) and the list's count."""
    shown, page = [], 1
    while True:
        response = client.get("/actions/", {**query, "page": page})
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        shown += [rec.pk for rec in page_obj.object_list]
        if page >= min(pages, page_obj.paginator.num_pages):
            return shown, page_obj.paginator.count
        page += 1


CASES = [
    {"q": "referral pathway"},
    {"q": "referral", "sort": "-due"},
    {"agency": "council", "outstanding": "on", "rag": "RED"},
    {"agency": "council", "rag": ["RED", "AMBER"], "sort": "-reference"},
    {"outstanding": "on", "sort": "updated"},
    {"sort": "-rag"},
]


@pytest.mark.parametrize("query", CASES)
@pytest.mark.parametrize("kept", [filters.ORDER_IDS, 10])
def test_every_page_holds_the_rows_the_whole_sorted_list_has_there(
    client, users, organisations, many, query, kept, monkeypatch
):
    # With 10 rows kept, pages beyond them are read as before, by SQL over the whole list.
    monkeypatch.setattr(filters, "ORDER_IDS", kept)
    if query.get("agency") == "council":
        query = {**query, "agency": organisations["council"].pk}
    client.force_login(users["manager"])
    expected = _expected(users["manager"], query)
    assert len(expected) > 10  # more rows than the short order keeps
    for _ in range(2):  # computed, then from the cache
        assert _shown(client, query, pages=4) == (expected, len(expected))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_the_best_search_matches_come_first(client, users, many):
    client.force_login(users["manager"])
    shown, _ = _shown(client, {"q": "referral"}, pages=1)
    texts = [Recommendation.objects.get(pk=pk).text for pk in shown]
    assert texts[0] == "Improve the referral pathway"  # the word in the text (weight A)


def test_an_action_that_stops_matching_leaves_the_page_at_once(client, users, many):
    client.force_login(users["manager"])
    query = {"rag": "RED", "sort": "reference"}
    first, count = _shown(client, query, pages=1)
    rec = Recommendation.objects.get(pk=first[0])
    services.recommendation_update(
        recommendation=rec, by=users["clerk"], reason=REASON, changes={"rag": "GREEN"}
    )
    after, count_after = _shown(client, query, pages=1)
    assert rec.pk not in after and count_after == count - 1
    assert after == _expected(users["manager"], query)[:25]


def test_each_scope_keeps_its_own_order(client, users, many, second_partnership):
    b_plan = second_partnership.plan
    services.recommendation_create(
        plan=b_plan,
        reference="NT2",
        text="Northtown referral pathway",
        status=services.status_for(b_plan, "Not started"),
        lead_organisations=[second_partnership.organisation],
        by=second_partnership.clerk,
        reason=REASON,
    )
    query = {"q": "referral"}
    client.force_login(users["manager"])
    ours = _shown(client, query, pages=2)[0]
    assert ours == _expected(users["manager"], query)
    client.force_login(second_partnership.officer)
    theirs = _shown(client, query, pages=1)[0]
    assert [Recommendation.objects.get(pk=pk).reference for pk in theirs] == ["NT2"]


def _page_queries(client, query: dict) -> list[str]:
    client.get("/actions/", query)  # counts and order computed and kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/actions/", query)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("query", CASES[:3])
def test_a_warm_page_runs_as_many_queries_however_long_the_list(
    client, users, organisations, many, query
):
    if query.get("agency") == "council":
        query = {**query, "agency": organisations["council"].pk}
    client.force_login(users["manager"])
    small = _page_queries(client, query)
    _actions(many["Alpha"], organisations, users, 60, start=PLANS["Alpha"])
    large = _page_queries(client, query)
    assert len(large) == len(small)
    rows = [sql for sql in large if sql.startswith('SELECT "recommendations_recommendation"."id"')]
    assert len(rows) == 1  # the page's rows, by id: no ranking, no lead subquery over the list
    assert "UNION" not in rows[0] and "ts_rank" not in rows[0]
