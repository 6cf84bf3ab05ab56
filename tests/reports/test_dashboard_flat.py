"""The dashboard at any size: the busiest plans with a link to every plan, links built without a
reverse() per cell, and its figures in the shared cache, counted again the moment data changes."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from recommendations import services
from reports import dashboard, views_dashboard

pytestmark = pytest.mark.django_db

REASON = "Dashboard flat test"
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tracker_cache",
    }
}


def _plans(partnership, users, organisations, count: int, per_plan: int = 1) -> list:
    recs = []
    for n in range(count):
        plan = services.plan_create(
            partnership=partnership,
            name=f"Plan {n:02d}",
            kind="workshop",
            by=users["clerk"],
            reason=REASON,
        )
        status = services.status_for(plan, "Pending")
        for m in range(per_plan + n % 3):
            recs.append(
                services.recommendation_create(
                    plan=plan,
                    reference=str(m + 1),
                    text="An action",
                    status=status,
                    lead_organisations=[organisations["housing"]],
                    by=users["clerk"],
                    reason=REASON,
                )
            )
    return recs


def test_the_dashboard_lists_the_busiest_plans_and_links_to_every_plan(
    client, users, partnership, organisations, monkeypatch
):
    _plans(partnership, users, organisations, 18)
    client.force_login(users["manager"])
    response = client.get("/reports/dashboard/")
    assert len(response.context["rag_top"]) == views_dashboard.CHART_LIMIT
    assert [row.total for row in response.context["rag_top"]][:6] == [3] * 6  # busiest first
    html = response.content.decode()
    assert 'href="/reports/dashboard/plans/">See all 18 plans by RAG rating</a>' in html

    monkeypatch.setattr(views_dashboard, "PLANS_PAGE_SIZE", 10)
    first = client.get("/reports/dashboard/plans/")
    assert first.status_code == 200
    assert [row.plan.name for row in first.context["page_obj"]][:2] == ["Plan 00", "Plan 01"]
    assert 'class="govuk-pagination"' in first.content.decode()
    second = client.get("/reports/dashboard/plans/?page=2")
    assert [row.plan.name for row in second.context["page_obj"]][-1] == "Plan 17"
    assert second.content.decode().count("<h1") == 1


def test_dashboard_links_are_built_with_a_fixed_number_of_reverse_calls(
    users, partnership, organisations, monkeypatch
):
    _plans(partnership, users, organisations, 6)
    calls = []
    real = dashboard.reverse

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "reverse", counting)
    rows = dashboard.rag_by_plan(users["manager"])
    matrix = dashboard.agency_status_matrix(users["manager"])
    assert len(rows) == 6 and matrix.rows
    assert len(calls) == 2  # one for each table, whatever the number of cells
    assert rows[0].cells[-1].href.startswith("/actions/?plan=")


@override_settings(CACHES=DATABASE_CACHE)
def test_every_worker_shares_the_figures_through_the_database_cache(
    users, partnership, organisations, django_assert_max_num_queries
):
    recs = _plans(partnership, users, organisations, 3)
    call_command("createcachetable", verbosity=0)  # tests otherwise run on the local memory
    caches["default"].clear()
    one, two = Client(), Client()  # two web workers' requests
    for client in (one, two):
        client.force_login(users["manager"])
    assert one.get("/reports/dashboard/").context["headline"]["outstanding"] == len(recs)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM tracker_cache WHERE cache_key LIKE %s", ["%dashboard%"]
        )
        assert cursor.fetchone()[0] >= 1
    with django_assert_max_num_queries(6):  # the figures are read, not counted again
        response = two.get("/reports/dashboard/")
    assert response.context["headline"]["outstanding"] == len(recs)

    services.recommendation_update(
        recommendation=recs[0],
        by=users["clerk"],
        reason=REASON,
        changes={"status": services.status_for(recs[0].plan, "Complete")},
    )
    after = two.get("/reports/dashboard/").context
    assert after["headline"]["outstanding"] == len(recs) - 1
    assert after["over_time"][-1].count == len(recs) - 1
    by_plan = {row.plan.name: row.total for row in after["rag_rows"]}
    assert by_plan.get("Plan 00", 0) == 0  # its one action is complete


def test_a_renamed_plan_and_a_new_lead_show_at_once(client, users, partnership, organisations):
    recs = _plans(partnership, users, organisations, 2)
    client.force_login(users["manager"])
    before = client.get("/reports/dashboard/").context
    assert {row.label for row in before["matrix"].rows} >= {"Housing Team (HT)"}
    services.recommendation_update(
        recommendation=recs[0],
        by=users["clerk"],
        reason=REASON,
        changes={"lead_organisations": [organisations["police"]]},
    )
    services.plan_update(plan=recs[-1].plan, by=users["clerk"], reason=REASON, name="Renamed")
    after = client.get("/reports/dashboard/").context
    assert "Test Police (TP)" in {row.label for row in after["matrix"].rows}
    assert "Renamed" in {row.plan.name for row in after["rag_rows"]}
