"""The progress page of a large import (preview or confirm) run by the task worker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from recommendations.models import ImportJob
from recommendations.permissions import require_manage_plans
from recommendations.views_import import SESSION_KEY
from reports.models import JobState


@login_required
@require_GET
def import_job(request: HttpRequest, pk) -> HttpResponse:
    """Progress while the worker runs; then the preview (to confirm) or the import's result."""
    require_manage_plans(request.user)
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    if job.state == JobState.DONE and job.result.get("counts") is not None:
        request.session[SESSION_KEY] = job.result  # written: the same result page as a small one
        return redirect("recommendations:import-done")
    context = {"job": job, "JobState": JobState}
    return render(request, "recommendations/import_job.html", context)
