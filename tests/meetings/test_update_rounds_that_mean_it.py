"""Update rounds count only a lead agency's own updates; officers see what each round needs;
at the deadline the clerk issues the round's appendix in one step."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings import services as meetings
from meetings.chase import chase_list
from partnership.permissions import SYSTEM
from recommendations import services
from reports.models import IssuedAppendix

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def round_world(time_machine, partnership, organisations, users):
    clerk = users["clerk"]
    time_machine.move_to(datetime(2026, 11, 2, 9, tzinfo=LONDON))
    plan = services.plan_create(
        partnership=partnership, name="Workshops 2026", kind="workshop", by=clerk, reason="t"
    )
    pending = services.status_for(plan, "Pending")
    recs = {
        ref: services.recommendation_create(
            plan=plan,
            reference=ref,
            text=f"Action {ref}.",
            status=pending,
            lead_organisations=[organisations["housing"]],
            by=clerk,
            reason="t",
        )
        for ref in ("1", "2", "3")
    }
    committee = meetings.committee_create(
        partnership=partnership, name="Safer Board", by=SYSTEM, reason="t"
    )
    meeting = meetings.meeting_create(
        committee=committee, date=date(2026, 11, 30), by=SYSTEM, reason="t"
    )
    time_machine.move_to(datetime(2026, 11, 10, 9, tzinfo=LONDON))
    update_round = meetings.update_round_create(
        meeting=meeting,
        plans=[plan],
        deadline=date(2026, 11, 20),
        message="Updates please",
        by=clerk,
        reason="t",
    )
    time_machine.move_to(datetime(2026, 11, 12, 11, tzinfo=LONDON))
    # An import (the system acting) and a clerk's correction during the round.
    services.recommendation_update(
        recommendation=recs["1"],
        changes={"text": "Action 1, as the paper now says."},
        by=SYSTEM,
        reason="Imported from the November paper",
    )
    services.progress_update_add(
        recommendation=recs["1"], text="Imported note", by=SYSTEM, author_name="From paper"
    )
    services.recommendation_update(
        recommendation=recs["3"], changes={"rag": "AMBER"}, by=clerk, reason="Typo"
    )
    services.progress_update_add(recommendation=recs["3"], text="Clerk's note", by=clerk)
    return plan, recs, update_round, meeting


def _refs(items):
    return sorted(item.recommendation.reference for item in items)


def test_imports_and_clerks_edits_do_not_count_and_an_officers_progress_note_does(
    client, users, round_world
):
    plan, recs, update_round, _ = round_world
    chase = chase_list(update_round, users["clerk"])
    assert chase.updated == 0 and chase.to_chase == 3

    client.force_login(users["housing_officer"])
    response = client.post(
        reverse("recommendations:update", args=[recs["2"].pk]),
        {
            "version": recs["2"].version,
            "status": recs["2"].status_id,
            "rag": "",
            "progress_note": "Met the estates team",
            "revised_target_date_text": "",
            "revised_date_reason": "",
            "reason": "",
        },
    )
    assert response.status_code == 302
    [group] = chase_list(update_round, users["clerk"]).plans
    [lead] = group.leads
    assert _refs(lead.updated) == ["2"]
    assert _refs(lead.not_updated) == ["1", "3"]
    assert lead.contacts == [users["housing_officer"]]

    # My actions: the round's plans, and "needs update" only on the others.
    page = client.get(reverse("recommendations:my-actions"))
    html = page.content.decode()
    assert "This round covers: Workshops 2026." in html
    assert "2 of your 3 actions" in html
    needs = {rec.reference: bool(rec.needs_update) for rec in page.context["recommendations"]}
    assert needs == {"1": True, "2": False, "3": True}
    assert html.count("app-needs-update") == 2


def test_an_officer_of_the_agency_a_lead_team_sits_in_counts(users, organisations, round_world):
    plan, recs, update_round, _ = round_world
    # The council's officer updates an action led by the council's housing team.
    services.progress_update_add(
        recommendation=recs["1"], text="Council has it in hand", by=users["officer"]
    )
    [group] = chase_list(update_round, users["clerk"]).plans
    updated = {a.recommendation.reference for lead in group.leads for a in lead.updated}
    assert updated == {"1"}


def test_at_the_deadline_the_clerk_issues_the_rounds_appendix_in_one_step(
    client, users, time_machine, round_world
):
    plan, _, update_round, meeting = round_world
    url = reverse("meetings:update-round-issue", args=[update_round.pk])
    client.force_login(users["clerk"])
    early = client.post(url, follow=True)
    assert "appendix can be issued from that day" in early.content.decode()
    assert not IssuedAppendix.objects.exists()

    time_machine.move_to(datetime(2026, 11, 21, 9, tzinfo=LONDON))
    detail = client.get(reverse("meetings:update-round-detail", args=[update_round.pk]))
    assert "Issue the round's appendix as at 20/11/2026" in detail.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    paper = IssuedAppendix.objects.get()
    assert paper.as_at == date(2026, 11, 20)
    assert paper.meeting == meeting and paper.update_round == update_round
    assert paper.parameters["plan_ids"] == [plan.pk] and paper.parameters["mark_changes"]
    update_round.refresh_from_db()
    assert not update_round.is_open
    again = client.post(url, follow=True)
    assert "already been issued" in again.content.decode()
    assert IssuedAppendix.objects.count() == 1
    meeting_page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert paper.title in meeting_page
    assert meeting_page.count("as at") == meeting_page.count(paper.title)


def test_officers_cannot_issue_a_rounds_appendix(client, users, time_machine, round_world):
    _, _, update_round, _ = round_world
    time_machine.move_to(datetime(2026, 11, 21, 9, tzinfo=LONDON))
    client.force_login(users["housing_officer"])
    url = reverse("meetings:update-round-issue", args=[update_round.pk])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
