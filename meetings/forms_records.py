"""Forms for correcting meeting records and for committee business (chair, schedule,
declarations, matters arising, confirmation). Views hand cleaned data to the services."""

from __future__ import annotations

from typing import Any

from django import forms

from meetings import forms as base
from meetings.models import AttendanceKind, Committee, Meeting, Minute
from partnership.models import Person
from recommendations.markings import Marking

REASON_HELP = "Kept in the history with your name, for example: typing error in the minutes"


def reason_field(label: str = "Reason for the change") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=500,
        help_text=REASON_HELP,
        error_messages={"required": "Say why you are making this change"},
    )


class AgendaItemEditForm(base.AgendaItemForm):
    reason = reason_field()


class AttendanceEditForm(base.AttendanceForm):
    reason = reason_field()


class MinuteEditForm(base.MinuteForm):
    reason = reason_field()

    def __init__(self, *args: Any, meeting: Meeting, minute: Minute, **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        field = self.fields["refers_to"]
        field.queryset = field.queryset.exclude(pk=minute.pk)


class ResolutionEditForm(forms.Form):
    letter = forms.CharField(max_length=5, error_messages={"required": "Enter the letter"})
    text = forms.CharField(
        label="That…",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was resolved"},
    )
    reason = reason_field()


class RemoveForm(forms.Form):
    reason = reason_field("Reason for removing it")


class AttendanceListForm(forms.Form):
    kind = forms.ChoiceField(
        label="Attended as",
        choices=AttendanceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they attended"},
    )
    people = forms.ModelMultipleChoiceField(
        label="Committee members",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    names = forms.CharField(
        label="Or paste names, one a line",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Name, then a tab or a comma, then the organisation or role as written.",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = meeting.committee.members.exclude(attendance__meeting=meeting)
        self.fields["people"].queryset = members.select_related("organisation").order_by("name")
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.name}, {p.organisation.name}" if p.organisation_id else p.name
        )


class DeclarationForm(forms.Form):
    name = forms.CharField(
        label="Who declared", max_length=200, error_messages={"required": "Enter who declared"}
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item", queryset=Meeting.objects.none(), required=False, empty_label="Any"
    )
    interest = forms.CharField(
        label="Interest declared",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the interest declared"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("pk")


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.date:%-d %B %Y}"


class CommitteeUpdateForm(forms.Form):
    chair = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="No chair recorded"
    )
    chair_elected_at = forms.ModelChoiceField(
        label="Chair elected at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    vice_chair = forms.ModelChoiceField(
        label="Vice-chair",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No vice-chair recorded",
    )
    vice_chair_elected_at = forms.ModelChoiceField(
        label="Vice-chair elected at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    enquiries_contact = forms.CharField(
        label="Enquiries contact",
        max_length=300,
        required=False,
        help_text="Printed on the agenda, for example “Democratic Services, 0116 000 0000”",
    )
    marking = forms.ChoiceField(
        label="Protective marking of its papers",
        choices=Marking.choices,
        widget=forms.RadioSelect,
    )
    reason = reason_field()

    def __init__(self, *args: Any, committee: Committee, people, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = committee.meetings.order_by("-date")
        for name in ("chair", "vice_chair", "members"):
            self.fields[name].queryset = people
        for name in ("chair_elected_at", "vice_chair_elected_at"):
            self.fields[name].queryset = meetings
            self.fields[name].label_from_instance = _meeting_label


class ScheduleForm(forms.Form):
    dates = forms.CharField(
        label="Dates of future meetings",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line, or separated by ‘;’: for example 8 December 2026; 23 February 2027",
        error_messages={"required": "Enter at least one date"},
    )
    time = forms.TimeField(
        required=False,
        widget=base.TimeInput,
        help_text="For example 10:00",
        error_messages={"invalid": "Enter a time such as 10:00"},
    )
    venue = forms.CharField(max_length=300, required=False, help_text="Room and building")


class ConfirmForm(forms.Form):
    at_minute = forms.ModelChoiceField(
        label="Confirmed at which minute?",
        queryset=Minute.objects.none(),
        empty_label="Choose a minute",
        help_text="The later meeting's minute that took them as read and confirmed them.",
        error_messages={"required": "Choose the minute that confirmed them"},
    )

    def __init__(self, *args: Any, meeting: Meeting, minutes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        later = minutes.filter(
            meeting__committee_id=meeting.committee_id, meeting__date__gt=meeting.date
        )
        self.fields["at_minute"].queryset = later.select_related("meeting").order_by("number")
        self.fields["at_minute"].label_from_instance = lambda m: (
            f"{m.number}. {m.title} ({m.meeting.date:%-d %B %Y})"
        )


class CorrectionForm(forms.Form):
    minute = forms.ModelChoiceField(
        label="Minute corrected",
        queryset=Minute.objects.none(),
        required=False,
        empty_label="The minutes as a whole",
    )
    text = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the correction as the committee agreed it"},
    )
    reason = reason_field("Where it was agreed")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minute"].queryset = meeting.minutes.order_by("number")


class MattersArisingForm(forms.Form):
    """One row per outstanding action: noted / closed / carried forward, and a note."""

    def __init__(self, *args: Any, rows, **kwargs: Any) -> None:
        from meetings.models import MatterOutcome

        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.action.pk
            recorded = row.recorded
            self.fields[f"outcome_{pk}"] = forms.ChoiceField(
                label=f"Outcome for action {row.action.reference}",
                choices=[("", "Not yet recorded"), *MatterOutcome.choices],
                required=False,
                widget=forms.RadioSelect,
                initial=recorded.outcome if recorded else "",
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=f"Note on action {row.action.reference}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=recorded.note if recorded else "",
            )

    def bound_rows(self):
        return [
            (row, self[f"outcome_{row.action.pk}"], self[f"note_{row.action.pk}"])
            for row in self.rows
        ]

    def outcomes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            row.action.pk: (data[f"outcome_{row.action.pk}"], data[f"note_{row.action.pk}"])
            for row in self.rows
            if data.get(f"outcome_{row.action.pk}")
        }
