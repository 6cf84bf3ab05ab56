"""Forms for the directory pages: organisations, people, invitations."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.models import Organisation, OrganisationKind, Partnership, Person, Role, User
from partnership.permissions import can_invite_role

REASON_MAX = 300


def reason_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Reason for change" if required else "Reason (optional)",
        max_length=REASON_MAX,
        required=required,
        help_text="Recorded in the history.",
        error_messages={"required": "Enter the reason for this change"},
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.display_name


class OrganisationForm(forms.Form):
    """Add or change an organisation: name, abbreviation, aliases, where it sits, active."""

    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    abbreviation = forms.CharField(
        max_length=30, required=False, help_text="For example CoLP or DCCS"
    )
    kind = forms.ChoiceField(label="Kind of organisation", choices=OrganisationKind.choices)
    parent = OrganisationChoiceField(
        label="Sits within (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Nothing: it is a top-level organisation",
        help_text="For a team or department, the organisation it belongs to.",
    )
    aliases = forms.CharField(
        label="Other names (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Other names papers use for it, one per line, for example City Police.",
    )
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        initial=True,
        help_text="Untick to deactivate: it keeps its actions and history but is no longer "
        "offered as a new lead. Organisations are never deleted.",
    )

    def __init__(self, *args: Any, organisations, user: User, organisation=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        parents = organisations.active()
        if organisation is not None:
            inside = Organisation.objects.with_descendant_ids([organisation.pk])
            parents = parents.exclude(pk__in=inside)
        else:
            del self.fields["is_active"]
            self.fields["partnerships"] = partnerships_field(user)
        self.fields["parent"].queryset = parents.order_by("name")
        self.fields["reason"] = reason_field(required=organisation is not None)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.organisation is not None:
            clash = clash.exclude(pk=self.organisation.pk)
        if clash.exists():
            raise forms.ValidationError(f"There is already an organisation called {name}")
        return name

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"reason", "partnerships"}}


def partnerships_field(user: User) -> forms.ModelMultipleChoiceField:
    """Which of ``user``'s partnerships a new organisation is a member of (all of them, when
    there is one)."""
    partnerships = Partnership.objects.visible_to(user).order_by("name")
    only_one = partnerships.count() == 1
    return forms.ModelMultipleChoiceField(
        label="Member of",
        queryset=partnerships,
        widget=forms.CheckboxSelectMultiple,
        required=partnerships.exists(),
        initial=[p.pk for p in partnerships] if only_one else [],
        error_messages={"required": "Choose the partnership it is a member of"},
    )


class PersonForm(forms.Form):
    """Add or change a person named as a lead."""

    name = forms.CharField(max_length=200, error_messages={"required": "Enter the person's name"})
    initials = forms.CharField(
        max_length=10,
        required=False,
        help_text="As papers write them, for example AF. Two people may share initials.",
    )
    title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    organisation = OrganisationChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not known",
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.gov.uk"},
    )

    def __init__(self, *args: Any, organisations, person: Person | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.active().order_by("name")
        self.fields["reason"] = reason_field(required=person is not None)

    def changes(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "reason"}
        data["name"] = " ".join(data["name"].split())
        return data


class InviteForm(forms.Form):
    """Invite someone by email; they set their own password from the link."""

    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address like name@example.gov.uk",
        },
    )
    first_name = forms.CharField(max_length=150, required=False, label="First name (optional)")
    last_name = forms.CharField(max_length=150, required=False, label="Last name (optional)")
    role = forms.ChoiceField(widget=forms.RadioSelect, choices=Role.choices, initial=Role.OFFICER)
    organisation = OrganisationChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the organisation they act for",
        help_text="Officers see and update this organisation's actions, and its teams'.",
    )

    def __init__(self, *args: Any, organisations, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.active().order_by("name")
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if can_invite_role(user, value)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.OFFICER and not data.get("organisation"):
            self.add_error("organisation", "Choose the organisation the officer acts for")
        return data


class DeactivateForm(forms.Form):
    reason = reason_field()
