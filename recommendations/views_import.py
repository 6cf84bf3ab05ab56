"""Import an action plan in the browser (upload -> preview with column mapping -> confirm), and
export one plan in the same shape so it can round-trip."""

from __future__ import annotations

from dataclasses import dataclass
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
    initial_mapping_values,
    table_headers,
)
from recommendations.import_mappings import SavedMatch, find_saved, import_mapping_save
from recommendations.models import ActionPlan, ImportMapping
from recommendations.permissions import require_export_plan, require_manage_plans
from recommendations.plan_import import (
    FileReading,
    ImportReport,
    ParseResult,
    parse_file,
    plan_import,
)
from recommendations.plan_import.read import uploads
from reports.exports_log import record_export

SESSION_KEY = "recommendations_import_result"
IGNORE_SAVED = "ignore-saved"  # the preview's "Do not use the saved mapping" button


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
        request.session[SESSION_KEY] = import_summary(report, context.get("saved_now"))
        return redirect("recommendations:import-done")
    return render(request, "recommendations/import_preview.html", context)


def build_preview(
    request: HttpRequest, upload: uploads.StoredUpload, data: bytes, *, confirm: bool
) -> tuple[ImportReport, dict[str, Any]]:
    """Parse with what the preview posted (or a saved mapping of the same shape), run the import
    (a dry run unless confirming) and build the preview's context: for this request, or in the
    task worker for a large file."""
    reading = _parse(request, upload, data)
    form = reading.form
    name_error = form.errors.get("mapping_name") if form is not None else None
    column_errors = form.duplicate_columns() if form is not None else {}
    blocked = bool(name_error or column_errors)
    report = _run(request, upload, reading.result, dry_run=not confirm or blocked)
    saved_now = None
    if report.written and form is not None and form.save_as():
        saved_now = _save_mapping(request, upload, reading, report, form.save_as())
    shown = _shown_form(request, reading, upload)
    shown.column_errors = column_errors
    context = {
        "report": report,
        "form": shown,
        "upload": upload,
        "confirm_failed": confirm,
        "saved": _saved_notice(request, reading),
        "saved_now": saved_now,
        "mapping_name_error": name_error,
    }
    return report, context


def _shown_form(
    request: HttpRequest, reading: Reading, upload: uploads.StoredUpload
) -> ImportPreviewForm:
    """The preview form as it is shown again: what was chosen, and the columns' mapping."""
    source = request.POST if request.method == "POST" else request.GET
    result = reading.result
    table = _table(result)
    rows = table.first_rows if table else []
    # The header row is posted back only when it is one of the rows offered.
    header_row = table.source_row if table and table.source_row in dict(rows) else ""
    posted = reading.form.cleaned_data if reading.form is not None else {}
    saved = reading.saved.saved.pk if reading.saved else source.get("saved_mapping", "")
    return ImportPreviewForm(
        initial={
            "upload": source.get("upload"),
            "table": result.chosen_table,
            "mapped_table": str(result.chosen_table),
            "header_row": header_row,
            "mapped_header_row": str(header_row),
            "saved_mapping": "" if source.get("action") == IGNORE_SAVED else saved,
            "kind": _kind(request, upload),
            "save_mapping": posted.get("save_mapping", False),
            "mapping_name": posted.get("mapping_name") or source.get("mapping_name", ""),
            **initial_mapping(table, reading.mapping),
        },
        tables=result.tables,
        headers=table_headers(table),
        table_index=result.chosen_table,
        header_rows=rows,
    )


def _saved_notice(request: HttpRequest, reading: Reading) -> dict[str, Any] | None:
    """The saved mapping this preview started from, and whether the columns still follow it."""
    source = request.POST if request.method == "POST" else request.GET
    if reading.saved is not None:
        return {"mapping": reading.saved.saved, "changed": False}
    pk = source.get("saved_mapping", "")
    if not pk.isdigit() or source.get("action") == IGNORE_SAVED:
        return None
    found = ImportMapping.objects.visible_to(request.user).filter(pk=int(pk)).first()
    if found is None:
        return None
    return {"mapping": found, "changed": reading.mapping != found.mapping}


