"""The read API through a token: Find's filters and counts, need to know, the record's words and
dates, read-only, and a constant number of queries per page."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.models import Recommendation
from tests.recommendations import test_find_data as find_data
from tests.security.test_need_to_know import charity_officer, sensitive  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

API = "/api/v1/recommendations/"


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _find(client, user, query: str) -> tuple[list[str], int]:
    client.force_login(user)
    response = client.get(f"/actions/?{query}")
    assert response.status_code == 200
    page = response.context["page_obj"]
    return sorted(r.reference for r in page.object_list), page.paginator.count


def _api(token_client, query: str) -> tuple[list[str], int]:
    body = token_client.json(f"{API}?{query}")
    assert body["next"] is None  # one page holds them all here
    return sorted(r["reference"] for r in body["results"]), body["count"]


def _queries(data, organisations) -> list[str]:
    """One query per Find filter, and a few together."""
    return [
        "",
        f"agency={organisations['council'].pk}",
        f"agency={organisations['charity'].pk}&agency={organisations['police'].pk}",
        f"person={data['alice'].pk}",
        f"plan={data['case'].pk}",
        "kind=case_review",
        f"section={data['section'].pk}",
        "lifecycle=in_progress&lifecycle=not_started",
        "status=on+target",
        "outstanding=on",
        "rag=RED&rag=none",
        "overdue=on",
        "due_after=2024-01-01",
        "due_before=2024-01-31",
        "changed_since=2024-01-15",
        "q=referral",
        "q=referral&outstanding=on&kind=case_review",
    ]


def test_a_token_reads_the_same_actions_and_counts_as_find_for_the_same_user(
    client, api_as, data, organisations, users
):
    for role in ("manager", "housing_officer", "other_officer"):
        user = users[role]
        token_client = api_as(user)
        with time_machine.travel(find_data.TODAY, tick=False):
            for query in _queries(data, organisations):
                found = _find(client, user, query)
                assert _api(token_client, query) == found, (role, query)
    # The comparison means something: the filters do narrow, and not to nothing.
    with time_machine.travel(find_data.TODAY, tick=False):
        assert _api(api_as(users["manager"]), "overdue=on") == (["W1"], 1)
        assert _api(api_as(users["manager"]), "")[1] == 5


def test_a_bad_filter_is_a_400_naming_the_field_never_a_500(api_as, data, users):
    token_client = api_as(users["manager"])
    for query, field in [
        ("agency=abc", "agency"),
        ("plan=99999999999999999999999", "plan"),
        ("due_after=2024-02-30", "due_after"),
        ("rag=PURPLE", "rag"),
    ]:
        response = token_client.get(f"{API}?{query}")
        assert response.status_code == 400, query
        assert field in response.json(), query


def test_an_action_reads_with_its_leads_words_rag_and_dates(api_as, users, recommendation):
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="Revised at the board",
        changes={"rag": "AMBER", "revised_target_date_text": "Q4 2026/27"},
    )
    with time_machine.travel("2030-01-01 12:00 +00:00", tick=False):
        row = api_as(users["manager"]).json(f"{API}{recommendation.pk}/")
    assert row["reference"] == "19"
    assert row["plan"]["name"] == "Test Workshop Programme"
    assert [lead["name"] for lead in row["lead_organisations"]] == ["Housing Team"]
    assert row["status"] == {
        "word": "Pending",
        "lifecycle": "not_started",
        "lifecycle_label": "Not started",
        "outstanding": True,
    }
    assert (row["rag"], row["rag_label"]) == ("AMBER", "Amber")
    assert row["target_date_as_written"] == "February 2017"
    assert (row["target_date"], row["target_date_precision"]) == ("2017-02-01", "month")
    assert row["revised_target_date_as_written"] == "Q4 2026/27"
    assert row["due_date"] == "2027-03-31"  # the last day of the revised period
    assert row["overdue"] is True and row["outstanding"] is True
    assert row["web_url"].endswith(recommendation.get_absolute_url())


def test_history_and_progress_updates_read_through_the_token(api_as, users, recommendation):
    services.recommendation_update(
        recommendation=recommendation,
        by=users["housing_officer"],
        reason="Monthly update",
        changes={"rag": "GREEN"},
        progress_note="Referral pathway agreed",
    )
    token_client = api_as(users["manager"])
    history = token_client.json(f"{API}{recommendation.pk}/history/")
    assert history[0]["reason"] == "Monthly update"
    assert history[0]["who"] == "Housing Tester"
    assert {"field": "RAG rating", "old": "Not rated", "new": "Green"} in history[0]["changes"]
    updates = token_client.json("/api/v1/progress-updates/", {"recommendation": recommendation.pk})
    assert [u["text"] for u in updates["results"]] == ["Referral pathway agreed"]
    assert updates["results"][0]["by"] == "Housing Tester"


def test_an_officer_outside_a_sensitive_plans_access_list_reads_none_of_it(
    api_as,
    users,
    sensitive,  # noqa: F811
    charity_officer,  # noqa: F811
):
    plan = sensitive["plan"]
    rec = Recommendation.objects.get(plan=plan, reference="CR1")
    police = api_as(users["other_officer"])
    assert police.json(API, {"plan": plan.pk})["count"] == 0
    assert police.json(API, {"q": "chronology"})["count"] == 0
    assert plan.pk not in [p["id"] for p in police.json("/api/v1/plans/")["results"]]
    assert police.json("/api/v1/sections/", {"plan": plan.pk})["count"] == 0
    assert police.json("/api/v1/progress-updates/", {"plan": plan.pk})["count"] == 0
    for path in (f"{API}{rec.pk}/", f"{API}{rec.pk}/history/", f"/api/v1/plans/{plan.pk}/"):
        assert police.get(path).status_code == 404, path
    body = police.get(API).content.decode()
    assert "Case Review Q" not in body and "Quietly" not in body and "Zebra" not in body
    # Those who may read it do, through their token, as on the pages.
    assert api_as(users["clerk"]).json(API, {"plan": plan.pk})["count"] == 2
    housing = api_as(users["housing_officer"]).json(API, {"plan": plan.pk})
    assert [r["reference"] for r in housing["results"]] == ["CR1"]  # their own action only
    on_the_list = api_as(charity_officer).json(API, {"plan": plan.pk})  # the charity is on it
    assert sorted(r["reference"] for r in on_the_list["results"]) == ["CR1", "CR2"]


def test_writes_are_405_and_change_nothing(api_as, users, recommendation):
    token_client = api_as(users["admin"])
    detail = f"{API}{recommendation.pk}/"
    for method, path in [
        ("POST", API),
        ("PUT", detail),
        ("PATCH", detail),
        ("DELETE", detail),
        ("POST", "/api/v1/plans/"),
        ("DELETE", f"/api/v1/plans/{recommendation.plan_id}/"),
        ("POST", f"{detail}history/"),
    ]:
        response = token_client.send(method, path, '{"rag": "RED", "reference": "X"}')
        assert response.status_code == 405, (method, path)
    recommendation.refresh_from_db()
    assert (recommendation.rag, recommendation.version) == ("", 1)
    assert recommendation.history.count() == 1


def _make_actions(plan, clerk, count: int) -> None:
    status = services.status_for(plan, "Pending")
    for n in range(count):
        services.recommendation_create(
            plan=plan,
            reference=f"Q{n}",
            text=f"Action {n}",
            status=status,
            lead_organisations=[],
            target_date_text="March 2025",
            by=clerk,
            reason="Query count",
        )


def _queries_for_page(token_client, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        body = token_client.json(API, {"page_size": size})
    assert len(body["results"]) == size
    return len(queries)


def test_a_page_of_actions_costs_the_same_queries_at_10_and_100_rows(
    api_as, users, plan, organisations
):
    _make_actions(plan, users["clerk"], 100)
    for rec in Recommendation.objects.all()[:50]:  # leads on half, so prefetches have rows
        services.recommendation_update(
            recommendation=rec,
            by=users["clerk"],
            reason="Leads",
            changes={"lead_organisations": [organisations["police"]]},
        )
    for role in ("manager", "housing_officer"):
        token_client = api_as(users[role])
        small, large = _queries_for_page(token_client, 10), _queries_for_page(token_client, 100)
        assert small == large, role
        assert large <= 12, role
