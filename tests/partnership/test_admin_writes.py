"""The Django admin writes through the services: who and why on every row, wrong input a form
error, never a 500; models without an admin service are read-only there."""

from __future__ import annotations

import pytest
from django.test import Client

from partnership import services as directory
from partnership.models import Organisation, User
from partnership.permissions import SYSTEM
from partnership.services import user_update
from recommendations import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(users):
    admin = user_update(
        user=users["admin"], is_staff=True, is_superuser=True, by=SYSTEM, reason="Test admin"
    )
    client = Client()
    client.force_login(admin)
    return client


def test_an_administrator_adds_a_user_in_the_admin_with_a_reason_on_the_history(
    admin_client, users, organisations
):
    response = admin_client.post(
        "/admin/partnership/user/add/",
        {
            "username": "newofficer",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "role": "officer",
            "organisation": organisations["housing"].pk,
            "change_reason": "New housing officer starts Monday",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newofficer")
    assert user.check_password("a-long-pass-phrase-1")
    row = user.history.get()
    assert row.history_user == users["admin"]
    assert row.history_change_reason == "New housing officer starts Monday"


def test_the_user_change_page_saves_through_user_update(admin_client, users):
    officer = users["officer"]
    page = admin_client.get(f"/admin/partnership/user/{officer.pk}/change/")
    assert page.status_code == 200
    assert b"change_reason" in page.content and b"groups" not in page.content
    response = admin_client.post(
        f"/admin/partnership/user/{officer.pk}/change/",
        {
            "username": "officer",
            "first_name": "Olive",
            "last_name": "Tester",
            "email": "",
            "is_active": "on",
            "role": "officer",
            "organisation": officer.organisation_id,
            "change_reason": "Corrected her first name",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = officer.history.first()
    assert (latest.first_name, latest.history_user, latest.history_change_reason) == (
        "Olive",
        users["admin"],
        "Corrected her first name",
    )


def test_renaming_an_organisation_in_the_admin_calls_organisation_update(
    admin_client, users, organisations, monkeypatch
):
    calls = []
    real = directory.organisation_update

    def spy(**kwargs):
        calls.append(kwargs["reason"])
        return real(**kwargs)

    monkeypatch.setattr("partnership.services.organisation_update", spy)
    housing = organisations["housing"]
    response = admin_client.post(
        f"/admin/partnership/organisation/{housing.pk}/change/",
        {
            "name": "Housing Services",
            "abbreviation": "HT",
            "kind": "team",
            "parent": housing.parent_id,
            "aliases": "",
            "change_reason": "Team renamed in the restructure",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert calls == ["Team renamed in the restructure"]
    housing = Organisation.objects.get(pk=housing.pk)
    assert housing.name == "Housing Services"
    assert housing.history.first().history_user == users["admin"]


def _recommendation_form(recommendation, **overrides):
    data = {
        "plan": recommendation.plan_id,
        "reference": recommendation.reference,
        "order": recommendation.order,
        "text": recommendation.text,
        "status": recommendation.status_id,
        "lead_organisations": [o.pk for o in recommendation.lead_organisations.all()],
        "target_date_text": recommendation.target_date_text,
        "rag": "",
        "change_reason": "Checked in the admin",
    }
    data.update(overrides)
    return data


def test_another_plans_status_word_is_a_form_error_in_the_admin_not_a_500(
    admin_client, recommendation, partnership, users
):
    other = services.plan_create(
        partnership=partnership, name="Other plan", kind="strategy", by=SYSTEM, reason="t"
    )
    wrong = other.statuses.first()
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    response = admin_client.post(url, _recommendation_form(recommendation, status=wrong.pk))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    assert recommendation.status.plan_id == recommendation.plan_id

    add = "/admin/recommendations/recommendation/add/"
    response = admin_client.post(add, _recommendation_form(recommendation, status=wrong.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["status"]
    assert errors == [f"“{wrong.name}” is not one of the status words of {recommendation.plan}."]
    assert recommendation.plan.recommendations.count() == 1


def test_the_admin_status_list_offers_only_the_plans_own_words(
    admin_client, recommendation, partnership
):
    services.plan_create(
        partnership=partnership, name="Other plan", kind="strategy", by=SYSTEM, reason="t"
    )
    url = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    offered = list(form.fields["status"].queryset)
    assert offered == list(recommendation.plan.statuses.order_by("order"))
    add = admin_client.get("/admin/recommendations/recommendation/add/").context["adminform"].form
    labels = [label for _, label in add.fields["status"].choices if label != "---------"]
    assert len(labels) == len(set(labels))  # every word names its plan, so none looks doubled
    assert all(": " in label for label in labels)


def test_models_without_an_admin_service_are_read_only_in_the_admin(admin_client):
    assert admin_client.get("/admin/meetings/minute/add/").status_code == 403
    assert admin_client.get("/admin/recommendations/progressupdate/add/").status_code == 403
