"""Forms for the recommendations app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from partnership.forms import WrittenTextField
from partnership.models import User
from recommendations.date_input import DateInputField, DayMonthYearInput
from recommendations.dates import FuzzyDate, due_date, parse_fuzzy_date
from recommendations.models import OFFICER_FIELDS, Rag, Recommendation
from recommendations.permissions import closure_needs_agreement
from recommendations.richtext import html_to_text, text_to_html

REASON_MAX = 300


# Help for the fields a plan's appendix prints, keyed by field name.
PRINTED_HELP = {
    "work_to_date": "Printed in the appendix's “Work to date” column. Replace it with the "
    "position now.",
    "outcome": "The success measure, printed in the appendix's “Outcome” column.",
    "notes": "Printed in the appendix's “Notes” column.",
    "next_milestone": "Printed in the appendix's “Next significant milestone” column.",
    "next_milestone_date": "For example 27/3/2027.",
    "commentary": "Where we are at: printed in the appendix's “Performance commentary” column.",
}


def printed_field(name: str) -> forms.Field:
    """A form field for one of the fields the plan's appendix prints."""
    model_field = Recommendation._meta.get_field(name)
    label = str(model_field.verbose_name).capitalize()
    if name == "next_milestone_date":
        return forms.DateField(
            label="Date of the next milestone",
            required=False,
            help_text=PRINTED_HELP[name],
            error_messages={"invalid": "Enter the milestone date as a real date"},
        )
    return WrittenTextField(
        label=label,
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PRINTED_HELP[name],
    )


def _revised_initial(rec: Recommendation) -> dict[str, Any]:
    """The revised date in the boxes when they can say it exactly as written, else in words."""
    written = rec.revised_target_date_text
    fuzzy = FuzzyDate(written, rec.revised_target_date, rec.revised_target_date_precision)
    if fuzzy.date and fuzzy.precision in ("day", "month"):
        boxes = DateInputField(day_optional=True).clean(DayMonthYearInput().decompress(fuzzy))
        if boxes and boxes.text == written:
            return {"revised_date": fuzzy, "revised_target_date_text": ""}
    return {"revised_target_date_text": written}


