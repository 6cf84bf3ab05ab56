"""The appendix form: which plans, filters, as-at date, marking, layout and columns."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from meetings.models import Meeting
from partnership.models import Organisation
from recommendations.date_input import DateInputField
from recommendations.models import ActionPlan, Rag, StatusLabel
from reports.appendix.from_find import remaining_querystring
from reports.appendix.layouts import COLUMNS, LAYOUT_CHOICES, column_label
from reports.appendix.params import AppendixParams

RAG_CHOICES = [(value or "NONE", label) for value, label in Rag.choices]


class AppendixForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        queryset=ActionPlan.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Action plans",
        error_messages={"required": "Select at least one action plan"},
    )
    as_at = DateInputField(
        label="As at",
        help_text="The appendix shows the recommendations as they stood at the end of this day. "
        "For example, 31 3 2026.",
        error_messages={"required": "Enter the as at date"},
    )
    marking = forms.ChoiceField(
        label="Protective marking",
        required=False,
        help_text="Printed at the top and bottom of every page. Leave as the plan's to use the "
        "plan's own marking.",
    )
    layout = forms.ChoiceField(
        label="Layout",
        required=False,
        choices=[("", "The plan's own layout"), *LAYOUT_CHOICES],
    )
    columns = forms.MultipleChoiceField(
        label="Columns",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, column_label(key)) for key in COLUMNS],
        help_text="Leave all unticked for the layout's own columns.",
    )
    include_completed = forms.BooleanField(
        label="Include completed, closed and withdrawn recommendations", required=False
    )
    lead_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Lead agency",
        help_text="Tick one or more. Teams within an agency are included.",
    )
    statuses = forms.MultipleChoiceField(
        label="Status", required=False, widget=forms.CheckboxSelectMultiple
    )
    rags = forms.MultipleChoiceField(
        label="RAG rating", required=False, choices=RAG_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    overdue_only = forms.BooleanField(label="Only overdue recommendations", required=False)
    find = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marking"].choices = [("", "The plan's marking")] + [
            (m, m) for m in settings.PROTECTIVE_MARKINGS
        ]
        names = sorted(
            {name for name in StatusLabel.objects.values_list("name", flat=True)}, key=str.casefold
        )
        seen: dict[str, str] = {}
        for name in names:
            seen.setdefault(name.casefold(), name)
        self.fields["statuses"].choices = [(key, name) for key, name in seen.items()]

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("The as at date must be today or in the past")
        return as_at

    def clean_find(self) -> str:
        """Only Find's known filters, re-encoded by Find itself."""
        return remaining_querystring(QueryDict(self.cleaned_data["find"]))

    def params(self) -> AppendixParams:
        data = self.cleaned_data
        return AppendixParams(
            plan_ids=tuple(plan.pk for plan in data["plans"]),
            as_at=data["as_at"],
            marking=data["marking"],
            layout=data["layout"],
            columns=tuple(data["columns"]),
            include_completed=data["include_completed"],
            lead_organisation_ids=tuple(org.pk for org in data["lead_organisations"]),
            statuses=tuple(data["statuses"]),
            rags=tuple(data["rags"]),
            overdue_only=data["overdue_only"],
            find=data["find"],
        )


class IssueForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.select_related("committee").order_by("-date"),
        required=False,
        label="Meeting",
        empty_label="Not for a meeting",
        help_text="The issued paper is listed with the meeting's papers.",
    )
