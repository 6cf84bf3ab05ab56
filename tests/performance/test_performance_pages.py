"""The dashboard pages through the test client: by outcome, an indicator, a new value, an
outcome's RAG by hand, and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.permissions import SYSTEM
from performance import services
from performance.models import Indicator, IndicatorValue, Outcome

pytestmark = pytest.mark.django_db
HATE = "Reported hate incidents (per 1,000 population)"


@pytest.fixture
def hate(seed_dashboard, organisations):
    indicator = Indicator.objects.get(name=HATE)
    services.indicator_update(
        indicator=indicator,
        changes={"responsible_organisation": organisations["council"]},
        by=SYSTEM,
        reason="Council's community safety team reports hate incidents",
    )
    return indicator


def _value_post(**extra):
    return {
        "period_label": "Rolling 12 months to Quarter 2, 2016/17",
        "period_kind": "rolling_12",
        "period_end_day": "30",
        "period_end_month": "9",
        "period_end_year": "2016",
        "value": "0.63",
        "nearest_neighbour": "2/9",
        **extra,
    }


def test_the_dashboard_shows_each_outcome_with_arrows_words_tags_and_charts(
    client, users, seed_dashboard
):
    client.force_login(users["officer"])
    response = client.get(seed_dashboard.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert body.count('class="app-outcome"') == 5
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="app-trend" role="img"') == 12
    assert "↓</span> Worsening" in body and "→</span> No significant change" in body
    assert 'app-rag--red">Red</strong>' in body
    assert "paper printed → No significant change" in body  # MARAC and ASB victims
    assert "the paper printed Amber" in body  # the Prevent outcome
    assert "2003*" in body and "see note *" in body
    assert "Rolling 12 months to Quarter 1, 2016/17" in body
    assert "Enter a new value" not in body  # the council officer is responsible for nothing yet


def test_the_dashboard_costs_the_same_queries_for_one_more_period(
    client, users, hate, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["clerk"])
    url = hate.outcome.dashboard.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    services.value_create(
        indicator=hate,
        period_label="Q2",
        period_end=date(2016, 9, 30),
        value=Decimal("0.6"),
        by=SYSTEM,
        reason="Another period",
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_responsible_officer_enters_next_quarters_value_and_the_direction_changes(
    client, users, hate
):
    client.force_login(users["housing_officer"])  # a team of the council
    dashboard_url = hate.outcome.dashboard.get_absolute_url()
    assert (
        f"/performance/indicators/{hate.pk}/values/new/"
        in client.get(dashboard_url).content.decode()
    )
    response = client.post(reverse("performance:value-add", args=[hate.pk]), _value_post())
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=hate, period_end=date(2016, 9, 30))
    assert (value.value, value.rank, value.group_size) == (Decimal("0.63"), 2, 9)
    assert value.entered_by == users["housing_officer"]
    body = client.get(dashboard_url).content.decode()
    assert "Rolling 12 months to Quarter 2, 2016/17" in body
    page = client.get(hate.get_absolute_url()).content.decode()
    assert "Created: Rolling 12 months to Quarter 2, 2016/17" in page
    assert "Housing Tester" in page
    assert "↑</span> Improving" in page  # 0.56 -> 0.63, higher is better


def test_bad_values_are_named_and_nothing_is_saved(client, users, hate):
    client.force_login(users["housing_officer"])
    url = reverse("performance:value-add", args=[hate.pk])
    response = client.post(url, _value_post(value="lots", period_end_month=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a number" in body and "Period ends must include a month" in body
    again = client.post(url, _value_post(period_end_day="30", period_end_month="6", value="1"))
    assert "already has a value for the period ending 30 June 2016" in again.content.decode()
    assert IndicatorValue.objects.filter(indicator=hate).count() == 2


def test_only_the_responsible_officer_or_a_clerk_may_enter_a_value(
    client, users, hate, second_partnership
):
    url = reverse("performance:value-add", args=[hate.pk])
    expected = {
        "housing_officer": 200,
        "officer": 200,
        "clerk": 200,
        "admin": 200,
        "other_officer": 403,
        "manager": 403,
    }
    for role, status in expected.items():
        client.force_login(users[role])
        assert client.get(url).status_code == status, role
    client.force_login(second_partnership.clerk)
    assert client.get(url).status_code == 404
    client.force_login(users["other_officer"])
    assert client.post(url, _value_post()).status_code == 403
    assert IndicatorValue.objects.filter(indicator=hate).count() == 2


def test_a_clerk_sets_an_outcomes_rag_by_hand_with_a_reason(client, users, seed_dashboard):
    outcome = Outcome.objects.get(name__startswith="Prevent people")
    url = reverse("performance:outcome-rag", args=[outcome.pk])
    client.force_login(users["manager"])
    assert client.get(url).status_code == 403
    client.force_login(users["clerk"])
    refused = client.post(url, {"rag": "AMBER", "reason": ""})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    outcome.refresh_from_db()
    assert outcome.rag_set == ""
    response = client.post(url, {"rag": "AMBER", "reason": "Reporting is encouraged"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.rag_set, outcome.rag_reason) == ("AMBER", "Reporting is encouraged")
    body = client.get(seed_dashboard.get_absolute_url()).content.decode()
    assert "set by hand: “Reporting is encouraged” (the rule gives Red)" in body
    history = outcome.history.order_by("-history_date").first()
    assert (history.history_user, history.history_change_reason) == (
        users["clerk"],
        "Reporting is encouraged",
    )


def test_another_partnership_sees_none_of_it(client, seed_dashboard, second_partnership):
    client.force_login(second_partnership.officer)
    indicator = Indicator.objects.first()
    assert client.get(seed_dashboard.get_absolute_url()).status_code == 404
    assert client.get(indicator.get_absolute_url()).status_code == 404
    listing = client.get(reverse("performance:list")).content.decode()
    assert seed_dashboard.title not in listing


def test_a_sensitive_dashboard_is_for_the_partnerships_staff(client, users, partnership):
    dashboard = services.dashboard_create(
        partnership=partnership,
        title="Need to know",
        marking="OFFICIAL-SENSITIVE",
        by=SYSTEM,
        reason="Test",
    )
    client.force_login(users["officer"])
    assert client.get(dashboard.get_absolute_url()).status_code == 404
    client.force_login(users["manager"])
    assert client.get(dashboard.get_absolute_url()).status_code == 200


def test_the_navigation_and_the_dashboard_link_to_performance(client, users):
    client.force_login(users["officer"])
    body = client.get(reverse("reports:dashboard")).content.decode()
    assert body.count('href="/performance/"') == 2  # the menu and the dashboard's paragraph


def test_a_clerk_changes_which_way_is_better_and_the_direction_follows(
    client, users, seed_dashboard, organisations
):
    marac = Indicator.objects.get(name__startswith="% of domestic violence cases reviewed")
    url = reverse("performance:indicator-settings", args=[marac.pk])
    client.force_login(users["manager"])
    assert client.get(url).status_code == 403
    client.force_login(users["clerk"])
    assert client.get(url).status_code == 200
    post = {
        "higher_is_better": "False", "tolerance": "3", "unit": "%", "source": "", "geography": "",
        "responsible_organisation": organisations["charity"].pk,
        "reason": "Fewer repeats is the aim",
    }  # fmt: skip
    assert client.post(url, post | {"tolerance": "-1"}).status_code == 200
    assert client.post(url, post).status_code == 302
    marac.refresh_from_db()
    assert (marac.higher_is_better, marac.responsible_organisation) == (
        False,
        organisations["charity"],
    )
    assert "↓</span> Worsening" in client.get(marac.get_absolute_url()).content.decode()
    assert marac.history.latest("history_date").history_change_reason == "Fewer repeats is the aim"