class RecommendationUpdateForm(forms.Form):
    """An officer's update: status, RAG, progress note, revised target date and why, and the
    fields the plan's appendix prints (work to date, notes, milestone, commentary, outcome).

    ``cleaned_changes`` holds only the fields that differ from the action as loaded, so the
    service records exactly what the officer changed.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a status", "invalid_choice": "Select a status"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Red: at risk or late. Amber: some risk. Green: on track. Blue: complete.",
    )
    progress_note = WrittenTextField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text="What has been done since the last update. Needed when you change the status "
        "or RAG rating.",
    )
    revised_date = DateInputField(
        label="Revised target date",
        day_optional=True,
        required=False,
        help_text="For example, 31 3 2027. Leave the day blank for the end of a month. Leave "
        "it all blank if the original target date still stands.",
    )
    revised_target_date_text = WrittenTextField(
        label="Or describe the revised target date in words",
        required=False,
        max_length=300,
        help_text="Only when it is not a date, for example Q3 2025/26 or Ongoing.",
    )
    revised_date_reason = WrittenTextField(
        label="Reason for the revised date",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Needed when you change the revised target date.",
    )
    reason = WrittenTextField(
        label="Reason for change (optional)",
        required=False,
        max_length=REASON_MAX,
        help_text="Recorded in the action's history. If you leave it blank we use your "
        "progress note.",
    )

    def __init__(self, *args: Any, recommendation: Recommendation, user: User, **kwargs: Any):
        self.recommendation = recommendation
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "version": recommendation.version,
                "status": recommendation.status_id,
                "rag": recommendation.rag,
                **_revised_initial(recommendation),
                "revised_date_reason": recommendation.revised_date_reason,
            },
        )
        self.printed = OFFICER_FIELDS.get(recommendation.plan.kind, ())
        for name in self.printed:
            value = getattr(recommendation, name)
            kwargs["initial"].setdefault(
                name, value if name == "next_milestone_date" else html_to_text(value)
            )
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = recommendation.plan.statuses.all()
        self.fields["status"].label_from_instance = self._status_label
        for name in self.printed:
            self.fields[name] = printed_field(name)

    def _status_label(self, label) -> str:
        if closure_needs_agreement(self.user, self.recommendation, label):
            return f"{label.name} (proposed for closure, agreed by the clerk or committee)"
        return label.name

    @property
    def printed_fields(self) -> list:
        return [self[name] for name in self.printed]

    def clean_revised_target_date_text(self) -> str:
        """The revised date as it will be written: from the boxes, else the words."""
        words = " ".join(self.cleaned_data["revised_target_date_text"].split())
        boxes = self.cleaned_data.get("revised_date")
        if boxes and words and words != boxes.text:
            raise forms.ValidationError(
                "Enter the revised target date in the boxes or in words, not both"
            )
        if "revised_date" in self.errors:
            return self.recommendation.revised_target_date_text  # the boxes' error says why
        return boxes.text if boxes else words

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rec = self.recommendation
        status, rag = data.get("status"), data.get("rag", "")
        note = data.get("progress_note", "").strip()
        status_or_rag_changed = (status is not None and status.pk != rec.status_id) or (
            "rag" in data and rag != rec.rag
        )
        if status_or_rag_changed and not note and "progress_note" not in self.errors:
            self.add_error(
                "progress_note", "Enter a progress note to explain the new status or RAG rating"
            )
        revised = data.get("revised_target_date_text")
        revised_changed = revised is not None and revised != rec.revised_target_date_text
        reason_for_date = data.get("revised_date_reason", "").strip()
        if revised_changed and revised and "revised_target_date_text" not in self.errors:
            self._refuse_a_past_revision(revised)
        if revised_changed and not reason_for_date:
            self.add_error(
                "revised_date_reason", "Enter the reason the target date has been revised"
            )
        if not self.errors and not self.cleaned_changes() and not note:
            raise forms.ValidationError("Change something or add a progress note before saving")
        return data

    def _refuse_a_past_revision(self, revised: str) -> None:
        """A revised target is a new date to work to: one already over made the action overdue
        the moment it was saved (a reviewer entered 1 1 2020 and March 2021, both accepted)."""
        ends = due_date(parse_fuzzy_date(revised))
        if ends is not None and ends < timezone.localdate():
            field = (
                "revised_date"
                if self.cleaned_data.get("revised_date")
                else ("revised_target_date_text")
            )
            self.add_error(
                field,
                f"The revised target date must be in the future: {revised} has already passed",
            )

    def cleaned_changes(self) -> dict[str, Any]:
        """The fields that differ from the action as loaded."""
        rec, data = self.recommendation, self.cleaned_data
        changes: dict[str, Any] = {}
        if data.get("status") is not None and data["status"].pk != rec.status_id:
            changes["status"] = data["status"]
        if "rag" in data and data["rag"] != rec.rag:
            changes["rag"] = data["rag"]
        revised = data.get("revised_target_date_text")
        if revised is not None and revised != rec.revised_target_date_text:
            changes["revised_target_date_text"] = revised
        reason = data.get("revised_date_reason", "").strip()
        if "revised_date_reason" in data and reason != rec.revised_date_reason:
            changes["revised_date_reason"] = reason
        for name in self.printed:
            if name not in data:
                continue
            if name == "next_milestone_date":
                if data[name] != rec.next_milestone_date:
                    changes[name] = data[name]
            elif data[name].strip() != html_to_text(getattr(rec, name)):
                changes[name] = text_to_html(data[name])
        return changes

    def change_reason(self) -> str:
        """The reason for the history row: the officer's own words, else the progress note."""
        reason = self.cleaned_data.get("reason", "").strip()
        if reason:
            return reason
        note = " ".join(self.cleaned_data.get("progress_note", "").split())
        if note:
            return note if len(note) <= REASON_MAX else note[: REASON_MAX - 1] + "…"
        return f"Update by {self.user.get_role_display().lower()}"
