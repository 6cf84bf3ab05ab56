"""Bulk update from Find: choose the change for the selected actions, apply it, see what happened.

Find's table is a plain GET form (a checkbox per row, "select all N matching"), so the whole
journey works without JavaScript. The change itself is a POST carrying the version of each
action as the user read it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from recommendations.bulk import (
    BULK_LIMIT,
    BulkOutcome,
    bulk_candidates,
    is_bulk_editor,
    recommendations_bulk_update,
)
from recommendations.find_query import find_for
from recommendations.forms_bulk import BulkChangeForm, format_versions, parse_versions
from recommendations.models import Recommendation
from recommendations.permissions import can_edit_recommendation

SESSION_KEY = "bulk_update_done"


def _selected_ids(request: HttpRequest) -> list[int]:
    """The ticked rows, or every action matching Find's filters for "select all"."""
    if request.GET.get("scope") == "all":
        find = find_for(request.user, request.GET.get("querystring", ""))
        return list(find.qs.values_list("pk", flat=True)[:BULK_LIMIT])
    return [int(v) for v in request.GET.getlist("selected") if v.isdigit()][:BULK_LIMIT]


def _status_words(recs: list[Recommendation]) -> list[str]:
    words: dict[str, str] = {}
    for rec in recs:
        for status in rec.plan.statuses.all():
            words.setdefault(status.name.casefold(), status.name)
    return sorted(words.values(), key=str.casefold)


def _form(request: HttpRequest, recs: list[Recommendation], data=None, **kwargs) -> BulkChangeForm:
    return BulkChangeForm(data, user=request.user, status_words=_status_words(recs), **kwargs)


def _back(querystring: str) -> str:
    url = reverse("recommendations:list")
    return f"{url}?{querystring}" if querystring else url


def _page(request, recs, form, *, outcome: BulkOutcome | None = None, status: int = 200):
    user = request.user
    editable = [rec for rec in recs if can_edit_recommendation(user, rec)]
    context = {
        "form": form,
        "recs": recs,
        "editable": editable,
        "not_editable": [rec for rec in recs if rec not in editable],
        "outcome": outcome,
        "querystring": request.POST.get("querystring", request.GET.get("querystring", "")),
        "limit": BULK_LIMIT,
    }
    if outcome is not None and outcome.conflicts:
        context.update(_conflict_choices(request, recs, outcome))
    context["back"] = _back(context["querystring"])
    return render(request, "recommendations/bulk.html", context, status=status)


def _conflict_choices(request: HttpRequest, recs, outcome: BulkOutcome) -> dict:
    """Two ways on: apply to the changed actions too (now seen), or leave them out."""
    conflicting = {c.recommendation.pk for c in outcome.conflicts}
    current = {c.error.recommendation.pk: c.error.recommendation.version for c in outcome.conflicts}
    read = parse_versions(request.POST.get("versions", ""))
    hidden = [
        (k, v)
        for k in request.POST
        if k not in {"csrfmiddlewaretoken", "versions"}
        for v in request.POST.getlist(k)
    ]
    return {
        "hidden_params": hidden,
        "versions_including": ",".join(f"{pk}:{current.get(pk, v)}" for pk, v in read.items()),
        "versions_leaving_out": ",".join(
            f"{pk}:{v}" for pk, v in read.items() if pk not in conflicting
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def bulk_update(request: HttpRequest) -> HttpResponse:
    if not is_bulk_editor(request.user):
        raise PermissionDenied("Only clerks, officers and administrators change actions.")
    if request.method == "GET":
        recs = bulk_candidates(request.user, _selected_ids(request))
        if not recs:
            messages.error(request, "Select at least one action to change")
            return redirect(_back(request.GET.get("querystring", "")))
        form = _form(request, recs, initial={"versions": format_versions(recs)})
        return _page(request, recs, form)
    recs = bulk_candidates(request.user, parse_versions(request.POST.get("versions", "")))
    form = _form(request, recs, request.POST)
    if not recs or not form.is_valid():
        return _page(request, recs, form, status=400)
    try:
        outcome = recommendations_bulk_update(
            recommendations=recs,
            versions=form.versions_read,
            change=form.change(),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _page(request, recs, form, status=400)
    if not outcome.saved:
        return _page(request, recs, form, outcome=outcome, status=409)
    request.session[SESSION_KEY] = _summary(outcome, form, request.POST.get("querystring", ""))
    return redirect("recommendations:bulk-done")


def _summary(outcome: BulkOutcome, form: BulkChangeForm, querystring: str) -> dict:
    def label(rec: Recommendation) -> list:
        return [rec.pk, f"{rec.plan.name}, no. {rec.reference}"]

    return {
        "change": form.change().describe(),
        "reason": form.cleaned_data["reason"],
        "updated": [label(rec) for rec in outcome.updated],
        "unchanged": [label(rec) for rec in outcome.unchanged],
        "refused": [[*label(rec), why] for rec, why in outcome.refused],
        "querystring": querystring,
    }


@login_required
@require_GET
def bulk_done(request: HttpRequest) -> HttpResponse:
    summary = request.session.get(SESSION_KEY)
    if not summary:
        return redirect("recommendations:list")
    context = {"summary": summary, "back": _back(summary.get("querystring", ""))}
    return render(request, "recommendations/bulk_done.html", context)
