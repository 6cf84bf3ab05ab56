"""Recording and sending a round's mail takes the same number of queries at any size."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership import services as directory
from partnership.models import Role
from partnership.permissions import SYSTEM
from recommendations import services
from tests.notifications.conftest import LONDON, _Quiet, open_round

pytestmark = pytest.mark.django_db


def _agencies(plan, count: int, actions_each: int) -> None:
    status = services.status_for(plan, "Pending")
    for n in range(count):
        org = directory.organisation_create(name=f"Agency {n}", by=SYSTEM, reason="t")
        directory.user_create(
            username=f"officer{n}",
            password=None,
            role=Role.OFFICER,
            organisation=org,
            email=f"officer{n}@example.test",
            by=SYSTEM,
            reason="t",
        )
        for a in range(actions_each):
            services.recommendation_create(
                plan=plan,
                reference=f"{n}.{a}",
                text=f"Action {a} of agency {n}",
                status=status,
                lead_organisations=[org],
                target_date_text="January 2026",  # overdue: a digest is due too
                by=SYSTEM,
                reason="t",
            )


def _counts(plan, users, time_machine) -> tuple[int, int, int]:
    time_machine.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=LONDON))  # a Monday
    with CaptureQueriesContext(connection) as opening:
        open_round([plan], users["clerk"], deadline=date(2026, 11, 27))
    before = len(mail.outbox)
    with CaptureQueriesContext(connection) as sending:
        call_command("send_notifications", stdout=_Quiet())
    return len(opening), len(sending), len(mail.outbox) - before


@pytest.mark.parametrize("agencies", [2, 12])
def test_queries_do_not_grow_with_actions_or_agencies(
    agencies, plan, users, time_machine, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _agencies(plan, agencies, actions_each=5)
    opening, sending, mails = _counts(plan, users, time_machine)

    assert mails == 2 * agencies  # an update request and a digest per agency officer
    # Measured 19 and 18 at both sizes, on SQLite and PostgreSQL; partnership scoping (the chase
    # list read as the round's clerk sees it) adds a fixed two. Sending adds four queries per
    # further 50 mails (one claim batch), never one per action.
    assert opening <= 22, opening
    assert sending <= 20, sending
