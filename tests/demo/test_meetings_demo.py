"""The meetings demo: a board with minuted meetings, tracked actions and an open update round."""

from __future__ import annotations

import pytest

from demo.meetings import load_meetings_demo
from meetings.chase import chase_list
from meetings.models import Minute, UpdateRound
from partnership.permissions import SYSTEM
from partnership.services import organisation_create

pytestmark = pytest.mark.django_db

LEADS = ["CST", "RP", "RP-N", "CHS-C", "CHS-CS", "CHS-H", "SHDAS", "ODO", "RCC", "VCR"]


@pytest.fixture
def orgs(db):
    return {
        abbreviation: organisation_create(
            name=f"Organisation {abbreviation}", abbreviation=abbreviation, by=SYSTEM, reason="t"
        )
        for abbreviation in LEADS
    }


def test_meetings_demo_builds_a_minuted_board_with_an_open_round_and_is_idempotent(
    partnership, orgs, users
):
    committee = load_meetings_demo(partnership=partnership, orgs=orgs)
    rows = (Minute.objects.count(), committee.actions_plan.recommendations.count())
    assert load_meetings_demo(partnership=partnership, orgs=orgs) == committee
    assert (Minute.objects.count(), committee.actions_plan.recommendations.count()) == rows

    assert committee.meetings.count() == 3
    numbers = Minute.objects.order_by("meeting__date", "number").values_list("number", flat=True)
    assert list(numbers) == list(range(101, 117))  # numbers run on across the two meetings
    assert Minute.objects.filter(refers_to__isnull=False).count() == 2
    action = committee.actions_plan.recommendations.get(reference="113(b)")
    assert {o.abbreviation for o in action.lead_organisations.all()} == {"CHS-CS", "ODO"}

    update_round = UpdateRound.objects.get()
    assert update_round.is_open and update_round.requested_by == users["clerk"]
    chase = chase_list(update_round, users["clerk"])
    # The demo is loaded by the system: none of its changes counts as an officer's update.
    assert chase.updated == 0 and chase.to_chase == chase.outstanding > 0
