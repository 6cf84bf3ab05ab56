"""The appendix page, its PDF download and the large-appendix progress page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from appendix_fixtures import pdf_pages
from django.urls import reverse

from reports.models import AppendixJob, AppendixRender, JobState

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:appendix")
PDF = reverse("reports:appendix-pdf")


def _query(plan, **extra):
    return {"plans": [plan.pk], "as_at": date.today().isoformat(), **extra}


@pytest.mark.parametrize("role", ["clerk", "manager", "admin"])
def test_clerks_managers_and_admins_preview_the_appendix(client, users, recommendation, role):
    client.force_login(users[role])
    response = client.get(PAGE, _query(recommendation.plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Current list of outstanding recommendations as at" in html
    assert "[withdrawn]" in html and "<del>1. Withdrawn point.</del>" in html
    assert "1 outstanding of 1" in html


def test_the_empty_form_starts_at_today(client, users, recommendation):
    client.force_login(users["clerk"])
    response = client.get(PAGE)
    assert response.status_code == 200
    html, today = response.content.decode(), date.today()
    for part, number in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert re.search(rf'name="as_at_{part}" type="text"[^>]*value="{number}"', html)


def test_arriving_from_find_keeps_its_filters(client, users, recommendation, organisations):
    client.force_login(users["manager"])
    response = client.get(PAGE, {"plan": recommendation.plan.pk, "rag": "red"})
    form = response.context["form"]
    assert form.initial["plans"] == [str(recommendation.plan.pk)]
    assert form.initial["rags"] == ["RED"]


def test_an_as_at_date_in_the_future_is_refused(client, users, recommendation):
    client.force_login(users["clerk"])
    response = client.get(PAGE, _query(recommendation.plan, as_at="2999-01-01"))
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert "<title>Error: " in response.content.decode()


@pytest.mark.parametrize("role", ["officer", "other_officer", "housing_officer"])
def test_officers_of_any_organisation_are_refused(client, users, recommendation, role):
    client.force_login(users[role])
    assert client.get(PAGE).status_code == 403
    assert client.get(PDF, _query(recommendation.plan)).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client, recommendation):
    for url in (PAGE, PDF):
        response = client.get(url, _query(recommendation.plan))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_pages_answer_only_get(client, users, recommendation):
    client.force_login(users["clerk"])
    assert client.post(PAGE, _query(recommendation.plan)).status_code == 405
    assert client.post(PDF, _query(recommendation.plan)).status_code == 405


def test_download_pdf_gives_the_appendix_and_stores_a_copy_for_next_time(
    client, users, recommendation, django_assert_max_num_queries
):
    client.force_login(users["clerk"])
    response = client.get(PDF, _query(recommendation.plan, marking="OFFICIAL-SENSITIVE"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_pages(response.content)[0]
    assert "OFFICIAL-SENSITIVE" in text and "[withdrawn]" in text
    assert AppendixRender.objects.count() == 1

    # Fixed costs: the user's partnerships and organisations (3), the cache check (8 history
    # aggregates and the plans' markings), and the export log entry (3 writes, 2 savepoints).
    with django_assert_max_num_queries(25):
        again = client.get(PDF, _query(recommendation.plan, marking="OFFICIAL-SENSITIVE"))
    assert again.content == response.content


def test_an_invalid_request_for_a_pdf_shows_the_form_with_errors(client, users):
    client.force_login(users["clerk"])
    response = client.get(PDF, {"as_at": "not a date"})
    assert response.status_code == 400
    assert "Select at least one action plan" in response.content.decode()


def test_a_large_appendix_is_prepared_by_the_task_queue_with_progress(
    client, users, recommendation, monkeypatch
):
    monkeypatch.setattr("reports.services.ASYNC_ROW_THRESHOLD", 0)
    client.force_login(users["clerk"])
    response = client.get(PDF, _query(recommendation.plan))
    job = AppendixJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The tests run tasks at once (immediate backend), so the job has finished.
    assert job.state == JobState.DONE and job.progress == 100 and job.row_count == 1

    status = client.get(job.get_absolute_url())
    assert status.status_code == 200
    assert b"The appendix is ready" in status.content
    assert b'data-app-poll=""' in status.content  # finished: nothing to poll
    pdf = client.get(reverse("reports:appendix-job-pdf", args=[job.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_progress_page_can_be_checked_while_the_job_waits(client, users):
    job = AppendixJob.objects.create(
        parameters={"as_at": "2025-01-01", "plan_ids": [1]}, requested_by=users["clerk"]
    )
    client.force_login(users["clerk"])
    response = client.get(job.get_absolute_url())
    # No <meta refresh> (a WCAG 2.2.1 failure): a button without JavaScript, polling with it.
    assert b'http-equiv="refresh"' not in response.content
    assert b'data-app-poll="3"' in response.content
    assert b"Check progress" in response.content
    assert b"01/01/2025" in response.content
    assert b"Preparing the appendix" in response.content
    assert client.get(reverse("reports:appendix-job-pdf", args=[job.pk])).status_code == 302


def test_another_users_job_is_not_found_and_officers_are_refused(client, users):
    job = AppendixJob.objects.create(
        parameters={"as_at": "2025-01-01", "plan_ids": [1]}, requested_by=users["clerk"]
    )
    client.force_login(users["manager"])
    assert client.get(job.get_absolute_url()).status_code == 404
    client.force_login(users["officer"])
    assert client.get(job.get_absolute_url()).status_code == 403
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302
    client.force_login(users["clerk"])
    assert client.post(job.get_absolute_url()).status_code == 405
