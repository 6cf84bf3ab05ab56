"""The managers' dashboard: known figures from a hand-built data set, links, queries, access."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache

from recommendations import services
from tests.recommendations import test_find_data as find_data

pytestmark = pytest.mark.django_db
# Warm: session, user, scope, data version, and the saved views shared with the user.
WARM_QUERIES = 5


@pytest.fixture(autouse=True)
def _empty_cache():
    # The trend is cached by newest history id, which SQLite reuses after a test's rollback.
    cache.clear()


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _get(client, user):
    client.force_login(user)
    with time_machine.travel(find_data.TODAY, tick=False):
        return client.get("/reports/dashboard/")


def test_matrix_counts_each_agency_with_its_teams_by_status(client, users, data, organisations):
    response = _get(client, users["manager"])
    assert response.status_code == 200
    rows = {row.label: [c.count for c in row.cells] for row in response.context["matrix"].rows}
    # columns: not started, in progress, on hold, complete, closed, withdrawn
    assert rows["Test Borough Council (TBC)"] == [1, 0, 0, 0, 0, 1]
    assert rows["Housing Team (HT)"] == [1, 0, 0, 0, 0, 0]
    assert rows["Test Police (TP)"] == [0, 1, 0, 0, 0, 1]
    assert rows["Safe Space Charity (SSC)"] == [0, 0, 0, 1, 0, 0]
    council = organisations["council"].pk
    assert (
        f'href="/actions/?agency={council}&amp;lifecycle=not_started"' in response.content.decode()
    )


def test_rag_by_plan_counts_outstanding_actions(client, users, data, plan):
    response = _get(client, users["manager"])
    rows = {row.plan.name: [c.count for c in row.cells] for row in response.context["rag_rows"]}
    # red, amber, green, blue, not rated
    assert rows == {"Test Workshop Programme": [1, 1, 0, 0, 0], "Case Review Plan": [0, 0, 0, 0, 1]}


def test_overdue_by_agency(client, users, data, organisations):
    response = _get(client, users["manager"])
    assert [(b.label, b.count) for b in response.context["overdue"]] == [
        ("Housing Team (HT)", 1),
        ("Test Borough Council (TBC)", 1),
    ]
    housing = organisations["housing"].pk
    assert f"/actions/?agency={housing}&amp;overdue=on" in response.content.decode()


def test_outstanding_over_time_is_read_back_from_history(client, users, data):
    clerk = users["clerk"]
    rec = data["recs"]["W1"]
    with time_machine.travel(datetime(2024, 2, 10, tzinfo=find_data.LONDON), tick=False):
        services.recommendation_update(
            recommendation=rec,
            by=clerk,
            reason="Done",
            changes={"status": services.status_for(rec.plan, "Complete")},
        )
    response = _get(client, users["manager"])
    months = {bar.label: bar.count for bar in response.context["over_time"]}
    assert len(months) == 24
    # Created 1 Jan 2024: W1, W2, C2 outstanding; W1 completed on 10 February.
    assert months["Dec 2023"] == 0
    assert months["Jan 2024"] == 3
    assert months["Feb 2024"] == 2
    assert months["Mar 2024"] == 2


def test_charts_are_accessible_svg_with_a_table_beside_them(client, users, data):
    html = _get(client, users["manager"]).content.decode()
    assert html.count('role="img"') == 3
    assert '<title id="overdue-by-agency-title">' in html
    assert "Housing Team (HT): 1 overdue" in html  # the <desc> states the figures
    assert html.count("<table") == 4
    assert html.count("<h1") == 1
    assert "<script" not in html.split("<main")[1]


@pytest.mark.parametrize("rows", [10, 200])
def test_dashboard_runs_a_fixed_number_of_queries(
    client, users, plan, organisations, rows, django_assert_max_num_queries
):
    statuses = [services.status_for(plan, w) for w in ("Pending", "In Progress", "Complete")]
    for n in range(rows):
        rec = services.recommendation_create(
            plan=plan,
            reference=str(n),
            text="An action",
            status=statuses[n % 3],
            lead_organisations=[organisations["housing"] if n % 2 else organisations["police"]],
            target_date_text="March 2021",
            by=users["clerk"],
            reason="Test",
        )
        if n % 5 == 0:
            services.recommendation_update(
                recommendation=rec, by=users["clerk"], reason="Test", changes={"rag": "RED"}
            )
    client.force_login(users["manager"])
    # +2 scoping (partnerships, plans), +1 data version, +1 shared views
    with django_assert_max_num_queries(19):
        response = client.get("/reports/dashboard/")
    assert response.status_code == 200
    # Warm: the figures come from the shared cache (session, user, scope, data version).
    with django_assert_max_num_queries(WARM_QUERIES):
        assert client.get("/reports/dashboard/").status_code == 200


@pytest.mark.parametrize("role", ["officer", "clerk", "manager", "admin"])
def test_every_signed_in_role_may_read_the_dashboard(client, users, recommendation, role):
    client.force_login(users[role])
    assert client.get("/reports/dashboard/").status_code == 200


def test_dashboard_sends_anonymous_users_to_sign_in_and_answers_only_get(client, users):
    response = client.get("/reports/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(users["manager"])
    assert client.post("/reports/dashboard/").status_code == 405


def test_the_trend_shows_a_change_made_today_and_keeps_ended_months(client, users, data):
    first = {bar.label: bar.count for bar in _get(client, users["manager"]).context["over_time"]}
    rec = data["recs"]["W2"]
    assert rec.is_outstanding
    with time_machine.travel(find_data.TODAY, tick=False):  # history is dated when it is written
        services.recommendation_update(
            recommendation=rec,
            by=users["clerk"],
            reason="Done",
            changes={"status": services.status_for(rec.plan, "Complete")},
        )
    second = {bar.label: bar.count for bar in _get(client, users["manager"]).context["over_time"]}
    assert second["Mar 2024"] == first["Mar 2024"] - 1
    assert (first["Feb 2024"], second["Feb 2024"]) == (3, 3)


def test_the_trend_counts_ended_months_again_when_a_status_word_changes_meaning(
    client, users, data
):
    first = {bar.label: bar.count for bar in _get(client, users["manager"]).context["over_time"]}
    rec = data["recs"]["W2"]
    with time_machine.travel(find_data.TODAY, tick=False):
        services.status_label_update(
            status=rec.status, lifecycle="complete", by=users["clerk"], reason="Redefined"
        )
    second = {bar.label: bar.count for bar in _get(client, users["manager"]).context["over_time"]}
    assert second["Feb 2024"] < first["Feb 2024"]
