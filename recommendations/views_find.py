"""Find: every action across the partnership's plans, filtered, sorted, saved and exported.

Everyone signed in may read (officers included: they need other agencies' actions for context);
nobody changes anything here except their own saved views.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qsl

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_POST

from recommendations import exports
from recommendations.bulk import is_bulk_editor
from recommendations.filters import Option, RecommendationFilter, cached_facets, status_groups
from recommendations.markings import Marking
from recommendations.models import ActionPlan, Recommendation, SavedView
from recommendations.saved_views import saved_views_context, share_target
from reports.export_jobs import EXPORT_ASYNC_ROWS
from reports.exports_log import record_export
from reports.models import ExportKind

PAGE_SIZE = 25  # 50 rows cost ~60 ms more to render on the 2-core machine
SELECTS = ("person", "plan", "kind", "section")
COLUMNS = [  # (sort key or "", heading)
    ("reference", "Action"),  # the plan and the action's number: sorts in source order
    ("", "Recommendation"),
    ("", "Lead agency"),
    ("status", "Status"),
    ("rag", "RAG rating"),
    ("due", "Target date"),
    ("updated", "Last updated"),
]


def _find(request: HttpRequest, *, export: bool = False) -> RecommendationFilter:
    """Find over what the user may read (or, for an export, take out in bulk)."""
    objects = Recommendation.objects
    scope = objects.exportable_by if export else objects.visible_to
    return RecommendationFilter(request.GET, queryset=scope(request.user), request=request)


def _sort_links(find: RecommendationFilter) -> list[dict]:
    current = find.current_sort
    links = []
    for key, heading in COLUMNS:
        column = {"heading": heading, "key": key, "aria_sort": "", "href": ""}
        if key:
            if current == key:
                column["aria_sort"], wanted = "ascending", f"-{key}"
            elif current == f"-{key}":
                column["aria_sort"], wanted = "descending", key
            else:
                wanted = f"-{key}" if key == "updated" else key
            column["href"] = "?" + find.querystring(sort=wanted)
        links.append(column)
    return links


def _select_options(options: list[Option]) -> str:
    """<option>s for a filter select, built here: hundreds of them through template loops cost
    more than the rest of the page."""
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}{} ({})</option>',
        (
            (o.value, " selected" if o.selected else "", "– " * o.depth, o.label, o.count)
            for o in options
        ),
    )


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    find = _find(request)
    counts = cached_facets(find)
    paginator = Paginator(find.qs.with_related(), PAGE_SIZE)
    if find.total is not None:
        paginator.count = find.total  # already counted by the facets' shared query
    page = paginator.get_page(request.GET.get("page"))
    querystring = find.querystring()
    today = timezone.localdate()
    page.object_list = find.page_rows(
        paginator.object_list, (page.number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    for rec in page.object_list:
        rec.overdue = rec.is_overdue(today)  # for recommendations/_target_date.html
    context = {
        "find": find,
        "form": find.form,
        "facets": counts,
        "options": {name: _select_options(counts[name]) for name in SELECTS},
        "status_groups": status_groups(counts),
        "page_obj": page,
        "columns": _sort_links(find),
        "querystring": querystring,
        "filter_querystring": find.querystring(sort=None),
        **saved_views_context(request.user),
        "appendix_url": _url_or_empty("reports:appendix"),
        "can_bulk": is_bulk_editor(request.user),
        "export_in_background": EXPORT_ASYNC_ROWS if paginator.count > EXPORT_ASYNC_ROWS else 0,
    }
    return render(request, "recommendations/find.html", context)


def _export_name(extension: str) -> str:
    return f"actions-{timezone.localdate():%Y-%m-%d}.{extension}"


def _export_plan_counts(find: RecommendationFilter) -> tuple[dict[int, int], str]:
    """How many rows of each plan an export takes, and the highest of their markings."""
    per_plan = dict(find.qs.order_by().values_list("plan_id").annotate(n=Count("id")))
    marking = Marking.highest(
        ActionPlan.objects.filter(pk__in=per_plan).values_list("marking", flat=True)
    )
    return per_plan, marking


def _export(request: HttpRequest, kind: str) -> tuple[HttpResponse | None, QuerySet, str]:
    """A large export is queued for the task worker: (its progress page, ...). A small one is
    logged before it leaves: (None, its rows, their marking)."""
    from reports import export_jobs

    find = _find(request, export=True)
    per_plan, marking = _export_plan_counts(find)
    rows = sum(per_plan.values())
    if rows > export_jobs.EXPORT_ASYNC_ROWS:
        job = export_jobs.export_job_start(
            kind=kind,
            filters=find.querystring(),
            by=request.user,
            base_url=request.build_absolute_uri("/"),
            row_count=rows,
            marking=marking,
        )
        return redirect(job), find.qs, marking
    record_export(
        by=request.user,
        kind=kind,
        what="Find",
        filters=find.querystring(),
        row_count=rows,
        marking=marking,
        plan_ids=per_plan,
    )
    return None, find.qs, marking


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    queued, queryset, marking = _export(request, ExportKind.CSV)
    if queued is not None:
        return queued
    response = StreamingHttpResponse(
        exports.csv_chunks(queryset, marking=marking), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    queued, queryset, marking = _export(request, ExportKind.XLSX)
    if queued is not None:
        return queued
    response = HttpResponse(
        exports.xlsx_bytes(queryset, marking=marking, base_url=request.build_absolute_uri("/")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    return response


@login_required
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    # Re-encode through the filter so only known, valid filters are ever stored.
    find = RecommendationFilter(_filter_data(request.POST.get("querystring", "")))
    querystring = find.querystring()
    name = " ".join(request.POST.get("name", "").split())[:100]
    back = reverse("recommendations:list") + (f"?{querystring}" if querystring else "")
    if not name:
        messages.error(request, "Enter a name for this view")
        return redirect(back)
    view = request.user.saved_views.filter(name__iexact=name).first()
    if view is not None and not request.POST.get("replace"):
        # Never over an existing view unasked: it may be shared, and its people would lose it.
        shared = f", shared with {view.shared_with}" if view.shared_with else ""
        messages.error(
            request,
            f"You already have a view called “{view.name}”{shared}, so nothing was saved. Choose "
            "another name, or tick “Replace my view with this name” to save over it.",
        )
        return redirect(back)
    if view is None:
        view = SavedView(user=request.user, name=name)
    view.querystring = querystring
    view.shared_with_partnership, view.shared_with_organisation = share_target(
        request.user, request.POST.get("share", "")
    )
    # A double submit may race us to the same name: the first one wins.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        view.save()
    shared = f", shared with {view.shared_with}" if view.shared_with else ""
    messages.success(request, f"Saved the view “{name}”{shared}")
    return redirect(back)


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView.objects.owned_by(request.user), pk=pk)
    view.delete()
    messages.success(request, f"Deleted the view “{view.name}”")
    return redirect("recommendations:list")


def _filter_data(querystring: str) -> QueryDict:
    """The known filter parameters of a querystring (anything else is dropped)."""
    data = QueryDict(mutable=True)
    for key, value in parse_qsl(querystring.lstrip("?"), keep_blank_values=False):
        if key in RecommendationFilter.base_filters:
            data.appendlist(key, value)
    return data
