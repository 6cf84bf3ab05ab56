"""Forms of the performance pages: a period's value, an outcome's RAG by hand, an import."""

from __future__ import annotations

import re

from django import forms

from partnership.models import Partnership
from performance.models import PeriodKind
from recommendations.date_input import DateInputField
from recommendations.markings import Marking
from recommendations.models import Rag

RANK = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ValueForm(forms.Form):
    period_label = forms.CharField(
        label="Period",
        max_length=100,
        help_text="As the dashboard writes it, for example Q2 2016/17",
    )
    period_kind = forms.ChoiceField(
        label="Kind of period",
        choices=PeriodKind.choices,
        widget=forms.RadioSelect,
        initial=PeriodKind.ROLLING_12,
    )
    period_end = DateInputField(label="Period ends", help_text="For example, 30 9 2016")
    value = forms.DecimalField(label="Value", max_digits=14, decimal_places=4)
    is_estimate = forms.BooleanField(label="This value is an estimate", required=False)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)
    nearest_neighbour = forms.CharField(
        label="Nearest neighbour comparison (optional)",
        max_length=50,
        required=False,
        help_text="A rank in the comparator group, for example 3/9",
    )
    county_comparison = forms.CharField(
        label="County comparison (optional)", max_length=100, required=False
    )
    district_comparison = forms.CharField(
        label="District comparison (optional)", max_length=100, required=False
    )
    national_value = forms.DecimalField(
        label="National figure (optional)", max_digits=14, decimal_places=4, required=False
    )

    def clean_nearest_neighbour(self) -> str:
        text = self.cleaned_data["nearest_neighbour"].strip()
        match = RANK.match(text)
        if match and int(match[1]) > int(match[2]):
            raise forms.ValidationError("The rank cannot be larger than the group, as in 3/9")
        return text

    def service_options(self) -> dict:
        data = self.cleaned_data
        match = RANK.match(data["nearest_neighbour"])
        return {
            "is_estimate": data["is_estimate"],
            "note": data["note"],
            "nearest_neighbour": data["nearest_neighbour"],
            "rank": int(match[1]) if match else None,
            "group_size": int(match[2]) if match else None,
            "county_comparison": data["county_comparison"],
            "district_comparison": data["district_comparison"],
            "national_value": data["national_value"],
        }


class OutcomeRagForm(forms.Form):
    rag = forms.ChoiceField(
        label="Overall progress RAG",
        choices=[("", "Work it out from the indicators (the rule)")]
        + [(r.value, r.label) for r in Rag.rated()],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ImportForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), label="Partnership")
    file = forms.FileField(
        label="The paper's text (.txt) or a workbook (.xlsx)",
        help_text="A text file holding the dashboard table, or a workbook in the same columns",
    )
    marking = forms.ChoiceField(
        label="Protective marking", choices=Marking.choices, initial=Marking.OFFICIAL
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()


class IndicatorSettingsForm(forms.Form):
    higher_is_better = forms.TypedChoiceField(
        label="Which way is better",
        choices=[("True", "Higher is better"), ("False", "Lower is better")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    tolerance = forms.DecimalField(
        label="Tolerance band (%)",
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text="A change smaller than this share of the previous value counts as level",
    )
    unit = forms.CharField(label="Unit", max_length=100, required=False)
    responsible_organisation = forms.ModelChoiceField(
        label="Responsible organisation",
        queryset=None,
        required=False,
        help_text="Its officers, and those of its teams, enter each period's value",
    )
    source = forms.CharField(label="Source", max_length=300, required=False)
    geography = forms.CharField(label="Geography", max_length=300, required=False)
    reason = forms.CharField(label="Why", max_length=500)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = organisations

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}
