"""Day one from an empty database, in a real browser: a coordinator runs setup_partnership,
signs in, builds the directory, invites an officer and a clerk (captured email); the officer sets
a password and signs in; the clerk imports seed 000, links its unmatched leads on "Leads to
link", corrects one recommendation's text, and the history shows each change with who and why.

Screenshots for docs/guide-administrators.md are written when SCREENSHOTS=1 is set:

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_day_one.py
"""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from partnership.models import Organisation, Person, User
from recommendations.models import Recommendation
from tests.conftest import seed_path

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ADMIN = "coordinator@riverside.example"
PASSWORD = "first-day-lantern-2026"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def shot(page, name: str, *, narrow: bool = False) -> None:
    if not os.environ.get("SCREENSHOTS"):
        return
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"dayone-{name}.png", full_page=True)
    if narrow:
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=OUT / f"dayone-{name}-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def set_password(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def add_organisation(page, live_server, name: str, abbreviation: str, kind: str) -> None:
    page.goto(live_server.url + reverse("directory:organisation-add"))
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Abbreviation").fill(abbreviation)
    page.get_by_label("Kind of organisation").select_option(label=kind)
    page.get_by_role("button", name="Add organisation").click()
    page.get_by_text(f"{name} added to the directory").wait_for()


def invite(page, live_server, email: str, role: str, organisation: str = "") -> str:
    page.goto(live_server.url + reverse("directory:user-invite"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    if organisation:
        page.get_by_label("Organisation").select_option(label=organisation)
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text(f"Invitation sent to {email}").wait_for()
    message = mail.outbox[-1]
    assert message.to == [email]
    return re.search(r"https?://\S+", message.body).group(0)


def link_every_lead(page, live_server) -> int:
    """Press Link on each card of "Leads to link", adding unknown names as organisations."""
    for linked in range(30):
        page.goto(live_server.url + reverse("recommendations:leads-to-link"))
        card = page.locator(".govuk-summary-card").first
        if not card.count():
            return linked
        for select in card.locator("select").all():
            if not select.input_value():
                new = select.locator("option[value=new-org]")
                select.select_option(
                    "new-org"
                    if new.count()
                    else select.locator("optgroup[label=Organisations] option").first.get_attribute(
                        "value"
                    )
                )
        card.get_by_role("button", name=re.compile("^Link")).click()
        page.locator(
            ".govuk-notification-banner__heading", has_text=re.compile(r"Actions? .* linked")
        ).wait_for()
    raise AssertionError("Leads to link did not empty")


def test_day_one_from_an_empty_database(
    page, browser, live_server, transactional_db, login, assert_accessible
):
    out = StringIO()
    call_command(
        "setup_partnership",
        "--name",
        "Riverside Safer Partnership",
        "--short-name",
        "RSP",
        "--admin-email",
        ADMIN,
        "--site-url",
        live_server.url,
        stdout=out,
    )
    set_password(page, re.search(r"http://\S+", out.getvalue()).group(0))
    shot(page, "signed-out")
    login(page, live_server, ADMIN, PASSWORD)

    # The directory: two organisations and a person.
    add_organisation(page, live_server, "DCCS Housing", "", "Team or unit")
    add_organisation(page, live_server, "City Police", "CoLP", "Police")
    page.goto(live_server.url + reverse("directory:organisations"))
    assert_accessible(page)
    shot(page, "organisations", narrow=True)
    page.goto(live_server.url + reverse("directory:bulk-add"))
    page.get_by_label("Paste the list").fill(
        "Name,Abbreviation,Kind\nVictim Support,VS,Charity\nCity Police,,Police\n"
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert_accessible(page)
    shot(page, "bulk-add")
    page.get_by_role("button", name="Add 1").click()
    page.get_by_text("Added 1 organisation").wait_for()
    page.goto(live_server.url + reverse("directory:person-add"))
    page.get_by_label("Name", exact=True).fill("Alex Fenwick")
    page.get_by_label("Initials").fill("AF")
    page.get_by_label("Job title (optional)").fill("Head of Community Safety")
    page.get_by_label("Organisation (optional)").select_option(label="City Police (CoLP)")
    assert_accessible(page)
    shot(page, "person-add")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Alex Fenwick added to the directory").wait_for()

    # Invitations: an officer for the police, and a clerk.
    page.goto(live_server.url + reverse("directory:user-invite"))
    assert_accessible(page)
    officer_link = invite(
        page, live_server, "jo.officer@police.example", "Officer", "City Police (CoLP)"
    )
    shot(page, "users", narrow=True)
    clerk_link = invite(page, live_server, "sam.clerk@riverside.example", "Committee clerk")

    officer_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    set_password(officer_page, officer_link)
    shot(officer_page, "invitation-done")
    login(officer_page, live_server, "jo.officer@police.example", PASSWORD)
    assert officer_page.get_by_text("jo.officer@police.example").first.is_visible()
    officer_page.context.close()

    # The clerk imports seed 000 through the upload page.
    clerk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    set_password(clerk, clerk_link)
    login(clerk, live_server, "sam.clerk@riverside.example", PASSWORD)
    clerk.goto(live_server.url + reverse("recommendations:import"))
    clerk.get_by_label("Upload a file").set_input_files(str(seed_path("000")))
    clerk.get_by_label("Name of the new plan").fill("Workshop programme")
    clerk.get_by_role("button", name="Upload and preview").click()
    clerk.get_by_role("button", name="Import 13 new and 0 changed").click()
    clerk.get_by_role("heading", name="Import complete").wait_for()
    clerk.get_by_role("link", name="Link them on the Leads to link page").click()
    assert_accessible(clerk)
    shot(clerk, "leads-to-link", narrow=True)
    assert 1 <= link_every_lead(clerk, live_server) <= 6  # one press per distinct name
    assert clerk.get_by_text("Every written lead is linked to the directory.").is_visible()
    jccr = Recommendation.objects.get(reference="49")
    assert [o.name for o in jccr.lead_organisations.all()] == ["JCCR"]

    clerk.goto(live_server.url + reverse("recommendations:plan-statuses", args=[jccr.plan.slug]))
    assert_accessible(clerk)
    shot(clerk, "statuses", narrow=True)

    # A correction to one recommendation's text.
    rec = Recommendation.objects.get(reference="11")
    clerk.goto(live_server.url + reverse("recommendations:edit", args=[rec.pk]))
    assert_accessible(clerk)
    shot(clerk, "correct-action")
    text = clerk.get_by_label("Recommendation", exact=True)
    text.fill(text.input_value().replace("St Mungo's", "St Mungo's outreach team"))
    clerk.get_by_label("Reason for change").fill("Corrected from the signed-off paper")
    clerk.get_by_role("button", name="Save corrections").click()
    clerk.get_by_text("Action 11 corrected").wait_for()
    history = clerk.locator("#history ~ .app-history").inner_text()
    assert "Sam Clerk" not in history  # invited without a name: shown by username
    assert re.search(
        r"sam\.clerk@riverside\.example — Changed.*Corrected from the signed-off paper",
        history,
        re.S,
    )
    assert "Linked the written lead “DCCS Commissioning”" in history
    assert "St Mungo's outreach team" in clerk.content()
    shot(clerk, "history")

    # The directory's own history says who added what.
    police = Organisation.objects.get(name="City Police")
    page.goto(live_server.url + reverse("directory:organisation-edit", args=[police.pk]))
    assert f"{ADMIN} — Created" in page.locator(".app-history").inner_text()
    assert Person.objects.get().history.get().history_user.username == ADMIN
    assert User.objects.get(username="jo.officer@police.example").last_login is not None
