"""Account forms with error messages in the GOV.UK style ("Enter your current password")."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm

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


class InvitationSetPasswordForm(AccountSetPasswordForm):
    """Set your first password from an invitation."""

    reason = "Password set from an invitation"
