"""Notifications fixtures: people with email addresses, a plan with actions, an open round."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from meetings import services as meetings
from partnership.permissions import SYSTEM
from partnership.services import user_update
from recommendations import services

LONDON = ZoneInfo("Europe/London")
# A Tuesday: the round opens in the morning; the deadline is the following Friday week.
OPENS_AT = datetime(2026, 11, 10, 9, 0, tzinfo=LONDON)
DEADLINE = date(2026, 11, 20)
SITE = "https://tracker.example.test"


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "tracker@example.test"


@pytest.fixture
def people(users):
    """The fixture users, each with an email address (the clerk's officers need one)."""
    for user in users.values():
        user_update(
            user=user, email=f"{user.username}@example.test", by=SYSTEM, reason="Test email"
        )
    return users


@pytest.fixture
def actions(plan, organisations, people):
    """Council, housing and police actions in the workshop plan (all outstanding)."""
    pending = services.status_for(plan, "Pending")

    def rec(ref, orgs, text):
        return services.recommendation_create(
            plan=plan,
            reference=ref,
            text=text,
            status=pending,
            lead_organisations=orgs,
            target_date_text="March 2027",
            by=people["clerk"],
            reason="t",
        )

    return {
        "council": rec("1", [organisations["council"]], "Review the street lighting contract"),
        "housing": rec("2", [organisations["housing"]], "Train caseworkers on hoarding"),
        "police": rec("3", [organisations["police"]], "Patrol the underpass after dark"),
        "shared": rec("4", [organisations["council"], organisations["police"]], "Joint audit"),
    }


def open_round(plans, by, *, deadline=DEADLINE, message="Updates before the board, please"):
    return meetings.update_round_create(
        meeting=None, plans=plans, deadline=deadline, message=message, by=by, reason="t"
    )


@pytest.fixture
def update_round(time_machine, plan, actions, people):
    time_machine.move_to(OPENS_AT)
    return open_round([plan], people["clerk"])


def send() -> list:
    """Run the command as cron would; return the mail it sent."""
    before = len(mail.outbox)
    call_command("send_notifications", stdout=_Quiet(), stderr=_Quiet())
    return mail.outbox[before:]


class _Quiet:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


def to(messages) -> dict[str, object]:
    """The sent messages by their one recipient's address."""
    by_address = {}
    for message in messages:
        [address] = message.to
        assert address not in by_address, f"{address} got two mails"
        by_address[address] = message
    return by_address


def html_of(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html
