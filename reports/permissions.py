"""Who may prepare, download and issue the committee appendix, and read the export log.

The appendix prints whole plans, so it is for the clerks, managers and administrators who read
those plans in full (``ActionPlan.objects.readable_by``); issuing a paper to a committee is the
clerk's act. The export log is the administrators' (information governance).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from partnership.access import is_active_user, sees_everything
from partnership.models import User
from partnership.permissions import require_actor
from recommendations.models import ActionPlan


def can_export_appendix(user: User) -> bool:
    """Clerks, managers and administrators; officers are refused (the paper is the clerk's)."""
    return is_active_user(user) and user.can_read_everything


def require_export_appendix(user: User) -> None:
    require_actor(user)
    if not can_export_appendix(user):
        raise PermissionDenied("Only committee clerks, managers and administrators can do this.")


def can_issue_appendix(user: User) -> bool:
    """Issuing a paper to a committee is the clerk's act (administrators may stand in)."""
    return is_active_user(user) and (user.is_clerk or user.is_admin_role)


def require_issue_appendix(user: User) -> None:
    require_actor(user)
    if not can_issue_appendix(user):
        raise PermissionDenied("Only committee clerks and administrators can issue an appendix.")


def require_reads_plans(user: User, plan_ids: Iterable[int]) -> None:
    """Refuse an appendix of any plan the user does not read in full."""
    wanted = set(plan_ids)
    readable = set(
        ActionPlan.objects.readable_by(user).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    if wanted - readable:
        raise PermissionDenied("You cannot print a plan you cannot read.")


def can_read_export_log(user: User) -> bool:
    return sees_everything(user)
