"""Closure agreed: the lead proposes Complete, Closed or Withdrawn; a clerk or the committee agrees.

Plans choose whether closure needs agreement (``ActionPlan.requires_closure_agreement``; on by
default for case reviews and strategies). An officer's closing status on such a plan becomes
"Proposed for closure" inside ``recommendation_update``; these services are the other steps, and
the points other features (email) call. Every step is one history row with who and why.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.people import notify_closure_agreed
from partnership.permissions import Actor
from recommendations.models import CLOSING_LIFECYCLES, Recommendation, StatusLabel
from recommendations.permissions import require_agree_closure, require_edit
from recommendations.services import (
    ConcurrentEditError,
    changes_since,
    recommendation_save_change,
    recommendation_update,
)


def closure_propose(
    *,
    recommendation: Recommendation,
    status: StatusLabel,
    evidence: str,
    by: Actor,
    expected_version: int | None = None,
) -> Recommendation:
    """The lead proposes closing an action as ``status``, with the evidence as a progress note."""
    require_edit(by, recommendation)
    if status.lifecycle not in CLOSING_LIFECYCLES:
        raise ValidationError({"status": f"“{status.name}” does not close an action."})
    if not evidence.strip():
        raise ValidationError({"progress_note": "Enter the evidence that the action is done"})
    return recommendation_update(
        recommendation=recommendation,
        by=by,
        reason=evidence,
        changes={"status": status},
        expected_version=expected_version,
        progress_note=evidence,
    )


def _locked(recommendation: Recommendation, expected_version: int | None) -> Recommendation:
    # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if expected_version is not None and rec.version != expected_version:
        raise ConcurrentEditError(rec, changes_since(rec, expected_version))
    if rec.proposed_status_id is None:
        raise ValidationError("This action has not been proposed for closure.")
    return rec


@transaction.atomic
def closure_agree(
    *,
    recommendation: Recommendation,
    by: Actor,
    reason: str,
    minute: Any = None,
    expected_version: int | None = None,
) -> Recommendation:
    """Agree a proposed closure (against a meeting's minute when there is one)."""
    require_agree_closure(by)
    rec = _locked(recommendation, expected_version)
    proposed = rec.proposed_status
    rec.status, rec.proposed_status, rec.closure_minute = proposed, None, minute
    where = f" at minute {minute.number}" if minute is not None else ""
    recommendation_save_change(
        rec, by=by, reason=f"Closure agreed{where} as {proposed.name}: {reason.strip()}"
    )
    notify_closure_agreed(rec, by=by)
    return rec


@transaction.atomic
def closure_decline(
    *,
    recommendation: Recommendation,
    by: Actor,
    reason: str,
    expected_version: int | None = None,
) -> Recommendation:
    """Do not agree a proposed closure: the action stays open, with the reason in its history."""
    require_agree_closure(by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the closure is not agreed"})
    rec = _locked(recommendation, expected_version)
    rec.proposed_status = None
    recommendation_save_change(rec, by=by, reason=f"Closure not agreed: {reason.strip()}")
    return rec
