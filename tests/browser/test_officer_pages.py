"""Officers update their actions in a real browser; every officer page passes axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import UpdateRound
from partnership.audit import audited_save
from recommendations import services

pytestmark = pytest.mark.browser


@pytest.fixture
def data(transactional_db, users, plan, organisations, recommendation):
    """A plan with a section, an overdue action for housing and an open request for updates."""
    section = services.section_create(
        plan=plan,
        title="Vulnerable Adults",
        number="1",
        narrative="<p>Frontline staff found gaps in how concerns are shared.</p>",
        by=users["clerk"],
        reason="Test",
    )
    services.recommendation_create(
        plan=plan,
        reference="20",
        section=section,
        text="<p>Share welfare concerns weekly with neighbourhood officers.</p>",
        status=services.status_for(plan, "In Progress"),
        lead_organisations=[organisations["police"]],
        rag="GREEN",
        target_date_text="March 2099",
        by=users["clerk"],
        reason="Test",
    )
    request = UpdateRound(
        message="Please update your actions before the partnership board.",
        deadline=timezone.localdate() + timedelta(days=10),
        requested_by=users["clerk"],
    )
    audited_save(request, by=users["clerk"], reason="Test")
    request.plans.add(plan)
    return {"plan": plan, "recommendation": recommendation}


def _fits_without_sideways_scrolling(page) -> bool:
    # WCAG 1.4.10 reflow: at 320 CSS px (1280 px at 400% zoom) only data tables may scroll.
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_officer_updates_an_action_and_sees_the_change_in_its_history(
    page, live_server, data, login, assert_accessible
):
    login(page, live_server, "housing")
    page.goto(live_server.url + reverse("recommendations:my-actions"))
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    assert "Please update your actions" in page.inner_text("main")
    assert_accessible(page)

    page.get_by_role("link", name="Test Workshop Programme, no. 19").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Action 19"
    assert_accessible(page)

    page.get_by_role("button", name="Update this action").click()
    page.get_by_label("In Progress").check()
    page.get_by_role("button", name="Save update").click()
    # A status change needs a progress note: the error summary links to the field.
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a progress note" in summary.inner_text()
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_progress_note"
    page.get_by_label("Progress note").fill("Protocol agreed with the housing providers.")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Save update").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Action 19"
    main = page.inner_text("main")
    assert "Action 19 updated" in main
    history = page.locator(".app-history").last.inner_text()
    assert "From “Pending” to “In Progress”" in history
    assert "From “Not rated” to “Amber”" in history
    assert "Protocol agreed with the housing providers." in history  # the reason
    assert "Housing Tester" in history
    assert_accessible(page)


def test_officer_pages_pass_axe_and_reflow_at_400_percent_zoom(
    page, live_server, data, login, assert_accessible
):
    plan, rec = data["plan"], data["recommendation"]
    login(page, live_server, "officer")
    page.keyboard.press("Tab")  # the first stop on every page is the skip link
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    pages = [
        reverse("recommendations:my-actions"),
        reverse("recommendations:plan-list"),
        plan.get_absolute_url(),
        rec.get_absolute_url(),
        reverse("recommendations:update", args=[rec.pk]),
    ]
    for url in pages:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 900})  # 1280 px at 400% zoom
    for url in pages:
        page.goto(live_server.url + url)
        assert _fits_without_sideways_scrolling(page), f"{url} scrolls sideways at 400% zoom"


def test_second_editor_is_refused_and_keeps_what_they_typed(
    page, live_server, data, users, login, assert_accessible
):
    rec = data["recommendation"]
    login(page, live_server, "housing")
    page.goto(live_server.url + reverse("recommendations:update", args=[rec.pk]))
    page.get_by_label("Red").check()
    page.get_by_label("Progress note").fill("Funding has been cut.")

    services.recommendation_update(  # the clerk saves first
        recommendation=rec,
        by=users["clerk"],
        reason="Clerk corrected the status",
        changes={"status": services.status_for(rec.plan, "On hold")},
        expected_version=rec.version,
    )
    page.get_by_role("button", name="Save update").click()

    main = page.inner_text("main")
    assert "changed by Clerk Tester while you were editing it" in main
    assert "From “Pending” to “On hold”" in main
    assert page.get_by_label("Progress note").input_value() == "Funding has been cut."
    assert page.get_by_label("Red").is_checked()
    assert_accessible(page)


def test_user_without_an_organisation_and_sign_in_pages_pass_axe(
    page, live_server, data, login, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    login(page, live_server, "manager")
    page.goto(live_server.url + reverse("recommendations:my-actions"))
    assert "not linked to an organisation" in page.inner_text("main")
    assert_accessible(page)
    page.goto(live_server.url + "/accounts/password_change/")
    assert_accessible(page)


LONG_LINK = (
    "https://partnership.sharepoint.example.gov.uk/sites/CommunitySafety/Shared%20Documents/"
    "Forms/AllItems.aspx?id=%2Fsites%2FCommunitySafety%2FShared%20Documents%2FDHR%2FAction"
)


def test_a_long_link_in_a_note_and_the_api_paths_wrap_at_390(page, live_server, data, users, login):
    """A reviewer pasted a SharePoint link as a note: the action page became 548 px wide at
    390; the API reference's longest path did the same (483 px)."""
    rec = data["recommendation"]
    services.progress_update_add(
        recommendation=rec, by=users["clerk"], text=f"See {LONG_LINK}", reason="Note"
    )
    login(page, live_server, "clerk")
    page.set_viewport_size({"width": 390, "height": 900})
    for url in (rec.get_absolute_url(), reverse("api:docs")):
        page.goto(live_server.url + url)
        assert _fits_without_sideways_scrolling(page), f"{url} scrolls sideways at 390 px"
