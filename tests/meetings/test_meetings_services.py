"""Meetings services: audit trail, minute numbering, resolutions that become tracked actions."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import Committee, Minute, UpdateRound
from partnership.audit import history_entries
from partnership.permissions import SYSTEM
from recommendations.models import PlanKind, SectionKind

pytestmark = pytest.mark.django_db


def test_committee_create_makes_its_actions_arising_plan_and_records_who_and_why(committee):
    plan = committee.actions_plan
    assert plan.kind == PlanKind.MINUTES
    assert plan.name == "Safer Streets Board – actions arising"
    assert plan.partnership == committee.partnership
    [entry] = history_entries(committee)
    assert (entry.who, entry.reason, entry.kind) == ("Clerk Tester", "Test fixture", "Created")


def test_committee_members_are_recorded_in_one_history_row(partnership, users):
    from partnership.services import person_create

    people = [person_create(name=n, by=SYSTEM, reason="t") for n in ("Ann Lee", "Bo Ray")]
    committee = services.committee_create(
        partnership=partnership, name="Board", members=people, by=users["admin"], reason="Set up"
    )
    assert committee.history.count() == 1
    assert set(committee.members.all()) == set(people)
    row = committee.history.get()
    assert {m.person_id for m in row.members.all()} == {p.pk for p in people}
    assert row.history_change_reason == "Set up"


def test_a_second_committee_with_the_same_name_is_refused(committee, users):
    with pytest.raises(ValidationError):
        services.committee_create(
            partnership=committee.partnership,
            name="safer streets board",
            by=users["clerk"],
            reason="Again",
        )
    assert Committee.objects.count() == 1


def test_minute_numbers_run_on_from_meeting_to_meeting(minute, next_meeting, users):
    first = services.minute_add(meeting=next_meeting, title="Apologies", by=SYSTEM, reason="t")
    second = services.minute_add(meeting=next_meeting, title="Minutes", by=SYSTEM, reason="t")
    assert (minute.number, first.number, second.number) == (78, 79, 80)


def test_minute_number_already_used_by_the_committee_is_refused(minute, next_meeting):
    with pytest.raises(ValidationError):
        services.minute_add(meeting=next_meeting, title="Clash", number=78, by=SYSTEM, reason="t")


def test_minute_numbers_of_another_committee_do_not_count(minute, partnership, users):
    other = services.committee_create(
        partnership=partnership, name="Youth Panel", by=users["clerk"], reason="t"
    )
    meeting = services.meeting_create(committee=other, date=date(2026, 7, 1), by=SYSTEM, reason="t")
    assert services.minute_add(meeting=meeting, title="First", by=SYSTEM, reason="t").number == 1


def test_a_matter_arising_refers_back_to_an_earlier_minute(minute, next_meeting):
    later = services.minute_add(
        meeting=next_meeting, title="Matters arising", refers_to=minute, by=SYSTEM, reason="t"
    )
    assert later.refers_to == minute
    assert list(minute.matters_arising.all()) == [later]


def test_a_resolution_becomes_a_tracked_action_in_the_committee_plan(minute, organisations, users):
    resolution = services.resolution_add(
        minute=minute,
        letter="a",
        text="That the Police report <b>knife crime</b> figures to the next meeting.",
        action_lead_organisations=[organisations["police"]],
        target_date_text="September 2026",
        by=users["clerk"],
        reason="Minutes typed up",
    )
    action = resolution.action
    assert action.plan == minute.meeting.committee.actions_plan
    assert action.reference == "78(a)"
    assert action.is_outstanding
    assert list(action.lead_organisations.all()) == [organisations["police"]]
    assert action.due_date == date(2026, 9, 30)
    # Clerk's words are escaped: the action's text is rendered as sanitised HTML.
    assert "&lt;b&gt;knife crime&lt;/b&gt;" in action.text
    assert action.section.kind == SectionKind.MEETING
    assert action.section.held_on == minute.meeting.date
    [entry] = history_entries(action)
    assert (entry.who, entry.reason) == ("Clerk Tester", "Minutes typed up")
    assert history_entries(resolution)[0].reason == "Minutes typed up"


def test_resolutions_of_one_meeting_share_its_section_and_letters_run_on(minute, users):
    first = services.resolution_add(minute=minute, text="That A.", by=users["clerk"], reason="t")
    second = services.resolution_add(minute=minute, text="That B.", by=users["clerk"], reason="t")
    noted = services.resolution_add(
        minute=minute, text="That it be noted.", track=False, by=users["clerk"], reason="t"
    )
    assert [first.letter, second.letter, noted.letter] == ["a", "b", "c"]
    assert first.action.section == second.action.section
    assert noted.action is None
    assert minute.meeting.committee.actions_plan.recommendations.count() == 2


def test_a_letter_used_twice_on_one_minute_is_refused(minute, users):
    services.resolution_add(minute=minute, letter="a", text="That A.", by=SYSTEM, reason="t")
    with pytest.raises(ValidationError):
        services.resolution_add(minute=minute, letter="(a)", text="Again.", by=SYSTEM, reason="t")


@pytest.mark.parametrize("role", ["officer", "other_officer", "manager"])
def test_only_clerks_and_admins_may_write_meetings(role, committee, minute, users, plan):
    user = users[role]
    with pytest.raises(PermissionDenied):
        services.meeting_create(committee=committee, date=date(2026, 1, 1), by=user, reason="t")
    with pytest.raises(PermissionDenied):
        services.minute_add(meeting=minute.meeting, title="x", by=user, reason="t")
    with pytest.raises(PermissionDenied):
        services.resolution_add(minute=minute, text="That x.", by=user, reason="t")
    with pytest.raises(PermissionDenied):
        services.update_round_create(
            meeting=None, plans=[plan], deadline=date(2099, 1, 1), message="", by=user, reason="t"
        )


def test_meeting_update_records_the_reason_and_skips_saves_that_change_nothing(meeting, users):
    services.meeting_update(
        meeting=meeting, venue="Council Chamber", by=users["admin"], reason="Moved"
    )
    services.meeting_update(
        meeting=meeting, venue="Council Chamber", by=users["admin"], reason="Again"
    )
    entries = history_entries(meeting)
    assert [e.reason for e in entries] == ["Moved", "Test fixture"]
    assert entries[0].changes[0].new == "Council Chamber"


def test_agenda_and_attendance_are_recorded(meeting, users):
    item = services.agenda_item_add(
        meeting=meeting, title="Performance", page_from=3, page_to=10, by=users["clerk"], reason="t"
    )
    second = services.agenda_item_add(
        meeting=meeting, title="Other business", by=SYSTEM, reason="t"
    )
    assert (item.number, second.number) == ("1", "2")
    row = services.attendance_add(
        meeting=meeting, kind="apology", name="Cllr. A. Example", by=users["clerk"], reason="t"
    )
    assert row.get_kind_display() == "Apologies"
    with pytest.raises(ValidationError):
        services.attendance_add(meeting=meeting, kind="present", by=SYSTEM, reason="t")


def test_update_round_is_one_history_row_with_its_plans_and_closes_once(plan, committee, users):
    meeting = services.meeting_create(
        committee=committee, date=date(2099, 6, 8), by=users["clerk"], reason="t"
    )
    update_round = services.update_round_create(
        meeting=meeting,
        plans=[plan, committee.actions_plan],
        deadline=date(2099, 5, 1),
        message="Please update by the deadline.",
        by=users["clerk"],
        reason="Round before June meeting",
    )
    assert update_round.requested_by == users["clerk"]
    assert update_round.history.count() == 1
    row = update_round.history.get()
    assert {p.actionplan_id for p in row.plans.all()} == {plan.pk, committee.actions_plan.pk}
    assert history_entries(update_round)[0].who == "Clerk Tester"

    services.update_round_close(update_round=update_round, by=users["clerk"], reason="Done")
    services.update_round_close(update_round=update_round, by=users["clerk"], reason="Again")
    update_round = UpdateRound.objects.get(pk=update_round.pk)
    assert not update_round.is_open
    assert [e.reason for e in history_entries(update_round)] == [
        "Done",
        "Round before June meeting",
    ]


def test_update_round_needs_plans_and_a_deadline_after_it_opens(plan, users):
    with pytest.raises(ValidationError):
        services.update_round_create(
            meeting=None,
            plans=[],
            deadline=date(2099, 1, 1),
            message="",
            by=users["clerk"],
            reason="t",
        )
    with pytest.raises(ValidationError):
        services.update_round_create(
            meeting=None,
            plans=[plan],
            deadline=date(2026, 1, 1),
            opens_on=date(2026, 2, 1),
            message="",
            by=users["clerk"],
            reason="t",
        )
    assert not Minute.objects.exists()
