"""The weekly overdue digest, new-lead notices, closure notices and the clerk's summary."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from notifications import people as notices
from notifications.models import Kind, Notification, Status
from notifications.services import preference_update
from recommendations import services
from tests.notifications.conftest import LONDON, SITE, html_of, open_round, send, to

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 16, 7, 0, tzinfo=LONDON)


@pytest.fixture
def overdue(plan, actions, people):
    """Two council actions and one police action past their target date (March 2026)."""
    for rec in (actions["council"], actions["shared"], actions["police"]):
        services.recommendation_update(
            recommendation=rec,
            changes={"target_date_text": "March 2026"},
            by=people["clerk"],
            reason="t",
        )
    return actions


def test_the_weekly_digest_lists_each_officers_overdue_actions_in_one_mail(overdue, time_machine):
    time_machine.move_to(MONDAY)
    mails = to(send())

    assert set(mails) == {"officer@example.test", "police@example.test"}
    council = mails["officer@example.test"]
    assert council.subject == "2 overdue actions this week"
    assert "Review the street lighting contract" in council.body and "Joint audit" in council.body
    link = SITE + reverse("recommendations:update", args=[overdue["council"].pk])
    assert link in council.body and link in html_of(council)
    assert SITE + reverse("notifications:preferences") in council.body
    assert mails["police@example.test"].subject == "2 overdue actions this week"


def test_the_digest_goes_once_a_week_from_its_weekday(overdue, time_machine, settings):
    settings.NOTIFICATIONS_DIGEST_WEEKDAY = 0  # Monday
    time_machine.move_to(MONDAY)
    assert len(send()) == 2
    time_machine.move_to(datetime(2026, 11, 18, 7, 0, tzinfo=LONDON))
    assert send() == []
    time_machine.move_to(datetime(2026, 11, 23, 7, 0, tzinfo=LONDON))
    assert len(send()) == 2


def test_the_digest_waits_for_the_configured_weekday(overdue, time_machine, settings):
    settings.NOTIFICATIONS_DIGEST_WEEKDAY = 3  # Thursday
    time_machine.move_to(MONDAY)
    assert send() == []
    time_machine.move_to(datetime(2026, 11, 19, 7, 0, tzinfo=LONDON))
    assert len(send()) == 2


def test_an_officer_who_turned_digests_off_gets_none(overdue, people, time_machine):
    preference_update(
        user=people["officer"], by=people["officer"], reason="t", overdue_digest=False
    )
    time_machine.move_to(MONDAY)
    assert set(to(send())) == {"police@example.test"}
    row = Notification.objects.get(kind=Kind.OVERDUE_DIGEST, recipient=people["officer"])
    assert row.status == Status.SKIPPED


def test_turning_digests_off_does_not_stop_update_requests(plan, actions, people, time_machine):
    preference_update(
        user=people["officer"], by=people["officer"], reason="t", overdue_digest=False
    )
    time_machine.move_to(MONDAY)
    open_round([plan], people["clerk"])
    assert "officer@example.test" in to(send())


def test_an_officer_is_told_when_their_organisation_becomes_a_lead(actions, organisations, people):
    rec = actions["housing"]
    services.recommendation_update(
        recommendation=rec,
        changes={"lead_organisations": [organisations["housing"], organisations["police"]]},
        by=people["clerk"],
        reason="Police to co-lead",
    )
    [message] = send()

    assert message.to == ["police@example.test"]
    assert message.subject == "New action for Test Police: Test Workshop Programme, 2"
    assert "Train caseworkers on hoarding" in message.body
    assert SITE + reverse("recommendations:detail", args=[rec.pk]) in html_of(message)


def test_changing_other_fields_or_keeping_the_leads_sends_no_lead_notice(
    actions, organisations, people
):
    services.recommendation_update(
        recommendation=actions["police"],
        changes={"rag": "RED", "lead_organisations": [organisations["police"]]},
        by=people["clerk"],
        reason="t",
    )
    assert send() == []


def test_new_lead_notice_of_a_sensitive_plan_has_no_action_text(partnership, organisations, people):
    dhr = services.plan_create(
        partnership=partnership,
        name="DHR Adult Q",
        kind="case_review",
        marking="OFFICIAL-SENSITIVE",
        by=people["clerk"],
        reason="t",
    )
    rec = services.recommendation_create(
        plan=dhr,
        reference="R7",
        text="Share the victim's disclosures with the IDVA service",
        status=dhr.statuses.first(),
        by=people["clerk"],
        reason="t",
    )
    services.recommendation_update(
        recommendation=rec,
        changes={"lead_organisations": [organisations["police"]]},
        by=people["clerk"],
        reason="t",
    )
    [message] = send()
    assert message.subject == "An action has been given to your organisation"
    for part in (message.body, html_of(message)):
        assert "disclosures" not in part and "DHR Adult Q" not in part and "R7" not in part
    assert SITE + reverse("recommendations:detail", args=[rec.pk]) in message.body


def test_closure_proposed_goes_to_the_clerks_and_agreed_to_the_lead_officers(actions, people):
    rec = actions["shared"]
    notices.notify_closure_proposed(rec, by=people["officer"])
    [proposed] = send()
    assert proposed.to == ["clerk@example.test"]
    assert proposed.subject == "Closure proposed: Test Workshop Programme, 4"
    assert "Officer Tester has proposed closing" in proposed.body
    assert SITE + reverse("recommendations:detail", args=[rec.pk]) in proposed.body

    notices.notify_closure_agreed(rec, by=people["clerk"])
    agreed = to(send())
    assert set(agreed) == {"officer@example.test", "police@example.test"}
    assert agreed["police@example.test"].subject == "Closure agreed: Test Workshop Programme, 4"
    notices.notify_closure_agreed(rec, by=people["clerk"])
    assert send() == []  # the same closure is announced once


def test_the_clerk_gets_a_summary_when_the_rounds_deadline_passes(
    update_round, actions, people, time_machine
):
    send()
    time_machine.move_to(datetime(2026, 11, 12, 10, 0, tzinfo=LONDON))
    # meetings.chase.round_updates: only the lead agency's own update counts for the round.
    services.progress_update_add(
        recommendation=actions["police"], by=people["other_officer"], text="Patrols agreed"
    )
    time_machine.move_to(datetime(2026, 11, 20, 23, 0, tzinfo=LONDON))
    assert "clerk@example.test" not in to(send())  # automatic reminders only, before the deadline
    time_machine.move_to(datetime(2026, 11, 21, 7, 0, tzinfo=LONDON))
    [summary] = send()

    assert summary.to == ["clerk@example.test"]
    assert summary.subject == "Deadline passed: 1 of 4 actions updated"
    assert "Housing Team: 1 action in Test Workshop Programme" in summary.body
    assert SITE + reverse("notifications:outbox", args=[update_round.pk]) in summary.body
    assert send() == []
