"""A clerk fixes the reading of a paper in a real browser: an XLSX whose header is its third row
(a merged title and group headings above it) and one heading no synonym knows. The clerk picks
row 3, maps "Who will do it" to the lead by hand, updates the preview, sees the first rows as
they will be stored, saves the mapping and confirms (with axe-core on each page).

Screenshots for docs/guide-importing.md are refreshed on demand:

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_import_header_row.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from recommendations.models import ActionPlan, ImportMapping
from tests.recommendations.import_files import GROUPED_ROWS, grouped_headings_xlsx

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _shot(page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for the docs, cut to 256 colours (a third of the bytes, no visible loss)."""
    from PIL import Image

    page.screenshot(path=OUT / name, full_page=full_page)
    with Image.open(OUT / name) as image:
        image.convert("RGB").quantize(256).save(OUT / name, optimize=True)


def _upload(page, live_server, path: Path) -> None:
    page.goto(live_server.url + reverse("recommendations:import"))
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_label("Name of the new plan").fill("Safer streets action plan")
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()


def _pick_row_3_and_map_the_lead(page) -> None:
    headings = page.get_by_role("group", name="Which row holds the column headings?")
    headings.get_by_label("Row 3: Ref | Recommendation | Who will do it", exact=False).check()
    page.get_by_role("button", name="Update the preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    lead = page.get_by_label("Who will do it", exact=True)
    assert lead.input_value() == "?"  # no synonym knows it: kept in the notes
    lead.select_option(label="Handed over to / Lead Agency / Lead / Responsibility")
    page.get_by_role("button", name="Update the preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()


def test_clerk_picks_the_header_row_maps_a_column_previews_saves_and_confirms(
    page, live_server, transactional_db, users, partnership, login, assert_accessible, tmp_path
):
    path = tmp_path / "safer-streets.xlsx"
    path.write_bytes(grouped_headings_xlsx())
    login(page, live_server, "clerk")
    _upload(page, live_server, path)
    assert page.get_by_label("Row 2: Recommendation | Responsibility | Progress").is_checked()
    assert_accessible(page)

    _pick_row_3_and_map_the_lead(page)
    assert page.get_by_label("Who will do it", exact=True).input_value() == "leads"
    first = page.locator("#first-rows tbody tr")
    assert first.count() == 3
    cells = first.nth(0).locator("td")
    assert cells.nth(0).inner_text() == "1"
    assert cells.nth(2).inner_text() == "Housing Team (linked)"
    assert cells.nth(3).inner_text() == "March 2026 (due by 31 March 2026)"
    assert "Where things stand: Started" in cells.nth(6).inner_text()
    assert ActionPlan.objects.count() == 0  # the previews wrote nothing
    assert_accessible(page)

    page.get_by_label("Save this mapping for the next paper of the same shape").check()
    page.get_by_label("Name of the saved mapping").fill("Safer streets plan")
    page.get_by_role("button", name="Import 3 new and 0 changed").click()
    page.get_by_role("heading", name="Import complete").wait_for()
    assert "saved as “Safer streets plan”" in page.content()
    assert_accessible(page)

    plan = ActionPlan.objects.get(name="Safer streets action plan")
    recs = list(plan.recommendations.order_by("sort_key"))
    assert [(r.reference, r.text, r.leads_text, r.target_date_text) for r in recs] == [
        (row[0], row[1], row[2], row[3]) for row in GROUPED_ROWS
    ]
    for rec in recs:
        (history,) = rec.history.all()
        assert history.history_user == users["clerk"]
        assert history.history_change_reason == "imported from safer-streets.xlsx"
    saved = ImportMapping.objects.get()
    assert saved.name == "Safer streets plan" and saved.mapping["Who will do it"] == "leads"

    # The list of saved mappings, in the browser too.
    page.goto(live_server.url + reverse("recommendations:import-mappings"))
    page.get_by_role("heading", name="Safer streets plan").wait_for()
    assert_accessible(page)


@pytest.mark.screenshots
def test_take_header_row_screenshots(
    page, live_server, transactional_db, users, partnership, login, tmp_path
):
    path = tmp_path / "safer-streets.xlsx"
    path.write_bytes(grouped_headings_xlsx())
    OUT.mkdir(parents=True, exist_ok=True)
    login(page, live_server, "clerk")
    _upload(page, live_server, path)
    _pick_row_3_and_map_the_lead(page)
    page.get_by_label("Save this mapping for the next paper of the same shape").check()
    page.get_by_label("Name of the saved mapping").fill("Safer streets plan")
    _shot(page, "import-preview.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("group", name="Which row holds the column headings?").evaluate(
        "node => node.scrollIntoView()"
    )
    _shot(page, "import-preview-header-row-390.png", full_page=False)
    page.locator("#first-rows-heading").evaluate("node => node.scrollIntoView()")
    _shot(page, "import-preview-first-rows-390.png", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Import 3 new and 0 changed").click()
    page.get_by_role("heading", name="Import complete").wait_for()
    # The next paper of the same shape: the saved mapping is used at once.
    _upload(page, live_server, path)
    page.locator("#saved-mapping").wait_for()
    _shot(page, "import-preview-saved-mapping.png")
    page.goto(live_server.url + reverse("recommendations:import-mappings"))
    _shot(page, "import-mappings.png")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "import-mappings-390.png")
