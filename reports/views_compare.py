"""What changed between two issued papers or dates, on screen, plan by plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from recommendations.models import ActionPlan
from reports import permissions
from reports.appendix.changes import (
    Baseline,
    compare_moments,
    date_baseline,
    paper_baseline,
)
from reports.forms import CompareForm


def _moment(paper, day, *, default_now: bool) -> Baseline:
    if paper is not None:
        return paper_baseline(paper)
    if day is None and default_now:
        return Baseline(moment=timezone.now(), label="now")
    return date_baseline(day)


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    permissions.require_export_appendix(request.user)
    bound = bool(request.GET)
    form = CompareForm(request.GET if bound else None, user=request.user)
    context: dict = {"form": form}
    if bound and form.is_valid():
        data = form.cleaned_data
        before = _moment(data["from_paper"], data["from_date"], default_now=False)
        after = _moment(data["to_paper"], data["to_date"], default_now=True)
        plans = list(data["plans"])
        if not plans and data["from_paper"]:
            ids = data["from_paper"].parameters.get("plan_ids") or []
            plans = list(ActionPlan.objects.visible_to(request.user).filter(pk__in=ids))
        context |= {
            "before": before,
            "after": after,
            "comparisons": compare_moments(plans, before, after),
        }
    return render(
        request, "reports/compare.html", context, status=400 if bound and form.errors else 200
    )
