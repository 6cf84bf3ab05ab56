"""Account forms with error messages in the GOV.UK style ("Enter your current password")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError

MESSAGES = {
    "old_password": "Enter your current password",
    "new_password1": "Enter a new password",
    "new_password2": "Enter your new password again",
}


def _word_the_errors(form) -> None:
    for name, message in MESSAGES.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


class AccountSetPasswordForm(SetPasswordForm):
    """Set a new password from a reset link; the history row says so (never the password)."""

    reason = "Password reset by email link"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _word_the_errors(self)

    def save(self, commit: bool = True):
        self.user._history_user = self.user
        self.user._change_reason = self.reason
        try:
            return super().save(commit=commit)
        finally:
            del self.user._history_user, self.user._change_reason


class AccountPasswordChangeForm(AccountSetPasswordForm, PasswordChangeForm):
    """Change your own password, knowing the current one."""

    reason = "Password changed by its owner"


MAX_DATABASE_ID = 2**63 - 1


def _is_database_id(value: object) -> bool:
    try:
        return 1 <= int(str(value)) <= MAX_DATABASE_ID
    except ValueError:
        return False


class IdModelChoiceField(forms.ModelChoiceField):
    """A choice of one object by id that refuses an id no database holds (a 20-digit value would
    overflow SQLite's integers and fail the page) with the field's own "choose" message."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_database_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects by id, with the same guard as :class:`IdModelChoiceField`."""

    def _check_values(self, value):
        for item in value or ():
            if not _is_database_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class InvitationSetPasswordForm(AccountSetPasswordForm):
    """Set your first password from an invitation."""

    reason = "Password set from an invitation"


class WrittenTextField(forms.CharField):
    """Text a person types into a box, counted as the browser counts it and refused in words
    that name the box.

    A browser sends each line break as two characters (CR LF) but counts it as one against the
    box's ``maxlength``: a 70-line note the page accepted at 4,970 characters arrived as 5,037
    and was refused with Django's "Ensure this value has at most 5000 characters", naming no
    field. Line breaks are kept as one character each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            label = str(self.label or "This").removesuffix("(optional)").strip()
            self.error_messages["max_length"] = (
                f"{label} must be {self.max_length:,} characters or fewer (it has %(show_value)s)"
            )

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)
