"""Import (paper text, workbook), export back, the appendix PDF and issuing it, via the pages."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.permissions import SYSTEM
from performance import services
from performance.models import Dashboard, Indicator, IndicatorValue, IssuedDashboard
from reports.models import ExportRecord
from tests.conftest import missing, seed_path

pytestmark = pytest.mark.django_db


def _pdftotext(pdf: bytes, tmp_path, page: int | None = None) -> str:
    if shutil.which("pdftotext") is None:
        missing("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def _upload(client, partnership, name, data, marking="OFFICIAL"):
    return client.post(
        reverse("performance:import"),
        {"partnership": partnership.pk, "marking": marking, "file": SimpleUploadedFile(name, data)},
    )


def test_a_clerk_imports_the_paper_text_through_the_page(client, users, partnership):
    client.force_login(users["clerk"])
    response = _upload(client, partnership, "004.txt", seed_path("004").read_bytes())
    dashboard = Dashboard.objects.get()
    assert response.status_code == 302 and response["Location"] == dashboard.get_absolute_url()
    assert Indicator.objects.count() == 12
    row = dashboard.history.get()
    assert (row.history_user, row.history_change_reason) == (
        users["clerk"],
        "Imported from 004.txt",
    )


def test_a_broken_table_is_named_by_row_and_column_and_nothing_is_saved(client, users, partnership):
    client.force_login(users["clerk"])
    text = seed_path("004").read_text(encoding="utf-8").replace("\t3.51\t", "\tabout 3.5\t")
    response = _upload(client, partnership, "004.txt", text.encode())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Row 3, Latest Data: &#x27;about 3.5&#x27; is not a value" in body
    assert not Dashboard.objects.exists() and not IndicatorValue.objects.exists()
    assert (
        "No dashboard found" in _upload(client, partnership, "x.txt", b"Minutes").content.decode()
    )
    assert (
        "not an Excel workbook" in _upload(client, partnership, "x.xlsx", b"nope").content.decode()
    )


def test_officers_and_managers_cannot_import(client, users, partnership):
    for role in ("officer", "manager"):
        client.force_login(users[role])
        assert client.get(reverse("performance:import")).status_code == 403


def test_the_export_is_a_workbook_that_imports_again_to_the_same_dashboard(
    client, users, partnership, seed_dashboard
):
    client.force_login(users["clerk"])
    response = client.get(reverse("performance:export", args=[seed_dashboard.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ExportRecord.objects.filter(kind="xlsx", row_count=12).exists()
    again = _upload(client, partnership, "back.xlsx", _bytes(response))
    assert again.status_code == 302
    copy = Dashboard.objects.exclude(pk=seed_dashboard.pk).get()

    def cells(dashboard):
        return sorted(
            IndicatorValue.objects.filter(indicator__outcome__dashboard=dashboard).values_list(
                "indicator__outcome__name",
                "indicator__name",
                "value",
                "value_text",
                "period_label",
                "period_end",
                "is_estimate",
                "footnote__text",
                "rank",
            )
        )

    assert cells(copy) == cells(seed_dashboard)
    assert copy.outcomes.count() == 5 and copy.footnotes.get().marker == "*"


def test_the_appendix_pdf_has_the_marking_on_every_page_and_every_indicator_row(
    client, users, seed_dashboard, tmp_path
):
    outcome = seed_dashboard.outcomes.first()
    for n in range(40):  # enough rows for several pages
        indicator = services.indicator_create(
            outcome=outcome, name=f"Extra measure {n:02d}", order=100 + n, by=SYSTEM, reason="T"
        )
        services.value_create(
            indicator=indicator,
            period_label="2015-16",
            period_end=date(2016, 3, 31),
            value=Decimal(n),
            by=SYSTEM,
            reason="T",
        )
    client.force_login(users["manager"])
    response = client.get(reverse("performance:pdf", args=[seed_dashboard.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdftotext(_bytes(response), tmp_path)
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL", f"page {number} top"
        assert "OFFICIAL" in lines[-1] and f"Page {number} of {len(pages)}" in lines[-1]
    flat = " ".join(text.split())
    for indicator in Indicator.objects.filter(outcome__dashboard=seed_dashboard):
        assert " ".join(indicator.name.split()[:4]) in flat, indicator.name
    assert "2003* (2015-16)" in flat and "Safer Communities Performance Dashboard" in flat
    assert "↓ Worsening" in flat and "Red" in flat


def test_an_issued_dashboard_is_frozen_whatever_is_entered_later(
    client, users, seed_dashboard, tmp_path
):
    client.force_login(users["clerk"])
    url = reverse("performance:issue", args=[seed_dashboard.pk]) + "?as_at=2016-06-30"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    paper = IssuedDashboard.objects.get()
    assert paper.as_at == date(2016, 6, 30) and paper.row_count == 12
    hate = Indicator.objects.get(name__startswith="Reported hate")
    services.value_create(
        indicator=hate,
        period_label="Q2",
        period_end=date(2016, 9, 30),
        value=Decimal("0.9"),
        by=SYSTEM,
        reason="Later",
    )
    issued = client.get(reverse("performance:issued-pdf", args=[paper.pk]))
    pdf = _bytes(issued)
    assert pdf == bytes(paper.pdf)
    frozen = " ".join(_pdftotext(pdf, tmp_path).split())
    assert "0.56" in frozen and "(Q2)" not in frozen and "0.9" not in frozen
    with pytest.raises(RuntimeError):
        paper.save()
    with pytest.raises(RuntimeError):
        IssuedDashboard.objects.all().delete()
    client.force_login(users["manager"])
    assert client.post(url).status_code == 403
    assert client.get(reverse("performance:issued-pdf", args=[paper.pk])).status_code == 200


def test_the_import_command_reads_the_paper_as_the_system(partnership, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "import_dashboard", str(seed_path("004")), partnership=partnership.name, stdout=out
    )
    assert "5 outcomes, 12 indicators, 1 footnotes" in out.getvalue()
    assert Dashboard.objects.get().history.get().history_user is None
    broken = tmp_path / "broken.txt"
    broken.write_text("# Performance Dashboard\n\nOutcomes\tPrevious\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no column for: Supporting Indicators, Latest Data"):
        call_command("import_dashboard", str(broken), partnership=partnership.name)
    assert Dashboard.objects.count() == 1


def test_a_hand_made_workbook_with_merged_outcome_cells_imports(client, users, partnership):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Safer Streets Performance Dashboard Quarter 2, 2025/26"])
    sheet.append(
        ["Outcomes", "Overall Progress RAG", "Supporting Indicators", "Previous Year (2024-25)",
         "Latest Data Rolling 12 months", "Current Direction of Travel", "Progress",
         "Nearest Neighbour Comparison", "County Comparison", "District Comparison"]
    )  # fmt: skip
    robbery_row = ["Street robbery (per 1,000 population)", 1.2, 1.0, "↑", "G", "2/8", "Top", ""]
    sheet.append(["Safer streets", "G", *robbery_row])
    sheet.append([None, None, "% feeling safe after dark", "71%", "73%", "→", "G", "-", "-", ""])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    data = BytesIO()
    book.save(data)
    client.force_login(users["clerk"])
    assert _upload(client, partnership, "streets.xlsx", data.getvalue()).status_code == 302
    dashboard = Dashboard.objects.get()
    assert dashboard.title == "Safer Streets Performance Dashboard"
    robbery, safe = Indicator.objects.order_by("order")
    assert robbery.outcome == safe.outcome and robbery.outcome.printed_rag == "GREEN"
    latest = robbery.values.order_by("period_end").last()
    assert (latest.value, latest.period_label, latest.rank, latest.group_size) == (
        Decimal("1"),
        "Rolling 12 months to Quarter 2, 2025/26",
        2,
        8,
    )
    assert latest.period_end == date(2025, 9, 30) and robbery.higher_is_better is False
    assert safe.values.order_by("period_end").first().period_label == "2024-25"
