"""Meetings list and meeting detail: what everyone signed in reads."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from meetings import services
from partnership.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_meeting(meeting, next_meeting, minute, organisations, users):
    clerk = users["clerk"]
    services.agenda_item_add(
        meeting=next_meeting,
        title="Minutes of previous meeting",
        page_from=3,
        page_to=10,
        by=clerk,
        reason="t",
    )
    services.agenda_item_add(
        meeting=next_meeting,
        title="Knife crime update",
        purpose="decision",
        page_from=11,
        by=clerk,
        reason="t",
    )
    for kind, name in [
        ("present", "Cllr. Dana Quill"),
        ("officer", "Sam Ellery, Community Safety"),
        ("other", "Inspector Ruth Vale"),
        ("apology", "Cllr. Pat Moss"),
    ]:
        services.attendance_add(meeting=next_meeting, kind=kind, name=name, by=clerk, reason="t")
    services.resolution_add(
        minute=minute,
        text="That the lighting audit be shared.",
        action_lead_organisations=[organisations["council"]],
        by=clerk,
        reason="t",
    )
    later = services.minute_add(
        meeting=next_meeting,
        title="Matters arising",
        refers_to=minute,
        text="The audit was shared.",
        by=clerk,
        reason="t",
    )
    services.resolution_add(
        minute=later,
        text="That the Police brief the board on <knife> arches.",
        action_lead_organisations=[organisations["police"]],
        by=clerk,
        reason="t",
    )
    services.resolution_add(
        minute=later, text="That the update be noted.", track=False, by=clerk, reason="t"
    )
    return next_meeting


def test_meeting_list_shows_committees_and_upcoming_and_past_meetings(
    client, users, meeting, next_meeting, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(date(2026, 7, 1))
    client.force_login(users["officer"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("meetings:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Safer Streets Board – actions arising" in html
    upcoming, past = html.split(">Past meetings</h2>")
    assert "8 September 2026" in upcoming
    assert "8 June 2026" in past
    assert "Add a meeting" not in html  # officers read only


def test_meeting_list_shows_clerk_actions_to_clerks(client, users, committee):
    client.force_login(users["clerk"])
    html = client.get(reverse("meetings:list")).content.decode()
    for label in ["Add a meeting", "Add a committee", "Start an update round"]:
        assert label in html


def test_meeting_detail_shows_agenda_attendance_minutes_and_tracked_actions(
    client, users, full_meeting
):
    client.force_login(users["other_officer"])
    response = client.get(reverse("meetings:detail", args=[full_meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Tuesday 8 September 2026" in html
    assert "Pages 3 – 10" in html and "Page 11" in html and "Decision" in html
    for heading, name in [
        ("Present", "Cllr. Dana Quill"),
        ("Officers", "Sam Ellery"),
        ("Others", "Inspector Ruth Vale"),
        ("Apologies for absence", "Cllr. Pat Moss"),
    ]:
        assert heading in html and name in html
    assert "79. Matters arising" in html
    assert "Matter arising from" in html and "minute 78</a>" in html
    assert "RESOLVED:" in html
    assert "(a)</span> That the Police brief the board on &lt;knife&gt; arches." in html
    assert "Action 79(a)" in html and "Open</strong>" in html
    assert "(b)</span> That the update be noted." in html
    assert "Action 79(b)" not in html
    assert "Record a resolution" not in html  # officers read only


def test_meeting_detail_links_an_earlier_minute_to_where_it_was_followed_up(
    client, users, full_meeting, meeting
):
    client.force_login(users["manager"])
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Followed up at" in html and "minute 79</a>" in html
    assert "Action 78(a)" in html


def test_meeting_detail_takes_a_bounded_number_of_queries(
    client, users, full_meeting, organisations, django_assert_max_num_queries
):
    client.force_login(users["clerk"])
    url = reverse("meetings:detail", args=[full_meeting.pk])
    # 12 for the agenda, attendance and minutes; 6 more for declarations, matters arising,
    # the confirmation and corrections (issue 14).
    with django_assert_max_num_queries(20) as few:  # +2: the user's partnerships (scoping)
        client.get(url)
    later = full_meeting.minutes.get()
    for n in range(8):  # many more resolutions, minutes and attendees
        services.resolution_add(
            minute=later,
            text=f"That {n} happen.",
            action_lead_organisations=[organisations["police"]],
            by=SYSTEM,
            reason="t",
        )
        services.minute_add(meeting=full_meeting, title=f"Item {n}", by=SYSTEM, reason="t")
        services.attendance_add(
            meeting=full_meeting, kind="present", name=f"P{n}", by=SYSTEM, reason="t"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_meeting_detail_of_an_unknown_meeting_is_not_found(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("meetings:detail", args=[999])).status_code == 404


@pytest.mark.parametrize("name", ["meetings:list", "meetings:detail"])
def test_read_pages_refuse_post(name, client, users, meeting):
    client.force_login(users["clerk"])
    args = [meeting.pk] if name == "meetings:detail" else []
    assert client.post(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize("name", ["meetings:list", "meetings:detail"])
def test_read_pages_send_anonymous_users_to_sign_in(name, client, meeting):
    args = [meeting.pk] if name == "meetings:detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_meeting_detail_lists_the_appendices_issued_for_it(client, users, meeting):
    reports = pytest.importorskip("reports.models")
    if not hasattr(reports, "IssuedAppendix"):
        pytest.skip("the reports app does not issue appendices yet")
    paper = reports.IssuedAppendix.objects.create(
        meeting=meeting,
        title="Appendix A – outstanding actions",
        as_at=date(2026, 6, 1),
        marking="OFFICIAL",
        parameters={},
        pdf=b"%PDF-1.7",
        sha256="0" * 64,
        size=8,
        row_count=0,
        page_count=1,
        issued_by=users["clerk"],
    )
    paper.plans.set([meeting.committee.actions_plan])  # a paper is listed to who reads its plans
    client.force_login(users["officer"])
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Issued appendices" in html
    assert "Appendix A – outstanding actions</a>, as at 1 June 2026" in html
    assert "by Clerk Tester" in html
