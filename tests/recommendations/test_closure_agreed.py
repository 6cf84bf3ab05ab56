"""Closure is agreed: on a plan that requires it, the lead proposes and a clerk agrees."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings import services as meetings
from partnership.audit import history_entries
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.closure import closure_agree, closure_decline, closure_propose
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_action(partnership, organisations, users):
    plan = services.plan_create(
        partnership=partnership,
        name="Case Review B",
        kind="case_review",
        by=users["clerk"],
        reason="t",
    )
    return services.recommendation_create(
        plan=plan,
        reference="3",
        text="Refresh the GP training.",
        status=services.status_for(plan, "On target"),
        lead_organisations=[organisations["housing"]],
        by=users["clerk"],
        reason="t",
    )


def _post_update(client, rec, status, note):
    return client.post(
        reverse("recommendations:update", args=[rec.pk]),
        {
            "version": rec.version,
            "status": status.pk,
            "rag": rec.rag,
            "progress_note": note,
            "revised_target_date_text": "",
            "revised_date_reason": "",
            "reason": "",
            "work_to_date": "",
        },
    )


def test_plans_need_closure_agreed_by_default_for_case_reviews_and_strategies(plan, users):
    assert plan.requires_closure_agreement is False  # a workshop programme
    for kind, expected in [("case_review", True), ("strategy", True), ("delivery", False)]:
        other = services.plan_create(
            partnership=plan.partnership, name=f"P {kind}", kind=kind, by=SYSTEM, reason="t"
        )
        assert other.requires_closure_agreement is expected
    services.plan_update(plan=plan, closure_needs_agreement=True, by=users["clerk"], reason="t")
    plan.refresh_from_db()
    assert plan.requires_closure_agreement is True


def test_an_officers_complete_becomes_proposed_for_closure_and_a_clerk_agrees_it(
    client, users, case_action
):
    complete = services.status_for(case_action.plan, "Complete")
    client.force_login(users["housing_officer"])
    form_page = client.get(reverse("recommendations:update", args=[case_action.pk]))
    assert "Complete (proposed for closure, agreed by the clerk or committee)" in (
        form_page.content.decode()
    )
    response = _post_update(client, case_action, complete, "Training delivered: register attached")
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=case_action.pk)
    assert rec.status.name == "On target" and rec.proposed_status == complete
    assert rec.is_outstanding
    follow = client.get(response["Location"])
    html = follow.content.decode()
    assert "proposed for closure" in html and "Proposed for closure" in html

    # The officer cannot agree it.
    with pytest.raises(PermissionDenied):
        closure_agree(recommendation=rec, by=users["housing_officer"], reason="Mine")

    client.force_login(users["clerk"])
    detail = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert "Record the decision" in detail
    agreed = client.post(
        reverse("recommendations:closure", args=[rec.pk]),
        {"version": rec.version, "decision": "agree", "minute": "", "reason": "Evidence seen"},
    )
    assert agreed.status_code == 302
    rec.refresh_from_db()
    assert rec.status == complete and rec.proposed_status is None and not rec.is_outstanding

    reasons = [entry.reason for entry in history_entries(rec)]
    assert reasons[0] == "Closure agreed as Complete: Evidence seen"
    assert reasons[1] == "Proposed for closure as Complete: Training delivered: register attached"
    assert "Housing Tester" in history_entries(rec)[1].who


def test_a_new_open_status_withdraws_the_proposal_and_says_so(client, users, case_action):
    """A reviewer changed a proposed-for-closure action to "Behind target": the proposal was
    withdrawn (as the rule says) but the page only said "Action 1 updated"."""
    complete = services.status_for(case_action.plan, "Complete")
    client.force_login(users["housing_officer"])
    _post_update(client, case_action, complete, "Training delivered")
    rec = Recommendation.objects.get(pk=case_action.pk)
    assert rec.proposed_status == complete
    behind = services.status_for(rec.plan, "Behind target")
    response = _post_update(client, rec, behind, "One GP practice still to train")
    rec = Recommendation.objects.get(pk=case_action.pk)
    assert rec.proposed_status is None and rec.status == behind
    page = client.get(response["Location"]).content.decode()
    assert (
        f"Action 3 updated. Its proposal to close it as Complete is withdrawn, because its status "
        f"is now {behind.name}." in page
    )


def test_a_closure_agreed_by_the_committee_is_recorded_against_its_minute(
    users, case_action, partnership
):
    committee = meetings.committee_create(
        partnership=partnership, name="Board", by=SYSTEM, reason="t"
    )
    meeting = meetings.meeting_create(
        committee=committee, date=date(2026, 11, 30), by=SYSTEM, reason="t"
    )
    minute = meetings.minute_add(meeting=meeting, title="Case review B", by=SYSTEM, reason="t")
    complete = services.status_for(case_action.plan, "Complete")
    rec = closure_propose(
        recommendation=case_action,
        status=complete,
        evidence="All done",
        by=users["housing_officer"],
    )
    assert rec.proposed_status == complete
    rec = closure_agree(recommendation=rec, by=users["clerk"], reason="Agreed", minute=minute)
    assert rec.closure_minute == minute
    assert (
        history_entries(rec)[0].reason
        == f"Closure agreed at minute {minute.number} as Complete: Agreed"
    )


def test_a_declined_closure_keeps_the_action_open_with_the_reason(users, case_action):
    complete = services.status_for(case_action.plan, "Complete")
    rec = closure_propose(
        recommendation=case_action, status=complete, evidence="Done", by=users["housing_officer"]
    )
    rec = closure_decline(recommendation=rec, by=users["clerk"], reason="No evidence attached")
    assert rec.proposed_status is None and rec.status.name == "On target"
    assert history_entries(rec)[0].reason == "Closure not agreed: No evidence attached"


def test_on_a_plan_without_agreement_an_officer_closes_directly(client, users, recommendation):
    complete = services.status_for(recommendation.plan, "Complete")
    client.force_login(users["housing_officer"])
    response = _post_update(client, recommendation, complete, "All done")
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == complete and recommendation.proposed_status is None


def test_officers_cannot_post_a_closure_decision(client, users, case_action):
    client.force_login(users["housing_officer"])
    response = client.post(
        reverse("recommendations:closure", args=[case_action.pk]),
        {"version": 1, "decision": "agree", "reason": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("recommendations:closure", args=[case_action.pk])).status_code == 405
