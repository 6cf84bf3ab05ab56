"""Writes to people's email preferences and partnerships' sending addresses (audited).

The notification triggers live beside their subject: ``rounds`` (update rounds), ``people``
(digests, new leads, closure), recorded through ``queue`` and sent by ``delivery``.
"""

from __future__ import annotations

from django.db import transaction

from notifications.models import PartnershipEmail, Preference
from notifications.permissions import require_change_preferences
from partnership.audit import audited_save
from partnership.models import Partnership, User
from partnership.permissions import Actor, is_system, require_actor
from recommendations.permissions import require_manage_plans


def preference_for(user: User) -> Preference:
    """The user's preferences (defaults, unsaved, when they never chose)."""
    found = Preference.objects.filter(user=user).first()
    return found or Preference(user=user)


@transaction.atomic
def preference_update(*, user: User, by: Actor, reason: str, **choices: bool) -> Preference:
    require_change_preferences(by, user)
    preference = Preference.objects.select_for_update().filter(user=user).first()
    preference = preference or Preference(user=user)
    changed = preference.pk is None
    for name, value in choices.items():
        if name not in {"overdue_digest", "assignment_notices"}:
            raise ValueError(f"Unknown preference {name!r}")
        changed = changed or getattr(preference, name) != value
        setattr(preference, name, value)
    if changed:
        audited_save(preference, by=by, reason=reason)
    return preference


@transaction.atomic
def partnership_email_set(
    *, partnership: Partnership, from_address: str, by: Actor, reason: str, **fields: str
) -> PartnershipEmail:
    """Set the address a partnership's notifications come from."""
    require_actor(by)
    if not is_system(by):
        require_manage_plans(by)
    own = PartnershipEmail.objects.filter(partnership=partnership).first()
    own = own or PartnershipEmail(partnership=partnership)
    own.from_address = from_address
    for name, value in fields.items():
        setattr(own, name, value)
    own.full_clean()
    return audited_save(own, by=by, reason=reason)
