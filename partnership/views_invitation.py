"""The page an invitation links to: the invitee sets their own password, then signs in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from partnership.forms import InvitationSetPasswordForm
from partnership.invitations import invitation_tokens


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    form_class = InvitationSetPasswordForm
    token_generator = invitation_tokens
    template_name = "partnership/invitation_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, f"Your password is set. Sign in as {form.user.get_username()}."
        )
        return response
