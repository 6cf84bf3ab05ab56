"""The API token page in a real browser: with JavaScript off, create a token (shown once), use
it, see the use counted, revoke it; axe-core finds nothing serious at 1280 and 390 px."""

from __future__ import annotations

import pytest
from django.test import Client

from api.models import ApiToken
from tests.api.conftest import make_token
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API = "/api/v1/recommendations/"


def test_create_use_and_revoke_a_token_without_javascript(
    browser, live_server, users, recommendation
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/notifications/preferences/")
    page.get_by_role("link", name="Manage your API tokens").click()
    page.get_by_role("button", name="Create token").click()
    assert page.get_by_text("Enter a name for the token").first.is_visible()
    page.get_by_label("Name").fill("Power BI board report")
    page.get_by_label("6 months").check()
    page.get_by_role("button", name="Create token").click()
    key = page.locator("#new-token").input_value()
    assert key.startswith("cspt_")

    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {key}").json()["count"] == 1
    page.goto(f"{live_server.url}/api/tokens/")
    assert key not in page.content()  # shown once only
    row = page.get_by_role("row", name="Power BI board report")
    assert "Active" in row.inner_text() and "Never" not in row.inner_text()

    page.get_by_role("button", name="Revoke Power BI board report").click()
    assert page.get_by_text("has been revoked").is_visible()
    assert ApiToken.objects.get().is_revoked()
    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    context.close()


def test_the_token_page_is_accessible_at_1280_and_390(
    page, live_server, users, recommendation, assert_accessible
):
    make_token(users["manager"], name="Excel workbook")
    make_token(users["manager"], name="Old laptop")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/api/tokens/")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    assert_accessible(page)
