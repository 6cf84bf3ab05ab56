"""Who may read and change which actions.

Officers change only actions led by their organisation or a team inside it (directly, or through a
lead person who works there). Clerks and managers read everything; clerks and administrators
configure plans and import. Views and services both ask these functions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnership.models import Organisation, User
from partnership.permissions import is_system, require_actor
from recommendations.models import CLOSING_LIFECYCLES, Recommendation, StatusLabel


def officer_organisation_ids(user: User) -> set[int]:
    """The user's organisation and every team beneath it (empty for users without one)."""
    if not user.organisation_id:
        return set()
    cached = getattr(user, "_org_ids_cache", None)
    if cached is None:
        cached = Organisation.objects.with_descendant_ids([user.organisation_id])
        user._org_ids_cache = cached  # type: ignore[attr-defined]
    return cached


def is_led_by_users_organisation(user: User, recommendation: Recommendation) -> bool:
    ids = officer_organisation_ids(user)
    if not ids:
        return False
    if any(org.pk in ids for org in recommendation.lead_organisations.all()):
        return True
    return any(person.organisation_id in ids for person in recommendation.lead_people.all())


def can_view_recommendation(user: User, recommendation: Recommendation) -> bool:
    # Everyone signed in reads the partnership's plans: officers need the context of other
    # agencies' actions; they may only change their own.
    return user.is_authenticated and user.is_active


def can_edit_recommendation(user: User, recommendation: Recommendation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_role or user.is_clerk:
        return True
    if user.is_officer:
        return is_led_by_users_organisation(user, recommendation)
    return False


def require_edit(user: User, recommendation: Recommendation) -> None:
    require_actor(user)
    if not can_edit_recommendation(user, recommendation):
        raise PermissionDenied("You can only update actions led by your organisation.")


def can_manage_plans(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.can_import


def require_manage_plans(user: User) -> None:
    require_actor(user)
    if not can_manage_plans(user):
        raise PermissionDenied("Only committee clerks and administrators can do this.")


def can_agree_closure(user: User) -> bool:
    """Clerks (for the committee) and administrators agree a proposed closure."""
    return user.is_authenticated and user.is_active and (user.is_clerk or user.is_admin_role)


def require_agree_closure(user: User) -> None:
    require_actor(user)
    if not can_agree_closure(user):
        raise PermissionDenied("Only committee clerks and administrators can agree a closure.")


def closure_needs_agreement(user, recommendation: Recommendation, status: StatusLabel) -> bool:
    """True when ``user`` choosing ``status`` can only propose it: the plan needs closure agreed,
    the status closes the action, and the user cannot agree closures (imports, ``SYSTEM``,
    record the paper as it stands)."""
    if (
        status.lifecycle not in CLOSING_LIFECYCLES
        or not recommendation.plan.requires_closure_agreement
    ):
        return False
    return not (is_system(user) or can_agree_closure(user))
