"""Writes to the directory: partnerships, organisations, people and user accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from partnership.access import forget
from partnership.audit import (
    audited_save,
    audited_update,
    history_paused,
    record_history,
    save_with_m2m,
    set_m2m,
)
from partnership.models import Organisation, Partnership, Person, Role, User
from partnership.permissions import (
    Actor,
    can_manage_accounts,
    is_system,
    require_invite_role,
    require_manage_accounts,
    require_manage_directory,
)


@transaction.atomic
def partnership_create(
    *, name: str, by: Actor, reason: str, members: Iterable[Organisation] = (), **fields: Any
) -> Partnership:
    """Create a partnership and record its member organisations in one history row."""
    require_manage_accounts(by)
    partnership = Partnership(name=name.strip(), **fields)
    partnership.full_clean()
    save_with_m2m(partnership, m2m={"members": members}, by=by, reason=reason)
    return partnership


def _require_partnerships(by: Actor, partnerships: list[Partnership]) -> None:
    """Administrators place accounts in any partnership; clerks only in their own."""
    if is_system(by) or not partnerships or can_manage_accounts(by):
        return
    own = Partnership.objects.visible_to(by).filter(pk__in=[p.pk for p in partnerships])
    if own.count() != len({p.pk for p in partnerships}):
        raise PermissionDenied("Only administrators can add people to another partnership.")


@transaction.atomic
def partnership_add_members(
    *, partnership: Partnership, organisations: Iterable[Organisation], by: Actor, reason: str
) -> Partnership:
    """Add member organisations (one history row for the whole change)."""
    require_manage_directory(by)
    _require_partnerships(by, [partnership])
    wanted = {org.pk for org in organisations} - set(
        partnership.members.values_list("pk", flat=True)
    )
    if wanted:
        with history_paused(partnership):
            partnership.members.add(*wanted)
        record_history(partnership, by=by, reason=reason, created=False)
    return partnership


@transaction.atomic
def organisation_create(*, name: str, by: Actor, reason: str, **fields: Any) -> Organisation:
    """Add an organisation (lead agency) to the directory."""
    require_manage_directory(by)
    organisation = Organisation(name=name.strip(), **fields)
    organisation.full_clean()
    return audited_save(organisation, by=by, reason=reason)


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: Actor, reason: str, **changes: Any
) -> Organisation:
    """Rename, re-parent, re-alias, deactivate or reactivate an organisation."""
    require_manage_directory(by)
    if changes.get("parent") is not None:
        node = changes["parent"]
        while node is not None:
            if node.pk == organisation.pk:
                raise ValidationError({"parent": "An organisation cannot sit inside itself."})
            node = node.parent
    audited_update(organisation, by=by, reason=reason, changes=changes)
    return organisation


@transaction.atomic
def person_create(*, name: str, by: Actor, reason: str, **fields: Any) -> Person:
    """Add a person to the directory (initials may clash with someone else's)."""
    require_manage_directory(by)
    person = Person(name=name.strip(), **fields)
    person.full_clean()
    return audited_save(person, by=by, reason=reason)


@transaction.atomic
def person_update(*, person: Person, by: Actor, reason: str, **changes: Any) -> Person:
    """Change a person's name, initials, title or organisation."""
    require_manage_directory(by)
    audited_update(person, by=by, reason=reason, changes=changes)
    return person


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    by: Actor,
    reason: str,
    organisation: Organisation | None = None,
    partnerships: Iterable[Partnership] = (),
    **fields: Any,
) -> User:
    """Create a sign-in account with one role (officers need an organisation).

    ``partnerships`` names those the user serves beyond their organisation's (clerks and
    managers who serve several); recorded on the same history row."""
    require_invite_role(by, role)
    partnerships = list(partnerships)
    _require_partnerships(by, partnerships)
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}"})
    if role == Role.OFFICER and organisation is None:
        raise ValidationError({"organisation": "An officer must belong to an organisation."})
    user = User(username=username, role=role, organisation=organisation, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    save_with_m2m(user, m2m={"partnerships": partnerships}, by=by, reason=reason)
    return user


@transaction.atomic
def user_update(*, user: User, by: Actor, reason: str, **changes: Any) -> User:
    """Change a user's role, organisation, partnerships or details (passwords go through
    Django's forms)."""
    partnerships = changes.pop("partnerships", None)
    require_invite_role(by, changes.get("role", user.role))
    require_invite_role(by, user.role)
    if partnerships is not None:
        partnerships = list(partnerships)
        _require_partnerships(by, partnerships)
    if "password" in changes:
        raise ValidationError("Set passwords with set_password, not user_update.")
    role = changes.get("role", user.role)
    organisation = changes.get("organisation", user.organisation)
    if role == Role.OFFICER and organisation is None:
        raise ValidationError({"organisation": "An officer must belong to an organisation."})
    with history_paused(user):
        changed = audited_update(
            user, by=by, reason=reason, changes=changes, validate_exclude=["password"]
        )
    if partnerships is not None:
        changed |= set_m2m(user, "partnerships", partnerships)
    if changed:
        record_history(user, by=by, reason=reason, created=False)
    forget(user)
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: Actor, reason: str) -> User:
    """Stop an account signing in; it is kept (never deleted) so its history still names it."""
    if by == user:
        raise ValidationError("You cannot deactivate your own account.")
    return user_update(user=user, by=by, reason=reason, is_active=False)


@transaction.atomic
def user_reactivate(*, user: User, by: Actor, reason: str) -> User:
    """Let a deactivated account sign in again."""
    return user_update(user=user, by=by, reason=reason, is_active=True)


@transaction.atomic
def user_invite(
    *,
    email: str,
    role: str,
    by: Actor,
    reason: str,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    partnerships: Iterable[Partnership] = (),
) -> User:
    """Create an account for ``email`` with no password yet; they set it from an invitation.

    ``partnerships`` are those the new account serves beyond its organisation's memberships."""
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists() or (
        User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError({"email": f"There is already an account for {email}"})
    return user_create(
        username=email,
        email=email,
        password=None,
        role=role,
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=role == Role.ADMIN,
        partnerships=partnerships,
        by=by,
        reason=reason,
    )
