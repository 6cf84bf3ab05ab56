"""The slippage report page: revised targets for a plan or any of Find's filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnership.models import Organisation
from recommendations.filters import RecommendationFilter
from recommendations.models import ActionPlan, Recommendation
from reports import permissions
from reports.slippage import slippage


@login_required
@require_GET
def slippage_report(request: HttpRequest) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    find = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(request.user)
    )
    slipped = slippage(find.qs) if find.is_valid() else []
    context = {
        "find": find,
        "slipped": slipped,
        "revisions": sum(s.times for s in slipped),
        "plans": ActionPlan.objects.visible_to(request.user).order_by("name"),
        "agencies": Organisation.objects.visible_to(request.user).order_by("name"),
        "chosen_plan": request.GET.get("plan", ""),
        "chosen_agency": request.GET.get("agency", ""),
        "querystring": request.GET.urlencode(),
    }
    return render(request, "reports/slippage.html", context)
