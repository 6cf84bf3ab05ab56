"""The appendix pages: choose and preview, download the PDF, follow a large one, issue, list."""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from recommendations.models import ActionPlan
from reports import permissions, services
from reports.appendix.from_find import arrived_from_find, describe, initial_from_find
from reports.appendix.params import AppendixParams
from reports.appendix.rows import build_appendix
from reports.exports_log import record_export
from reports.forms import AppendixForm, IssueForm
from reports.models import AppendixJob, ExportKind, IssuedAppendix, JobState
from reports.services import RenderedAppendix

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 60


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _initial(request: HttpRequest) -> dict:
    """Today, and whatever Find's filters say when the clerk arrives from Find."""
    initial: dict = {"as_at": timezone.localdate()}
    if arrived_from_find(request.GET):
        initial.update(initial_from_find(request.GET, request.user))
    return initial


def _hidden_params(request: HttpRequest, *, leave_out: tuple[str, ...] = ()) -> list:
    source = request.GET if request.method == "GET" else request.POST
    skip = {"csrfmiddlewaretoken", "confirmed", *leave_out}
    return [(k, v) for k in source if k not in skip for v in source.getlist(k)]


def _page(request: HttpRequest, form: AppendixForm, *, status: int = 200) -> HttpResponse:
    valid = form.is_bound and form.is_valid()
    context = {
        "form": form,
        "preview": build_appendix(form.params()) if valid else None,
        "find_filters": describe(form["find"].value() or ""),
        "preview_rows": PREVIEW_ROWS,
        "issue_form": IssueForm(user=request.user),
        "can_issue": permissions.can_issue_appendix(request.user),
        "hidden_params": _hidden_params(request, leave_out=("meeting",)),
    }
    return render(request, "reports/appendix.html", context, status=status)


def _form(request: HttpRequest, data) -> AppendixForm:
    return AppendixForm(data, user=request.user)


@login_required
@require_GET
def appendix(request: HttpRequest) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    if any(key.removesuffix("_day") in AppendixForm.base_fields for key in request.GET):
        return _page(request, _form(request, request.GET))
    return _page(request, AppendixForm(initial=_initial(request), user=request.user))


@login_required
@require_GET
def appendix_pdf(request: HttpRequest) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    form = _form(request, request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    params = form.params()
    result = services.appendix_request(params=params, by=request.user)
    if isinstance(result, AppendixJob):
        return redirect(result)
    assert isinstance(result, RenderedAppendix)
    _log_pdf(request, params, result.row_count, ExportKind.PDF)
    return _pdf_response(result.pdf, f"appendix-as-at-{params.as_at:%Y-%m-%d}.pdf")


def _log_pdf(request: HttpRequest, params: AppendixParams, rows: int, kind: str) -> None:
    record_export(
        by=request.user,
        kind=kind,
        what=f"Appendix as at {params.as_at:%d/%m/%Y}",
        filters=urlencode(sorted(params.to_json().items()), doseq=True),
        row_count=rows,
        marking=services.paper_marking(params),
        plan_ids=params.plan_ids,
    )


@login_required
@require_GET
def appendix_issue_confirm(request: HttpRequest) -> HttpResponse:
    """What will be frozen: plans, as-at date, marking, rows, pages and page 1, before issuing."""
    permissions.require_issue_appendix(request.user)
    form, issue_form = _form(request, request.GET), IssueForm(request.GET, user=request.user)
    if not (form.is_valid() and issue_form.is_valid()):
        return _page(request, form, status=400)
    params = form.params()
    appendix = build_appendix(params)
    rendered = (
        services.confirmation_render(params=params, by=request.user)
        if appendix.can_be_issued
        else None
    )
    context = {
        "appendix": appendix,
        "rendered": rendered,
        "meeting": issue_form.cleaned_data["meeting"],
        "hidden_params": _hidden_params(request),
        "query": request.GET.urlencode(),
        "back": f"{reverse('reports:appendix')}?{request.GET.urlencode()}",
    }
    return render(request, "reports/appendix_confirm.html", context)


@login_required
@require_GET
def appendix_thumbnail(request: HttpRequest) -> HttpResponse:
    permissions.require_issue_appendix(request.user)
    form = _form(request, request.GET)
    if not form.is_valid():
        raise Http404("No such appendix")
    png = services.appendix_thumbnail(params=form.params(), by=request.user)
    if png is None:
        raise Http404("No thumbnail")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def appendix_issue(request: HttpRequest) -> HttpResponse:
    permissions.require_issue_appendix(request.user)
    form, issue_form = _form(request, request.POST), IssueForm(request.POST, user=request.user)
    if not (form.is_valid() and issue_form.is_valid()):
        return _page(request, form, status=400)
    if request.POST.get("confirmed") != "yes":
        # Nothing is frozen without the confirmation page.
        query = urlencode(_hidden_params(request), doseq=True)
        return redirect(f"{reverse('reports:appendix-issue-confirm')}?{query}")
    try:
        result = services.appendix_request(
            params=form.params(),
            by=request.user,
            issue=True,
            meeting=issue_form.cleaned_data["meeting"],
        )
    except services.TooEarlyError as error:
        form.add_error("as_at", error)
        return _page(request, form, status=400)
    except ValidationError as error:  # the marking floor, as the plans stood at the date
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _page(request, form, status=400)
    if isinstance(result, AppendixJob):
        return redirect(result)
    messages.success(request, f"Issued: {result.title}. This copy will not change.")
    return redirect("reports:issued-list")


def _own_job(request: HttpRequest, pk) -> AppendixJob:
    permissions.require_export_appendix(request.user)
    jobs = AppendixJob.objects.visible_to(request.user).select_related("render", "issued")
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_GET
def appendix_job(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    as_at = date.fromisoformat(job.parameters["as_at"])
    context = {"job": job, "JobState": JobState, "summary_rows": [("As at", f"{as_at:%d/%m/%Y}")]}
    return render(request, "reports/appendix_job.html", context)


@login_required
@require_GET
def appendix_job_pdf(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    if job.state != JobState.DONE or job.render is None:
        return redirect(job)
    _log_pdf(
        request, AppendixParams.from_json(job.parameters), job.render.row_count, ExportKind.PDF
    )
    as_at = job.parameters.get("as_at", "")
    return _pdf_response(bytes(job.render.pdf), f"appendix-as-at-{as_at}.pdf")


@login_required
@require_GET
def issued_list(request: HttpRequest) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    issued = list(IssuedAppendix.objects.visible_to(request.user).listing()[:200])
    wanted = {pk for paper in issued for pk in paper.parameters.get("plan_ids") or []}
    names = {
        plan.pk: plan.name
        for plan in ActionPlan.objects.visible_to(request.user).filter(pk__in=wanted)
    }
    for paper in issued:
        paper.plan_names = [
            names[pk] for pk in paper.parameters.get("plan_ids") or [] if pk in names
        ]
    return render(request, "reports/issued_list.html", {"issued": issued})


@login_required
@require_GET
def issued_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    paper = get_object_or_404(IssuedAppendix.objects.visible_to(request.user), pk=pk)
    if not paper.checksum_matches():
        # Never serve a paper that differs from what was issued.
        logger.error("Issued appendix %s failed its SHA-256 check", paper.pk)
        return render(request, "reports/issued_corrupt.html", {"paper": paper}, status=500)
    record_export(
        by=request.user,
        kind=ExportKind.ISSUED_PDF,
        what=paper.title,
        row_count=paper.row_count,
        marking=paper.marking,
        plan_ids=paper.plans.values_list("pk", flat=True),
    )
    return _pdf_response(bytes(paper.pdf), paper.filename)
