"""A large Find export's progress page (the appendix's, reused) and its file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reports.export_jobs import CONTENT_TYPES
from reports.exports_log import record_export
from reports.models import ExportJob, ExportKind, JobState


def _own_job(request: HttpRequest, pk) -> ExportJob:
    jobs = ExportJob.objects.visible_to(request.user).defer("content")
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_GET
def export_job(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    back = reverse("recommendations:list") + (f"?{job.filters}" if job.filters else "")
    context = {
        "job": job,
        "JobState": JobState,
        "summary_rows": [("Format", job.get_kind_display()), ("Marking", job.marking or "–")],
        "download_label": f"Download {job.get_kind_display()}",
        "back_url": back,
    }
    return render(request, "reports/export_job.html", context)


@login_required
@require_GET
def export_job_file(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    if job.state != JobState.DONE:
        return redirect(job)
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    record_export(
        by=request.user,
        kind=ExportKind(job.kind),
        what="Find",
        filters=job.filters,
        row_count=job.row_count or 0,
        marking=job.marking,
        plan_ids=_plan_ids(job),
    )
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[ExportKind(job.kind)])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _plan_ids(job: ExportJob) -> list[int]:
    from recommendations.find_query import find_for

    queryset = find_for(job.requested_by, job.filters, export=True).qs
    return list(queryset.order_by().values_list("plan_id", flat=True).distinct())
