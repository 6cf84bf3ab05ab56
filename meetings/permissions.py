"""Who may change committees, meetings, minutes and update rounds.

The clerks of a committee's partnership (and administrators) manage it; ``by=SYSTEM`` (the
product itself: commands, the demo loader) passes. Reading is decided by ``visible_to``
(meetings/scoping.py).
"""

from __future__ import annotations

from partnership.models import Partnership, User
from partnership.permissions import Actor
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
