"""Papers of the dashboard: import (paper text or workbook), export (workbook), the appendix PDF,
issuing it (frozen), and issued papers. Every file that leaves is written in the export log."""

from __future__ import annotations

import io
import logging
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from partnership.models import Partnership
from performance import permissions, services
from performance.board import build_board
from performance.models import Dashboard, IssuedDashboard
from performance.paper import read_paper
from performance.paper_pdf import dashboard_pdf_bytes, dashboard_workbook
from performance.spreadsheet import read_workbook
from performance.table import TableError
from performance.views import _as_at
from reports.exports_log import record_export
from reports.models import ExportKind

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = FileResponse(io.BytesIO(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "dashboard"


def _parse(upload) -> object:
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return read_workbook(data)
    try:
        return read_paper(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise TableError("The file is not text (UTF-8) nor an .xlsx workbook.") from error


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_dashboard(request.user):
        raise PermissionDenied("Only committee clerks and administrators can import a dashboard.")
    partnerships = Partnership.objects.visible_to(request.user)
    from performance.forms import ImportForm

    form = ImportForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = _parse(form.cleaned_data["file"])
            dashboard = services.dashboard_import(
                partnership=form.cleaned_data["partnership"],
                parsed=parsed,
                marking=form.cleaned_data["marking"],
                by=request.user,
                reason=f"Imported from {form.cleaned_data['file'].name}"[:200],
            )
        except (TableError, ValidationError) as error:
            words = error.messages if isinstance(error, ValidationError) else [str(error)]
            form.add_error("file", words)
        else:
            guessed = [i.name for i in parsed.indicators if i.polarity_from == "name"]  # type: ignore[attr-defined]
            messages.success(
                request,
                f"Imported {len(parsed.outcomes)} outcomes and {len(parsed.indicators)} "  # type: ignore[attr-defined]
                f"indicators. Check which way is better for {len(guessed)} indicators whose "
                "paper printed no arrow to tell.",
            )
            return redirect(dashboard)
    return render(request, "performance/import.html", {"form": form})


def _readable(request: HttpRequest, pk: int) -> Dashboard:
    if not permissions.can_print_dashboard(request.user):
        raise PermissionDenied("Only committee clerks, managers and administrators can do this.")
    return get_object_or_404(Dashboard.objects.visible_to(request.user), pk=pk)


def _log(request, kind: str, what: str, rows: int, marking: str, query: str = "") -> None:
    record_export(
        by=request.user,
        kind=kind,
        what=what,
        row_count=rows,
        marking=marking,
        plan_ids=[],
        filters=query,
    )


@login_required
@require_GET
def dashboard_export(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = _readable(request, pk)
    board = build_board(dashboard, as_at=_as_at(request))
    data = dashboard_workbook(board)
    _log(
        request,
        ExportKind.XLSX,
        dashboard.title,
        len(board.indicator_rows),
        dashboard.marking,
        request.GET.urlencode(),
    )
    return _file(data, XLSX, f"{_slug(dashboard.title)}-{board.as_at or 'empty'}.xlsx")


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = _readable(request, pk)
    board = build_board(dashboard, as_at=_as_at(request))
    pdf, _pages = dashboard_pdf_bytes(board)
    _log(
        request,
        ExportKind.PDF,
        dashboard.title,
        len(board.indicator_rows),
        dashboard.marking,
        request.GET.urlencode(),
    )
    return _file(pdf, "application/pdf", f"{_slug(dashboard.title)}-{board.as_at or 'empty'}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_issue(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = get_object_or_404(Dashboard.objects.visible_to(request.user), pk=pk)
    if not permissions.can_manage_dashboard(request.user):
        raise PermissionDenied("Only committee clerks and administrators can issue the paper.")
    board = build_board(dashboard, as_at=_as_at(request))
    if request.method == "POST":
        try:
            paper = services.dashboard_issue(
                dashboard=dashboard, as_at=board.as_at, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Issued: {paper.title}. It will not change.")
            return redirect("performance:list")
    return render(
        request,
        "performance/issue.html",
        {"dashboard": dashboard, "board": board, "today": timezone.localdate()},
    )


@login_required
@require_GET
def issued_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_print_dashboard(request.user):
        raise PermissionDenied("Only committee clerks, managers and administrators can do this.")
    paper = get_object_or_404(IssuedDashboard.objects.visible_to(request.user), pk=pk)
    import hashlib

    if hashlib.sha256(bytes(paper.pdf)).hexdigest() != paper.sha256:
        logger.error("Issued dashboard %s failed its SHA-256 check", paper.pk)
        raise PermissionDenied("This paper differs from what was issued; tell an administrator.")
    _log(request, ExportKind.ISSUED_PDF, paper.title, paper.row_count, paper.marking)
    return _file(bytes(paper.pdf), "application/pdf", f"dashboard-issued-{paper.pk}.pdf")
