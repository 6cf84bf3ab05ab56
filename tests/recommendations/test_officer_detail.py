"""An action's detail page: every field, the progress log and the full history."""

from __future__ import annotations

from django.urls import reverse

from recommendations import services


def _update(rec, user, **changes):
    return services.recommendation_update(
        recommendation=rec,
        by=user,
        reason="Board asked for a new date",
        changes=changes,
        expected_version=rec.version,
        progress_note="Met the housing providers.",
    )


def test_detail_shows_the_action_with_withdrawn_points_struck_through(
    client, users, recommendation
):
    client.force_login(users["manager"])
    response = client.get(recommendation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>1. Withdrawn point.</del>" in html
    assert "2. Live point." in html
    assert "Housing Team (HT)" in html
    assert "February 2017" in html
    assert "Pending" in html
    assert "Not rated" in html
    assert "Overdue" in html
    assert html.count("<h1") == 1


def test_detail_shows_the_progress_log_and_readable_history(client, users, recommendation):
    _update(
        recommendation,
        users["housing_officer"],
        status=services.status_for(recommendation.plan, "In Progress"),
        rag="AMBER",
    )
    client.force_login(users["other_officer"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Met the housing providers." in html
    assert "From “Pending” to “In Progress”" in html
    assert "From “Not rated” to “Amber”" in html
    assert "Board asked for a new date" in html
    assert "Housing Tester" in html


def test_update_button_is_shown_only_to_those_who_may_edit(client, users, recommendation):
    update_url = reverse("recommendations:update", args=[recommendation.pk])
    expected = {
        "housing_officer": True,
        "officer": True,
        "other_officer": False,
        "clerk": True,
        "manager": False,
        "admin": True,
    }
    for name, can_edit in expected.items():
        client.force_login(users[name])
        html = client.get(recommendation.get_absolute_url()).content.decode()
        assert (update_url in html) is can_edit, name


def test_unknown_action_is_not_found(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("recommendations:detail", args=[999999])).status_code == 404


def test_detail_refuses_post(client, users, recommendation):
    client.force_login(users["officer"])
    assert client.post(recommendation.get_absolute_url()).status_code == 405


def test_detail_sends_anonymous_users_to_sign_in(client, recommendation):
    response = client.get(recommendation.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
