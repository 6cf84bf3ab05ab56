"""Bulk update from Find in Chromium, with JavaScript off (it must work without it) and on:
20 actions ticked, one refused for permissions, 19 changed with one history row each carrying
the reason; a version conflict saves nothing and the user decides."""

from __future__ import annotations

import pytest

from recommendations import services
from recommendations.models import Recommendation
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
REASON = "Board decision, 12 March"


@pytest.fixture
def twenty(plan, organisations, users):
    return [
        services.recommendation_create(
            plan=plan,
            reference=f"B{n + 1}",
            text=f"Bulk action {n + 1}",
            status=services.status_for(plan, "Pending"),
            lead_organisations=[organisations["police" if n == 7 else "housing"]],
            target_date_text="March 2026",
            by=users["clerk"],
            reason="Set up",
        )
        for n in range(20)
    ]


def _reasons(rec: Recommendation) -> list[str]:
    return list(rec.history.order_by("history_id").values_list("history_change_reason", flat=True))


def test_an_officer_changes_nineteen_of_twenty_without_javascript(
    browser, live_server, users, twenty
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, live_server, "housing")
    page.goto(f"{live_server.url}/actions/?q=Bulk")
    boxes = page.locator("input[name=selected]")
    assert boxes.count() == 20
    for n in range(20):
        boxes.nth(n).check()
    page.get_by_role("button", name="Change selected actions").click()
    assert page.locator("h1").inner_text() == "Change 19 actions"
    assert "Test Workshop Programme, no. B8" in page.locator("#left-alone + ul").inner_text()
    page.get_by_label("Change the status").check()
    page.get_by_label("New status").select_option("In Progress")
    page.get_by_label("Reason for the change").fill(REASON)
    page.get_by_role("button", name="Change 19 actions").click()
    assert page.locator("h1").inner_text() == "19 actions changed"
    assert "B8: you may not change this action" in page.locator("main").inner_text()
    context.close()

    for rec in Recommendation.objects.filter(pk__in=[r.pk for r in twenty]):
        if rec.reference == "B8":
            assert rec.status.name == "Pending" and _reasons(rec) == ["Set up"]
        else:
            assert rec.status.name == "In Progress" and _reasons(rec) == ["Set up", REASON]


def test_a_conflict_is_reported_and_the_clerk_leaves_the_changed_one_alone(
    page, live_server, users, twenty, assert_accessible
):
    sign_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/actions/?q=Bulk")
    page.get_by_role("button", name="Select all 20 matching and change them").click()
    assert page.locator("h1").inner_text() == "Change 20 actions"
    assert_accessible(page)
    page.get_by_label("Change the RAG rating").check()
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Reason for the change").fill(REASON)
    # Meanwhile the housing officer updates B4.
    services.recommendation_update(
        recommendation=twenty[3], by=users["housing_officer"], reason="Meanwhile",
        changes={"rag": "GREEN"},
    )  # fmt: skip
    page.get_by_role("button", name="Change 20 actions").click()
    main = page.locator("main").inner_text()
    assert "Nothing has been saved" in main, main
    assert "Test Workshop Programme, no. B4: This action was changed by" in main, main
    assert not Recommendation.objects.filter(rag="RED").exists()
    assert_accessible(page)
    page.get_by_role("button", name="Leave the changed ones alone").click()
    assert page.locator("h1").inner_text() == "19 actions changed"
    assert Recommendation.objects.filter(rag="RED").count() == 19
    assert Recommendation.objects.get(pk=twenty[3].pk).rag == "GREEN"
