"""Admin for the directory, plus the audited admin base every app's admin uses.

Every admin change form asks for a reason, which goes on the history row with the signed-in user.
Bulk deletion is switched off: a queryset delete would bypass the reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from partnership.models import Organisation, Partnership, Person, User


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=500,
        help_text="Recorded in the history with your name.",
        widget=forms.TextInput(attrs={"size": 80}),
    )


class AuditedAdmin(SimpleHistoryAdmin):
    """Admin that records who and why on every save, and never bulk-deletes."""

    form = ReasonForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "change_reason" not in form.base_fields:
            form.base_fields["change_reason"] = ReasonForm.base_fields["change_reason"]
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = [f for _, opts in fieldsets for f in opts.get("fields", ())]
        if "change_reason" not in names:
            fieldsets = [*fieldsets, ("Audit", {"fields": ["change_reason"]})]
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        obj._change_reason = form.cleaned_data["change_reason"]
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        obj._history_user = request.user
        obj._change_reason = "Deleted in the admin"
        super().delete_model(request, obj)


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "abbreviation", "kind", "parent"]
    list_filter = ["kind", "partnerships"]
    search_fields = ["name", "abbreviation", "aliases"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # leads are deactivated, never deleted (see partnership/backstops.py)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "initials", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "initials", "title"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # leads are deactivated, never deleted (see partnership/backstops.py)


@admin.register(User)
class PartnershipUserAdmin(AuditedAdmin, UserAdmin):
    form = UserAdmin.form
    add_form = UserAdmin.add_form
    list_display = ["username", "get_full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Partnership", {"fields": ["role", "organisation", "person"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Partnership", {"fields": ["role", "organisation"]}),
    ]
    autocomplete_fields = ["organisation", "person"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated, never deleted: their name stays on every history row they wrote
        # (and the history tables refuse the UPDATE a deletion would need).
        return False

    def get_form(self, request, obj=None, change=False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields.setdefault("change_reason", ReasonForm.base_fields["change_reason"])
        return form
