"""When an update round opens, each lead agency's officers get one mail about their actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification, Status
from notifications.services import partnership_email_set
from partnership.permissions import SYSTEM
from partnership.services import user_update
from recommendations import services
from tests.notifications.conftest import SITE, html_of, open_round, send, to

pytestmark = pytest.mark.django_db


def test_each_lead_officer_gets_one_mail_listing_their_actions_and_the_deadline(
    update_round, actions
):
    mails = to(send())

    assert set(mails) == {"officer@example.test", "housing@example.test", "police@example.test"}
    council = mails["officer@example.test"]
    assert council.subject == "Please update your actions by 20 November 2026"
    assert "Friday 20 November 2026" in council.body
    assert "Updates before the board, please" in council.body
    for rec in (actions["council"], actions["shared"]):
        link = SITE + reverse("recommendations:update", args=[rec.pk])
        assert link in council.body and link in html_of(council)
    assert "Review the street lighting contract" in council.body
    assert "Patrol the underpass" not in council.body  # the police's action, not theirs
    assert SITE + reverse("notifications:preferences") in council.body
    assert SITE + reverse("notifications:preferences") in html_of(council)
    police = mails["police@example.test"]
    assert "Patrol the underpass after dark" in police.body and "Joint audit" in police.body
    assert "Train caseworkers" in mails["housing@example.test"].body


def test_the_request_is_recorded_when_the_round_opens_and_sent_by_the_command(update_round):
    rows = Notification.objects.filter(update_round=update_round, kind=Kind.ROUND_OPENED)
    assert rows.count() == 3 and set(rows.values_list("status", flat=True)) == {Status.PENDING}

    send()

    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    assert all(row.sent_at and row.triggered_by.username == "clerk" for row in rows)


def test_running_the_command_again_sends_nothing_twice(update_round):
    assert len(send()) == 3
    assert send() == []
    assert Notification.objects.filter(update_round=update_round).count() == 3


def test_mail_comes_from_the_partnerships_own_address(update_round, partnership):
    partnership_email_set(
        partnership=partnership,
        from_address="community.safety@borough.example.test",
        from_name="Safer Borough Partnership",
        reply_to="clerk@borough.example.test",
        by=SYSTEM,
        reason="t",
    )
    message = send()[0]
    assert message.from_email == "Safer Borough Partnership <community.safety@borough.example.test>"
    assert message.reply_to == ["clerk@borough.example.test"]


def test_without_an_own_address_mail_comes_from_the_default(update_round):
    assert {m.from_email for m in send()} == {"tracker@example.test"}


def test_a_sensitive_plans_mail_says_only_that_an_action_needs_an_update(
    time_machine, partnership, organisations, people
):
    from tests.notifications.conftest import OPENS_AT

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
        lead_organisations=[organisations["police"]],
        by=people["clerk"],
        reason="t",
    )
    time_machine.move_to(OPENS_AT)
    open_round([dhr], people["clerk"])

    [message] = send()

    assert message.to == ["police@example.test"]
    link = SITE + reverse("recommendations:update", args=[rec.pk])
    for part in (message.subject, message.body, html_of(message)):
        assert "disclosures" not in part and "IDVA" not in part
        assert "DHR Adult Q" not in part and "R7" not in part
    assert "An action needs your update" in message.body and link in message.body
    assert link in html_of(message)


def test_officers_without_email_or_deactivated_get_nothing(update_round, people, client):
    user_update(user=people["other_officer"], email="", by=SYSTEM, reason="t")
    user_update(user=people["housing_officer"], is_active=False, by=SYSTEM, reason="t")

    mails = to(send())

    assert set(mails) == {"officer@example.test"}
    police = Notification.objects.get(recipient=people["other_officer"])
    assert police.status == Status.SKIPPED and police.last_error == "No email address"
    housing = Notification.objects.get(recipient=people["housing_officer"])
    assert housing.status == Status.SKIPPED and housing.last_error == "Account deactivated"


def test_the_chase_list_says_who_cannot_be_emailed(update_round, people, client):
    user_update(user=people["other_officer"], email="", by=SYSTEM, reason="t")
    client.force_login(people["clerk"])
    html = client.get(reverse("meetings:update-round-detail", args=[update_round.pk])).content
    assert b"Police Tester (no email address: not emailed)" in html


def test_a_round_opening_later_is_sent_from_its_opening_morning(
    time_machine, plan, actions, people
):
    from datetime import date, datetime

    from tests.notifications.conftest import LONDON

    time_machine.move_to(datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    from meetings import services as meetings

    meetings.update_round_create(
        meeting=None,
        plans=[plan],
        deadline=date(2026, 11, 20),
        opens_on=date(2026, 11, 9),
        message="",
        by=people["clerk"],
        reason="t",
    )
    assert send() == []
    time_machine.move_to(datetime(2026, 11, 9, 8, 1, tzinfo=LONDON))
    assert len(send()) == 3
