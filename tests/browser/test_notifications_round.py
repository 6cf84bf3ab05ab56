"""A round by email, end to end: the clerk opens it, an officer follows the mail and updates,
the chase list shows it, and "Send reminders" mails only the officers still missing."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnership.permissions import SYSTEM
from partnership.services import user_update
from recommendations import services

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, live_server, users, plan, organisations):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user in users.values():
        user_update(user=user, email=f"{user.username}@example.test", by=SYSTEM, reason="t")
    pending = services.status_for(plan, "Pending")
    for ref, org in (("1", "council"), ("2", "housing"), ("3", "police")):
        services.recommendation_create(
            plan=plan,
            reference=ref,
            text=f"Action for {org}",
            status=pending,
            lead_organisations=[organisations[org]],
            target_date_text="March 2099",
            by=users["clerk"],
            reason="t",
        )
    return plan


def _send() -> list:
    before = len(mail.outbox)
    call_command("send_notifications", stdout=StringIO())
    return mail.outbox[before:]


def test_round_by_email_from_opening_to_reminders(
    page, browser, live_server, world, login, settings
):
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("meetings:update-round-create"))
    page.get_by_label("Test Workshop Programme").check()
    deadline = timezone.localdate() + timedelta(days=10)
    # The GOV.UK date input: day, month and year boxes in the "Deadline" fieldset.
    boxes = page.get_by_role("group", name="Deadline")
    boxes.get_by_label("Day").fill(str(deadline.day))
    boxes.get_by_label("Month").fill(str(deadline.month))
    boxes.get_by_label("Year").fill(str(deadline.year))
    page.get_by_label("Message to officers").fill("Before the board, please.")
    page.get_by_role("button", name="Start update round").click()
    assert "Update round started." in page.inner_text("main")
    round_url = page.url

    mails = {m.to[0]: m for m in _send()}
    assert set(mails) == {"officer@example.test", "housing@example.test", "police@example.test"}
    link = re.search(r"(http://\S+/actions/\d+/update/)", mails["housing@example.test"].body)[1]

    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(officer, live_server, "housing")
    officer.goto(link)
    officer.get_by_label("Progress note").fill("Caseworkers trained in October.")
    officer.get_by_role("button", name="Save update").click()
    assert "Action 2 updated" in officer.inner_text("main")
    officer.context.close()

    page.goto(round_url)
    housing_row = page.get_by_role("row", name=re.compile("^Housing Team"))
    cells = housing_row.locator("td")  # not yet updated, updated, officers to contact
    assert cells.nth(0).inner_text().strip() == "None"
    assert "Action \n2" in cells.nth(1).inner_text()
    page.get_by_role("button", name="Send reminders").click()
    # Everyone had the request minutes ago: nobody is reminded yet, and the page says why.
    assert "No reminders were sent; 2 officers skipped" in page.inner_text("main")
    settings.NOTIFICATIONS_REMINDER_INTERVAL_HOURS = 0  # the administrator's interval, say
    page.get_by_role("button", name="Send reminders").click()
    assert "Reminders will be sent to 2 officers" in page.inner_text("main")

    reminded = {m.to[0] for m in _send()}
    assert reminded == {"officer@example.test", "police@example.test"}
    page.get_by_role("link", name="See the emails sent for this round").click()
    assert "5 sent" in page.inner_text("main")
