"""No lost updates: the second of two simultaneous saves is refused and shows the first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Recommendation


def _clerk_sets_in_progress(recommendation, clerk):
    return services.recommendation_update(
        recommendation=recommendation,
        by=clerk,
        reason="Clerk corrected the status",
        changes={"status": services.status_for(recommendation.plan, "In Progress")},
        expected_version=recommendation.version,
    )


def test_service_refuses_a_stale_version_and_says_who_changed_what(users, recommendation):
    _clerk_sets_in_progress(recommendation, users["clerk"])
    with pytest.raises(services.ConcurrentEditError) as refused:
        services.recommendation_update(
            recommendation=recommendation,
            by=users["housing_officer"],
            reason="Officer update",
            changes={"rag": "RED"},
            expected_version=1,
            progress_note="Officer's note",
        )
    (theirs,) = refused.value.theirs
    assert theirs.who == "Clerk Tester"
    assert theirs.reason == "Clerk corrected the status"
    assert [(c.field, c.old, c.new) for c in theirs.changes] == [
        ("Status", "Pending", "In Progress")
    ]
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert (rec.rag, rec.version) == ("", 2)
    assert not rec.updates.exists()


def test_form_refuses_the_second_save_keeps_what_was_typed_and_shows_their_change(
    client, users, recommendation
):
    url = reverse("recommendations:update", args=[recommendation.pk])
    client.force_login(users["housing_officer"])
    assert 'name="version" value="1"' in client.get(url).content.decode()

    _clerk_sets_in_progress(recommendation, users["clerk"])  # while the officer types

    typed = {
        "version": "1",
        "status": str(recommendation.status_id),
        "rag": "RED",
        "progress_note": "Funding has been cut.",
        "revised_target_date_text": "",
        "revised_date_reason": "",
        "reason": "",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "changed by Clerk Tester while you were editing it" in html
    assert "From “Pending” to “In Progress”" in html
    assert "Clerk corrected the status" in html
    assert "Funding has been cut." in html  # their note is still in the form
    assert 'name="version" value="2"' in html  # ready to re-submit deliberately
    form = response.context["form"]
    assert form.data["rag"] == "RED"  # what the officer changed is kept
    assert form.data["status"] == str(services.status_for(recommendation.plan, "In Progress").pk)
    assert "<title>Error: " in html
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert (rec.status.name, rec.rag, rec.version) == ("In Progress", "", 2)
    assert not rec.updates.exists()

    # Re-submitting the re-rendered form keeps both: the clerk's status and the officer's RAG.
    assert client.post(url, form.data).status_code == 302
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert (rec.status.name, rec.rag, rec.version) == ("In Progress", "RED", 3)
    assert rec.updates.get().text == "Funding has been cut."
