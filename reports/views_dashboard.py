"""The managers' dashboard: the partnership at a glance, every figure a link to its actions.

Everyone signed in may read it (officers included), as they may read Find; every figure counts
only the actions the user may read (Recommendation.objects.visible_to).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from recommendations.models import SavedView
from reports import charts, dashboard

CHART_LIMIT = 15  # bars per chart, and plans in the table beside it (all: dashboard_plans)
PLANS_PAGE_SIZE = 50


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = dashboard.figures(request.user, today, months=24)
    rag_rows, overdue, over_time = found["rag_rows"], found["overdue"], found["over_time"]
    busiest = sorted(rag_rows, key=lambda row: (-row.total, row.plan.name))[:CHART_LIMIT]
    context = {
        "today": today,
        "headline": found["headline"],
        "matrix": found["matrix"],
        "rag_series": dashboard.RAG_SERIES,
        "rag_rows": rag_rows,
        "rag_top": busiest,
        "rag_chart": charts.stacked_bar_chart(
            "rag-by-plan",
            "Outstanding actions by RAG rating, for the plans with the most outstanding",
            [(row.plan.name, [cell.count for cell in row.cells]) for row in busiest],
            dashboard.RAG_SERIES,
        ),
        "overdue": overdue,
        "overdue_chart": charts.bar_chart(
            "overdue-by-agency",
            "Overdue actions by lead agency (teams included)",
            [(bar.label, bar.count) for bar in overdue[:CHART_LIMIT]],
            unit="overdue",
        ),
        "over_time": over_time,
        "over_time_chart": charts.line_chart(
            "outstanding-over-time",
            "Outstanding actions at the end of each month, last 24 months",
            [(bar.label, bar.count) for bar in over_time],
            unit="outstanding",
        ),
        "chart_limit": CHART_LIMIT,
        "shared_views": list(SavedView.objects.visible_to(request.user).shared()),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def dashboard_plans(request: HttpRequest) -> HttpResponse:
    """Every plan's outstanding actions by RAG rating, by name, a page at a time (the dashboard
    shows the busiest; the figures are the dashboard's own, from the shared cache)."""
    rows = dashboard.figures(request.user, timezone.localdate(), months=24)["rag_rows"]
    page = Paginator(rows, PLANS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "rag_series": dashboard.RAG_SERIES, "plan_count": len(rows)}
    return render(request, "reports/dashboard_plans.html", context)
