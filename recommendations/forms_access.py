"""The access list of a need-to-know plan: organisations, people, listed or not, and why."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from partnership.models import Organisation, User
from recommendations.models import ActionPlan


class PlanAccessForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Organisations who read this plan",
        help_text="Everyone in the organisation reads the plan, teams within it included.",
    )
    users = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People who read this plan",
        help_text="The partnership's clerks and managers always read it; officers always read "
        "the actions their organisation leads.",
    )
    listed = forms.BooleanField(
        required=False,
        label="Show this plan's name in the plan list to everyone in the partnership",
        help_text="They see only its name and marking, never its actions.",
    )
    reason = forms.CharField(
        label="Why are you changing who can read it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you are changing who can read this plan"},
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "organisations": list(plan.access_organisations.all()),
                "users": list(plan.access_users.all()),
                "listed": plan.listed,
            },
        )
        super().__init__(*args, **kwargs)
        members = plan.partnership.members.all()
        self.fields["organisations"].queryset = members.order_by("name")
        ids = Organisation.objects.with_descendant_ids(list(members.values_list("pk", flat=True)))
        self.fields["users"].queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(organisation_id__in=ids) | Q(partnerships=plan.partnership))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["users"].label_from_instance = _user_label


def _user_label(user: User) -> str:
    where = f", {user.organisation.name}" if user.organisation_id else ""
    return f"{user.display_name()} ({user.get_role_display()}{where})"
