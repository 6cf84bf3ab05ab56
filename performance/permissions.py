"""Who may change the performance dashboard.

* Clerks and administrators import dashboards, set an outcome's RAG by hand, change an
  indicator's settings and issue the appendix.
* The responsible officer (an officer of the indicator's responsible organisation, or of a team
  beneath it) enters a new period's value; clerks and administrators may too.
* Managers read everything and print the appendix, but change nothing.
The system actor (imports from the command line, the demo) may do everything.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from partnership.access import is_active_user, organisation_and_ancestors
from partnership.permissions import is_system, require_actor
from performance.models import Indicator


def can_manage_dashboard(user: Any) -> bool:
    return is_active_user(user) and (user.is_clerk or user.is_admin_role)


def require_manage_dashboard(by: Any) -> None:
    require_actor(by)
    if not is_system(by) and not can_manage_dashboard(by):
        raise PermissionDenied("Only committee clerks and administrators can change a dashboard.")


def can_print_dashboard(user: Any) -> bool:
    """The appendix PDF: clerks, managers and administrators."""
    return is_active_user(user) and user.can_read_everything


def require_print_dashboard(by: Any) -> None:
    require_actor(by)
    if not is_system(by) and not can_print_dashboard(by):
        raise PermissionDenied("Only committee clerks, managers and administrators can do this.")


def can_enter_value(user: Any, indicator: Indicator) -> bool:
    """The responsible officer, and clerks and administrators."""
    if can_manage_dashboard(user):
        return True
    if not (is_active_user(user) and user.is_officer):
        return False
    responsible = indicator.responsible_organisation_id
    return responsible is not None and responsible in organisation_and_ancestors(user)


def require_enter_value(by: Any, indicator: Indicator) -> None:
    require_actor(by)
    if not is_system(by) and not can_enter_value(by, indicator):
        raise PermissionDenied(
            "Only an officer of the organisation responsible for this indicator, or a clerk, "
            "can enter its values."
        )
