"""Clerks' pages: correct an imported action, link written leads, manage a plan's status words."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from partnership.models import Organisation, Person
from partnership.views_directory import add_service_errors, posted
from recommendations import services
from recommendations.forms_clerk import ReasonForm, RecommendationEditForm, StatusLabelForm
from recommendations.leads_to_link import actions_to_link, leads_link
from recommendations.models import ActionPlan, Recommendation, StatusLabel
from recommendations.permissions import require_manage_plans
from recommendations.views_officer import rich


def _rec(request: HttpRequest, pk: int) -> Recommendation:
    require_manage_plans(request.user)
    recs = Recommendation.objects.visible_to(request.user).with_related()
    return get_object_or_404(recs, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _rec(request, pk)
    form = RecommendationEditForm(posted(request), recommendation=rec)
    theirs = []
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_update(
                recommendation=rec,
                by=request.user,
                reason=form.cleaned_data["reason"],
                changes=form.cleaned_changes(),
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEditError as conflict:
            theirs = conflict.theirs
            rec = _rec(request, pk)
            data = request.POST.copy()
            data["version"] = str(rec.version)
            form = RecommendationEditForm(data, recommendation=rec)
            form.is_valid()
            form.add_error(None, f"{conflict} Nothing you typed has been saved.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Action {rec.reference} corrected")
            return redirect(rec)
    context = {"rec": rec, "form": form, "theirs": theirs, "rec_text_html": rich(rec.text)}
    return render(request, "recommendations/clerk_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def leads_to_link(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    if request.method == "POST":
        return _link(request)
    visible = Recommendation.objects.visible_to(request.user)
    context = {
        "actions": actions_to_link(visible, request.user),
        "organisations": Organisation.objects.visible_to(request.user).active().order_by("name"),
        "people": Person.objects.visible_to(request.user).select_related("organisation"),
    }
    return render(request, "recommendations/leads_to_link.html", context)


def _link(request: HttpRequest) -> HttpResponse:
    rec = _rec(request, int(request.POST.get("recommendation", "0") or 0))
    choices = {key[5:]: value for key, value in request.POST.items() if key.startswith("lead-")}
    others = Recommendation.objects.visible_to(request.user)
    try:
        linked = leads_link(
            rec=rec,
            choices=choices,
            by=request.user,
            version=int(request.POST.get("version", "0") or 0),
            others=others if request.POST.get("everywhere") else None,
        )
    except (ValidationError, services.ConcurrentEditError) as error:
        messages.error(request, f"Action {rec.reference} was not changed: {_words(error)}")
        return redirect("recommendations:leads-to-link")
    if not linked:
        messages.error(request, f"Choose a lead for action {rec.reference}, then press Link")
    else:
        refs = ", ".join(r.reference for r in linked)
        noun = "Action" if len(linked) == 1 else "Actions"
        messages.success(request, f"{noun} {refs} ({rec.plan.name}) linked")
    return redirect("recommendations:leads-to-link")


def _words(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


def _plan(request: HttpRequest, slug: str) -> ActionPlan:
    require_manage_plans(request.user)
    return get_object_or_404(ActionPlan.objects.visible_to(request.user), slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def plan_statuses(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan(request, slug)
    form = StatusLabelForm(posted(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.status_label_create(
                plan=plan,
                name=data["name"],
                lifecycle=data["lifecycle"],
                by=request.user,
                reason=data["reason"] or "New status word",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Status word “{data['name']}” added")
            return redirect("recommendations:plan-statuses", slug=plan.slug)
    statuses = list(plan.statuses.all())
    used = set(
        Recommendation.objects.filter(plan=plan).values_list("status_id", flat=True).distinct()
    )
    for status in statuses:
        status.in_use = status.pk in used
    context = {"plan": plan, "statuses": statuses, "form": form}
    return render(request, "recommendations/plan_statuses.html", context)


def _status(request: HttpRequest, slug: str, pk: int) -> StatusLabel:
    plan = _plan(request, slug)
    return get_object_or_404(plan.statuses.all(), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def status_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    status = _status(request, slug, pk)
    initial = {"name": status.name, "lifecycle": status.lifecycle}
    form = StatusLabelForm(posted(request), plan=status.plan, status=status, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.status_label_update(
                status=status,
                by=request.user,
                reason=data["reason"] or "Status word changed",
                name=data["name"],
                lifecycle=data["lifecycle"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Status word “{status.name}” saved")
            return redirect("recommendations:plan-statuses", slug=slug)
    context = {"plan": status.plan, "status": status, "form": form}
    return render(request, "recommendations/status_edit.html", context)


@login_required
@require_POST
def status_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    status = _status(request, slug, pk)
    ordered = list(status.plan.statuses.all())
    at = ordered.index(status)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(ordered):
        ordered[at], ordered[to] = ordered[to], ordered[at]
        services.status_labels_reorder(
            plan=status.plan, ordered=ordered, by=request.user, reason="Status words reordered"
        )
    return redirect("recommendations:plan-statuses", slug=slug)


@login_required
@require_POST
def status_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    status = _status(request, slug, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.status_label_delete(
            status=status,
            by=request.user,
            reason=form.cleaned_data.get("reason") or "Status word removed",
        )
    except ValidationError as error:
        messages.error(request, _words(error))
    else:
        messages.success(request, f"Status word “{status.name}” removed")
    return redirect("recommendations:plan-statuses", slug=slug)
