"""Admin for the directory, plus the audited admin base every app's admin uses.

Every admin change form asks for a reason, which goes on the history row with the signed-in user.
Bulk deletion is switched off: a queryset delete would bypass the reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from partnership import services
from partnership.audit import audited_delete
from partnership.models import Organisation, Partnership, Person, User


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=500,
        help_text="Recorded in the history with your name.",
        widget=forms.TextInput(attrs={"size": 80}),
    )


class AuditedAdmin(SimpleHistoryAdmin):
    """Admin that writes through the app's services, with who and why, and never bulk-deletes.

    Each admin names its services by overriding :meth:`create` and :meth:`update`; a model whose
    admin overrides neither is read-only here (it is changed in the app, through its pages).
    """

    form = ReasonForm

    def create(self, request, fields: dict[str, Any], reason: str) -> Any:
        """Call the model's create service; returns the new object."""
        raise NotImplementedError

    def update(self, request, obj: Any, changes: dict[str, Any], reason: str) -> None:
        """Call the model's update service on ``obj`` (fresh from the database)."""
        raise NotImplementedError

    def _overrides(self, name: str) -> bool:
        return getattr(type(self), name) is not getattr(AuditedAdmin, name)

    def has_add_permission(self, request, *args: Any) -> bool:
        return self._overrides("create") and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._overrides("update") and super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "change_reason" not in form.base_fields:
            form.base_fields["change_reason"] = ReasonForm.base_fields["change_reason"]
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if not editable:  # a read-only view has no reason to give ("Change reason: None")
            return [
                (title, {**opts, "fields": [f for f in opts["fields"] if f != "change_reason"]})
                for title, opts in fieldsets
            ]
        names = [f for _, opts in fieldsets for f in opts.get("fields", ())]
        if "change_reason" not in names:
            fieldsets = [*fieldsets, ("Audit", {"fields": ["change_reason"]})]
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change) -> None:
        reason = form.cleaned_data["change_reason"]
        data = {name: value for name, value in form.cleaned_data.items() if name != "change_reason"}
        if change:
            fresh = type(obj).objects.get(pk=obj.pk)
            changes = {name: data[name] for name in form.changed_data if name in data}
            self.update(request, fresh, changes, reason)
        else:
            obj.pk = self.create(request, data, reason).pk

    def save_related(self, request, form, formsets, change) -> None:
        # Many-to-many fields were saved by the service above, in the same history row.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj) -> None:
        audited_delete(obj, by=request.user, reason="Deleted in the admin")


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]

    def create(self, request, fields, reason):
        return services.partnership_create(by=request.user, reason=reason, **fields)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "abbreviation", "kind", "parent"]
    list_filter = ["kind", "partnerships"]
    search_fields = ["name", "abbreviation", "aliases"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # leads are deactivated, never deleted (see partnership/backstops.py)

    def create(self, request, fields, reason):
        return services.organisation_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.organisation_update(organisation=obj, by=request.user, reason=reason, **changes)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "initials", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "initials", "title"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # leads are deactivated, never deleted (see partnership/backstops.py)

    def create(self, request, fields, reason):
        return services.person_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.person_update(person=obj, by=request.user, reason=reason, **changes)


class UserChangeWithReasonForm(UserChangeForm):
    change_reason = ReasonForm.base_fields["change_reason"]


class UserAddWithReasonForm(AdminUserCreationForm):
    change_reason = ReasonForm.base_fields["change_reason"]


@admin.register(User)
class PartnershipUserAdmin(AuditedAdmin, UserAdmin):
    """Accounts. Roles, not Django groups, decide what a user may do, so groups and per-user
    permissions are not offered; accounts are deactivated, never deleted."""

    form = UserChangeWithReasonForm
    add_form = UserAddWithReasonForm
    list_display = ["username", "get_full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Partnership", {"fields": ["role", "organisation", "person"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
        ("Audit", {"fields": ["change_reason"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Partnership", {"fields": ["role", "organisation"]}),
        ("Audit", {"fields": ["change_reason"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["organisation", "person"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated, never deleted: their name stays on every history row they wrote
        # (and the history tables refuse the UPDATE a deletion would need).
        return False

    def create(self, request, fields, reason):
        usable = fields.get("usable_password", "true") != "false"
        return services.user_create(
            username=fields["username"],
            password=fields.get("password1") if usable else None,
            role=fields["role"],
            organisation=fields.get("organisation"),
            by=request.user,
            reason=reason,
        )

    def update(self, request, obj, changes, reason):
        changes.pop("password", None)  # the change form only links to the password page
        services.user_update(user=obj, by=request.user, reason=reason, **changes)
