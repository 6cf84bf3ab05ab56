"""Closure mail goes out from the closure flow itself: proposing asks the clerks, agreeing tells
the lead agency's officers, each recorded in the same transaction as the change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification
from recommendations import services
from recommendations.closure import closure_agree, closure_propose
from recommendations.models import Recommendation
from tests.notifications.conftest import send, to

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_action(partnership, organisations, people):
    plan = services.plan_create(
        partnership=partnership,
        name="Case Review B",
        kind="case_review",  # closure needs agreement by default
        by=people["clerk"],
        reason="t",
    )
    return services.recommendation_create(
        plan=plan,
        reference="3",
        text="Refresh the GP training.",
        status=services.status_for(plan, "On target"),
        lead_organisations=[organisations["housing"]],
        by=people["clerk"],
        reason="t",
    )


def test_proposing_and_agreeing_closure_each_record_and_send_the_mail(case_action, people):
    complete = services.status_for(case_action.plan, "Complete")
    rec = closure_propose(
        recommendation=case_action, status=complete, evidence="Done", by=people["housing_officer"]
    )
    assert Notification.objects.filter(
        kind=Kind.CLOSURE_PROPOSED, recommendation=rec, recipient=people["clerk"]
    ).exists()
    [proposed] = send()
    assert proposed.to == ["clerk@example.test"]
    assert proposed.subject == "Closure proposed"  # a case review: no plan name in a subject

    closure_agree(recommendation=rec, by=people["clerk"], reason="Agreed")
    assert Notification.objects.filter(
        kind=Kind.CLOSURE_AGREED, recommendation=rec, recipient=people["housing_officer"]
    ).exists()
    agreed = to(send())
    assert set(agreed) == {"housing@example.test"}
    assert agreed["housing@example.test"].subject == "Closure agreed"


def test_proposing_closure_on_the_update_page_asks_the_clerks(client, case_action, people):
    complete = services.status_for(case_action.plan, "Complete")
    client.force_login(people["housing_officer"])
    response = client.post(
        reverse("recommendations:update", args=[case_action.pk]),
        {
            "version": case_action.version,
            "status": complete.pk,
            "rag": case_action.rag,
            "progress_note": "Training delivered",
            "revised_target_date_text": "",
            "revised_date_reason": "",
            "reason": "",
            "work_to_date": "",
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=case_action.pk).proposed_status == complete
    assert [m.to for m in send()] == [["clerk@example.test"]]


def test_a_failed_agreement_records_no_mail(case_action, people):
    """The notice is in the agreement's transaction: refused, nothing is recorded."""
    from django.core.exceptions import PermissionDenied

    complete = services.status_for(case_action.plan, "Complete")
    rec = closure_propose(
        recommendation=case_action, status=complete, evidence="Done", by=people["housing_officer"]
    )
    with pytest.raises(PermissionDenied):
        closure_agree(recommendation=rec, by=people["housing_officer"], reason="Mine")
    assert not Notification.objects.filter(kind=Kind.CLOSURE_AGREED).exists()


def test_a_proposal_goes_only_to_the_clerks_of_the_actions_partnership(case_action, people):
    from partnership.models import Partnership, Role, User

    other = Partnership.objects.create(name="Elsewhere CSP")
    stranger = User.objects.create_user(
        username="elsewhere", email="elsewhere@example.test", role=Role.CLERK
    )
    stranger.partnerships.add(other)
    complete = services.status_for(case_action.plan, "Complete")
    closure_propose(
        recommendation=case_action, status=complete, evidence="Done", by=people["housing_officer"]
    )
    assert [m.to for m in send()] == [["clerk@example.test"]]
