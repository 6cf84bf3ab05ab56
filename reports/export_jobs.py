"""Large Find exports in the task worker: queued from the export link, followed on the same
progress page the appendix uses, downloaded when ready. No web request grows with the data:
the request that asks only counts and queues; the download serves the finished file."""

from __future__ import annotations

import io
import logging

from django.db import transaction
from django.utils import timezone

from partnership.models import User
from recommendations import exports
from recommendations.exports_xlsx import write_xlsx
from recommendations.find_query import find_for
from reports.models import ExportJob, ExportKind, JobState

logger = logging.getLogger(__name__)

# Exports of more rows than this run in the task worker (a 3,000-row XLSX takes about 2 s).
EXPORT_ASYNC_ROWS = 3000
CONTENT_TYPES = {
    ExportKind.CSV: "text/csv; charset=utf-8",
    ExportKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_job_start(
    *, kind: str, filters: str, by: User, base_url: str, row_count: int, marking: str
) -> ExportJob:
    """Queue a large export for the task worker; its page follows the progress."""
    from reports.tasks import generate_export

    if kind not in CONTENT_TYPES:
        raise ValueError(f"Unknown export kind {kind!r}")
    job = ExportJob.objects.create(
        kind=kind,
        filters=filters,
        base_url=base_url,
        requested_by=by,
        row_count=row_count,
        marking=marking,
        filename=f"actions-{timezone.localdate():%Y-%m-%d}.{kind}",
    )
    # Committed before it is queued, so a database worker sees the job as soon as it runs.
    transaction.on_commit(lambda: generate_export.enqueue(str(job.pk)))
    return job


def _progress(job: ExportJob, percent: int, step: str, **fields) -> None:
    job.progress, job.step = percent, step
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", "step", *fields])


def _write(job: ExportJob, queryset) -> bytes:
    total = max(job.row_count or 1, 1)

    def progress(done: int) -> None:
        _progress(job, min(95, 5 + 90 * done // total), f"{done} of {total} rows written")

    if job.kind == ExportKind.CSV:
        out = io.StringIO()
        for piece in exports.csv_chunks(queryset, marking=job.marking, progress=progress):
            out.write(piece)
        return out.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    write_xlsx(queryset, buffer, marking=job.marking, base_url=job.base_url, progress=progress)
    return buffer.getvalue()


def export_job_run(*, job_id: str) -> None:
    """Write one queued export. Idempotent: a finished job is left as it is."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return
    try:
        _progress(job, 5, "Reading the actions", state=JobState.RUNNING)
        queryset = find_for(job.requested_by, job.filters, export=True).qs
        content = _write(job, queryset)
        _progress(
            job, 100, "Ready", state=JobState.DONE, content=content, finished_at=timezone.now()
        )
    except Exception as exc:
        logger.exception("Export job %s failed", job_id)
        _progress(
            job,
            job.progress,
            "Failed",
            state=JobState.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        raise
