"""The preferences page (everyone) and a round's outbox (clerks and administrators)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Preference
from notifications.services import preference_for, preference_update
from tests.notifications.conftest import send

pytestmark = pytest.mark.django_db


def test_an_officer_turns_the_digest_off_and_the_change_is_on_the_record(client, people):
    client.force_login(people["officer"])
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "officer@example.test" in page and 'name="overdue_digest"' in page

    response = client.post(url, {"assignment_notices": "on"}, follow=True)

    assert "Your email preferences have been saved." in response.content.decode()
    pref = Preference.objects.get(user=people["officer"])
    assert pref.overdue_digest is False and pref.assignment_notices is True
    [row] = pref.history.all()
    assert row.history_user == people["officer"]
    assert row.history_change_reason == "Email preferences changed"


def test_saving_the_same_choices_again_writes_no_history(people):
    officer = people["officer"]
    preference_update(user=officer, by=officer, reason="t", overdue_digest=False)
    preference_update(user=officer, by=officer, reason="t", overdue_digest=False)
    assert preference_for(officer).history.count() == 1


def test_the_preferences_page_warns_a_user_without_an_email_address(client, users):
    client.force_login(users["manager"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Your account has no email address" in page


def test_nobody_changes_someone_elses_preferences(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        preference_update(
            user=people["officer"], by=people["other_officer"], reason="t", overdue_digest=False
        )


def test_the_clerk_sees_the_rounds_outbox_with_each_mails_outcome(client, people, update_round):
    send()
    client.force_login(people["clerk"])
    page = client.get(reverse("notifications:outbox", args=[update_round.pk])).content.decode()
    assert "3 sent" in page
    for name in ("Officer Tester", "Housing Tester", "Police Tester"):
        assert name in page
    assert "Please update your actions by 20 November 2026" in page


def test_the_outbox_says_in_plain_words_when_waiting_mail_goes(client, people, update_round):
    client.force_login(people["clerk"])
    page = client.get(reverse("notifications:outbox", args=[update_round.pk])).content.decode()
    assert "3 waiting to send (they go out automatically, usually within a minute" in page
    assert "send_notifications" not in page


def test_officers_and_managers_cannot_read_the_outbox(client, people, update_round):
    for name in ("officer", "manager"):
        client.force_login(people[name])
        url = reverse("notifications:outbox", args=[update_round.pk])
        assert client.get(url).status_code == 403


def test_the_chase_list_offers_the_clerk_reminders_and_the_outbox(client, people, update_round):
    client.force_login(people["clerk"])
    page = client.get(reverse("meetings:update-round-detail", args=[update_round.pk])).content
    assert b"Send reminders" in page
    assert reverse("notifications:outbox", args=[update_round.pk]).encode() in page
    client.force_login(people["officer"])
    page = client.get(reverse("meetings:update-round-detail", args=[update_round.pk])).content
    assert b"Send reminders" not in page
