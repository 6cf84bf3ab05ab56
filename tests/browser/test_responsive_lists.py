"""My actions, Find and the dashboard readable at 390 and 1280 px; the new filters and the history
difference pass axe-core in a real browser."""

from __future__ import annotations

import pytest

from recommendations import services
from tests.recommendations import test_find_data as find_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every cell's column name, shown beside it where the rows stack.
FIND_LABELS = [
    "Recommendation",
    "Lead agency",
    "Status",
    "RAG rating",
    "Target date",
    "Last updated",
]
MINE_LABELS = ["Recommendation", "Handed over to", "Target date", "Status", "RAG rating"]


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _no_clipped_table(page) -> bool:
    """Neither the page nor any table scrolls sideways: every column is on screen."""
    return page.evaluate(
        """() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
        && [...document.querySelectorAll('.app-table-wrapper')]
            .every(e => e.scrollWidth <= e.clientWidth + 1)"""
    )


def _visible_labels(page) -> list[str]:
    row = page.locator("table.app-table--stack tbody tr").first
    return [
        label.inner_text().strip()
        for label in row.locator(".app-stack-label").all()
        if label.is_visible()
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_find_shows_every_column_at_desktop_and_phone_widths(
    page, live_server, data, login, assert_accessible, width
):
    login(page, live_server, "manager")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/actions/")
    assert _no_clipped_table(page)
    last_updated = page.get_by_role("columnheader", name="Last updated")
    if width == 1280:
        assert last_updated.is_visible() and _visible_labels(page) == []
    else:
        assert _visible_labels(page) == FIND_LABELS
        assert page.locator("thead a", has_text="Target date").is_visible()  # sort links stay
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_my_actions_shows_every_column_at_desktop_and_phone_widths(
    page, live_server, data, login, assert_accessible, width
):
    login(page, live_server, "housing")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/actions/mine/")
    assert page.locator("tbody tr").count() >= 1
    assert _no_clipped_table(page)
    assert _visible_labels(page) == ([] if width == 1280 else MINE_LABELS)
    assert_accessible(page)


def test_dashboard_matrix_shows_every_status_on_a_phone(
    page, live_server, data, login, assert_accessible
):
    login(page, live_server, "manager")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/reports/dashboard/")
    assert _no_clipped_table(page)
    first = page.locator("table.app-table--stack-numbers tbody tr").first
    labels = [
        label.inner_text().strip()
        for label in first.locator(".app-stack-label").all()
        if label.is_visible()
    ]
    assert labels[:2] == ["Not started", "In progress"] and labels[-1] == "All"
    assert_accessible(page)


def test_agency_search_narrows_the_checkboxes_and_keeps_ticked_ones(
    page, live_server, data, organisations, login, assert_accessible
):
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/")
    options = page.locator("#id_agency_options .govuk-checkboxes__item")
    total = options.count()
    page.get_by_label("Housing", exact=False).first.check()
    page.get_by_label("Search agencies").fill("police")
    visible = [o for o in options.all() if o.is_visible()]
    assert 1 <= len(visible) < total
    assert all(
        "police" in o.inner_text().lower() or o.locator("input").is_checked() for o in visible
    )
    assert page.get_by_text(f"of {total} agencies shown").is_visible()
    page.get_by_label("Search agencies").press("Enter")  # narrows; does not submit
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "agency=" in page.url
    assert_accessible(page)


def test_status_stages_with_words_and_date_boxes_work_without_javascript(
    browser, live_server, data, login, assert_accessible
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/actions/")
    assert not page.get_by_label("Search agencies").is_visible()
    page.get_by_label("In Progress (1), a plan's word for In progress").check()
    page.locator("#id_due_before_0").fill("31")
    page.locator("#id_due_before_1").fill("12")
    page.locator("#id_due_before_2").fill("2099")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "status=In+Progress" in page.url and "due_before_year=2099" in page.url
    assert page.get_by_role("heading", name="1 action matches").is_visible()  # W2, due 2099
    context.close()


def test_a_reworded_recommendation_reads_as_a_difference_in_the_browser(
    page, live_server, data, users, login, assert_accessible
):
    rec = data["recs"]["W1"]
    services.recommendation_update(
        recommendation=rec,
        by=users["clerk"],
        reason="Board wording",
        changes={"text": "Improve the housing referral route"},
    )
    login(page, live_server, "manager")
    page.goto(live_server.url + rec.get_absolute_url())
    history = page.locator(".app-history").first
    removed = history.locator("del.app-diff__removed").inner_text()
    added = history.locator("ins.app-diff__added").inner_text()
    assert removed.split() == ["[removed:", "pathway", "]"]  # the brackets are hidden text
    assert added.split() == ["[added:", "route", "]"]
    assert "<del" not in history.inner_text()
    assert_accessible(page)


def test_the_appendix_from_find_is_accessible(page, live_server, data, login, assert_accessible):
    login(page, live_server, "clerk")
    page.goto(f"{live_server.url}/actions/?q=referral&rag=RED")
    page.get_by_role("link", name="Print as the PDF appendix").click()
    page.wait_for_load_state()
    assert page.get_by_text("Search words: referral").is_visible()
    assert page.get_by_label("Red").is_checked()
    assert_accessible(page)