def _save_mapping(
    request: HttpRequest,
    upload: uploads.StoredUpload,
    reading: Reading,
    report: ImportReport,
    name: str,
) -> ImportMapping | None:
    """Save the columns as read for this import under ``name``, for the partnership's next
    paper of the same shape."""
    table = _table(reading.result)
    partnership = report.plan.partnership if report.plan else None
    if table is None or partnership is None:
        return None
    mapping = reading.mapping or initial_mapping_values(table)
    # Rows of the file above the headings, blank ones too (a sheet's row 4 has 3 above it).
    first_line = table.first_rows[0][0] if table.first_rows else table.source_row
    return import_mapping_save(
        partnership=partnership,
        name=name,
        headers=table.headers,
        mapping=mapping,
        rows_above=max(table.source_row - first_line, 0),
        by=request.user,
        reason=f"saved while importing {upload.filename}"[:250],
    )


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


@dataclass
class Reading:
    """The file as the preview reads it: the parse, the posted form, the mapping used and the
    saved mapping applied to this upload (if one was)."""

    result: ParseResult
    form: ImportPreviewForm | None = None
    mapping: dict[str, str] | None = None
    saved: SavedMatch | None = None


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _parse(request: HttpRequest, upload: uploads.StoredUpload, data: bytes) -> Reading:
    """Parse with the table, header row and column mapping posted from the preview (if any).
    The file is read once however many times it is parsed (``FileReading``)."""
    reading = FileReading(data, upload.filename, upload.options.get("fmt"))
    post = request.POST if request.method == "POST" else None
    if post is None or post.get("action") == IGNORE_SAVED:
        return _first_reading(request, upload, reading, look_up=post is None)
    table = _int(post.get("table"))
    # A header row is a row of the table it was chosen in: a new table starts from its own.
    same_table = table is not None and post.get("mapped_table") == str(table)
    header_row = _int(post.get("header_row")) if same_table else None
    base = _parse_reading(reading, table=table, header_row=header_row)
    index = table if table is not None else base.chosen_table
    current = base.tables[index] if index is not None and 0 <= index < len(base.tables) else None
    form = ImportPreviewForm(
        post,
        tables=base.tables,
        headers=table_headers(current),
        table_index=index,
        header_rows=current.first_rows if current else [],
    )
    mapping = form.mapping()
    if mapping is None:
        return Reading(base, form)
    result = _parse_reading(reading, table=index, header_row=header_row, mapping=mapping)
    return Reading(result, form, mapping)


def _parse_reading(reading: FileReading, **choices: Any) -> ParseResult:
    """Parse the file read already, with these choices (table, header row, mapping)."""
    return parse_file(reading.data, reading.filename, fmt=reading.fmt, reading=reading, **choices)


def _first_reading(
    request: HttpRequest, upload: uploads.StoredUpload, reading: FileReading, *, look_up: bool
) -> Reading:
    """The first preview: a saved mapping of the same shape if the partnership has one; else
    the reader's own guess, with the largest table offered for mapping when none qualifies."""
    result = _parse_reading(reading)
    if look_up:
        found = find_saved(request.user, _partnership_id(request, upload), result.tables)
        if found is not None:
            mapping = dict(found.saved.mapping)
            result = _parse_reading(
                reading, table=found.table, header_row=found.header_row, mapping=mapping
            )
            return Reading(result, None, mapping, found)
    if not result.candidates and result.tables:
        largest = max(result.tables, key=lambda t: t.row_count).index
        result = _parse_reading(reading, table=largest)
    return Reading(result)


def _partnership_id(request: HttpRequest, upload: uploads.StoredUpload) -> int | None:
    """The partnership the upload goes to: as chosen, else the only one the clerk serves."""
    chosen = upload.options.get("partnership")
    if chosen is not None:
        return chosen
    only = list(Partnership.objects.managed_by(request.user).values_list("pk", flat=True)[:2])
    return only[0] if len(only) == 1 else None


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
        kind=_kind(request, upload),
        partnership=partnership,
        by=request.user,
        filename=upload.filename,
        dry_run=dry_run,
        keep_mine=_keep_mine(request),
    )


def _kind(request: HttpRequest, upload: uploads.StoredUpload) -> str:
    """The kind of a new plan: as chosen on the preview, else on the upload ("" to work it out)."""
    if request.method == "POST" and "kind" in request.POST:
        return request.POST["kind"]
    return upload.options.get("kind", "")


def _keep_mine(request: HttpRequest) -> set[str]:
    """References of rows changed since the export whose file values the clerk chose."""
    if request.method != "POST":
        return set()
    return {
        value.removeprefix("mine:")
        for key, value in request.POST.items()
        if key.startswith("conflict-") and value.startswith("mine:")
    }


def import_summary(report: ImportReport, saved: ImportMapping | None = None) -> dict[str, Any]:
    """What the result page shows (kept in the session: plain values only)."""
    return {
        "mapping_saved": saved.name if saved else "",
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
