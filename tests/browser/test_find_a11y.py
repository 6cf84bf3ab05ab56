"""Find and the dashboard pass the same axe-core check as the officers' pages."""

from __future__ import annotations

import pytest

from tests.recommendations import test_find_data as find_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def test_find_page_is_accessible_with_filters_applied(
    page, live_server, data, organisations, login, assert_accessible
):
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/?agency={organisations['council'].pk}&rag=RED&sort=-due")
    assert page.locator("h1").inner_text() == "Find actions"
    assert_accessible(page)


def test_find_filters_work_without_javascript_through_the_form(
    page, live_server, data, login, assert_accessible
):
    login(page, live_server, "clerk")  # reads the case review (need to know)
    page.goto(f"{live_server.url}/actions/")
    page.get_by_label("Search words").fill("referral")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "q=referral" in page.url
    assert page.get_by_role("heading", level=2, name="2 actions match").is_visible()
    page.get_by_label("Save these filters as a view").fill("Referrals")
    page.get_by_role("button", name="Save view").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Referrals").is_visible()
    assert_accessible(page)


def test_dashboard_is_accessible(page, live_server, data, login, assert_accessible):
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/reports/dashboard/")
    assert page.locator("svg[role=img]").count() == 3
    assert_accessible(page)


def test_find_error_page_is_accessible(page, live_server, data, login, assert_accessible):
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/?due_after=not-a-date")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
