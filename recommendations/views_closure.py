"""Agreeing (or not) an action the lead proposed for closure: the clerk's step."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meetings.models import Minute
from recommendations.closure import closure_agree, closure_decline
from recommendations.models import Recommendation
from recommendations.permissions import require_agree_closure
from recommendations.services import ConcurrentEditError


class ClosureForm(forms.Form):
    """Agree or decline a proposed closure, optionally against a meeting's minute."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("agree", "Agree the closure"), ("decline", "Do not agree: keep it open")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the closure is agreed"},
    )
    minute = forms.ModelChoiceField(
        queryset=Minute.objects.none(),
        required=False,
        label="Minute (if the committee agreed it)",
        empty_label="Agreed by the clerk, not at a meeting",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="Recorded in the action's history.",
        error_messages={"required": "Enter the reason for the decision"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute"].queryset = (
            Minute.objects.visible_to(user)
            .select_related("meeting__committee")
            .order_by("-meeting__date", "-number")
        )
        self.fields["minute"].label_from_instance = lambda m: (
            f"{m.meeting.committee.name}, {m.meeting.date:%d/%m/%Y}: minute {m.number}. {m.title}"
        )


def closure_form(rec: Recommendation, user) -> ClosureForm:
    return ClosureForm(initial={"version": rec.version}, user=user)


@login_required
@require_POST
def closure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_agree_closure(request.user)
    rec = get_object_or_404(Recommendation.objects.visible_to(request.user), pk=pk)
    form = ClosureForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "agree":
                closure_agree(
                    recommendation=rec,
                    by=request.user,
                    reason=data["reason"],
                    minute=data["minute"],
                    expected_version=data["version"],
                )
                messages.success(request, f"Closure of action {rec.reference} agreed")
            else:
                closure_decline(
                    recommendation=rec,
                    by=request.user,
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                messages.success(request, f"Action {rec.reference} stays open")
        except ConcurrentEditError as conflict:
            form.add_error(None, f"{conflict} Check their changes and decide again.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(rec)
    context = {"rec": rec, "form": form}
    return render(request, "recommendations/closure.html", context, status=400)
