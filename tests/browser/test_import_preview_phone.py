"""On a phone (390 px) the clerk sees, without scrolling sideways, what happens to each row of
the import preview (New / Changed) and its status: the columns the decision rests on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.recommendations.test_import_review import plan_xlsx

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_what_happens_and_status_are_on_screen_at_390_px(
    page, live_server, transactional_db, users, partnership, login, tmp_path
):
    path = tmp_path / "action-plan.xlsx"
    path.write_bytes(plan_xlsx())
    login(page, live_server, "clerk")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("recommendations:import"))
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_label("Name of the new plan").fill("Community safety plan")
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    table = page.get_by_role("region", name="Recommendations")
    for name in ("What happens", "Status"):
        box = table.get_by_role("columnheader", name=name, exact=True).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
    tag = table.get_by_text("New", exact=True).first.bounding_box()
    assert tag is not None and tag["x"] + tag["width"] <= 390
