"""An officer enters next quarter's value for an indicator in a real browser: the dashboard's
direction of travel and trend chart change, and the indicator's history shows the entry.

With SCREENSHOTS=1 it also saves the performance pages at 1280 and 390 px for
docs/guide-performance.md (docs/screenshots/performance-<page>-<width>.png).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from partnership.permissions import SYSTEM
from performance.demo import demo_dashboard
from performance.models import Indicator

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAME = "Anti-social behaviour reports closed within 20 days"


def _row(page, indicator):
    return page.locator(f"#ind-{indicator.pk}")


def _shoot(page, name: str) -> None:
    if not os.environ.get("SCREENSHOTS"):
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=OUT / f"performance-{name}-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_enters_next_quarters_value_and_the_dashboard_changes(
    page, live_server, transactional_db, partnership, organisations, users, login, assert_accessible
):
    # Eight quarters to 30 June 2026; the council (and its housing team) reports the ASB figures.
    dashboard = demo_dashboard(
        partnership=partnership,
        orgs={"CHS": organisations["council"], "RP": organisations["police"]},
        by=SYSTEM,
        last=date(2026, 6, 30),
    )
    indicator = Indicator.objects.get(name=NAME)
    login(page, live_server, "housing")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Performance").first.click()
    page.get_by_role("link", name=dashboard.title).click()
    row = _row(page, indicator)
    before = row.locator("td").nth(2).inner_text()
    assert "Worsening" not in before and "No significant change" in before
    assert row.locator("svg.app-trend circle").count() == 8
    assert "Quarter 2, 2026/27" not in row.locator("svg.app-trend desc").text_content()
    assert_accessible(page)
    _shoot(page, "dashboard")

    row.get_by_role("link", name=f"Enter a new value for {NAME}").click()
    page.get_by_label("Period", exact=True).fill("Rolling 12 months to Quarter 2, 2026/27")
    page.get_by_label("Rolling 12 months").check()
    page.get_by_label("Day", exact=True).fill("30")
    page.get_by_label("Month", exact=True).fill("9")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Value", exact=True).fill("61.5")
    assert_accessible(page)
    _shoot(page, "enter-value")
    page.get_by_role("button", name="Save the value").click()

    assert "value for Rolling 12 months to Quarter 2, 2026/27 saved" in page.inner_text("main")
    row = _row(page, indicator)
    direction = row.locator("td").nth(2).inner_text()
    assert "↓" in direction and "Worsening" in direction
    assert "Red" in row.locator("td").nth(3).inner_text()
    assert row.locator("svg.app-trend circle").count() == 9
    assert "Quarter 2, 2026/27: 61.5%" in row.locator("svg.app-trend desc").text_content()

    row.get_by_role("link", name=NAME, exact=True).click()
    history = page.locator("ol.app-history li").first.inner_text()
    assert "Created: Rolling 12 months to Quarter 2, 2026/27" in history
    assert "Housing Tester" in history and "entered" in history
    assert_accessible(page)
    _shoot(page, "indicator")
