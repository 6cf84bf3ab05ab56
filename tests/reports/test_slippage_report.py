"""The slippage report, and fuzzy dates in history printed with their due date."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from partnership.audit import history_entries
from recommendations import services
from recommendations.dates import as_written_with_due

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def slipped(time_machine, plan, users, organisations):
    officer = users["housing_officer"]
    time_machine.move_to(datetime(2026, 11, 1, 10, tzinfo=LONDON))
    recommendation = services.recommendation_create(
        plan=plan,
        reference="19",
        text="Agree a referral route.",
        status=services.status_for(plan, "Pending"),
        lead_organisations=[organisations["housing"]],
        target_date_text="February 2017",
        by=users["clerk"],
        reason="t",
    )
    time_machine.move_to(datetime(2026, 11, 3, 10, tzinfo=LONDON))
    services.recommendation_update(
        recommendation=recommendation,
        changes={"revised_target_date_text": "March 2027", "revised_date_reason": "Staff left"},
        by=officer,
        reason="Slipped",
    )
    time_machine.move_to(datetime(2026, 11, 20, 10, tzinfo=LONDON))
    services.recommendation_update(
        recommendation=recommendation,
        changes={
            "revised_target_date_text": "Q4 2026/27",
            "revised_date_reason": "Waiting for the new contract",
        },
        by=officer,
        reason="Slipped again",
    )
    steady = services.recommendation_create(
        plan=plan,
        reference="20",
        text="Never slipped.",
        status=services.status_for(plan, "Pending"),
        target_date_text="June 2027",
        by=users["clerk"],
        reason="t",
    )
    return recommendation, steady


def test_a_fuzzy_date_is_written_with_its_due_date():
    assert as_written_with_due("Q4 2026/27") == "Q4 2026/27, due by 31 March 2027"
    assert as_written_with_due("March 2027") == "March 2027, due by 31 March 2027"
    assert as_written_with_due("31/03/2027") == "31/03/2027"
    assert as_written_with_due("Ongoing") == "Ongoing"


def test_history_prints_a_fuzzy_revision_as_written_with_its_due_date(slipped):
    rec, _ = slipped
    [latest] = [c for c in history_entries(rec)[0].changes if c.field.startswith("Revised target")]
    assert latest.new == "Q4 2026/27, due by 31 March 2027"
    assert latest.old == "March 2027, due by 31 March 2027"
    shown = {c.field for entry in history_entries(rec) for c in entry.changes}
    assert "Revised target date" not in shown  # only the words, never "1 January 2027"


def test_the_slippage_report_lists_every_revision_newest_first_with_reasons(
    client, users, slipped, plan
):
    rec, steady = slipped
    client.force_login(users["manager"])
    response = client.get(reverse("reports:slippage"), {"plan": plan.pk})
    assert response.status_code == 200
    [item] = response.context["slipped"]
    assert item.recommendation == rec and item.times == 2
    newest, oldest = item.revisions
    assert (newest.from_text, newest.to_text, newest.reason) == (
        "March 2027, due by 31 March 2027",
        "Q4 2026/27, due by 31 March 2027",
        "Waiting for the new contract",
    )
    assert (oldest.from_text, oldest.to_text, oldest.reason) == (
        "February 2017, due by 28 February 2017",
        "March 2027, due by 31 March 2027",
        "Staff left",
    )
    assert newest.who == users["housing_officer"].display_name()
    html = response.content.decode()
    assert "1 action revised, 2 revisions" in html and html.count("<h1") == 1
    assert "Never slipped" not in html


def test_the_slippage_report_follows_finds_filters(client, users, slipped, organisations):
    client.force_login(users["clerk"])
    police = client.get(reverse("reports:slippage"), {"agency": organisations["police"].pk})
    assert police.context["slipped"] == []
    housing = client.get(reverse("reports:slippage"), {"agency": organisations["housing"].pk})
    assert len(housing.context["slipped"]) == 1


def test_officers_cannot_open_the_slippage_report(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("reports:slippage")).status_code == 403
