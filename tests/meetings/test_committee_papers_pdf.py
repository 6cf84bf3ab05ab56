"""The agenda pack and the minutes as PDFs: marking and "Page X of Y" on every page, the heading
block, every item, and page ranges that are the pack's real pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings import business, papers, records, services
from partnership import services as directory
from reports.appendix.params import AppendixParams
from reports.services import appendix_issue

pytestmark = pytest.mark.django_db
REASON = "Test"


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def report_pdf(title: str, pages: int) -> bytes:
    """A stand-in officer's report: ``pages`` A4 pages, each saying which page of it it is."""
    body = "".join(
        f'<p style="break-after: page">{title}, report page {n}</p>' for n in range(1, pages + 1)
    )
    return papers._render(f"<html><body>{body}</body></html>")[0]


@pytest.fixture
def pack_meeting(partnership, users, organisations, recommendation):
    clerk = users["clerk"]
    chair = directory.person_create(name="Alex Chairwoman", by=clerk, reason=REASON)
    vice = directory.person_create(name="Sam Vicechair", by=clerk, reason=REASON)
    member = directory.person_create(
        name="Jo Member", organisation=organisations["police"], by=clerk, reason=REASON
    )
    board = services.committee_create(
        partnership=partnership, name="Safer Streets Board", by=clerk, reason=REASON
    )
    meeting = services.meeting_create(
        committee=board,
        date=date(2026, 9, 8),
        time=time(10, 0),
        venue="Guthlaxton Room, Civic Centre",
        by=clerk,
        reason=REASON,
    )
    business.committee_update(
        committee=board,
        chair=chair,
        chair_elected_at=meeting,
        vice_chair=vice,
        vice_chair_elected_at=meeting,
        enquiries_contact="Democratic Services, 0116 000 0000",
        marking="OFFICIAL-SENSITIVE",
        members=[chair, vice, member],
        by=clerk,
        reason=REASON,
    )
    add = services.agenda_item_add
    add(meeting=meeting, title="Introductions", kind="standing", by=clerk, reason=REASON)
    first = add(
        meeting=meeting, title="Performance update", purpose="decision", by=clerk, reason=REASON
    )
    records.agenda_item_attach_report(
        item=first,
        pdf=report_pdf("Performance", 3),
        filename="performance.pdf",
        by=clerk,
        reason=REASON,
    )
    appendix = appendix_issue(
        params=AppendixParams(plan_ids=(recommendation.plan_id,), as_at=date.today()),
        by=clerk,
        meeting=meeting,
    )
    add(meeting=meeting, title="Action plan progress", appendix=appendix, by=clerk, reason=REASON)
    add(
        meeting=meeting,
        title="Prevent update",
        kind="verbal",
        presenter="A. Officer",
        by=clerk,
        reason=REASON,
    )
    add(meeting=meeting, title="Named case review", is_public=False, by=clerk, reason=REASON)
    return meeting, appendix


def test_the_agenda_pack_binds_reports_and_appendices_at_the_pages_it_prints(pack_meeting):
    meeting, appendix = pack_meeting
    pdf, total, rows = papers.agenda_pack(meeting)
    texts = pages_text(pdf)
    assert len(texts) == total == 1 + 3 + appendix.page_count
    for number, text in enumerate(texts, start=1):
        assert "OFFICIAL-SENSITIVE" in text, f"page {number} has no marking"
        assert f"Page {number} of {total}" in text, f"page {number} is not numbered"

    front = " ".join(texts[0].split())
    for words in [
        "SAFER STREETS BOARD",  # printed in capitals
        "Tuesday, 8 September 2026 at 10.00 a.m.",
        "Guthlaxton Room, Civic Centre",
        "Alex Chairwoman",
        "Sam Vicechair",
        "Vice-Chair",
        "Jo Member",
        "Democratic Services, 0116 000 0000",
        "PART II: NOT FOR PUBLICATION",
        "A verbal update by A. Officer",
        "For decision",
    ]:
        assert words in front, words
    for row in rows:
        assert row.item.title in front
    by_title = {row.item.title: row for row in rows}
    report, bound = by_title["Performance update"], by_title["Action plan progress"]
    assert "Pages 2 - 4" in front and report.range_text == "Pages 2 - 4"
    assert (bound.first, bound.last) == (5, 4 + appendix.page_count)
    assert "Performance, report page 1" in texts[report.first - 1]
    assert "Performance, report page 3" in texts[report.last - 1]
    assert appendix.title.split(" – ")[0] in texts[bound.first - 1]
    assert "Named case review" in front.split("PART II")[1]
    assert by_title["Named case review"].range_text == ""


