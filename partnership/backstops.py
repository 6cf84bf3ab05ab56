"""Backstops for the audit trail: writes that would leave no history are refused.

The services are the only way data changes; these receivers close the doors Django itself leaves
open (``loaddata``'s raw saves, deleting a lead agency or a person out from under the actions they
lead). The database triggers in :mod:`partnership.history_guard` are the last line.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import ProtectedError

from partnership.audit import AuditBypassError


def _audited(model: type) -> bool:
    return hasattr(model, "_history_records") or model.__name__.startswith("Historical")


def refuse_fixture_writes(sender, instance, raw: bool = False, **kwargs) -> None:
    """``loaddata`` saves rows raw, with no history: refuse it for audited and history tables."""
    if raw and _audited(sender) and not getattr(settings, "AUDIT_ALLOW_FIXTURES", False):
        raise AuditBypassError(
            f"Fixtures cannot write {sender._meta.label}: it is audited. Create the data through "
            "the services (a management command) so every row has its history."
        )


def refuse_lead_deletion(sender, instance, **kwargs) -> None:
    """An organisation or person who leads actions cannot be deleted: deleting would remove them
    as lead from each action with no history row (and change who may edit it). Deactivate them
    instead."""
    from partnership.models import Organisation, Person

    if sender not in (Organisation, Person):
        return
    led = list(instance.recommendations.values_list("pk", flat=True)[:5])
    if led:
        raise ProtectedError(
            f"{instance} leads actions (for example #{', #'.join(map(str, led))}) and cannot be "
            "deleted: deactivate them, or re-assign the actions first.",
            set(),
        )
