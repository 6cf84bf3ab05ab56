"""Who may change committees, meetings, minutes and update rounds, and record, correct and
confirm committee papers.

``can_*`` returns a bool for views and templates; ``require_*`` raises ``PermissionDenied`` and is
called inside every service that writes. The clerks of a committee's partnership (and
administrators) manage it; ``by=SYSTEM`` (the product itself: commands, the demo loader) passes.
Reading is decided by ``visible_to`` (meetings/scoping.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnership.models import Partnership, User
from partnership.permissions import Actor, is_system, require_actor
from recommendations.permissions import (
    can_manage_partnership,
    can_manage_plans,
    require_manage_partnership,
)


def can_manage_meetings(user: User) -> bool:
    """Clerks and administrators manage meetings (in their partnerships)."""
    return can_manage_plans(user)


def can_manage_committees_of(user: User, partnership: Partnership | int | None) -> bool:
    return can_manage_partnership(user, partnership)


def require_manage_committees_of(by: Actor, partnership: Partnership | int | None) -> None:
    """Refuse anyone but the partnership's clerks and administrators (or the system)."""
    require_manage_partnership(by, partnership)


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
