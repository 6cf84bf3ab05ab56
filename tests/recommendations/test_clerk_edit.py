"""Clerks correct everything an import brought in, through recommendation_update with the version
they loaded and a reason; a wrong plan's status word is a field error, never a 500."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from partnership.audit import history_entries
from recommendations import services

pytestmark = pytest.mark.django_db


def form_data(rec, **changes):
    data = {
        "version": rec.version,
        "reference": rec.reference,
        "text": rec.text,
        "leads_text": rec.leads_text,
        "target_date_text": rec.target_date_text,
        "status": rec.status_id,
        "rag": rec.rag,
        "lead_organisations": [o.pk for o in rec.lead_organisations.all()],
        "reason": "Corrected from the paper",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def edit(client, rec, **changes):
    return client.post(reverse("recommendations:edit", args=[rec.pk]), form_data(rec, **changes))


def test_a_clerk_corrects_text_leads_dates_and_notes_in_one_recorded_change(
    client, users, recommendation, organisations, plan
):
    client.force_login(users["clerk"])
    section = services.section_create(
        plan=plan, title="Vulnerable Person", by=users["clerk"], reason="t"
    )
    response = edit(
        client,
        recommendation,
        text="<del>1. Withdrawn point.</del> 2. Live point, corrected.",
        lead_organisations=[organisations["police"].pk, organisations["housing"].pk],
        leads_text="City Police and Housing",
        target_date_text="March 2017",
        section=section.pk,
        outcome="Fewer repeat victims",
        work_to_date="Meeting held",
        notes="Chased in June",
        next_milestone="Draft protocol",
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert "<del>1. Withdrawn point.</del>" in recommendation.text  # withdrawn points kept
    assert recommendation.text.endswith("corrected.")
    assert recommendation.version == 2 and recommendation.section == section
    assert (
        recommendation.target_date.month == 3
        and recommendation.leads_text == "City Police and Housing"
    )
    assert set(recommendation.lead_organisations.all()) == {
        organisations["police"],
        organisations["housing"],
    }
    entry = history_entries(recommendation)[0]
    assert (entry.who, entry.reason) == ("Clerk Tester", "Corrected from the paper")
    changed = {c.field for c in entry.changes}
    assert {"Recommendation", "Lead agencies", "Target date (as written)", "Notes"} <= changed


def test_nothing_changed_is_an_error_not_a_history_row(client, users, recommendation):
    client.force_login(users["clerk"])
    response = edit(client, recommendation)
    assert "Change something before saving" in response.content.decode()
    assert recommendation.history.count() == 1


def test_a_reason_is_required(client, users, recommendation):
    client.force_login(users["clerk"])
    response = edit(client, recommendation, text="New text", reason="")
    assert "Enter the reason for this change" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.text != "New text"


def test_another_plans_status_word_is_a_field_error(client, users, recommendation, partnership):
    other = services.plan_create(
        partnership=partnership, name="Other plan", kind="strategy", by=users["clerk"], reason="t"
    )
    client.force_login(users["clerk"])
    foreign = services.status_for(other, "COMPLETE")
    response = edit(client, recommendation, status=foreign.pk)
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "Select one of this plan's status words" in body
    assert f'value="{foreign.pk}"' not in body  # only the plan's own words are offered
    recommendation.refresh_from_db()
    assert recommendation.status.plan == recommendation.plan


def test_a_stale_version_is_refused_and_keeps_what_was_typed(client, users, recommendation):
    client.force_login(users["clerk"])
    services.recommendation_update(
        recommendation=recommendation, by=users["admin"], reason="Elsewhere", changes={"notes": "X"}
    )
    response = edit(client, recommendation, text="Mine", version=1)
    body = response.content.decode()
    assert "while you were editing it" in body and "Mine" in body
    recommendation.refresh_from_db()
    assert recommendation.text != "Mine" and recommendation.notes == "X"


def test_script_in_the_text_is_removed(client, users, recommendation):
    client.force_login(users["clerk"])
    edit(client, recommendation, text="Safe <script>alert(1)</script>point")
    recommendation.refresh_from_db()
    assert "<script" not in recommendation.text and "Safe" in recommendation.text


@pytest.mark.parametrize(
    ("role", "expected"),
    [("housing_officer", 403), ("other_officer", 403), ("manager", 403), ("admin", 200)],
)
def test_only_clerks_and_administrators_correct_actions(
    client, users, recommendation, role, expected
):
    client.force_login(users[role])
    assert (
        client.get(reverse("recommendations:edit", args=[recommendation.pk])).status_code
        == expected
    )
    if expected == 403:
        assert edit(client, recommendation, text="Changed").status_code == 403
        recommendation.refresh_from_db()
        assert recommendation.text != "Changed"


def test_the_action_page_offers_clerks_the_correction_page(client, users, recommendation):
    url = reverse("recommendations:edit", args=[recommendation.pk])
    client.force_login(users["clerk"])
    assert url in client.get(recommendation.get_absolute_url()).content.decode()
    client.force_login(users["housing_officer"])
    assert url not in client.get(recommendation.get_absolute_url()).content.decode()
