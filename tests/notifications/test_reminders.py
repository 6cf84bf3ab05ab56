"""Reminders: only officers still missing an update, never twice within the interval."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notifications import rounds
from notifications.models import Kind, Notification, Status
from partnership.permissions import SYSTEM
from partnership.services import user_update
from recommendations import services
from tests.notifications.conftest import LONDON, send, to

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_updated(update_round, actions, people, time_machine):
    """The round's requests went out; then the council officer updated both their actions."""
    send()
    time_machine.move_to(datetime(2026, 11, 12, 10, 0, tzinfo=LONDON))
    for rec in (actions["council"], actions["shared"]):
        services.recommendation_update(
            recommendation=rec, changes={"rag": "GREEN"}, by=people["officer"], reason="Update"
        )
    return update_round


def _press(client, clerk, update_round):
    client.force_login(clerk)
    return client.post(reverse("notifications:remind", args=[update_round.pk]), follow=True)


def test_send_reminders_mails_only_the_officers_still_missing(council_updated, people, client):
    response = _press(client, people["clerk"], council_updated)
    mails = to(send())

    # The shared action is updated, so the police are missing only their own action.
    assert set(mails) == {"housing@example.test", "police@example.test"}
    police = mails["police@example.test"]
    assert police.subject == "Reminder: your update is due by 20 November 2026"
    assert "Patrol the underpass" in police.body and "Joint audit" not in police.body
    assert "Reminders will be sent to 2 officers" in response.content.decode()


def test_pressing_again_within_the_interval_mails_nobody(council_updated, people, client):
    _press(client, people["clerk"], council_updated)
    send()
    response = _press(client, people["clerk"], council_updated)

    assert send() == []
    assert "2 officers skipped" in response.content.decode()
    assert Notification.objects.filter(kind=Kind.REMINDER).count() == 2


def test_after_the_interval_a_reminder_goes_again(
    council_updated, people, client, settings, time_machine
):
    settings.NOTIFICATIONS_REMINDER_INTERVAL_HOURS = 24
    _press(client, people["clerk"], council_updated)
    send()
    time_machine.move_to(datetime(2026, 11, 13, 10, 30, tzinfo=LONDON))
    _press(client, people["clerk"], council_updated)
    assert set(to(send())) == {"housing@example.test", "police@example.test"}


def test_no_reminder_straight_after_the_request(update_round, people, client):
    """Pressing Send reminders just after opening the round: everyone was sent the request in
    the same minute, so nobody is reminded, and the page says how many were skipped and why."""
    response = _press(client, people["clerk"], update_round)

    page = response.content.decode()
    assert "No reminders were sent; 3 officers skipped (" in page
    assert "they were sent the update request or a reminder in the last 2 days" in page
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()
    assert {m.subject.startswith("Reminder") for m in send()} == {False}


def test_reminders_go_automatically_days_before_the_deadline_once(
    council_updated, settings, time_machine
):
    settings.NOTIFICATIONS_REMINDER_DAYS_BEFORE = 3
    time_machine.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON))
    assert send() == []  # four days before: not yet
    time_machine.move_to(datetime(2026, 11, 17, 9, 0, tzinfo=LONDON))
    assert set(to(send())) == {"housing@example.test", "police@example.test"}
    time_machine.move_to(datetime(2026, 11, 19, 9, 0, tzinfo=LONDON))
    assert send() == []
    rows = Notification.objects.filter(kind=Kind.REMINDER)
    assert {r.triggered_by for r in rows} == {None} and rows.count() == 2


def test_officers_and_managers_cannot_send_reminders(council_updated, people, client):
    for name in ("officer", "manager"):
        client.force_login(people[name])
        url = reverse("notifications:remind", args=[council_updated.pk])
        assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        rounds.send_reminders(council_updated, by=people["officer"])
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()


def test_a_closed_round_sends_no_reminders(council_updated, people, client):
    from meetings.services import update_round_close

    update_round_close(update_round=council_updated, by=people["clerk"], reason="t")
    _press(client, people["clerk"], council_updated)
    assert send() == []


def test_the_clerk_is_told_who_has_no_email_address(council_updated, people, client):
    user_update(user=people["other_officer"], email="", by=SYSTEM, reason="t")
    response = _press(client, people["clerk"], council_updated)
    assert "not sent to Police Tester: no email address" in response.content.decode()
    assert set(to(send())) == {"housing@example.test"}
    row = Notification.objects.get(kind=Kind.REMINDER, recipient=people["other_officer"])
    assert row.status == Status.SKIPPED
