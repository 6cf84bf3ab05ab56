"""Who reads a need-to-know plan: the clerk's access-list page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from partnership.audit import history_entries
from recommendations.forms_access import PlanAccessForm
from recommendations.models import ActionPlan
from recommendations.permissions import require_manage_plan
from recommendations.services import plan_access_update
from recommendations.views_officer import marking_context


@login_required
@require_http_methods(["GET", "POST"])
def plan_access(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(request.user).select_related("partnership"), slug=slug
    )
    require_manage_plan(request.user, plan)
    form = PlanAccessForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = plan_access_update(
                plan=plan,
                organisations=data["organisations"],
                users=data["users"],
                listed=data["listed"],
                by=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Access list saved" if changed else "Nothing changed",
            )
            return redirect("recommendations:plan-access", plan.slug)
    context = {
        "plan": plan,
        "form": form,
        "sensitive": bool(marking_context(plan)["protective_marking"]),
        "history": history_entries(plan),
        **marking_context(plan),
    }
    return render(request, "recommendations/plan_access.html", context)