def test_the_minutes_pdf_prints_attendance_declarations_resolutions_and_actions(
    pack_meeting, users, organisations
):
    meeting, _appendix = pack_meeting
    clerk = users["clerk"]
    add_row = services.attendance_add
    add_row(
        meeting=meeting,
        kind="present",
        name="Cllr. Ann Example",
        detail="Riverside Council",
        in_the_chair=True,
        by=clerk,
        reason=REASON,
    )
    add_row(
        meeting=meeting,
        kind="present",
        name="Pat Standin",
        detail="NHS Trust",
        representing="Dr. B. Absent",
        by=clerk,
        reason=REASON,
    )
    add_row(
        meeting=meeting,
        kind="officer",
        name="Chris Clerk",
        detail="County Council",
        by=clerk,
        reason=REASON,
    )
    add_row(
        meeting=meeting,
        kind="other",
        name="Lee Visitor",
        detail="Commissioner's office",
        by=clerk,
        reason=REASON,
    )
    add_row(meeting=meeting, kind="apology", name="Cllr. Dee Away", by=clerk, reason=REASON)
    records.declaration_add(
        meeting=meeting,
        name="Cllr. Ann Example",
        interest="A personal interest as a trustee of the charity.",
        by=clerk,
        reason=REASON,
    )
    minute = services.minute_add(
        meeting=meeting, title="Performance update", number=41, by=clerk, reason=REASON
    )
    services.resolution_add(
        minute=minute, text="That the report be noted.", track=False, by=clerk, reason=REASON
    )
    services.resolution_add(
        minute=minute,
        text="That a hate crime review come to the next meeting.",
        action_lead_organisations=[organisations["police"]],
        target_date_text="March 2027",
        by=clerk,
        reason=REASON,
    )
    pdf, pages = papers.minutes_pdf(meeting)
    texts = pages_text(pdf)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {pages}" in text
    whole = " ".join(" ".join(texts).split())
    for words in [
        "Present",
        "Officers",
        "Others",
        "Apologies for absence",
        "Cllr. Ann Example in the Chair.",
        "representing Dr. B. Absent",
        "Declarations of interest",
        "trustee of the charity",
        "41. Performance update",
        "RESOLVED:",
        "(a) That the report be noted.",
        "(b) That a hate crime review",
        "Actions arising",
        "41(b)",
        "TP",
        "March 2027",
        "to be confirmed as a correct record at the next meeting",
    ]:
        assert words in whole, words
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        assert re.search(rb"Page 1 of \d", out.stdout)


def test_pages_entered_by_hand_are_printed_in_the_pack(pack_meeting, users, client):
    """An item with nothing bound into the pack keeps the pages the clerk entered."""
    meeting, _ = pack_meeting
    services.agenda_item_add(
        meeting=meeting,
        title="Community trigger review",
        page_from=5,
        page_to=12,
        by=users["clerk"],
        reason=REASON,
    )
    client.force_login(users["clerk"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Pages 5 – 12" in page

    pdf = client.get(reverse("meetings:agenda-pdf", args=[meeting.pk])).content

    front = " ".join(pages_text(pdf)[0].split())
    assert "Community trigger review For information Pages 5 - 12" in front


def test_an_upload_that_is_not_a_pdf_is_a_field_error(pack_meeting, users):
    meeting, _ = pack_meeting
    item = meeting.agenda_items.first()
    with pytest.raises(Exception) as caught:
        records.agenda_item_attach_report(
            item=item, pdf=b"hello", filename="x.pdf", by=users["clerk"], reason=REASON
        )
    assert caught.value.message_dict == {"report": ["The file must be a PDF"]}
    item.refresh_from_db()
    assert not item.report_pdf


def test_export_meeting_papers_writes_the_pack_and_the_minutes(pack_meeting, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    meeting, appendix = pack_meeting
    out = StringIO()
    call_command(
        "export_meeting_papers", meeting=meeting.pk, output=str(tmp_path / "p"), stdout=out
    )
    agenda = (tmp_path / "p" / "agenda.pdf").read_bytes()
    minutes = (tmp_path / "p" / "minutes.pdf").read_bytes()
    assert len(pages_text(agenda)) == 4 + appendix.page_count
    assert "Declarations of interest" in pages_text(minutes)[0]
    assert f"({4 + appendix.page_count} pages)" in out.getvalue()


def test_export_meeting_papers_names_an_unknown_meeting(db, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="There is no meeting 999"):
        call_command("export_meeting_papers", meeting=999, output=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
