"""Saved views shared with a partnership or an organisation: who may share where, and the lists
Find and the dashboard show."""

from __future__ import annotations

from typing import Any

from partnership.models import Organisation, Partnership
from recommendations.models import SavedView


def share_choices(user: Any) -> list[tuple[str, str]]:
    """(value, words) for the "Share with" radios: only me, each partnership the user works in,
    their own organisation."""
    choices = [("", "Only me")]
    for partnership in Partnership.objects.visible_to(user).order_by("name"):
        choices.append((f"partnership:{partnership.pk}", f"Everyone in {partnership.name}"))
    if getattr(user, "organisation_id", None):
        choices.append((f"organisation:{user.organisation_id}", f"Everyone in {user.organisation}"))
    return choices


def share_target(user: Any, value: str) -> tuple[Partnership | None, Organisation | None]:
    """The partnership or organisation a "Share with" answer names, if the user may share
    there (anything else means only me)."""
    if value not in {v for v, _ in share_choices(user)} or not value:
        return None, None
    kind, _, pk = value.partition(":")
    if kind == "partnership":
        return Partnership.objects.get(pk=int(pk)), None
    return None, Organisation.objects.get(pk=int(pk))


def saved_views_context(user: Any) -> dict[str, Any]:
    """The user's own views and the views others shared with them."""
    views = list(SavedView.objects.visible_to(user))
    return {
        "saved_views": [v for v in views if v.user_id == user.pk],
        "shared_views": [v for v in views if v.user_id != user.pk],
        "share_choices": share_choices(user),
    }
