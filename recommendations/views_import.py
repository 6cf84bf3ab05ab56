"""Import an action plan in the browser (upload -> preview with column mapping -> confirm), and
export one plan in the same shape so it can round-trip."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnership.models import Partnership
from recommendations import exports, import_jobs
from recommendations.forms_import import (
    ImportPreviewForm,
    ImportUploadForm,
    initial_mapping,
    table_headers,
)
from recommendations.models import ActionPlan
from recommendations.permissions import require_export_plan, require_manage_plans
from recommendations.plan_import import ImportReport, ParseResult, parse_file, plan_import
from recommendations.plan_import.read import uploads
from reports.exports_log import record_export

SESSION_KEY = "recommendations_import_result"


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uploads.store(
            upload.read(), upload.name, user_id=request.user.pk, options=form.options()
        )
        return redirect(f"{_url('recommendations:import-preview')}?upload={token}")
    return render(request, "recommendations/import_upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    source = request.POST if request.method == "POST" else request.GET
    try:
        upload, data = uploads.load(source.get("upload", ""), user_id=request.user.pk)
    except uploads.UploadGone:
        messages.error(request, "The uploaded file has expired or was already imported.")
        return redirect("recommendations:import")
    confirm = request.method == "POST" and request.POST.get("action") == "confirm"
    if import_jobs.runs_in_background(data, upload.filename):
        return redirect(import_jobs.import_job_start(request, upload, confirm=confirm))
    report, context = build_preview(request, upload, data, confirm=confirm)
    if report.written:
        uploads.discard(upload)
        request.session[SESSION_KEY] = import_summary(report)
        return redirect("recommendations:import-done")
    return render(request, "recommendations/import_preview.html", context)


def build_preview(
    request: HttpRequest, upload: uploads.StoredUpload, data: bytes, *, confirm: bool
) -> tuple[ImportReport, dict[str, Any]]:
    """Parse with what the preview posted, run the import (a dry run unless confirming) and
    build the preview's context: for this request, or in the task worker for a large file."""
    source = request.POST if request.method == "POST" else request.GET
    result, form, mapping = _parse(request, upload, data)
    report = _run(request, upload, result, dry_run=not confirm)
    table = _table(result)
    shown = ImportPreviewForm(
        initial={
            "upload": source.get("upload"),
            "table": result.chosen_table,
            "mapped_table": str(result.chosen_table),
            **initial_mapping(table, mapping),
        },
        tables=result.tables,
        headers=table_headers(table),
        table_index=result.chosen_table,
    )
    context = {"report": report, "form": shown, "upload": upload, "confirm_failed": confirm}
    return report, context


@login_required
@require_GET
def import_done(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    summary = request.session.get(SESSION_KEY)
    if not summary:
        return redirect("recommendations:import")
    return render(request, "recommendations/import_done.html", {"summary": summary})


@login_required
@require_GET
def plan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The whole plan, for those who read it whole; a need-to-know plan for its partnership's
    clerks and managers only. Logged before it leaves, marked on its first line or its header."""
    user = request.user
    plan = get_object_or_404(ActionPlan.objects.readable_by(user), slug=slug)
    require_export_plan(user, plan)
    recs = plan.recommendations.in_source_order()
    record_export(
        by=user,
        kind=fmt,
        what=plan.name,
        row_count=recs.count(),
        marking=plan.marking,
        plan_ids=[plan.pk],
    )
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            exports.csv_chunks(recs, marking=plan.marking), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(
                recs,
                title=plan.name,
                marking=plan.marking,
                base_url=request.build_absolute_uri("/"),
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response


# ---------------------------------------------------------------------------------------------


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _table(result: ParseResult):
    if result.chosen_table is None or not 0 <= result.chosen_table < len(result.tables):
        return None
    return result.tables[result.chosen_table]


def _parse(
    request: HttpRequest, upload: uploads.StoredUpload, data: bytes
) -> tuple[ParseResult, ImportPreviewForm | None, dict[str, str] | None]:
    """Parse with the table and column mapping posted from the preview (if any)."""
    fmt = upload.options.get("fmt")
    if request.method != "POST":
        return parse_file(data, upload.filename, fmt=fmt), None, None
    try:
        table: int | None = int(request.POST.get("table", ""))
    except ValueError:
        table = None
    base = parse_file(data, upload.filename, fmt=fmt, table=table)
    index = table if table is not None else base.chosen_table
    current = base.tables[index] if index is not None and 0 <= index < len(base.tables) else None
    form = ImportPreviewForm(
        request.POST, tables=base.tables, headers=table_headers(current), table_index=index
    )
    mapping = form.mapping()
    if mapping is None:
        return base, form, None
    return parse_file(data, upload.filename, fmt=fmt, table=index, mapping=mapping), form, mapping


def _run(
    request: HttpRequest, upload: uploads.StoredUpload, result: ParseResult, *, dry_run: bool
) -> ImportReport:
    options = upload.options
    # Only a partnership the user serves; the importer's services refuse any other.
    managed = Partnership.objects.managed_by(request.user)
    partnership = managed.filter(pk=options.get("partnership")).first()
    return plan_import(
        result=result,
        plan_name=options.get("plan", ""),
        kind=options.get("kind", ""),
        partnership=partnership,
        by=request.user,
        filename=upload.filename,
        dry_run=dry_run,
        keep_mine=_keep_mine(request),
    )


def _keep_mine(request: HttpRequest) -> set[str]:
    """References of rows changed since the export whose file values the clerk chose."""
    if request.method != "POST":
        return set()
    return {
        value.removeprefix("mine:")
        for key, value in request.POST.items()
        if key.startswith("conflict-") and value.startswith("mine:")
    }


def import_summary(report: ImportReport) -> dict[str, Any]:
    """What the result page shows (kept in the session: plain values only)."""
    return {
        "filename": report.filename,
        "plan_name": report.plan.name if report.plan else report.plan_name,
        "plan_url": report.plan.get_absolute_url() if report.plan else "",
        "plan_slug": report.plan.slug if report.plan else "",
        "plan_created": report.plan_created,
        "counts": report.counts,
        "statuses_created": report.statuses_created,
        "missing": report.missing,
        "lead_problems": [str(p) for p in report.lead_problems][:200],
        "warnings": [str(p) for p in report.warnings][:200],
    }
