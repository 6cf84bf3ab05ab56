"""Screenshots of bulk update and shared views for docs/guide-managers.md (run on demand).

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_managers_screenshots.py

Saves each page at 1280 and 390 px as docs/screenshots/managers-<page>-<width>.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recommendations.models import SavedView
from tests.browser.conftest import sign_in
from tests.browser.test_bulk_update_pages import twenty  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.screenshots,
]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shoot(page, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=OUT / f"managers-{name}-{width}.png", full_page=width == 390)


def test_screenshots(page, live_server, users, twenty, partnership):  # noqa: F811
    SavedView.objects.create(
        user=users["manager"],
        name="Police, red and overdue",
        querystring="rag=RED&overdue=on",
        shared_with_partnership=partnership,
    )
    sign_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/actions/?q=Bulk")
    for n in (0, 1, 2):
        page.locator("input[name=selected]").nth(n).check()
    _shoot(page, "find-select")
    page.get_by_role("button", name="Select all 20 matching and change them").click()
    page.get_by_label("Change the status").check()
    page.get_by_label("Reason for the change").fill("Board decision, 12 March")
    _shoot(page, "bulk-change")
    page.get_by_label("New status").select_option("In Progress")
    page.get_by_role("button", name="Change 20 actions").click()
    _shoot(page, "bulk-done")
    page.goto(f"{live_server.url}/actions/?q=Bulk")
    page.locator("#shared-views").scroll_into_view_if_needed()
    _shoot(page, "find-shared-views")
    page.goto(f"{live_server.url}/reports/dashboard/")
    _shoot(page, "dashboard-shared-views")
