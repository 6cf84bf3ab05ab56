"""Large Find exports run in the task worker behind the appendix's progress page; the user
downloads the finished file. The request that asks only counts and queues."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.utils import get_column_letter

from recommendations.exports_xlsx import HEADERS
from reports import export_jobs
from reports.models import ExportJob, ExportRecord, JobState
from tests.recommendations import test_find_data as find_data

LAST_COLUMN = get_column_letter(len(HEADERS))
pytestmark = pytest.mark.django_db


@pytest.fixture
def data(partnership, organisations, users, plan, monkeypatch):
    monkeypatch.setattr(export_jobs, "EXPORT_ASYNC_ROWS", 2)
    return find_data.build(partnership, organisations, users, plan)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_large_export_is_queued_followed_and_downloaded(
    client, users, data, fmt, django_capture_on_commit_callbacks
):
    client.force_login(users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/actions/export.{fmt}?outstanding=on")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.row_count == 3 and job.kind == fmt

    page = client.get(job.get_absolute_url()).content.decode()
    assert "The export is ready" in page and "Download" in page
    assert 'data-app-poll=""' in page
    assert not ExportRecord.objects.exists()  # logged when the file leaves
    file = client.get(reverse("reports:export-job-file", args=[job.pk]))
    assert file.status_code == 200 and "attachment" in file["Content-Disposition"]
    assert ExportRecord.objects.get().row_count == 3
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(file.content)).active
        assert sheet.max_row == 4 and sheet.auto_filter.ref == f"A1:{LAST_COLUMN}4"
    else:
        assert file.content.decode("utf-8-sig").count("\r\n") == 5  # marking, headings, 3 rows


def test_a_queued_export_shows_its_progress_and_no_file_yet(client, users, data):
    client.force_login(users["manager"])
    response = client.get("/actions/export.xlsx")  # on_commit not run: still queued
    job = ExportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Preparing the export" in page and "Check progress" in page
    assert 'data-app-poll="3"' in page
    file = client.get(reverse("reports:export-job-file", args=[job.pk]))
    assert file.status_code == 302 and file["Location"] == job.get_absolute_url()


def test_only_the_requester_follows_or_downloads_an_export(client, users, data):
    client.force_login(users["manager"])
    client.get("/actions/export.xlsx")
    job = ExportJob.objects.get()
    client.force_login(users["clerk"])
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:export-job-file", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302


def test_the_job_reads_only_what_the_requester_may_export(
    client, users, data, django_capture_on_commit_callbacks
):
    # Officers do not export need-to-know (case review) plans in bulk.
    client.force_login(users["other_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/actions/export.csv")
    job = ExportJob.objects.get()
    job.refresh_from_db()
    text = bytes(job.content).decode("utf-8-sig")
    assert "Case Review Plan" not in text and job.row_count == 3


def test_queueing_runs_a_fixed_number_of_queries(
    client, users, data, django_assert_max_num_queries
):
    client.force_login(users["manager"])
    with django_assert_max_num_queries(8):
        assert client.get("/actions/export.xlsx").status_code == 302
