"""Which partnerships a user works in: the one rule every ``visible_to`` builds on.

A user works in a partnership when their organisation, or an organisation above it (a council
above its housing team), is one of the partnership's member organisations, or when they are named
on it explicitly (``User.partnerships``: clerks and managers who serve several). An installation
administrator sees every partnership. Inactive and anonymous users see nothing.

The answers are kept on the user object for the request, so a page pays for them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_everything(user: Any) -> bool:
    """Installation administrators read every partnership (docs/security.md)."""
    return is_active_user(user) and user.is_admin_role


def organisation_parents(user: Any) -> dict[int, int | None]:
    """{organisation id: parent id} for the whole directory, read once per request."""
    cached = getattr(user, "_org_parents", None)
    if cached is None:
        from partnership.models import Organisation

        cached = dict(Organisation.objects.values_list("pk", "parent_id"))
        user._org_parents = cached
    return cached


def descendants(parents: dict[int, int | None], root_ids: Iterable[int]) -> set[int]:
    """These organisations and every team beneath them."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in parents.items():
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(root_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def organisation_and_ancestors(user: Any) -> set[int]:
    """The user's organisation and every organisation above it (empty without one)."""
    if not is_active_user(user) or not user.organisation_id:
        return set()
    cached = getattr(user, "_org_and_ancestor_ids", None)
    if cached is None:
        parents = organisation_parents(user)
        cached, node = set(), user.organisation_id
        while node is not None and node not in cached:
            cached.add(node)
            node = parents.get(node)
        user._org_and_ancestor_ids = cached
    return cached


def organisation_and_descendants(user: Any) -> set[int]:
    """The user's organisation and every team beneath it (empty without one)."""
    if not is_active_user(user) or not user.organisation_id:
        return set()
    cached = getattr(user, "_org_ids_cache", None)
    if cached is None:
        cached = descendants(organisation_parents(user), [user.organisation_id])
        user._org_ids_cache = cached
    return cached


def partnership_ids(user: Any) -> set[int]:
    """The partnerships ``user`` works in (every one for an administrator)."""
    if not is_active_user(user):
        return set()
    cached = getattr(user, "_partnership_ids", None)
    if cached is None:
        from django.db.models import Q

        from partnership.models import Partnership

        if sees_everything(user):
            query = Partnership.objects.all()
        else:
            query = Partnership.objects.filter(
                Q(members__in=organisation_and_ancestors(user)) | Q(staff=user)
            )
        cached = set(query.values_list("pk", flat=True))
        user._partnership_ids = cached
    return cached


def forget(user: Any) -> None:
    """Drop what was worked out for ``user`` (after their memberships change)."""
    names = ("_org_parents", "_org_and_ancestor_ids", "_partnership_ids", "_org_ids_cache")
    for name in (*names, "_visible_org_ids"):
        if hasattr(user, name):
            delattr(user, name)
