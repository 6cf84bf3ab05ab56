"""The clerk's forms: every write page, as clerk, officer, anonymous, and with the wrong method."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Attendance, Committee, Meeting, Minute, UpdateRound

pytestmark = pytest.mark.django_db

FORMS = [
    "meetings:committee-create",
    "meetings:create",
    "meetings:update",
    "meetings:agenda-add",
    "meetings:attendance-add",
    "meetings:minute-add",
    "meetings:resolution-add",
    "meetings:update-round-create",
]
WRITES = [*FORMS, "meetings:update-round-close"]


@pytest.fixture
def update_round(committee, plan, users):
    later = services.meeting_create(
        committee=committee, date=date(2099, 2, 1), by=users["clerk"], reason="t"
    )
    return services.update_round_create(
        meeting=later,
        plans=[plan],
        deadline=date(2099, 1, 1),
        message="",
        by=users["clerk"],
        reason="t",
    )


@pytest.fixture
def targets(partnership, committee, meeting, minute, plan, organisations, update_round):
    """For each write page: its URL and a valid submission."""
    return {
        "meetings:committee-create": (
            reverse("meetings:committee-create"),
            {"partnership": partnership.pk, "name": "Youth Safety Panel"},
        ),
        "meetings:create": (
            reverse("meetings:create"),
            {"committee": committee.pk, "date": "2026-10-01", "time": "14:30", "venue": "Hall"},
        ),
        "meetings:update": (
            reverse("meetings:update", args=[meeting.pk]),
            {"date": "2026-06-09", "time": "", "venue": "Council Chamber", "reason": "Moved"},
        ),
        "meetings:agenda-add": (
            reverse("meetings:agenda-add", args=[meeting.pk]),
            {
                "number": "",
                "title": "Performance report",
                "purpose": "decision",
                "page_from": "3",
                "page_to": "10",
                "is_public": "on",
            },
        ),
        "meetings:attendance-add": (
            reverse("meetings:attendance-add", args=[meeting.pk]),
            {"kind": "apology", "name": "Cllr. Pat Moss"},
        ),
        "meetings:minute-add": (
            reverse("meetings:minute-add", args=[meeting.pk]),
            {"number": "79", "title": "Matters arising", "text": "Noted.", "refers_to": minute.pk},
        ),
        "meetings:resolution-add": (
            reverse("meetings:resolution-add", args=[minute.pk]),
            {
                "letter": "",
                "text": "That the Police report back.",
                "track": "on",
                "action_lead_organisations": [organisations["police"].pk],
                "target_date_text": "March 2027",
            },
        ),
        "meetings:update-round-create": (
            reverse("meetings:update-round-create"),
            {
                "meeting": "",
                "plans": [plan.pk, committee.actions_plan.pk],
                "deadline": "2099-02-01",
                "message": "Please update.",
            },
        ),
        "meetings:update-round-close": (
            reverse("meetings:update-round-close", args=[update_round.pk]),
            {},
        ),
    }


@pytest.mark.parametrize("name", FORMS)
def test_clerk_sees_each_form_with_one_heading(name, client, users, targets):
    client.force_login(users["clerk"])
    response = client.get(targets[name][0])
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<title>Error" not in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("name", WRITES)
def test_clerk_submits_each_form_and_is_redirected(name, client, users, targets):
    client.force_login(users["clerk"])
    url, data = targets[name]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("name", [n for n in FORMS if n != "meetings:committee-create"])
def test_an_empty_submission_shows_the_errors(name, client, users, targets):
    client.force_login(users["clerk"])
    response = client.post(targets[name][0], {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html


@pytest.mark.parametrize("name", WRITES)
def test_officers_of_any_organisation_and_managers_cannot_write(name, client, users, targets):
    url, data = targets[name]
    for role in ["officer", "other_officer", "manager"]:
        client.force_login(users[role])
        assert client.post(url, data).status_code == 403, role
        if name in FORMS:
            assert client.get(url).status_code == 403, role


@pytest.mark.parametrize("name", WRITES)
def test_write_pages_send_anonymous_users_to_sign_in(name, client, targets):
    url, data = targets[name]
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", FORMS)
def test_forms_refuse_other_methods(name, client, users, targets):
    client.force_login(users["clerk"])
    assert client.put(targets[name][0]).status_code == 405


def test_closing_a_round_asks_first_on_get(client, users, targets, update_round):
    client.force_login(users["clerk"])
    response = client.get(targets["meetings:update-round-close"][0])
    assert response.status_code == 200
    assert "Are you sure you want to close this update round?" in response.content.decode()
    update_round.refresh_from_db()
    assert update_round.is_open
    assert client.put(targets["meetings:update-round-close"][0]).status_code == 405


# --- what each submission did ------------------------------------------------------------


def _post(client, user, targets, view, **overrides):
    client.force_login(user)
    url, data = targets[view]
    return client.post(url, {**data, **overrides})


def test_adding_a_committee_creates_its_actions_plan(client, users, targets):
    _post(client, users["admin"], targets, "meetings:committee-create")
    committee = Committee.objects.get(name="Youth Safety Panel")
    assert committee.actions_plan.name == "Youth Safety Panel – actions arising"


def test_adding_a_committee_twice_shows_an_error_on_the_name(client, users, targets, committee):
    response = _post(
        client, users["clerk"], targets, "meetings:committee-create", name=committee.name
    )
    assert response.status_code == 200
    assert "already has a committee with that name" in response.content.decode()


def test_adding_a_meeting_opens_its_page(client, users, targets):
    response = _post(client, users["clerk"], targets, "meetings:create")
    meeting = Meeting.objects.get(date=date(2026, 10, 1))
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.time.hour == 14 and meeting.venue == "Hall"


def test_changing_a_meeting_records_the_reason(client, users, targets, meeting):
    _post(client, users["clerk"], targets, "meetings:update")
    meeting.refresh_from_db()
    assert meeting.venue == "Council Chamber"
    assert meeting.history.first().history_change_reason == "Moved"


def test_agenda_item_gets_the_next_number_and_page_range(client, users, targets, meeting):
    _post(client, users["clerk"], targets, "meetings:agenda-add")
    item = AgendaItem.objects.get()
    assert (item.number, item.page_from, item.page_to, item.purpose) == ("1", 3, 10, "decision")
    response = _post(client, users["clerk"], targets, "meetings:agenda-add", page_to="2")
    assert "The last page must be after the first page" in response.content.decode()


def test_attendance_is_recorded(client, users, targets):
    _post(client, users["clerk"], targets, "meetings:attendance-add")
    assert Attendance.objects.get().name == "Cllr. Pat Moss"


def test_minute_form_suggests_the_next_number_and_refuses_a_used_one(
    client, users, targets, minute
):
    client.force_login(users["clerk"])
    html = client.get(targets["meetings:minute-add"][0]).content.decode()
    assert 'value="79"' in html
    response = _post(client, users["clerk"], targets, "meetings:minute-add", number="78")
    assert "Minute 78 already exists" in response.content.decode()
    _post(client, users["clerk"], targets, "meetings:minute-add")
    assert Minute.objects.get(number=79).refers_to == minute


def test_a_resolution_submitted_in_the_browser_becomes_an_action(
    client, users, targets, minute, organisations
):
    _post(client, users["clerk"], targets, "meetings:resolution-add")
    resolution = minute.resolutions.get()
    assert resolution.letter == "a"
    assert resolution.action.reference == "78(a)"
    assert list(resolution.action.lead_organisations.all()) == [organisations["police"]]
    assert resolution.action.target_date_text == "March 2027"


def test_a_resolution_not_tracked_makes_no_action(client, users, targets, minute):
    targets["meetings:resolution-add"][1].pop("track")
    _post(client, users["clerk"], targets, "meetings:resolution-add")
    assert minute.resolutions.get().action is None


def test_starting_an_update_round_opens_its_chase_list(client, users, targets, plan):
    response = _post(client, users["clerk"], targets, "meetings:update-round-create")
    update_round = UpdateRound.objects.get(message="Please update.")
    assert response["Location"] == reverse("meetings:update-round-detail", args=[update_round.pk])
    assert update_round.requested_by == users["clerk"]
    assert update_round.plans.count() == 2


def test_an_update_round_deadline_in_the_past_is_refused(client, users, targets):
    response = _post(
        client, users["clerk"], targets, "meetings:update-round-create", deadline="2000-01-01"
    )
    assert "The deadline must be today or in the future" in response.content.decode()


def test_an_update_round_deadline_after_its_meeting_is_refused(client, users, targets, committee):
    later = services.meeting_create(
        committee=committee, date=date(2099, 1, 15), by=users["clerk"], reason="t"
    )
    response = _post(
        client,
        users["clerk"],
        targets,
        "meetings:update-round-create",
        meeting=later.pk,
        deadline="2099-02-08",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    message = "The deadline must be before the meeting on 15 January 2099"
    inline = html.split('id="id_deadline-error"', 1)[1].split("</p>", 1)[0]
    assert message in inline
    assert html.count(message) == 2  # in the error summary too
    assert not UpdateRound.objects.filter(meeting=later).exists()


def test_closing_an_update_round(client, users, targets, update_round):
    _post(client, users["clerk"], targets, "meetings:update-round-close")
    update_round.refresh_from_db()
    assert not update_round.is_open


def test_update_round_started_from_a_meeting_suggests_its_committee_plan(
    client, users, meeting, committee
):
    client.force_login(users["clerk"])
    url = reverse("meetings:update-round-create")
    html = client.get(f"{url}?meeting={meeting.pk}").content.decode()
    assert f'value="{committee.actions_plan.pk}" checked' in html
    assert client.get(f"{url}?meeting=nonsense").status_code == 200
