"""The Find page: who may use it, saved views, and a query count that does not grow with rows."""

from __future__ import annotations

import pytest

from recommendations import services
from recommendations.models import SavedView

pytestmark = pytest.mark.django_db

REASON = "Find list test"


def _make_actions(plan, organisations, users, count: int) -> None:
    statuses = [services.status_for(plan, word) for word in ("Pending", "In Progress", "Complete")]
    for n in range(count):
        services.recommendation_create(
            plan=plan,
            reference=str(n + 1),
            text=f"Action number {n + 1}",
            status=statuses[n % 3],
            rag=["RED", "AMBER", "GREEN", ""][n % 4],
            lead_organisations=[organisations["housing"] if n % 2 else organisations["police"]],
            target_date_text="March 2021",
            by=users["clerk"],
            reason=REASON,
        )


@pytest.mark.parametrize("rows", [10, 200])
def test_list_and_filtered_list_run_a_fixed_number_of_queries(
    client, users, plan, organisations, rows, django_assert_max_num_queries
):
    _make_actions(plan, organisations, users, rows)
    client.force_login(users["manager"])
    council = organisations["council"].pk
    with django_assert_max_num_queries(25):
        response = client.get("/actions/")
    assert response.status_code == 200
    with django_assert_max_num_queries(25):
        response = client.get(f"/actions/?agency={council}&outstanding=on&rag=RED&q=action")
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["officer", "clerk", "manager", "admin"])
def test_every_signed_in_role_may_find_actions(client, users, recommendation, role):
    client.force_login(users[role])
    response = client.get("/actions/")
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Live point" in response.content


def test_an_officer_finds_other_agencies_actions_read_only(client, users, recommendation):
    client.force_login(users["other_officer"])  # police; the action is the housing team's
    response = client.get("/actions/")
    assert [r.pk for r in response.context["page_obj"]] == [recommendation.pk]
    assert b"/update/" not in response.content


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/actions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_find_answers_only_get(client, users):
    client.force_login(users["manager"])
    assert client.post("/actions/").status_code == 405


def test_a_user_saves_a_view_with_only_known_filters(client, users, organisations):
    client.force_login(users["manager"])
    police = organisations["police"].pk
    response = client.post(
        "/actions/saved-views/",
        {"name": "  Police red ", "querystring": f"agency={police}&rag=RED&page=3&evil=1"},
    )
    assert response.status_code == 302
    view = SavedView.objects.get(user=users["manager"])
    assert (view.name, view.querystring) == ("Police red", f"agency={police}&rag=RED")
    page = client.get("/actions/").content.decode()
    assert f'href="/actions/?agency={police}&amp;rag=RED"' in page


def test_a_view_is_saved_over_one_of_the_same_name_only_when_asked(client, users, partnership):
    """A reviewer saved "Police overdue" shared with the partnership, then again with other
    filters and "Only me": the shared view was silently replaced and unshared."""
    client.force_login(users["manager"])
    share = f"partnership:{partnership.pk}"
    client.post("/actions/saved-views/", {"name": "Red", "querystring": "rag=RED", "share": share})
    kept = SavedView.objects.get()
    assert kept.shared_with_partnership == partnership
    response = client.post("/actions/saved-views/", {"name": "red", "querystring": "rag=AMBER"})
    page = client.get(response["Location"]).content.decode()
    assert "You already have a view called “Red”, shared with" in page
    assert ", so nothing was saved" in page and 'name="replace"' in page
    unshared = client.post("/actions/saved-views/", {"name": "Amber", "querystring": "rag=AMBER"})
    client.get(unshared["Location"])
    again_unshared = client.post(
        "/actions/saved-views/", {"name": "amber", "querystring": "rag=RED"}
    )
    said = client.get(again_unshared["Location"]).content.decode()
    assert "You already have a view called “Amber”, so nothing was saved" in said
    again = SavedView.objects.get(name="Red")
    assert (again.querystring, again.shared_with_partnership) == ("rag=RED", partnership)

    client.post(
        "/actions/saved-views/",
        {"name": "red", "querystring": "rag=AMBER", "share": share, "replace": "yes"},
    )
    replaced = SavedView.objects.get(name__iexact="red")
    assert (replaced.pk, replaced.querystring) == (kept.pk, "rag=AMBER")
    assert replaced.shared_with_partnership == partnership


def test_a_view_needs_a_name(client, users):
    client.force_login(users["manager"])
    response = client.post("/actions/saved-views/", {"name": " ", "querystring": "rag=RED"})
    assert response.status_code == 302 and not SavedView.objects.exists()
    assert b"Enter a name for this view" in client.get(response["Location"]).content


def test_saved_views_are_created_and_deleted_only_by_post(client, users):
    client.force_login(users["manager"])
    assert client.get("/actions/saved-views/").status_code == 405
    client.post("/actions/saved-views/", {"name": "Red", "querystring": "rag=RED"})
    view = SavedView.objects.get()
    assert client.get(f"/actions/saved-views/{view.pk}/delete/").status_code == 405
    assert client.post(f"/actions/saved-views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()


def test_a_user_cannot_see_or_delete_another_users_view(client, users):
    client.force_login(users["manager"])
    client.post("/actions/saved-views/", {"name": "Zebra view", "querystring": "rag=RED"})
    view = SavedView.objects.get()
    client.get("/actions/")  # shows (and so clears) the "Saved" message
    client.force_login(users["officer"])
    assert b"Zebra view" not in client.get("/actions/").content
    assert client.post(f"/actions/saved-views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.exists()


def test_anonymous_users_cannot_save_views(client):
    response = client.post("/actions/saved-views/", {"name": "x", "querystring": ""})
    assert response.status_code == 302 and not SavedView.objects.exists()


def test_saved_views_need_the_csrf_token(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["manager"])
    response = client.post("/actions/saved-views/", {"name": "x", "querystring": ""})
    assert response.status_code == 403
