"""Correcting meeting records and committee business through the pages: each role's answer,
list attendance, edits and removals with a reason, refusals that leave data as it was,
matters arising, confirmation and the PDF downloads."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from meetings import business, records, services
from meetings.models import Attendance, ConfirmedMinutes, MatterArising, Minute, Resolution
from partnership import services as directory

pytestmark = pytest.mark.django_db
ROLES = ["housing_officer", "other_officer", "manager", "clerk", "admin"]
CLERKS = {"clerk", "admin"}


@pytest.fixture
def tracked(minute, organisations, users):
    return services.resolution_add(
        minute=minute,
        text="That the lighting survey be completed.",
        action_lead_organisations=[organisations["council"]],
        target_date_text="March 2027",
        by=users["clerk"],
        reason="t",
    )


@pytest.fixture
def pages(meeting, committee, minute, tracked, users):
    clerk = users["clerk"]
    item = services.agenda_item_add(meeting=meeting, title="Lighting", by=clerk, reason="t")
    row = services.attendance_add(
        meeting=meeting, kind="present", name="A. Member", by=clerk, reason="t"
    )
    note = services.resolution_add(
        minute=minute, text="That it be noted.", track=False, by=clerk, reason="t"
    )
    declaration = records.declaration_add(
        meeting=meeting, name="A. Member", interest="Trustee", by=clerk, reason="t"
    )
    return {
        "meetings:committee-update": committee.pk,
        "meetings:schedule-add": committee.pk,
        "meetings:matters-arising": meeting.pk,
        "meetings:minutes-confirm": meeting.pk,
        "meetings:correction-add": meeting.pk,
        "meetings:attendance-list": meeting.pk,
        "meetings:declaration-add": meeting.pk,
        "meetings:agenda-update": item.pk,
        "meetings:agenda-remove": item.pk,
        "meetings:attendance-update": row.pk,
        "meetings:attendance-remove": row.pk,
        "meetings:minute-update": minute.pk,
        "meetings:minute-remove": minute.pk,
        "meetings:resolution-update": note.pk,
        "meetings:resolution-remove": note.pk,
        "meetings:declaration-remove": declaration.pk,
    }


@pytest.mark.parametrize("role", ROLES)
def test_record_pages_answer_clerks_and_refuse_everyone_else(client, users, pages, role):
    client.force_login(users[role])
    for name, pk in pages.items():
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == (200 if role in CLERKS else 403), name
        if response.status_code == 200:
            assert response.content.count(b"<h1") == 1, name


def test_record_pages_send_anonymous_visitors_to_sign_in(client, pages):
    for name, pk in pages.items():
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_record_pages_of_unknown_records_are_not_found(client, users, pages):
    client.force_login(users["clerk"])
    for name in pages:
        assert client.get(reverse(name, args=[99999])).status_code == 404, name


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_downloads_the_papers(client, users, meeting, minute, role):
    client.force_login(users[role])
    for name in ["meetings:agenda-pdf", "meetings:minutes-pdf"]:
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_attendance_list_adds_picked_members_and_pasted_names(
    client, users, meeting, committee, organisations
):
    clerk = users["clerk"]
    member = directory.person_create(
        name="Jo Member", organisation=organisations["police"], by=clerk, reason="t"
    )
    business.committee_update(committee=committee, members=[member], by=clerk, reason="t")
    client.force_login(clerk)
    url = reverse("meetings:attendance-list", args=[meeting.pk])
    response = client.post(
        url,
        {
            "kind": "present",
            "people": [member.pk],
            "names": "Cllr. A. Example\tRiverside Council\nPat Smith, NHS Trust\n",
        },
    )
    assert response.status_code == 302
    rows = list(meeting.attendance.order_by("pk").values_list("name", "person", "detail"))
    assert rows == [
        ("", member.pk, "Test Police"),
        ("Cllr. A. Example", None, "Riverside Council"),
        ("Pat Smith", None, "NHS Trust"),
    ]
    assert Attendance.objects.get(name="Pat Smith").history.get().history_user == clerk


def test_attendance_list_names_the_bad_line_and_adds_nobody(client, users, meeting):
    client.force_login(users["clerk"])
    url = reverse("meetings:attendance-list", args=[meeting.pk])
    response = client.post(url, {"kind": "present", "names": "Fine Name\n" + "x" * 250})
    assert response.status_code == 200
    assert "Line 2: the name or its organisation is too long" in response.content.decode()
    assert not meeting.attendance.exists()


def test_a_minute_is_edited_with_a_reason_kept_in_its_history(client, users, minute):
    client.force_login(users["clerk"])
    url = reverse("meetings:minute-update", args=[minute.pk])
    form = {
        "number": minute.number,
        "title": "Street lighting",
        "text": "Corrected.",
        "reason": "Typing error",
    }
    assert client.post(url, {**form, "reason": ""}).status_code == 200  # no reason: refused
    assert Minute.objects.get(pk=minute.pk).title == "Street lighting review"
    assert client.post(url, form).status_code == 302
    latest = minute.history.order_by("-history_date").first()
    assert latest.title == "Street lighting" and latest.history_change_reason == "Typing error"


def test_a_minute_whose_resolution_made_an_action_cannot_be_removed(client, users, minute, tracked):
    client.force_login(users["clerk"])
    response = client.post(
        reverse("meetings:minute-remove", args=[minute.pk]), {"reason": "Duplicate"}
    )
    assert response.status_code == 200
    assert "its resolutions created actions (78(a))" in response.content.decode()
    assert (
        Minute.objects.filter(pk=minute.pk).exists()
        and Resolution.objects.filter(pk=tracked.pk).exists()
    )


def test_an_untracked_resolution_and_then_its_minute_are_removed(client, users, meeting):
    clerk = users["clerk"]
    minute = services.minute_add(meeting=meeting, title="Other business", by=clerk, reason="t")
    note = services.resolution_add(
        minute=minute, text="That it be noted.", track=False, by=clerk, reason="t"
    )
    client.force_login(clerk)
    assert (
        client.post(
            reverse("meetings:resolution-remove", args=[note.pk]), {"reason": "Not resolved"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("meetings:minute-remove", args=[minute.pk]), {"reason": "Duplicate"}
        ).status_code
        == 302
    )
    assert not Minute.objects.filter(pk=minute.pk).exists()
    deleted = Minute.history.filter(id=minute.pk, history_type="-").get()
    assert deleted.history_change_reason == "Duplicate" and deleted.history_user == clerk


def test_the_clerk_records_matters_arising_and_confirms_minutes_then_edits_are_refused(
    client, users, meeting, next_meeting, minute, tracked
):
    clerk = users["clerk"]
    client.force_login(clerk)
    detail = client.get(reverse("meetings:detail", args=[next_meeting.pk])).content.decode()
    assert "78(a)" in detail and "Record matters arising" in detail
    url = reverse("meetings:matters-arising", args=[next_meeting.pk])
    page = client.get(url).content.decode()
    assert "from minute 78" in page and "No update yet" in page
    key = f"outcome_{tracked.action_id}"
    assert (
        client.post(
            url, {key: "carried_forward", f"note_{tracked.action_id}": "Survey in spring"}
        ).status_code
        == 302
    )
    assert MatterArising.objects.get().outcome == "carried_forward"

    confirming = services.minute_add(
        meeting=next_meeting, title="Minutes of the last meeting", by=clerk, reason="t"
    )
    response = client.post(
        reverse("meetings:minutes-confirm", args=[meeting.pk]), {"at_minute": confirming.pk}
    )
    assert response.status_code == 302
    frozen = ConfirmedMinutes.objects.get(meeting=meeting)
    download = client.get(reverse("meetings:minutes-pdf", args=[meeting.pk]))
    assert download.content == bytes(frozen.pdf)

    edit = client.post(
        reverse("meetings:minute-update", args=[minute.pk]),
        {"number": 78, "title": "New", "reason": "Change"},
    )
    assert edit.status_code == 200 and "record a correction" in edit.content.decode()
    assert Minute.objects.get(pk=minute.pk).title == "Street lighting review"
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Confirmed as a correct record" in detail and frozen.sha256 in detail
    assert reverse("meetings:minute-update", args=[minute.pk]) not in detail

    fix = client.post(
        reverse("meetings:correction-add", args=[meeting.pk]),
        {"minute": minute.pk, "text": "Read 'lamp posts'.", "reason": "Agreed in December"},
    )
    assert fix.status_code == 302
    assert (
        "Read &#x27;lamp posts&#x27;."
        in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )


def test_schedule_adds_every_date_in_one_form_or_none(client, users, committee):
    client.force_login(users["clerk"])
    url = reverse("meetings:schedule-add", args=[committee.pk])
    bad = client.post(url, {"dates": "8 December 2026; 31 Febtember 2027", "time": "10:00"})
    assert "Date 2 (“31 Febtember 2027”) is not a date" in bad.content.decode()
    assert not committee.meetings.exists()
    good = client.post(
        url,
        {
            "dates": "8 December 2026; 23 February 2027\n2 June 2027",
            "time": "10:00",
            "venue": "County Hall",
        },
    )
    assert good.status_code == 302
    assert [m.date for m in committee.meetings.order_by("date")] == [
        date(2026, 12, 8),
        date(2027, 2, 23),
        date(2027, 6, 2),
    ]


def test_committee_chair_and_vice_chair_are_recorded_with_the_meeting_that_elected_them(
    client, users, organisations, committee, meeting
):
    clerk = users["clerk"]
    # People of the partnership's organisations: only they are choices for its committee.
    council = organisations["council"]
    chair = directory.person_create(name="Alex Chair", organisation=council, by=clerk, reason="t")
    vice = directory.person_create(name="Sam Vice", organisation=council, by=clerk, reason="t")
    client.force_login(clerk)
    url = reverse("meetings:committee-update", args=[committee.pk])
    form = {
        "chair": chair.pk,
        "chair_elected_at": meeting.pk,
        "vice_chair": chair.pk,
        "marking": "OFFICIAL",
        "reason": "AGM",
    }
    same = client.post(url, form)
    assert "must be someone other than the chair" in same.content.decode()
    assert (
        client.post(
            url, {**form, "vice_chair": vice.pk, "vice_chair_elected_at": meeting.pk}
        ).status_code
        == 302
    )
    committee.refresh_from_db()
    assert (committee.chair, committee.chair_elected_at, committee.vice_chair) == (
        chair,
        meeting,
        vice,
    )


def test_matters_arising_page_takes_the_same_queries_for_one_action_or_many(
    client,
    users,
    meeting,
    next_meeting,
    minute,
    tracked,
    organisations,
    django_assert_max_num_queries,
):
    client.force_login(users["clerk"])
    url = reverse("meetings:matters-arising", args=[next_meeting.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        services.resolution_add(
            minute=minute,
            text=f"That {n} happen.",
            action_lead_organisations=[organisations["police"]],
            by=users["clerk"],
            reason="t",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("from minute 78") == 7
