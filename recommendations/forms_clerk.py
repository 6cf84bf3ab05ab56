"""Clerks' forms: correct everything an import brought in, and manage a plan's status words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from partnership.models import Organisation, Person
from recommendations.models import Lifecycle, Rag, Recommendation
from recommendations.plan_import.read import clean_html

REASON_MAX = 300
# Form field -> the recommendation field it edits (all but the leads, which are many-to-many).
SCALAR_FIELDS = (
    "reference",
    "section",
    "deficiency",
    "text",
    "leads_text",
    "target_date_text",
    "revised_target_date_text",
    "revised_date_reason",
    "outcome",
    "status",
    "rag",
    "unassigned_note",
    "work_to_date",
    "notes",
    "next_milestone",
    "next_milestone_date",
    "commentary",
)
RICH = {
    "text",
    "outcome",
    "unassigned_note",
    "work_to_date",
    "notes",
    "next_milestone",
    "commentary",
}


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class LeadOrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.display_name


class LeadPeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        org = f", {obj.organisation.name}" if obj.organisation_id else ""
        return f"{obj}{org}"


class RecommendationEditForm(forms.Form):
    """Everything about an action a clerk may correct, with a reason for the history."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reference = forms.CharField(
        label="No.", max_length=30, error_messages={"required": "Enter the action's number"}
    )
    section = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="None", label="Section"
    )
    deficiency = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="None", label="Deficiency"
    )
    text = forms.CharField(
        label="Recommendation",
        widget=_area(6),
        error_messages={"required": "Enter the recommendation"},
        help_text="Withdrawn points stay on the record: keep them inside <del> and </del>.",
    )
    lead_organisations = LeadOrganisationsField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Lead agencies"
    )
    lead_people = LeadPeopleField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Lead people"
    )
    leads_text = forms.CharField(
        label="Handed over to (as written)",
        max_length=500,
        required=False,
        help_text="The words the paper used, for example AF and LG. Kept as they are.",
    )
    target_date_text = forms.CharField(
        label="Target date (as written)",
        max_length=300,
        required=False,
        help_text="For example March 2017, 31/03/2026, Q3 2025/26 or Ongoing.",
    )
    revised_target_date_text = forms.CharField(
        label="Revised target date (as written)", max_length=300, required=False
    )
    revised_date_reason = forms.CharField(
        label="Reason for revised date", widget=_area(2), required=False
    )
    status = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select a status",
            "invalid_choice": "Select one of this plan's status words",
        },
    )
    rag = forms.ChoiceField(
        label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect, required=False
    )
    outcome = forms.CharField(label="Outcome (success measure)", widget=_area(), required=False)
    unassigned_note = forms.CharField(
        label="Anything still unassigned", widget=_area(2), required=False
    )
    work_to_date = forms.CharField(label="Work to date", widget=_area(), required=False)
    next_milestone = forms.CharField(
        label="Next significant milestone", widget=_area(2), required=False
    )
    next_milestone_date = forms.DateField(
        label="Milestone date",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter the milestone date as a real date"},
    )
    notes = forms.CharField(widget=_area(), required=False)
    commentary = forms.CharField(label="Performance commentary", widget=_area(), required=False)
    reason = forms.CharField(
        label="Reason for change",
        max_length=REASON_MAX,
        help_text="Recorded in the action's history, for example Corrected from the paper.",
        error_messages={"required": "Enter the reason for this change"},
    )

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any):
        self.recommendation = rec = recommendation
        initial = {name: getattr(rec, name) for name in SCALAR_FIELDS}
        initial |= {"version": rec.version, "section": rec.section_id}
        initial |= {"deficiency": rec.deficiency_id, "status": rec.status_id}
        initial["lead_organisations"] = [o.pk for o in rec.lead_organisations.all()]
        initial["lead_people"] = [p.pk for p in rec.lead_people.all()]
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        plan = rec.plan
        self.fields["section"].queryset = plan.sections.all()
        self.fields["deficiency"].queryset = plan.deficiencies.all()
        self.fields["status"].queryset = plan.statuses.all()
        self.fields["status"].label_from_instance = lambda label: label.name
        linked = Q(pk__in=initial["lead_organisations"])
        self.fields["lead_organisations"].queryset = Organisation.objects.filter(
            Q(is_active=True) | linked
        ).order_by("name")
        self.fields["lead_people"].queryset = Person.objects.select_related("organisation")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in RICH & data.keys():
            data[name] = _rich(data[name])
        for name in ("reference", "leads_text", "target_date_text", "revised_target_date_text"):
            if name in data:
                data[name] = " ".join(data[name].split())
        if not self.errors and not self.cleaned_changes():
            raise forms.ValidationError("Change something before saving")
        return data

    def cleaned_changes(self) -> dict[str, Any]:
        """Only what differs from the action as loaded."""
        rec, data = self.recommendation, self.cleaned_data
        changes = {}
        for name in SCALAR_FIELDS:
            if name not in data:
                continue
            before = getattr(rec, name) or _empty(data[name])
            if name in RICH:
                before = _rich(before)
            if data[name] != before:
                changes[name] = data[name]
        for name in ("lead_organisations", "lead_people"):
            if name in data and {o.pk for o in data[name]} != set(self.initial[name]):
                changes[name] = list(data[name])
        return changes


def _rich(value: str) -> str:
    """Rich text as stored: sanitised HTML with one kind of line ending."""
    value = value.replace("\r\n", "\n").strip()
    return clean_html(value) if value else ""


def _empty(value: Any) -> Any:
    """The blank a model field holds for a form value left empty ("" or None)."""
    return "" if isinstance(value, str) else None


class StatusLabelForm(forms.Form):
    """Add or rename a plan's status word and say what it means on the one lifecycle."""

    name = forms.CharField(
        label="Status word",
        max_length=60,
        help_text="As your plan writes it, for example On target or COMPLETE.",
        error_messages={"required": "Enter the status word"},
    )
    lifecycle = forms.ChoiceField(
        label="What it means",
        choices=Lifecycle.choices,
        help_text="Not started, in progress and on hold count as outstanding.",
    )
    reason = forms.CharField(label="Reason (optional)", max_length=REASON_MAX, required=False)

    def __init__(self, *args: Any, plan, status=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.plan, self.status = plan, status

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = self.plan.statuses.filter(name__iexact=name)
        if self.status is not None:
            clash = clash.exclude(pk=self.status.pk)
        if clash.exists():
            raise forms.ValidationError(f"This plan already has the status word {name}")
        return name


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=REASON_MAX, required=False, help_text="Recorded in history."
    )
