"""The large-appendix progress page: no <meta refresh>; with JavaScript it updates in place."""

from __future__ import annotations

import pytest

from reports.models import AppendixJob, JobState

pytestmark = pytest.mark.django_db(transaction=True)


def test_progress_page_updates_in_place_when_the_job_finishes(
    page, live_server, users, login, assert_accessible
):
    job = AppendixJob.objects.create(
        parameters={"as_at": "2026-03-31", "plan_ids": []}, requested_by=users["clerk"]
    )
    login(page, live_server, "clerk")
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Preparing the appendix"
    assert page.get_by_role("link", name="Check progress").is_visible()
    assert_accessible(page)

    job.state, job.progress = JobState.DONE, 100
    job.save()
    page.get_by_role("heading", name="The appendix is ready").wait_for(timeout=15_000)
    assert page.get_by_role("link", name="Download PDF").is_visible()
    assert page.locator("[data-app-poll]").get_attribute("data-app-poll") == ""
