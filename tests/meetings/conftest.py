"""Meetings fixtures, built through the services: committee -> meetings -> minutes."""

from __future__ import annotations

from datetime import date, time

import pytest

from meetings import services

REASON = "Test fixture"


@pytest.fixture
def committee(partnership, users):
    return services.committee_create(
        partnership=partnership, name="Safer Streets Board", by=users["clerk"], reason=REASON
    )


@pytest.fixture
def meeting(committee, users):
    return services.meeting_create(
        committee=committee,
        date=date(2026, 6, 8),
        time=time(10, 0),
        venue="Committee Room 2, Town Hall",
        by=users["clerk"],
        reason=REASON,
    )


@pytest.fixture
def next_meeting(committee, users):
    return services.meeting_create(
        committee=committee, date=date(2026, 9, 8), by=users["clerk"], reason=REASON
    )


@pytest.fixture
def minute(meeting, users):
    return services.minute_add(
        meeting=meeting, title="Street lighting review", number=78, by=users["clerk"], reason=REASON
    )
