"""A clerk imports an action plan in a real browser: upload, preview, confirm (with axe-core).

Screenshots for docs/guide-importing.md are refreshed on demand:

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_import_upload.py -k screenshots
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from recommendations.models import ActionPlan
from tests.conftest import load_demo, seed_path

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_clerk_uploads_seed_000_checks_the_preview_and_imports(
    page, live_server, transactional_db, users, partnership, login, assert_accessible
):
    path = seed_path("000")
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("recommendations:import"))
    assert_accessible(page)
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_label("Name of the new plan").fill("Workshop programme")
    page.get_by_role("button", name="Upload and preview").click()

    page.get_by_role("heading", name="Check what will be imported").wait_for()
    assert page.locator("strong.govuk-tag", has_text="New").count() == 13
    assert page.get_by_label("Current Status").input_value() == "status"
    assert ActionPlan.objects.count() == 0  # the preview writes nothing
    assert_accessible(page)

    page.get_by_role("button", name="Import 13 new and 0 changed").click()
    page.get_by_role("heading", name="Import complete").wait_for()
    assert_accessible(page)
    plan = ActionPlan.objects.get(name="Workshop programme")
    recs = list(plan.recommendations.select_related("status", "section"))
    assert len(recs) == 13
    assert Counter(r.status.name for r in recs) == {"Pending": 6, "In Progress": 7}
    assert Counter(r.section.title for r in recs) == {
        "Vulnerable Person": 5,
        "Domestic Abuse/Violence": 8,
    }


# Made-up plan for the screenshots (the product and its docs never ship the seeds' text).
SCREENSHOT_CSV = """No.,Priority area,Recommendation,Lead agency,Target date,Status,RAG rating,\
Budget code
1.1,1. Safer homes,Agree a protocol for sharing welfare concerns between housing officers and \
neighbourhood policing,CHS Housing / Riverside Police,March 2026,In progress,GREEN,HS-12
1.2,1. Safer homes,Train front-line housing staff to recognise signs of cuckooing,CHS Housing,\
June 2026,Not started,,HS-14
2.1,2. Support for victims,Publish a directory of domestic abuse support in plain English,\
Safe Haven,September 2026,In progress,AMBER,
2.2,2. Support for victims,Review referral times from the contact centre to outreach,\
AF and JK,Q3 2026,,RED,
"""


@pytest.mark.screenshots
def test_take_import_screenshots(page, live_server, transactional_db, login, monkeypatch, tmp_path):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-screens-1")
    load_demo()
    upload = tmp_path / "safer-homes-action-plan.csv"
    upload.write_text(SCREENSHOT_CSV, encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "clerk", "demo-screens-1")
    page.goto(live_server.url + reverse("recommendations:import"))
    page.get_by_label("Upload a file").set_input_files(str(upload))
    page.get_by_label("Name of the new plan").fill("Safer homes action plan")
    page.screenshot(path=OUT / "import-upload.png", full_page=True)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    page.get_by_label("Budget code").select_option("-")
    page.get_by_role("button", name="Update the preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    # import-preview.png (header row, mapping, first rows) is test_import_header_row.py's.
    page.get_by_role("button", name="Import 4 new and 0 changed").click()
    page.get_by_role("heading", name="Import complete").wait_for()
    page.screenshot(path=OUT / "import-result.png", full_page=True)
