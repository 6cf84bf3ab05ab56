"""What the clerk reads: real words for empty choices, and no confirming minutes before the
meeting has happened."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import business, services
from meetings.models import ConfirmedMinutes

pytestmark = pytest.mark.django_db


def _page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agenda_item_form_offers_no_appendix_in_words(client, users, meeting):
    page = _page(client, users["clerk"], "meetings:agenda-add", meeting.pk)
    assert ">No appendix</option>" in page
    assert ">None</option>" not in page


def test_the_meeting_form_asks_to_choose_a_committee(client, users, committee):
    page = _page(client, users["clerk"], "meetings:create")
    assert ">Choose a committee</option>" in page
    assert "---------" not in page


def test_the_committee_form_has_no_dashes(client, users, committee):
    page = _page(client, users["clerk"], "meetings:committee-update", committee.pk)
    assert "No chair recorded" in page and "Not recorded" in page
    assert "---------" not in page


def test_the_confirm_form_asks_to_choose_a_minute(client, users, meeting, minute, next_meeting):
    services.minute_add(meeting=next_meeting, title="Minutes", by=users["clerk"], reason="t")
    page = _page(client, users["clerk"], "meetings:minutes-confirm", meeting.pk)
    assert ">Choose a minute</option>" in page
    assert "---------" not in page


@pytest.fixture
def future_minutes(committee, users):
    """Minutes drafted for a meeting that has not happened, and a later meeting's minute."""
    clerk = users["clerk"]
    future = services.meeting_create(
        committee=committee, date=date(2099, 1, 15), by=clerk, reason="t"
    )
    services.minute_add(meeting=future, title="Draft", by=clerk, reason="t")
    later = services.meeting_create(
        committee=committee, date=date(2099, 3, 1), by=clerk, reason="t"
    )
    confirming = services.minute_add(meeting=later, title="Minutes", by=clerk, reason="t")
    return future, confirming


def test_minutes_of_a_meeting_not_yet_held_cannot_be_confirmed(client, users, future_minutes):
    future, confirming = future_minutes
    detail = _page(client, users["clerk"], "meetings:detail", future.pk)
    assert "Record these minutes as confirmed" not in detail

    url = reverse("meetings:minutes-confirm", args=[future.pk])
    response = client.get(url, follow=True)
    message = "The meeting on 15 January 2099 has not happened yet"
    assert message in response.content.decode()
    client.post(url, {"at_minute": confirming.pk})
    with pytest.raises(ValidationError, match=message):
        business.minutes_confirm(
            meeting=future, at_minute=confirming, by=users["clerk"], reason="t"
        )
    assert not ConfirmedMinutes.objects.exists()
