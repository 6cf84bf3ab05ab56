"""Issuing an appendix in the browser: preview, a confirmation page that shows what will be
frozen (with page 1), then issue; and an as-at date before the records begin cannot be issued."""

from __future__ import annotations

from datetime import date

import pytest

from reports.models import IssuedAppendix

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_checks_the_confirmation_page_then_issues(
    page, live_server, users, recommendation, login, assert_accessible
):
    login(page, live_server, "clerk")
    query = f"plans={recommendation.plan_id}&as_at={date.today().isoformat()}&mark_changes=on"
    page.goto(f"{live_server.url}/reports/appendix/?{query}")
    page.get_by_role("button", name="Check and issue this appendix").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Check the appendix before you issue it"
    summary = page.locator(".govuk-summary-list").inner_text()
    for words in ("Test Workshop Programme", "OFFICIAL", "Rows", "1", "Pages", "As at"):
        assert words in summary
    thumbnail = page.get_by_role("img", name="Page 1 of the appendix")
    thumbnail.wait_for()
    page.wait_for_function("document.querySelector('img.app-thumbnail').naturalWidth > 0")
    assert_accessible(page)
    assert not IssuedAppendix.objects.exists()

    page.get_by_role("button", name="Issue this appendix").click()
    page.wait_for_load_state()
    assert page.url.endswith("/reports/issued/")
    paper = IssuedAppendix.objects.get()
    assert paper.title in page.content()
    assert paper.issued_by == users["clerk"]


def test_an_as_at_date_before_the_records_begin_cannot_be_issued(
    page, live_server, users, recommendation, login
):
    login(page, live_server, "clerk")
    page.goto(
        f"{live_server.url}/reports/appendix/?plans={recommendation.plan_id}&as_at=2020-01-31"
    )
    assert "its records begin on" in page.content()
    assert page.get_by_role("button", name="Check and issue this appendix").count() == 0
    page.goto(
        f"{live_server.url}/reports/appendix/issue/confirm/"
        f"?plans={recommendation.plan_id}&as_at=2020-01-31"
    )
    assert page.get_by_role("heading", name="This appendix cannot be issued").is_visible()
    assert page.get_by_role("button", name="Issue this appendix").count() == 0
