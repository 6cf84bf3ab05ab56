"""The update form: status, RAG, progress note, revised date with reason, recorded in history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.audit import history_entries
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.models import Recommendation


@pytest.fixture
def url(recommendation):
    return reverse("recommendations:update", args=[recommendation.pk])


def _form(recommendation, **overrides):
    data = {
        "version": recommendation.version,
        "status": recommendation.status_id,
        "rag": recommendation.rag,
        "progress_note": "",
        "revised_target_date_text": recommendation.revised_target_date_text,
        "revised_date_reason": recommendation.revised_date_reason,
        "reason": "",
    }
    data.update(overrides)
    return data


def test_officer_updates_status_rag_and_progress(client, users, recommendation, url):
    in_progress = services.status_for(recommendation.plan, "In Progress")
    client.force_login(users["housing_officer"])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="version"' in form.content.decode()
    response = client.post(
        url,
        _form(
            recommendation,
            status=in_progress.pk,
            rag="AMBER",
            progress_note="Draft protocol shared with partners.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == recommendation.get_absolute_url()
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert (rec.status, rec.rag, rec.version) == (in_progress, "AMBER", 2)
    assert rec.updates.get().text == "Draft protocol shared with partners."
    latest = history_entries(rec)[0]
    assert latest.who == "Housing Tester"
    assert latest.reason == "Draft protocol shared with partners."  # defaulted from the note
    assert {c.field for c in latest.changes} == {"Status", "RAG rating"}


def test_revised_date_is_parsed_and_recorded_with_its_reason(client, users, recommendation, url):
    client.force_login(users["officer"])
    response = client.post(
        url,
        _form(
            recommendation,
            revised_target_date_text="March 2031",
            revised_date_reason="Waiting for the new contract.",
            reason="Contract delayed",
        ),
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert rec.revised_target_date == dt.date(2031, 3, 1)
    assert rec.revised_target_date_precision == "month"
    assert rec.due_date == dt.date(2031, 3, 31)
    assert rec.revised_date_reason == "Waiting for the new contract."
    assert history_entries(rec)[0].reason == "Contract delayed"


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"revised_target_date_text": "March 2021"}, "revised_target_date_text"),
        (
            {"revised_date_day": "1", "revised_date_month": "1", "revised_date_year": "2020"},
            "revised_date",
        ),
    ],
)
def test_a_revised_target_date_already_passed_is_refused_by_name(
    client, users, recommendation, url, typed, field
):
    client.force_login(users["officer"])
    response = client.post(url, _form(recommendation, revised_date_reason="Slipped", **typed))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The revised target date must be in the future" in page
    assert f'href="#id_{field}' in page
    assert Recommendation.objects.get(pk=recommendation.pk).version == recommendation.version


def test_reason_defaults_to_the_role_when_there_is_no_note(client, users, recommendation, url):
    client.force_login(users["clerk"])
    client.post(
        url,
        _form(recommendation, revised_target_date_text="Ongoing", revised_date_reason="Rolling"),
    )
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert history_entries(rec)[0].reason == "Update by committee clerk"


def test_progress_note_alone_is_added_to_the_log(client, users, recommendation, url):
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation, progress_note="Still on track."))
    assert response.status_code == 302
    assert recommendation.updates.get().text == "Still on track."


def test_a_progress_note_alone_counts_as_an_update_everywhere(
    client, users, recommendation, url, time_machine
):
    """A note is the commonest update: it moves "last updated" (Find's changed-since filter,
    its sort, the exports) with a history row saying who and why, and leaves the version, so
    a colleague's open edit of the fields is not refused because of it."""
    before = Recommendation.objects.get(pk=recommendation.pk)
    later = (before.updated_at + dt.timedelta(days=7)).replace(microsecond=0)
    time_machine.move_to(later, tick=False)
    client.force_login(users["housing_officer"])
    find = reverse("recommendations:list")
    since = {"changed_since": timezone.localdate(later).isoformat()}
    assert "Live point" not in client.get(find, since).content.decode()
    client.post(url, _form(before, progress_note="Met the landlord forum; dates agreed."))

    after = Recommendation.objects.get(pk=recommendation.pk)
    assert after.updated_at == later
    assert after.version == before.version
    last = after.history.order_by("-history_id").first()
    assert last.history_user == users["housing_officer"] and last.history_change_reason
    assert "Live point" in client.get(find, since).content.decode()

    # The colleague who opened the form before the note still saves the fields.
    client.force_login(users["clerk"])
    response = client.post(url, _form(before, rag="RED", progress_note="Rated red."))
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).rag == "RED"


