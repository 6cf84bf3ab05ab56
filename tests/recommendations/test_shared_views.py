"""Saved views shared with a partnership or an organisation: listed on Find and the dashboard
for the people they are shared with, and only there; only the owner deletes one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations.models import SavedView

pytestmark = pytest.mark.django_db


def _save(client, name: str, share: str = "", querystring: str = "rag=RED&overdue=on"):
    response = client.post(
        reverse("recommendations:saved-view-create"),
        {"name": name, "querystring": querystring, "share": share},
    )
    client.get(response["Location"])  # shows (and so clears) the "Saved the view" message
    return response


def test_a_manager_shares_a_view_with_the_partnership(
    client, users, partnership, second_partnership
):
    client.force_login(users["manager"])
    assert _save(client, "Police overdue", f"partnership:{partnership.pk}").status_code == 302
    view = SavedView.objects.get(name="Police overdue")
    assert view.shared_with_partnership == partnership and view.querystring

    for role in ("housing_officer", "clerk", "other_officer"):
        client.force_login(users[role])
        find = client.get(reverse("recommendations:list")).content.decode()
        assert "Police overdue" in find and "shared by" in find, role
        dashboard = client.get(reverse("reports:dashboard")).content.decode()
        assert "Police overdue" in dashboard, role
    # Someone who does not work in the partnership sees nothing of it.
    client.force_login(second_partnership.clerk)
    assert "Police overdue" not in client.get(reverse("recommendations:list")).content.decode()
    assert "Police overdue" not in client.get(reverse("reports:dashboard")).content.decode()


def test_a_view_shared_with_an_organisation_reaches_its_teams_only(client, users, organisations):
    client.force_login(users["clerk"])  # works for the council; Housing is a team beneath it
    _save(client, "Council red", f"organisation:{organisations['council'].pk}")
    assert (
        SavedView.objects.get(name="Council red").shared_with_organisation
        == organisations["council"]
    )
    client.force_login(users["housing_officer"])
    assert "Council red" in client.get(reverse("recommendations:list")).content.decode()
    client.force_login(users["other_officer"])  # the police
    assert "Council red" not in client.get(reverse("recommendations:list")).content.decode()


def test_sharing_somewhere_the_user_does_not_belong_keeps_it_private(
    client, users, second_partnership
):
    client.force_login(users["clerk"])
    other = second_partnership.partnership
    _save(client, "Sneaky", f"partnership:{other.pk}")
    view = SavedView.objects.get(name="Sneaky")
    assert view.shared_with_partnership is None and view.shared_with_organisation is None


def test_only_the_owner_deletes_a_shared_view(client, users, partnership):
    client.force_login(users["manager"])
    _save(client, "Shared", f"partnership:{partnership.pk}")
    view = SavedView.objects.get(name="Shared")
    client.force_login(users["clerk"])
    url = reverse("recommendations:saved-view-delete", args=[view.pk])
    assert client.post(url).status_code == 404
    client.force_login(users["manager"])
    assert client.post(url).status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_unshared_views_stay_personal(client, users):
    client.force_login(users["manager"])
    _save(client, "Mine only")
    client.force_login(users["clerk"])
    assert "Mine only" not in client.get(reverse("recommendations:list")).content.decode()
