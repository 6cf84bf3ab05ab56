"""Screenshots of the officer pages for docs/guide-officers.md (run on demand, not in CI).

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_officer_screenshots.py

Loads the demo partnership, opens a request for updates, and saves each page at desktop
(1280 px) and mobile (375 px) width as docs/screenshots/officer-<page>-<width>.png.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import UpdateRound
from partnership.audit import audited_save
from partnership.models import User
from recommendations import services
from recommendations.models import Recommendation
from recommendations.permissions import can_edit_recommendation
from tests.conftest import load_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "mobile": 375}
PASSWORD = "demo-screens-1"


def _shoot(page, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=OUT / f"officer-{name}-{label}.png", full_page=True)


def test_take_officer_screenshots(page, live_server, transactional_db, login, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    load_demo()
    officer, clerk = User.objects.get(username="officer"), User.objects.get(username="clerk")
    mine = Recommendation.objects.with_related().outstanding().led_by(officer.organisation)
    rec = next(r for r in mine.order_by("due_date") if can_edit_recommendation(officer, r))
    request = UpdateRound(
        message="Please update your actions before the Partnership Board on Thursday.\n"
        "Say what has happened since the last meeting, and revise any date that will slip.",
        deadline=timezone.localdate() + timedelta(days=9),
        requested_by=clerk,
    )
    audited_save(request, by=clerk, reason="Updates for the next board")
    request.plans.set({r.plan_id for r in mine})
    OUT.mkdir(parents=True, exist_ok=True)
    url = live_server.url

    page.goto(url + "/accounts/login/")
    _shoot(page, "sign-in")
    login(page, live_server, "officer", PASSWORD)
    page.goto(url + reverse("recommendations:my-actions"))
    _shoot(page, "my-actions")
    page.goto(url + reverse("recommendations:plan-list"))
    _shoot(page, "plan-list")
    page.goto(url + rec.plan.get_absolute_url())
    _shoot(page, "plan-detail")

    update_url = url + reverse("recommendations:update", args=[rec.pk])
    page.goto(update_url)
    _shoot(page, "update")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Amber").check()
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save update").click()
    _shoot(page, "update-errors")

    page.get_by_label("Progress note").fill("Draft protocol shared with the housing providers.")
    page.get_by_label("Reason for the revised date").fill("Waiting for the providers to sign.")
    rec.refresh_from_db()
    other = next(s for s in rec.plan.statuses.all() if s.pk != rec.status_id and s.is_outstanding)
    services.recommendation_update(  # a colleague saves first
        recommendation=rec,
        by=clerk,
        reason="Corrected after the board meeting",
        changes={"status": other},
        expected_version=rec.version,
    )
    page.get_by_role("button", name="Save update").click()
    _shoot(page, "update-conflict")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save my changes anyway").click()
    _shoot(page, "action-detail")
