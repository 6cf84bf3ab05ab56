"""Who may change which plans and actions, and who may export them.

Reading is decided once per model by ``visible_to`` (recommendations/scoping.py); these rules
decide writes and exports. Officers change only actions led by their organisation or a team
inside it (directly, or through a lead person who works there), inside the partnerships they work
in. Clerks change every action of their partnerships and configure their plans and imports;
administrators everything. Managers read; they change nothing. Views and services both ask these
functions; ``by=SYSTEM`` (the product itself) passes every ``require_*`` that takes an actor.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from partnership.access import is_active_user, organisation_and_descendants, partnership_ids
from partnership.models import Partnership, User
from partnership.permissions import Actor, is_system, require_actor
from recommendations.markings import Marking
from recommendations.models import CLOSING_LIFECYCLES, ActionPlan, Recommendation, StatusLabel
from recommendations.scoping import is_partnership_staff


def officer_organisation_ids(user: User) -> set[int]:
    """The user's organisation and every team beneath it (empty for users without one)."""
    return organisation_and_descendants(user)


def is_led_by_users_organisation(user: User, recommendation: Recommendation) -> bool:
    ids = officer_organisation_ids(user)
    if not ids:
        return False
    if any(org.pk in ids for org in recommendation.lead_organisations.all()):
        return True
    return any(person.organisation_id in ids for person in recommendation.lead_people.all())


def works_in(user: User, partnership_id: int | None) -> bool:
    """True when ``user`` works in the partnership (administrators work in all)."""
    return is_active_user(user) and (user.is_admin_role or partnership_id in partnership_ids(user))


def can_edit_recommendation(user: User, recommendation: Recommendation) -> bool:
    if not is_active_user(user):
        return False
    if user.is_admin_role:
        return True
    if not works_in(user, recommendation.plan.partnership_id):
        return False
    if user.is_clerk:
        return True
    if user.is_officer:
        return is_led_by_users_organisation(user, recommendation)
    return False


def require_edit(user: Actor, recommendation: Recommendation) -> None:
    require_actor(user)
    if is_system(user):
        return
    if not can_edit_recommendation(user, recommendation):
        raise PermissionDenied("You can only update actions led by your organisation.")


def can_manage_plans(user: User) -> bool:
    """Clerks and administrators configure plans and import (somewhere)."""
    return is_active_user(user) and user.can_import


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


def can_manage_partnership(user: User, partnership: Partnership | int | None) -> bool:
    """Clerks of this partnership, and administrators."""
    partnership_id = partnership.pk if isinstance(partnership, Partnership) else partnership
    return can_manage_plans(user) and works_in(user, partnership_id)


def require_manage_partnership(by: Actor, partnership: Partnership | int | None) -> None:
    require_actor(by)
    if is_system(by):
        return
    if not can_manage_partnership(by, partnership):
        raise PermissionDenied(
            "Only the partnership's committee clerks and administrators can do this."
        )


def can_manage_plan(user: User, plan: ActionPlan) -> bool:
    return can_manage_partnership(user, plan.partnership_id)


def require_manage_plan(by: Actor, plan: ActionPlan) -> None:
    require_manage_partnership(by, plan.partnership_id)


def can_export_plan(user: User, plan: ActionPlan) -> bool:
    """Bulk export of an OFFICIAL-SENSITIVE plan is for its partnership's clerks and managers
    (and administrators); other plans for everyone who may read them."""
    if not Marking.is_sensitive(plan.marking):
        return is_active_user(user)
    return is_active_user(user) and (
        user.is_admin_role or (is_partnership_staff(user) and works_in(user, plan.partnership_id))
    )


def require_export_plan(user: User, plan: ActionPlan) -> None:
    if not can_export_plan(user, plan):
        raise PermissionDenied(
            f"{plan.name} is {plan.marking}: only the partnership's clerks and managers can "
            "export it."
        )


def require_manage_import_mapping(by: Actor, partnership: Partnership | int | None) -> None:
    """Saved import mappings are saved, used and deleted by the partnership's clerks and
    administrators, like the imports they serve; officers and managers never."""
    require_manage_partnership(by, partnership)
