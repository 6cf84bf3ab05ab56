"""Invitations: a signed, expiring, one-time link with which a new user sets their own password.

The link is Django's password-reset token with its own salt, so a reset link cannot be used as
an invitation or the other way round. It expires after ``PASSWORD_RESET_TIMEOUT`` (three days by
default) and stops working once a password has been set (the token hashes the password).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnership.models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "partnership.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of the set-your-password page for ``user`` (a fresh token each call)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation-accept", args=[uidb64, invitation_tokens.make_token(user)])


def invitation_days() -> int:
    """How many days an invitation link works for."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def invitation_send(*, user: User, link: str, invited_by: str) -> None:
    """Email ``user`` their invitation, as plain text with an HTML part."""
    context = {"user": user, "link": link, "invited_by": invited_by, "days": invitation_days()}
    subject = " ".join(
        render_to_string("partnership/email/invitation_subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("partnership/email/invitation.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("partnership/email/invitation.html", context), "text/html"
    )
    message.send()
