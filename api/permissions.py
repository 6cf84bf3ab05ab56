"""Who may create and revoke API tokens."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from partnership.access import is_active_user
from partnership.permissions import Actor, is_system, require_actor

# A person keeps a handful of tokens (one per report or tool); more is a sign of trouble.
MAX_ACTIVE_TOKENS = 10


def can_create_token(by: Actor, user: Any) -> bool:
    """People create tokens for themselves only (an administrator cannot mint one for another:
    it would read as that person)."""
    return not is_system(by) and is_active_user(by) and by.pk == user.pk


def require_create_token(by: Actor, user: Any) -> None:
    require_actor(by)
    if not can_create_token(by, user):
        raise PermissionDenied("You can only create API tokens for yourself.")


def can_revoke_token(by: Actor, token: Any) -> bool:
    """The owner revokes their token; an administrator may revoke anyone's (someone leaving);
    the system may (a deactivated account)."""
    if is_system(by):
        return True
    return is_active_user(by) and (by.pk == token.user_id or by.is_admin_role)


def require_revoke_token(by: Actor, token: Any) -> None:
    require_actor(by)
    if not can_revoke_token(by, token):
        raise PermissionDenied("You can only revoke your own API tokens.")
