"""The managers' dashboard: the partnership at a glance, every figure a link to its actions.

Everyone signed in may read it (officers included), as they may read Find; every figure counts
only the actions the user may read (Recommendation.objects.visible_to).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from recommendations.models import SavedView
from reports import charts, dashboard

CHART_LIMIT = 15  # bars per chart; the table beside it lists every row


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    rag_rows = dashboard.rag_by_plan(user)
    overdue = dashboard.overdue_by_agency(user, today)
    over_time = dashboard.outstanding_over_time(user, months=24)
    busiest = sorted(rag_rows, key=lambda row: -row.total)[:CHART_LIMIT]
    context = {
        "today": today,
        "headline": dashboard.headline(user, today),
        "matrix": dashboard.agency_status_matrix(user),
        "rag_series": dashboard.RAG_SERIES,
        "rag_rows": rag_rows,
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
        "shared_views": list(SavedView.objects.visible_to(user).shared()),
    }
    return render(request, "reports/dashboard.html", context)
