"""A clerk's committee papers, end to end in Chromium: a meeting from the schedule, agenda items
with a report and an issued appendix, matters arising from the last meeting, then the agenda
pack and the minutes downloaded as PDFs.

    SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_clerk_meeting_papers.py

also refreshes docs/screenshots/meetings-*.png (pages at 1280 and 390 px, first PDF pages).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from meetings import business, papers, services
from partnership import services as directory
from reports.appendix.params import AppendixParams
from reports.services import appendix_issue

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOOT = bool(os.environ.get("SCREENSHOTS"))


def _shoot(page, name: str) -> None:
    if SHOOT:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=OUT / f"meetings-{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _first_page_png(pdf: Path, name: str) -> None:
    if SHOOT and shutil.which("pdftoppm"):
        target = OUT / f"meetings-{name}-pdf-page1"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(target),
            ],
            check=True,
        )


@pytest.fixture
def last_meeting(partnership, users, organisations):
    """The committee's June meeting, whose minute 41 resolved an action still outstanding."""
    clerk = users["clerk"]
    board = services.committee_create(
        partnership=partnership, name="Safer Streets Board", by=clerk, reason="t"
    )
    chair = directory.person_create(
        name="Cllr. Alex Chair", organisation=organisations["council"], by=clerk, reason="t"
    )
    vice = directory.person_create(
        name="Sam Vice", organisation=organisations["police"], by=clerk, reason="t"
    )
    june = services.meeting_create(
        committee=board, date=date(2026, 6, 8), venue="Civic Centre", by=clerk, reason="t"
    )
    business.committee_update(
        committee=board,
        chair=chair,
        chair_elected_at=june,
        vice_chair=vice,
        vice_chair_elected_at=june,
        members=[chair, vice],
        enquiries_contact="Democratic Services, 0116 000 0000",
        by=clerk,
        reason="t",
    )
    minute = services.minute_add(
        meeting=june, title="Street lighting review", number=41, by=clerk, reason="t"
    )
    services.resolution_add(
        minute=minute,
        text="That a lighting survey come to the next meeting.",
        action_lead_organisations=[organisations["council"]],
        target_date_text="September 2027",
        by=clerk,
        reason="t",
    )
    return board


def test_a_clerk_prepares_and_downloads_the_papers_of_a_meeting(
    page,
    live_server,
    transactional_db,
    users,
    login,
    assert_accessible,
    last_meeting,
    recommendation,
    tmp_path,
):
    login(page, live_server, "clerk")
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name="Add future meetings of Safer Streets Board").click()
    page.get_by_label("Dates of future meetings").fill("9 September 2027; 9 December 2027")
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Venue").fill("Guthlaxton Room, County Hall")
    page.get_by_role("button", name="Add meetings").click()
    assert "2 meetings of Safer Streets Board added" in page.content()

    page.get_by_role("link", name="9 September 2027").first.click()
    meeting = last_meeting.meetings.get(date=date(2027, 9, 9))
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    # Appendices are issued on the reports pages (tested there); here one is issued directly.
    appendix = appendix_issue(
        params=AppendixParams(plan_ids=(recommendation.plan_id,), as_at=date.today()),
        by=users["clerk"],
        meeting=meeting,
    )

    report = tmp_path / "lighting-report.pdf"
    report.write_bytes(
        papers._render(
            "<p style='break-after: page'>Lighting report page 1</p><p>Lighting report page 2</p>"
        )[0]
    )
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Street lighting survey")
    page.get_by_label("For decision").check()
    page.get_by_label("Presenter").fill("Chris Engineer")
    page.get_by_label("Report (PDF)").set_input_files(str(report))
    page.get_by_label("Issued appendix to bind into the pack").select_option(label=str(appendix))
    page.get_by_role("button", name="Add item").click()
    assert "Agenda item 1 added" in page.content()
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Prevent update")
    page.get_by_label("Verbal update").check()
    page.get_by_label("Presenter").fill("A. Officer")
    page.get_by_role("button", name="Add item").click()

    matters = page.locator("#matters-arising").locator("xpath=following-sibling::*[1]")
    assert "That a lighting survey come to the next meeting." in matters.inner_text()
    page.get_by_role("link", name="Record matters arising").click()
    assert "from minute 41" in page.content()
    assert_accessible(page)
    _shoot(page, "matters-arising")
    page.get_by_label("Carried forward").check()
    page.get_by_label("Note on action 41(a)").fill("Survey delayed to the spring.")
    page.get_by_role("button", name="Record matters arising").click()
    assert "Matters arising recorded" in page.content()
    assert "Carried forward: Survey delayed to the spring." in page.content()
    assert_accessible(page)
    _shoot(page, "meeting")

    with page.expect_download() as agenda_download:
        page.get_by_role("link", name="Download the agenda pack (PDF)").click()
    agenda = tmp_path / "agenda.pdf"
    agenda_download.value.save_as(agenda)
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(agenda.read_bytes())).pages]
    total = len(texts)
    assert total == 1 + 2 + appendix.page_count
    assert all(f"Page {n} of {total}" in t and "OFFICIAL" in t for n, t in enumerate(texts, 1))
    assert "Pages 2 - " in texts[0] and "Lighting report page 1" in texts[1]
    assert "A verbal update by A. Officer" in " ".join(texts[0].split())
    _first_page_png(agenda, "agenda")

    page.get_by_role("link", name="Record attendance as a list").click()
    page.get_by_label("Present").check()
    page.get_by_label("Cllr. Alex Chair, Test Borough Council").check()
    page.get_by_label("Or paste names, one a line").fill(
        "Pat Smith, NHS Trust\nLee Jones\tFire and Rescue Service"
    )
    page.get_by_role("button", name="Add to attendance").click()
    assert "Lee Jones, Fire and Rescue Service" in page.content()
    page.get_by_role("link", name="Add a minute").click()
    assert page.get_by_label("Minute number").input_value() == "42"  # numbers run on from June
    page.get_by_label("Title").fill("Street lighting survey")
    page.get_by_label("Minute", exact=True).fill("The Board considered the survey report.")
    page.get_by_role("button", name="Add minute").click()
    page.get_by_role("link", name="Record a resolution on minute 42").click()
    page.get_by_label("That…").fill("That the survey be noted.")
    page.get_by_label("Track this as an action arising").uncheck()
    page.get_by_role("button", name="Record resolution").click()

    with page.expect_download() as minutes_download:
        page.get_by_role("link", name="Download the minutes (PDF)").click()
    minutes = tmp_path / "minutes.pdf"
    minutes_download.value.save_as(minutes)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes.read_bytes())).pages)
    assert "Matters arising: actions from earlier minutes" in text and "Carried forward" in text
    assert (
        "Pat Smith" in text
        and "42. Street lighting survey" in text
        and "(a) That the survey" in text
    )
    _first_page_png(minutes, "minutes")
