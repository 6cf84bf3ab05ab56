"""The appendix form: which plans, filters, as-at date, marking, layout and columns."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils import timezone

from meetings.models import Meeting
from partnership.forms import IdModelChoiceField, IdModelMultipleChoiceField
from partnership.models import Organisation
from recommendations.date_input import DateInputField
from recommendations.markings import Marking
from recommendations.models import ActionPlan, Rag, StatusLabel
from reports.appendix.from_find import remaining_querystring
from reports.appendix.layouts import COLUMNS, LAYOUT_CHOICES, column_label
from reports.appendix.params import AppendixParams
from reports.models import IssuedAppendix

RAG_CHOICES = [(value or "NONE", label) for value, label in Rag.choices]


class AppendixForm(forms.Form):
    plans = IdModelMultipleChoiceField(
        queryset=ActionPlan.objects.none(),
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
    lead_organisations = IdModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
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
    mark_changes = forms.BooleanField(
        label="Mark what changed since each plan's last issued paper",
        required=False,
        help_text="New, closed, status changed, RAG changed and target revised, with a summary "
        "line per plan.",
    )
    find = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only plans the user reads in full, and names from their partnerships.
        self.fields["plans"].queryset = ActionPlan.objects.readable_by(user).order_by("name")
        self.fields["lead_organisations"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )
        self.fields["marking"].choices = [("", "The plan's marking")] + [
            (m, m) for m in Marking.values
        ]
        statuses = StatusLabel.objects.visible_to(user)
        names = sorted({name for name in statuses.values_list("name", flat=True)}, key=str.casefold)
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

    def clean(self):
        data = super().clean()
        plans, marking = data.get("plans"), data.get("marking")
        if plans and marking:
            floor = Marking.highest(plan.marking for plan in plans)
            try:
                Marking.refuse_below(marking, floor)
            except forms.ValidationError as error:
                self.add_error("marking", error.message_dict["marking"])
        return data

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
            mark_changes=data["mark_changes"],
            find=data["find"],
        )


class IssueForm(forms.Form):
    meeting = IdModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Meeting",
        empty_label="Not for a meeting",
        help_text="The issued paper is listed with the meeting's papers.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.visible_to(user).select_related("committee").order_by("-date")
        )


class CompareForm(forms.Form):
    """Two moments to compare: each an issued paper or a date."""

    plans = forms.ModelMultipleChoiceField(
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Action plans",
        required=False,
        help_text="Leave unticked to compare the plans of the earlier paper.",
    )
    from_paper = forms.ModelChoiceField(
        queryset=IssuedAppendix.objects.none(),
        required=False,
        label="From an issued paper",
        empty_label="Choose a paper, or enter a date below",
    )
    from_date = forms.DateField(
        label="Or from a date", required=False, error_messages={"invalid": "Enter a real date"}
    )
    to_paper = forms.ModelChoiceField(
        queryset=IssuedAppendix.objects.none(),
        required=False,
        label="To an issued paper",
        empty_label="Choose a paper, or enter a date below",
    )
    to_date = forms.DateField(
        label="Or to a date",
        required=False,
        help_text="Leave both blank to compare with the records now.",
        error_messages={"invalid": "Enter a real date"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = ActionPlan.objects.visible_to(user).order_by("name")
        papers = IssuedAppendix.objects.visible_to(user).listing()
        for name in ("from_paper", "to_paper"):
            self.fields[name].queryset = papers  # named as IssuedAppendix.__str__ names them

    def clean(self):
        data = super().clean()
        if not data.get("from_paper") and not data.get("from_date"):
            self.add_error("from_paper", "Choose the paper or enter the date to compare from")
        if data.get("from_paper") and data.get("from_date"):
            self.add_error("from_date", "Choose a paper or enter a date, not both")
        if data.get("to_paper") and data.get("to_date"):
            self.add_error("to_date", "Choose a paper or enter a date, not both")
        if not data.get("plans") and not data.get("from_paper"):
            self.add_error("plans", "Select at least one action plan")
        return data
