"""Who acts, and the directory's permission rules.

Every service that writes takes ``by``: the signed-in :class:`~partnership.models.User` who acts,
or :data:`SYSTEM` when the product itself acts (a management command, the demo loader, a scheduled
job). ``None`` is never an actor: forgetting to pass the user is an error, not a silent
escalation to "the system".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from partnership.models import User


class SystemActor:
    """The product acting on its own: recorded on history rows as "System" (no user)."""

    _instance: SystemActor | None = None

    def __new__(cls) -> SystemActor:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"

    def __bool__(self) -> bool:  # never mistaken for a signed-in user in an ``if by:``
        return False

    def display_name(self) -> str:
        return "System"


SYSTEM: Final = SystemActor()

Actor: TypeAlias = "User | SystemActor"


class MissingActorError(TypeError):
    """A service was called without saying who acts."""


def require_actor(by: object) -> None:
    """Refuse a write that does not say who acts (``by=None``, or anything but an actor)."""
    from partnership.models import User

    if by is SYSTEM or isinstance(by, User):
        return
    raise MissingActorError(
        f"Say who acts: pass the signed-in user, or partnership.permissions.SYSTEM for the "
        f"product itself (got {by!r})."
    )


def is_system(by: object) -> TypeIs[SystemActor]:
    return by is SYSTEM


def history_user(by: object) -> User | None:
    """The user to put on a history row (``None`` for the system)."""
    require_actor(by)
    return None if by is SYSTEM else by  # type: ignore[return-value]


def _refuse_unless(by: object, allowed: Callable[[User], bool], message: str) -> None:
    from django.core.exceptions import PermissionDenied

    require_actor(by)
    if not is_system(by) and not allowed(by):  # type: ignore[arg-type]
        raise PermissionDenied(message)


def can_manage_directory(user: User) -> bool:
    """Clerks and administrators add and correct organisations and people (imports do too)."""
    return bool(user.is_authenticated and user.is_active and user.can_import)


def require_manage_directory(by: Actor) -> None:
    _refuse_unless(
        by,
        can_manage_directory,
        "Only committee clerks and administrators can change the directory.",
    )


def can_manage_accounts(user: User) -> bool:
    """Partnerships, their members and sign-in accounts are the administrator's."""
    return bool(user.is_authenticated and user.is_active and user.is_admin_role)


def require_manage_accounts(by: Actor) -> None:
    _refuse_unless(
        by, can_manage_accounts, "Only administrators can change partnerships and accounts."
    )


def can_invite_role(user: object, role: str) -> bool:
    """Clerks invite officers; administrators invite anyone."""
    from partnership.models import Role, User

    if not isinstance(user, User) or not can_manage_directory(user):
        return False
    return role == Role.OFFICER or user.is_admin_role


def require_invite_role(by: Actor, role: str) -> None:
    _refuse_unless(
        by,
        lambda user: can_invite_role(user, role),
        "Only administrators can invite clerks, managers or administrators.",
    )
