"""Directory pages: clerks and administrators add, rename, move and deactivate organisations and
people, each change audited with a reason; officers and managers are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership import services
from partnership.audit import history_entries
from partnership.models import Organisation, Partnership, Person
from partnership.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [("officer", 403), ("manager", 403), ("clerk", 200), ("admin", 200)],
)
def test_only_clerks_and_administrators_open_the_directory(client, users, role, expected):
    client.force_login(users[role])
    for name in ("organisations", "organisation-add", "people", "person-add", "users"):
        assert client.get(reverse(f"directory:{name}")).status_code == expected, name


def test_the_organisation_list_shows_teams_beneath_their_council(client, users, organisations):
    client.force_login(users["clerk"])
    body = client.get(reverse("directory:organisations")).content.decode()
    council, housing = body.index("Test Borough Council"), body.index("Housing Team")
    assert council < housing
    assert body.count('class="govuk-list app-tree"') == 2  # the top level and the council's teams


def test_a_clerk_adds_an_organisation_inside_another(client, users, organisations):
    client.force_login(users["clerk"])
    response = client.post(
        reverse("directory:organisation-add"),
        {
            "name": "  Adult  Social Care ",
            "abbreviation": "ASC",
            "kind": "team",
            "parent": organisations["council"].pk,
            "aliases": "Adults\nAdult Services",
            "partnerships": [p.pk for p in Partnership.objects.all()],
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(abbreviation="ASC")
    assert (org.name, org.parent, org.alias_list()) == (
        "Adult Social Care",
        organisations["council"],
        ["Adults", "Adult Services"],
    )
    entry = history_entries(org)[0]
    assert (entry.who, entry.reason) == ("Clerk Tester", "Added to the directory")


def test_a_duplicate_name_is_a_field_error_and_nothing_is_added(client, users, organisations):
    client.force_login(users["clerk"])
    response = client.post(
        reverse("directory:organisation-add"), {"name": "test police", "kind": "police"}
    )
    assert response.status_code == 200
    assert "There is already an organisation called test police" in response.content.decode()
    assert Organisation.objects.count() == 4


def test_an_abbreviation_another_organisation_uses_is_a_field_error(client, users, organisations):
    """A reviewer added "Riverside Police Service" as RP, which Riverside Police already used:
    it saved, and every lead written RP was then left unlinked, with no word why."""
    police = organisations["police"]
    services.organisation_update(organisation=police, abbreviation="RP", by=SYSTEM, reason="Test")
    member = {"partnerships": [p.pk for p in Partnership.objects.all()]}
    client.force_login(users["clerk"])
    response = client.post(
        reverse("directory:organisation-add"),
        {"name": "Riverside Police Service", "abbreviation": " rp ", "kind": "police", **member},
    )
    assert response.status_code == 200
    page = response.content.decode()
    said = "Another organisation already uses the abbreviation RP"
    assert 'href="#id_abbreviation"' in page  # the error summary links to the box
    assert page.count(said) == 2  # and the error is beside it
    assert not Organisation.objects.filter(name="Riverside Police Service").exists()
    client.post(
        reverse("directory:organisation-add"),
        {"name": "Riverside Police Service", "abbreviation": "RPS", "kind": "police", **member},
    )
    assert Organisation.objects.get(name="Riverside Police Service").abbreviation == "RPS"


def test_a_clash_with_another_partnerships_organisation_does_not_name_it(
    client, organisations, second_partnership
):
    """The directory is read per partnership: Northtown's clerk is told the abbreviation is
    taken, never by whom."""
    client.force_login(second_partnership.clerk)
    response = client.post(
        reverse("directory:organisation-add"),
        {
            "name": "Northtown Police",
            "abbreviation": "TP",  # Test Police's, in partnership A
            "kind": "police",
            "partnerships": [second_partnership.partnership.pk],
        },
    )
    page = response.content.decode()
    assert "Another organisation already uses the abbreviation TP" in page
    assert organisations["police"].name not in page
    assert not Organisation.objects.filter(name="Northtown Police").exists()


def test_renaming_moving_and_deactivating_needs_a_reason_and_is_recorded(
    client, users, organisations
):
    client.force_login(users["admin"])
    housing = organisations["housing"]
    url = reverse("directory:organisation-edit", args=[housing.pk])
    data = {"name": "Housing Services", "kind": "team", "parent": organisations["police"].pk}
    refused = client.post(url, data)
    assert "Enter the reason for this change" in refused.content.decode()
    housing.refresh_from_db()
    assert housing.name == "Housing Team"

    response = client.post(url, data | {"reason": "Renamed in the restructure"})
    assert response.status_code == 302
    housing.refresh_from_db()
    assert (housing.name, housing.parent, housing.is_active) == (
        "Housing Services",
        organisations["police"],
        False,  # the Active box was not ticked
    )
    entry = history_entries(housing)[0]
    assert entry.reason == "Renamed in the restructure" and entry.who == "Admin Tester"
    changed = {c.field for c in entry.changes}
    assert {"Name", "Parent", "Active"} <= changed


def test_an_organisation_cannot_be_moved_inside_its_own_team(client, users, organisations):
    client.force_login(users["clerk"])
    council = organisations["council"]
    response = client.post(
        reverse("directory:organisation-edit", args=[council.pk]),
        {
            "name": council.name,
            "kind": "council",
            "parent": organisations["housing"].pk,
            "is_active": "on",
            "reason": "Test",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    council.refresh_from_db()
    assert council.parent is None


def test_inactive_organisations_are_not_offered_as_a_parent_or_for_people(
    client, users, organisations
):
    client.force_login(users["clerk"])
    police = organisations["police"]
    client.post(
        reverse("directory:organisation-edit", args=[police.pk]),
        {"name": police.name, "kind": "police", "reason": "Merged into another force"},
    )
    police.refresh_from_db()
    assert not police.is_active and Organisation.objects.filter(pk=police.pk).exists()
    body = client.get(reverse("directory:person-add")).content.decode()
    assert f'value="{police.pk}"' not in body


def test_a_clerk_adds_and_corrects_a_person(client, users, organisations):
    client.force_login(users["clerk"])
    client.post(
        reverse("directory:person-add"),
        {
            "name": "Alex Fenwick",
            "initials": "AF",
            "title": "Head of Community Safety",
            "organisation": organisations["council"].pk,
            "email": "alex@example.gov.uk",
        },
    )
    person = Person.objects.get(initials="AF")
    response = client.post(
        reverse("directory:person-edit", args=[person.pk]),
        {"name": "Alex Fenwick", "initials": "AFE", "reason": "Initials as the forum writes"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.initials == "AFE" and person.organisation is None
    assert history_entries(person)[0].reason == "Initials as the forum writes"


def test_an_officer_cannot_post_to_the_directory(client, users):
    client.force_login(users["officer"])
    response = client.post(reverse("directory:organisation-add"), {"name": "X", "kind": "other"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("directory:organisations"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_organisation_joins_the_partnership_it_is_added_to(client, users, partnership):
    client.force_login(users["clerk"])
    form = client.get(reverse("directory:organisation-add")).content.decode()
    assert f'value="{partnership.pk}" checked' in form  # the only partnership, ticked
    client.post(
        reverse("directory:organisation-add"),
        {"name": "Victim Support", "kind": "charity", "partnerships": [partnership.pk]},
    )
    assert partnership.members.filter(name="Victim Support").exists()
    refused = client.post(reverse("directory:organisation-add"), {"name": "X", "kind": "other"})
    assert "Choose the partnership it is a member of" in refused.content.decode()
