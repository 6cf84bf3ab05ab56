"""Large imports off the request: the preview (a dry run) or the confirmed import of a file of
more than a few hundred rows runs in the task worker (django-tasks; the database backend in
production), behind a progress page like the appendix's, and the clerk sees the result there.

The worker builds exactly what ``views_import.build_preview`` builds for a small file, renders
the preview's two parts with the same templates, and keeps them on the :class:`ImportJob`; the
job page wraps them in the form (with this request's CSRF token).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from recommendations.models import ImportJob
from recommendations.plan_import.read import uploads
from reports.models import JobState

logger = logging.getLogger(__name__)
DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def estimated_rows(data: bytes, filename: str, *, stop_at: int = 100_000) -> int:
    """A cheap guess at a file's rows, made before parsing: an XLSX sheet's declared dimension
    (or its ``<row`` elements counted, stopping at ``stop_at``), a CSV's lines, else a quarter
    of the lines (a pasted paper wraps each row over several)."""
    if data[:2] == b"PK" and filename.lower().endswith(".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                names = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
                return sum(_sheet_rows(book, name, stop_at) for name in names)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
            return 0
    lines = data.count(b"\n")
    return lines if filename.lower().endswith((".csv", ".tsv")) else lines // 4


def _sheet_rows(book: zipfile.ZipFile, name: str, stop_at: int) -> int:
    with book.open(name) as sheet:
        head = sheet.read(4096)
        found = DIMENSION.search(head)
        if found:
            return int(found[1])
        rows, tail = head.count(b"<row "), head[-8:]
        while rows <= stop_at and (chunk := sheet.read(65536)):
            rows += (tail + chunk).count(b"<row ") - tail.count(b"<row ")
            tail = chunk[-8:]
        return rows


def runs_in_background(data: bytes, filename: str) -> bool:
    """True for a file too large to preview or import within a web request."""
    return (
        len(data) > settings.IMPORT_BACKGROUND_BYTES
        or estimated_rows(data, filename, stop_at=settings.IMPORT_BACKGROUND_ROWS)
        > settings.IMPORT_BACKGROUND_ROWS
    )


def import_job_start(
    request: HttpRequest, upload: uploads.StoredUpload, *, confirm: bool
) -> ImportJob:
    """Queue the preview or the import of ``upload`` with what the preview form posted."""
    from recommendations.tasks import run_import_job

    source = request.POST if request.method == "POST" else request.GET
    parameters = {
        "method": request.method,
        "data": {k: source.getlist(k) for k in source if k != "csrfmiddlewaretoken"},
    }
    job = ImportJob.objects.create(
        requested_by=request.user,
        action=ImportJob.CONFIRM if confirm else ImportJob.PREVIEW,
        filename=upload.filename[:300],
        parameters=parameters,
        step="Waiting for the task worker",
    )
    # Created outside any transaction, so a database worker can see the job as soon as it runs.
    run_import_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def _progress(job: ImportJob, percent: int, step: str, **fields: Any) -> None:
    job.progress, job.step = percent, step
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", "step", *fields])


def _request(job: ImportJob) -> HttpRequest:
    """The preview's request as the clerk sent it, for the same code the page runs."""
    request = HttpRequest()
    request.method = job.parameters.get("method", "GET")
    data = QueryDict(mutable=True)
    for key, values in job.parameters.get("data", {}).items():
        data.setlist(key, values)
    if request.method == "POST":
        request.POST = data
    else:
        request.GET = data
    request.user = job.requested_by
    return request


def import_job_run(*, job_id: str) -> None:
    """Do one queued import job. Idempotent: a finished job is left as it is."""
    from recommendations.views_import import build_preview, import_summary

    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return
    try:
        request = _request(job)
        token = (request.POST if request.method == "POST" else request.GET).get("upload", "")
        upload, data = uploads.load(token, user_id=job.requested_by_id)
        what = "Importing" if job.action == ImportJob.CONFIRM else "Reading and checking"
        _progress(job, 10, f"{what} {job.filename}", state=JobState.RUNNING)
        report, context = build_preview(
            request, upload, data, confirm=job.action == ImportJob.CONFIRM
        )
        job.row_count = len(report.rows)
        if report.written:
            uploads.discard(upload)
            job.result = import_summary(report, context.get("saved_now"))
        else:
            job.summary_html = render_to_string(
                "recommendations/import_preview_summary.html", context
            )
            job.form_html = render_to_string("recommendations/import_preview_form.html", context)
            job.result = {"has_errors": bool(report.errors), "written": False}
        _finish(job, JobState.DONE, "Ready")
    except uploads.UploadGone:
        job.error = "The uploaded file has expired or was already imported."
        _finish(job, JobState.FAILED, "The file is no longer there")
    except Exception:
        logger.exception("Import job %s failed", job_id)
        job.error = "Something went wrong while importing; nothing was written."
        _finish(job, JobState.FAILED, "Failed")


def _finish(job: ImportJob, state: str, step: str) -> None:
    fields = ["row_count", "result", "summary_html", "form_html", "error"]
    job.state, job.finished_at = state, timezone.now()
    job.progress = 100 if state == JobState.DONE else job.progress
    job.step = step
    job.save(update_fields=["state", "finished_at", "progress", "step", *fields])
