"""Who may record, correct and confirm committee papers.

``can_*`` returns a bool for views and templates; ``require_*`` raises ``PermissionDenied`` and is
called inside every service that writes. ``by=SYSTEM`` (commands, the demo loader) may act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnership.permissions import Actor, is_system, require_actor
from recommendations.permissions import can_manage_plans


def can_correct_meeting_records(user: Actor) -> bool:
    """Clerks and administrators record and correct agendas, attendance and minutes."""
    return is_system(user) or can_manage_plans(user)


def require_correct_meeting_records(user: Actor) -> None:
    require_actor(user)
    if not can_correct_meeting_records(user):
        raise PermissionDenied(
            "Only committee clerks and administrators can change meeting records."
        )


def can_confirm_minutes(user: Actor) -> bool:
    """Recording that minutes were confirmed (and freezing them) is the clerk's act."""
    return can_correct_meeting_records(user)


def require_confirm_minutes(user: Actor) -> None:
    require_actor(user)
    if not can_confirm_minutes(user):
        raise PermissionDenied("Only committee clerks and administrators can confirm minutes.")
