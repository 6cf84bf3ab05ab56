"""Forms for the clerk's meetings pages. Views hand their cleaned data to meetings.services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from meetings.models import AttendanceKind, Committee, ItemKind, ItemPurpose, Meeting, Minute
from partnership.models import Organisation, Partnership
from recommendations.date_input import DateInputField
from recommendations.models import ActionPlan


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class CommitteeForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the partnership the committee belongs to"},
    )
    name = forms.CharField(
        label="Committee name",
        max_length=200,
        error_messages={"required": "Enter the committee's name"},
        help_text="Its actions arising are kept in a plan of the same name.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.managed_by(user).order_by("name")


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        empty_label="Choose a committee",
        error_messages={"required": "Choose the committee that is meeting"},
    )
    date = DateInputField(
        label="Date",
        error_messages={"required": "Enter the date of the meeting"},
    )
    time = forms.TimeField(
        required=False,
        widget=TimeInput,
        help_text="For example 10:00",
        error_messages={"invalid": "Enter a time such as 10:00"},
    )
    venue = forms.CharField(max_length=300, required=False, help_text="Room and building")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "committee" in self.fields:  # only the clerk's own partnerships' committees
            committees = Committee.objects.managed_by(user).select_related("partnership")
            self.fields["committee"].queryset = committees


class MeetingUpdateForm(MeetingForm):
    reason = forms.CharField(
        label="Reason for the change",
        max_length=500,
        error_messages={"required": "Say why the meeting is changing"},
        help_text="For example: moved to the Council Chamber",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["committee"]  # a meeting stays with its committee


class AgendaItemForm(forms.Form):
    number = forms.CharField(
        label="Item number", max_length=10, required=False, help_text="Leave blank for the next"
    )
    title = forms.CharField(max_length=500, error_messages={"required": "Enter the item's title"})
    purpose = forms.ChoiceField(
        choices=ItemPurpose.choices, initial=ItemPurpose.INFORMATION, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label="Type of item",
        choices=ItemKind.choices,
        initial=ItemKind.REPORT,
        required=False,
        widget=forms.RadioSelect,
    )
    presenter = forms.CharField(
        max_length=300, required=False, help_text="Who presents it, for example “Supt A. Example”"
    )
    page_from = forms.IntegerField(label="First page", required=False, min_value=1)
    page_to = forms.IntegerField(label="Last page", required=False, min_value=1)
    report_of = forms.CharField(label="Report of", max_length=300, required=False)
    author = forms.CharField(max_length=300, required=False)
    is_public = forms.BooleanField(label="Public item", required=False, initial=True)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    appendix = forms.ModelChoiceField(
        label="Issued appendix to bind into the pack",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="No appendix",
        help_text="Appendices issued for this meeting, bound after the item's report.",
    )
    report = forms.FileField(
        label="Report (PDF)",
        required=False,
        help_text="Bound into the agenda pack, at the pages printed against the item.",
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from reports.models import IssuedAppendix

        issued = IssuedAppendix.objects.none()
        if meeting is not None:
            issued = IssuedAppendix.objects.listing().filter(meeting=meeting)
        self.fields["appendix"].queryset = issued
        self.fields["page_from"].help_text = "Leave the pages blank: the pack prints its own."

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ItemKind.REPORT

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("page_from"), data.get("page_to")
        if first and last and last < first:
            self.add_error("page_to", "The last page must be after the first page")
        return data


class AttendanceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Attended as",
        choices=AttendanceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they attended"},
    )
    name = forms.CharField(
        max_length=200,
        help_text="As written in the minutes, for example “Cllr. A. Example”",
        error_messages={"required": "Enter the name as written in the minutes"},
    )
    detail = forms.CharField(
        label="Organisation or role",
        max_length=300,
        required=False,
        help_text="As written in the minutes, for example “Riverside Borough Council”",
    )
    representing = forms.CharField(
        max_length=300, required=False, help_text="The absent member they stood in for, if any"
    )
    in_the_chair = forms.BooleanField(label="In the Chair", required=False)


class MinuteForm(forms.Form):
    number = forms.IntegerField(
        label="Minute number", min_value=1, help_text="Numbers run on from the last meeting."
    )
    title = forms.CharField(max_length=500, error_messages={"required": "Enter the minute title"})
    text = forms.CharField(label="Minute", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    refers_to = forms.ModelChoiceField(
        label="Matters arising: refers back to",
        queryset=Minute.objects.none(),
        required=False,
        empty_label="Not a matter arising",
        help_text="The earlier minute this one follows up.",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = Minute.objects.filter(meeting__committee_id=meeting.committee_id).exclude(
            meeting__date__gt=meeting.date
        )
        self.fields["refers_to"].queryset = earlier.select_related("meeting").order_by("-number")
        self.fields["refers_to"].label_from_instance = lambda m: (
            f"{m.number}. {m.title} ({m.meeting.date:%-d %B %Y})"
        )


class ResolutionForm(forms.Form):
    letter = forms.CharField(max_length=5, help_text="RESOLVED (a), (b)…", required=False)
    text = forms.CharField(
        label="That…",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was resolved"},
    )
    track = forms.BooleanField(
        label="Track this as an action arising",
        required=False,
        initial=True,
        help_text="Untick for resolutions that only note something.",
    )
    action_lead_organisations = forms.ModelMultipleChoiceField(
        label="Lead agency",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_date_text = forms.CharField(
        label="Target date", max_length=300, required=False, help_text="For example March 2027"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_lead_organisations"].queryset = partnership.members.order_by("name")


class UpdateRoundForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Before which meeting?",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not for a particular meeting",
    )
    plans = forms.ModelMultipleChoiceField(
        label="Action plans to update",
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one action plan"},
    )
    deadline = DateInputField(
        label="Deadline",
        error_messages={"required": "Enter the deadline for updates"},
    )
    message = forms.CharField(
        label="Message to officers",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What you need from them and why.",
    )

    def __init__(self, *args: Any, today: date, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["plans"].queryset = ActionPlan.objects.managed_by(user).order_by("name")
        meetings = Meeting.objects.filter(committee__in=Committee.objects.managed_by(user))
        self.fields["meeting"].queryset = (
            meetings.filter(date__gte=today).select_related("committee").order_by("date")
        )
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.committee.name}, {m.date:%-d %B %Y}"
        )

    def clean_deadline(self) -> date:
        deadline = self.cleaned_data["deadline"]
        if deadline < self.today:
            raise forms.ValidationError("The deadline must be today or in the future")
        return deadline
