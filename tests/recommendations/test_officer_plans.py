"""Action plans: the list, and one plan with its sections and actions in order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import services

REASON = "Test"


@pytest.fixture
def sectioned_plan(plan, organisations, users):
    clerk = users["clerk"]
    second = services.section_create(
        plan=plan, title="Domestic Abuse", number="2", order=2, by=clerk, reason=REASON
    )
    first = services.section_create(
        plan=plan,
        title="Vulnerable Adults",
        number="1",
        order=1,
        narrative="<p>Staff found <strong>gaps</strong> in referrals.</p><script>x()</script>",
        by=clerk,
        reason=REASON,
    )
    for reference, section, rag in [("2.1", second, "AMBER"), ("1.1", first, "RED")]:
        services.recommendation_create(
            plan=plan,
            reference=reference,
            section=section,
            text=f"<p>Do thing {reference}.</p>",
            status=services.status_for(plan, "Pending"),
            lead_organisations=[organisations["police"]],
            rag=rag,
            target_date_text="March 2030",
            by=clerk,
            reason=REASON,
        )
    return plan


def test_plan_list_shows_every_plan_with_counts(
    client, users, recommendation, django_assert_max_num_queries
):
    client.force_login(users["officer"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("recommendations:plan-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test Workshop Programme" in html
    assert recommendation.plan.get_absolute_url() in html
    plan = response.context["plans"][0]
    assert (plan.total, plan.outstanding) == (1, 1)


def test_plan_detail_shows_sections_in_order_with_narrative_and_actions(
    client, users, sectioned_plan, django_assert_max_num_queries
):
    client.force_login(users["other_officer"])
    with django_assert_max_num_queries(15):
        response = client.get(sectioned_plan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Vulnerable Adults") < html.index("Domestic Abuse")
    assert html.index("Do thing 1.1") < html.index("Do thing 2.1")
    assert "<strong>gaps</strong>" in html
    assert "<script>x()" not in html
    assert ">Red</strong>" in html and ">Amber</strong>" in html  # the word, not only colour
    assert "Test Police (TP)" in html
    assert "March 2030" in html
    assert html.count("<h1") == 1


def test_plan_detail_shows_unassigned_actions_with_the_word(client, users, plan):
    services.recommendation_create(
        plan=plan,
        reference="9",
        text="Nobody has this yet.",
        status=services.status_for(plan, "Pending"),
        by=users["clerk"],
        reason=REASON,
    )
    client.force_login(users["manager"])
    assert "Unassigned" in client.get(plan.get_absolute_url()).content.decode()


def test_unknown_plan_is_not_found(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("recommendations:plan-detail", args=["nope"])).status_code == 404


def test_plan_pages_refuse_post(client, users, plan):
    client.force_login(users["clerk"])
    assert client.post(reverse("recommendations:plan-list")).status_code == 405
    assert client.post(plan.get_absolute_url()).status_code == 405


def test_plan_pages_send_anonymous_users_to_sign_in(client, plan):
    for url in [reverse("recommendations:plan-list"), plan.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
