"""The update round's chase list: who has updated their outstanding actions since it opened."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings import services as meetings
from meetings.chase import chase_list
from partnership.permissions import SYSTEM
from partnership.services import person_create
from recommendations import services

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
BEFORE = datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)
OPENS = date(2026, 11, 10)
AFTER = datetime(2026, 11, 12, 15, 0, tzinfo=LONDON)


@pytest.fixture
def world(time_machine, plan, partnership, organisations, users):
    """A hand-built plan: some actions updated since the round opened, some not."""
    clerk = users["clerk"]
    housing, police, charity = (
        organisations["housing"],
        organisations["police"],
        organisations["charity"],
    )
    pending = services.status_for(plan, "Pending")
    complete = services.status_for(plan, "Complete")
    other_plan = services.plan_create(
        partnership=partnership, name="Other plan", kind="strategy", by=clerk, reason="t"
    )
    time_machine.move_to(BEFORE)
    volunteer = person_create(name="Vic Ode", organisation=charity, by=SYSTEM, reason="t")

    def rec(ref, orgs=(), people=(), status=pending, in_plan=plan):
        return services.recommendation_create(
            plan=in_plan,
            reference=ref,
            text=f"Action {ref}",
            status=status or in_plan.statuses.first(),
            lead_organisations=orgs,
            lead_people=people,
            by=clerk,
            reason="t",
        )

    r = {
        "1": rec("1", [housing]),  # never touched
        "2": rec("2", [housing]),  # changed after the round opened
        "3": rec("3", [police]),  # progress update dated after the round opened
        "4": rec("4", [police]),  # progress update dated before
        "5": rec("5", [police], status=complete),  # complete: not outstanding
        "6": rec("6"),  # unassigned
        "7": rec("7", [housing, police]),  # changed, but before the round opened
        "8": rec("8", people=[volunteer]),  # led by a person from the charity
        "9": rec("9", [housing], in_plan=other_plan, status=None),  # plan not in the round
    }
    services.progress_update_add(
        recommendation=r["4"], text="Early note", by=clerk, written_on=date(2026, 11, 3)
    )
    services.recommendation_update(
        recommendation=r["7"], changes={"rag": "AMBER"}, by=clerk, reason="Before round"
    )
    time_machine.move_to(datetime(2026, 11, 10, 8, 0, tzinfo=LONDON))
    update_round = meetings.update_round_create(
        meeting=None,
        plans=[plan],
        deadline=date(2026, 11, 20),
        message="Updates please",
        by=clerk,
        reason="t",
    )
    time_machine.move_to(AFTER)
    services.recommendation_update(
        recommendation=r["2"],
        changes={"rag": "GREEN"},
        by=users["housing_officer"],
        reason="Update",
    )
    services.progress_update_add(
        recommendation=r["3"], text="Done most of it", by=users["other_officer"]
    )
    return update_round, r


def _refs(items):
    return [item.recommendation.reference for item in items]


def test_chase_list_says_who_has_updated_per_plan_and_lead_agency(world, users):
    update_round, _ = world
    result = chase_list(update_round, users["clerk"])
    [group] = result.plans
    leads = {lead.name: lead for lead in group.leads}
    # Agencies with most to chase come first, unassigned actions last.
    assert list(leads) == ["Housing Team", "Test Police", "Safe Space Charity", "Unassigned"]
    assert _refs(leads["Housing Team"].not_updated) == ["1", "7"]
    assert _refs(leads["Housing Team"].updated) == ["2"]
    assert _refs(leads["Test Police"].not_updated) == ["4", "7"]
    assert _refs(leads["Test Police"].updated) == ["3"]
    assert _refs(leads["Safe Space Charity"].not_updated) == ["8"]
    assert _refs(leads["Unassigned"].not_updated) == ["6"]
    assert leads["Housing Team"].contacts == [users["housing_officer"]]
    assert leads["Test Police"].contacts == [users["other_officer"]]
    # Action 7 is counted once although two agencies lead it; 5 is complete, 9 in another plan.
    assert (result.outstanding, result.updated, result.to_chase) == (7, 2, 5)


def test_chase_list_remembers_when_the_lead_agency_last_updated_each_action_in_the_round(
    world, users
):
    update_round, _ = world
    [group] = chase_list(update_round, users["clerk"]).plans
    items = {
        i.recommendation.reference: i
        for lead in group.leads
        for i in lead.updated + lead.not_updated
    }
    assert items["1"].last_changed_on is None
    assert items["2"].last_changed_on == date(2026, 11, 12)
    assert items["3"].last_changed_on == date(2026, 11, 12)
    # The clerk's note on 4 and change to 7 came before the round, and are not the lead's.
    assert items["4"].last_changed_on is None
    assert items["7"].last_changed_on is None


def test_update_round_page_shows_the_chase_list_to_everyone_signed_in(world, client, users):
    update_round, _ = world
    client.force_login(users["officer"])
    response = client.get(reverse("meetings:update-round-detail", args=[update_round.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Updates due by 20 November 2026" in html
    assert "5 of 7 outstanding actions not yet updated." in html
    assert "Not yet updated" in html and "Officers to contact" in html
    assert "Close this update round" not in html  # officers read only


def test_update_round_page_offers_the_clerk_to_close_an_open_round(world, client, users):
    update_round, _ = world
    client.force_login(users["clerk"])
    html = client.get(reverse("meetings:update-round-detail", args=[update_round.pk])).content
    assert b"Close this update round" in html


def test_update_round_page_takes_a_bounded_number_of_queries(
    world, client, users, plan, organisations, django_assert_max_num_queries
):
    update_round, _ = world
    client.force_login(users["clerk"])
    url = reverse("meetings:update-round-detail", args=[update_round.pk])
    # The counting rule reads history, progress log, people and organisations; then the papers.
    with django_assert_max_num_queries(15) as few:  # +1: the user's partnerships
        client.get(url)
    pending = services.status_for(plan, "Pending")
    for n in range(10, 30):
        rec = services.recommendation_create(
            plan=plan,
            reference=str(n),
            text="More",
            status=pending,
            lead_organisations=[organisations["council"], organisations["charity"]],
            by=SYSTEM,
            reason="t",
        )
        services.progress_update_add(recommendation=rec, text="Note", by=SYSTEM)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_update_round_page_refuses_post_and_anonymous_users(world, client, users):
    update_round, _ = world
    url = reverse("meetings:update-round-detail", args=[update_round.pk])
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(users["clerk"])
    assert client.post(url).status_code == 405
    assert client.get(reverse("meetings:update-round-detail", args=[999])).status_code == 404
