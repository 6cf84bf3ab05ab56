"""The bulk update form: one change (status, RAG, revised target date or a lead) and one reason."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.models import Organisation
from recommendations.bulk import BulkAction, BulkChange, revised_date_words
from recommendations.date_input import DateInputField
from recommendations.forms import REASON_MAX
from recommendations.models import Rag, Recommendation


def parse_versions(text: str) -> dict[int, int]:
    """``"12:3,14:1"`` (action id: version read) as a dict; anything malformed is dropped."""
    versions: dict[int, int] = {}
    for pair in (text or "").split(","):
        pk, _, version = pair.partition(":")
        if pk.strip().isdigit() and version.strip().isdigit():
            versions[int(pk)] = int(version)
    return versions


def format_versions(recommendations: list[Recommendation]) -> str:
    return ",".join(f"{rec.pk}:{rec.version}" for rec in recommendations)


class BulkChangeForm(forms.Form):
    action = forms.ChoiceField(
        label="What do you want to change?",
        choices=BulkAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to change"},
    )
    status_word = forms.ChoiceField(label="New status", required=False)
    rag = forms.ChoiceField(
        label="New RAG rating",
        required=False,
        choices=[(rag.value, rag.label) for rag in Rag.rated()],
        widget=forms.RadioSelect,
    )
    revised_date = DateInputField(
        label="Revised target date",
        day_optional=True,
        required=False,
        help_text="For example, 31 3 2027. Leave the day blank for the end of a month.",
    )
    revised_date_reason = forms.CharField(
        label="Reason for the revised date",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded on each action as its reason for revised date.",
    )
    organisation = forms.ModelChoiceField(
        label="Lead agency to add",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an agency",
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=REASON_MAX,
        help_text="Recorded in every changed action's history, for example “Board decision, "
        "12 March”.",
        error_messages={"required": "Enter the reason for the change"},
    )
    versions = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, status_words: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["status_word"]
        field.choices = [("", "Choose a status")] + [(w, w) for w in status_words]  # type: ignore[attr-defined]
        orgs = Organisation.objects.visible_to(user).active().order_by("name")
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        needed = {
            BulkAction.STATUS: ("status_word", "Choose the new status"),
            BulkAction.RAG: ("rag", "Choose the new RAG rating"),
            BulkAction.REVISED_DATE: ("revised_date", "Enter the revised target date"),
            BulkAction.ADD_LEAD: ("organisation", "Choose the lead agency to add"),
        }
        if action in needed:
            name, message = needed[action]
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if action == BulkAction.REVISED_DATE and not data.get("revised_date_reason", "").strip():
            self.add_error("revised_date_reason", "Enter the reason the target date is revised")
        return data

    def change(self) -> BulkChange:
        data = self.cleaned_data
        return BulkChange(
            action=data["action"],
            status_word=data.get("status_word") or "",
            rag=data.get("rag") or "",
            revised_date_text=revised_date_words(data.get("revised_date")),
            revised_date_reason=(data.get("revised_date_reason") or "").strip(),
            organisation=data.get("organisation"),
        )

    @property
    def versions_read(self) -> dict[int, int]:
        return parse_versions(self.data.get("versions", ""))