def test_changing_status_without_a_note_is_refused_next_to_the_field(
    client, users, recommendation, url
):
    complete = services.status_for(recommendation.plan, "Complete")
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation, status=complete.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_progress_note"' in html
    assert 'id="id_progress_note-error"' in html
    assert "<title>Error: " in html
    assert Recommendation.objects.get(pk=recommendation.pk).version == 1


def test_a_long_note_is_counted_as_the_browser_counts_it_and_refused_by_name(
    client, users, recommendation, url
):
    """A reviewer pasted a 70-line note the box accepted (4,970 characters, line breaks counted
    once); the browser sent each line break as CR LF, and the server refused 5,037 characters
    with Django's wording, naming no field, and said no note had been entered."""
    red = {"rag": "RED"}
    line = "Met the landlords' forum and agreed the next dates with the housing team.\n"
    typed = (line * 70)[:4999] + "."  # 5,000 characters as the box counts them
    sent = typed.replace("\n", "\r\n")  # as the browser sends them: 5,067
    assert len(typed) == 5000 < len(sent)
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation, progress_note=sent, **red))
    assert response.status_code == 302
    assert recommendation.updates.get().text == typed  # line breaks kept, one character each

    too_long = typed + " More."
    response = client.post(url, _form(recommendation, progress_note=too_long, rag="AMBER"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Progress note must be 5,000 characters or fewer (it has 5006)" in page
    assert "Enter a progress note to explain" not in page  # one note, one true message
    assert "More." in page  # what they typed is kept
    assert recommendation.updates.count() == 1


def test_changing_the_revised_date_needs_a_reason(client, users, recommendation, url):
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation, revised_target_date_text="June 2031"))
    assert response.status_code == 200
    assert "Enter the reason the target date has been revised" in response.content.decode()
    assert 'value="June 2031"' in response.content.decode()  # what they typed is kept


def test_saving_with_no_change_and_no_note_is_refused(client, users, recommendation, url):
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation))
    assert response.status_code == 200
    assert "Change something or add a progress note" in response.content.decode()


def test_status_must_be_one_of_the_plans_own(client, users, recommendation, url, partnership):
    other_plan = services.plan_create(
        partnership=partnership, name="Other", kind="strategy", by=SYSTEM, reason="Test"
    )
    foreign = services.status_for(other_plan, "COMPLETE")
    client.force_login(users["housing_officer"])
    response = client.post(url, _form(recommendation, status=foreign.pk, progress_note="Done"))
    assert response.status_code == 200
    assert "Select a status" in response.content.decode()


def test_officer_cannot_update_another_agencys_action(client, users, recommendation, url):
    client.force_login(users["other_officer"])
    assert client.get(url).status_code == 403
    response = client.post(url, _form(recommendation, rag="RED", progress_note="Not mine"))
    assert response.status_code == 403
    assert Recommendation.objects.get(pk=recommendation.pk).rag == ""


def test_manager_reads_but_cannot_update(client, users, recommendation, url):
    client.force_login(users["manager"])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(recommendation, progress_note="x")).status_code == 403


def test_update_refuses_other_methods(client, users, url):
    client.force_login(users["housing_officer"])
    assert client.put(url).status_code == 405


def test_update_sends_anonymous_users_to_sign_in(client, recommendation, url):
    response = client.post(url, _form(recommendation, progress_note="x"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not recommendation.updates.exists()
