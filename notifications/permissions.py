"""Who may send reminders, read a round's outbox and change email preferences."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnership.models import User
from partnership.permissions import Actor, is_system, require_actor
from recommendations.permissions import can_manage_plans


def can_send_reminders(user: User) -> bool:
    """Clerks and administrators chase officers (the people who run update rounds)."""
    return can_manage_plans(user)


def require_send_reminders(by: Actor) -> None:
    require_actor(by)
    if not is_system(by) and not can_send_reminders(by):
        raise PermissionDenied("Only committee clerks and administrators can send reminders.")


def can_read_outbox(user: User) -> bool:
    return can_manage_plans(user)


def require_read_outbox(user: User) -> None:
    if not can_read_outbox(user):
        raise PermissionDenied("Only committee clerks and administrators can see the outbox.")


def require_change_preferences(by: Actor, user: User) -> None:
    """People change their own preferences; administrators may change anyone's."""
    require_actor(by)
    if is_system(by) or by.pk == user.pk or by.is_admin_role:
        return
    raise PermissionDenied("You can only change your own email preferences.")
