"""Leads to link: every action whose written lead matched nobody or several people, linked in a
few clicks with the words as written kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership import services as directory
from partnership.audit import history_entries
from partnership.models import Organisation
from partnership.permissions import SYSTEM
from recommendations import services

pytestmark = pytest.mark.django_db
URL = reverse("recommendations:leads-to-link")


@pytest.fixture
def written(plan, users):
    def make(reference, leads_text, **leads):
        return services.recommendation_create(
            plan=plan,
            reference=reference,
            text=f"Action {reference}",
            status=services.status_for(plan, "Pending"),
            leads_text=leads_text,
            by=users["clerk"],
            reason="Imported",
            **leads,
        )

    return make


@pytest.fixture
def two_jw(organisations):
    # People of a member organisation: a clerk sees the directory of their own partnership.
    return [
        directory.person_create(
            name=name, initials="JW", organisation=organisations["police"], by=SYSTEM, reason="t"
        )
        for name in ("Jo Walker", "Jan Wood")
    ]


def test_the_page_lists_names_that_matched_nobody_or_several(
    client, users, written, two_jw, organisations
):
    nobody = written("1", "JCCR")
    several = written("2", "JW and TP", lead_organisations=[organisations["police"]])
    linked = written("3", "Test Police", lead_organisations=[organisations["police"]])
    everyone = written("4", "All")
    client.force_login(users["clerk"])
    body = client.get(URL).content.decode()
    assert f'id="action-{nobody.pk}"' in body and "Matches nobody" in body
    assert f'id="action-{several.pk}"' in body and "Matches several" in body
    assert f'id="action-{linked.pk}"' not in body and f'id="action-{everyone.pk}"' not in body
    assert "2 actions to link" in body


def test_choosing_one_of_two_people_links_them_and_keeps_the_words(client, users, written, two_jw):
    rec = written("2", "JW")
    client.force_login(users["clerk"])
    response = client.post(
        URL, {"recommendation": rec.pk, "version": rec.version, "lead-JW": f"person-{two_jw[1].pk}"}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert list(rec.lead_people.all()) == [two_jw[1]] and rec.leads_text == "JW"
    entry = history_entries(rec)[0]
    assert entry.who == "Clerk Tester" and entry.reason == "Linked the written lead “JW”"
    assert f'id="action-{rec.pk}"' not in client.get(URL).content.decode()


def test_a_name_that_matched_nobody_can_be_added_as_a_new_organisation(client, users, written):
    rec = written("49", "JCCR")
    client.force_login(users["clerk"])
    client.post(URL, {"recommendation": rec.pk, "version": rec.version, "lead-JCCR": "new-org"})
    jccr = Organisation.objects.get(name="JCCR")
    assert list(rec.lead_organisations.all()) == [jccr]
    assert "Added from action 49" in jccr.history.get().history_change_reason


def test_a_lead_linked_by_hand_deals_with_a_name_nobody_goes_by(
    client, users, written, organisations
):
    rec = written("39", "Head of Community Safety")
    client.force_login(users["clerk"])
    client.post(
        URL,
        {
            "recommendation": rec.pk,
            "version": rec.version,
            "lead-Head of Community Safety": f"org-{organisations['council'].pk}",
        },
    )
    assert list(rec.lead_organisations.all()) == [organisations["council"]]
    assert f'id="action-{rec.pk}"' not in client.get(URL).content.decode()


def test_choosing_nothing_changes_nothing(client, users, written):
    rec = written("1", "JCCR")
    client.force_login(users["clerk"])
    response = client.post(URL, {"recommendation": rec.pk, "version": rec.version}, follow=True)
    assert "Choose a lead for action 1" in response.content.decode()
    assert rec.history.count() == 1


def test_a_stale_form_is_refused(client, users, written, organisations):
    rec = written("1", "JCCR")
    services.recommendation_update(
        recommendation=rec, by=users["admin"], reason="x", changes={"notes": "n"}
    )
    client.force_login(users["clerk"])
    response = client.post(
        URL,
        {"recommendation": rec.pk, "version": 1, "lead-JCCR": f"org-{organisations['police'].pk}"},
        follow=True,
    )
    assert "was not changed" in response.content.decode()
    assert not rec.lead_organisations.exists()


@pytest.mark.parametrize("role", ["housing_officer", "manager"])
def test_officers_and_managers_cannot_link(client, users, written, organisations, role):
    rec = written("1", "JCCR")
    client.force_login(users[role])
    assert client.get(URL).status_code == 403
    post = {
        "recommendation": rec.pk,
        "version": 1,
        "lead-JCCR": f"org-{organisations['police'].pk}",
    }
    assert client.post(URL, post).status_code == 403
    assert not rec.lead_organisations.exists()


def test_the_page_costs_a_fixed_number_of_queries(
    client, users, written, django_assert_max_num_queries
):
    for n in range(1, 21):
        written(str(n), "JCCR")
    client.force_login(users["clerk"])
    with django_assert_max_num_queries(20):
        client.get(URL)


def test_one_choice_can_link_the_same_name_in_every_listed_action(client, users, written):
    first, second, third = (
        written("39", "Community Safety"),
        written("40", "Community Safety"),
        written("41", "JCCR"),
    )
    client.force_login(users["clerk"])
    assert "in the 1 other action listed here" in client.get(URL).content.decode()
    response = client.post(
        URL,
        {
            "recommendation": first.pk,
            "version": 1,
            "lead-Community Safety": "new-org",
            "everywhere": "1",
        },
        follow=True,
    )
    assert "Actions 39, 40 (Test Workshop Programme) linked" in response.content.decode()
    team = Organisation.objects.get(name="Community Safety")
    assert list(second.lead_organisations.all()) == [team] == list(first.lead_organisations.all())
    assert not third.lead_organisations.exists()


def test_an_organisation_added_from_a_lead_joins_the_plans_partnership(client, users, written):
    rec = written("49", "JCCR")
    client.force_login(users["clerk"])
    client.post(URL, {"recommendation": rec.pk, "version": rec.version, "lead-JCCR": "new-org"})
    assert rec.plan.partnership.members.filter(name="JCCR").exists()
