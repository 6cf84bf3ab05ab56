"""Closing an update round withdraws the officers' mail still waiting; a closed round's update
requests and reminders are never sent."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification, Status
from partnership.audit import audited_update
from partnership.permissions import SYSTEM
from tests.notifications.conftest import LONDON, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_and_reminders_waiting(update_round, people, client, time_machine):
    """The round's requests were never sent (no mail run); three days on the clerk reminds."""
    time_machine.move_to(datetime(2026, 11, 13, 10, 0, tzinfo=LONDON))
    client.force_login(people["clerk"])
    client.post(reverse("notifications:remind", args=[update_round.pk]))
    waiting = Notification.objects.filter(update_round=update_round, status=Status.PENDING)
    assert {n.kind for n in waiting} == {Kind.ROUND_OPENED, Kind.REMINDER}
    return update_round


def test_closing_asks_first_and_changes_nothing_until_confirmed(
    requests_and_reminders_waiting, client
):
    update_round = requests_and_reminders_waiting
    waiting = Notification.objects.filter(update_round=update_round, status=Status.PENDING).count()
    detail = client.get(reverse("meetings:update-round-detail", args=[update_round.pk]))
    close_url = reverse("meetings:update-round-close", args=[update_round.pk])
    assert f'href="{close_url}"' in detail.content.decode()

    page = client.get(close_url).content.decode()

    assert "Are you sure you want to close this update round?" in page
    assert "cannot be opened again" in page
    assert f"{waiting} emails to officers still waiting to send" in page
    assert "Yes, close this update round" in page
    update_round.refresh_from_db()
    assert update_round.is_open
    assert Notification.objects.filter(status=Status.PENDING).count() == waiting


def test_closing_withdraws_the_waiting_requests_and_reminders(
    requests_and_reminders_waiting, people, client
):
    update_round = requests_and_reminders_waiting
    close_url = reverse("meetings:update-round-close", args=[update_round.pk])

    response = client.post(close_url, follow=True)

    assert "Update round closed" in response.content.decode()
    assert send() == []
    rows = Notification.objects.filter(update_round=update_round)
    assert {n.status for n in rows} == {Status.SKIPPED}
    assert {n.last_error for n in rows} == {
        "Withdrawn by Clerk Tester: Update round closed, so it was not sent"
    }
    outbox = client.get(reverse("notifications:outbox", args=[update_round.pk])).content.decode()
    assert "0 waiting to send" in outbox
    assert "Withdrawn by Clerk Tester" in outbox


def test_a_closed_round_mail_still_waiting_is_never_sent(update_round):
    """Belt and braces: mail queued for a round closed some other way (or before withdrawing
    existed) is not sent by send_notifications."""
    audited_update(
        update_round, by=SYSTEM, reason="Closed elsewhere", changes={"closed_at": timezone.now()}
    )
    assert Notification.objects.filter(status=Status.PENDING).exists()

    assert send() == []
    rows = Notification.objects.filter(update_round=update_round)
    assert {n.status for n in rows} == {Status.SKIPPED}
    assert {n.last_error for n in rows} == {"The update round was closed before it was sent"}
