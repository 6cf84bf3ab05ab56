"""Bulk update from Find: one change and one reason applied to many actions.

Each action is changed through ``recommendation_update`` (its permission check, its version check
and its own history row carrying the reason). The actions the user may change are changed
all-or-nothing in one transaction; those they may not change (or whose plan has no such status
word) are listed and left alone. When someone else changed an action since the user read it,
nothing is saved: the conflicts are reported and the user decides (leave those out, or apply to
them too now that they have seen the change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from partnership.models import Organisation
from partnership.permissions import Actor, require_actor
from recommendations.models import Rag, Recommendation
from recommendations.permissions import can_edit_recommendation
from recommendations.services import ConcurrentEditError, recommendation_update, status_for

# "Select all N matching" takes at most this many actions in one change.
BULK_LIMIT = 1000


class BulkAction:
    STATUS = "status"
    RAG = "rag"
    REVISED_DATE = "revised_date"
    ADD_LEAD = "add_lead"

    choices = [
        (STATUS, "Change the status"),
        (RAG, "Change the RAG rating"),
        (REVISED_DATE, "Revise the target date"),
        (ADD_LEAD, "Add a lead agency"),
    ]


@dataclass(frozen=True)
class BulkChange:
    """What to do to every selected action (only the part for ``action`` is used)."""

    action: str
    status_word: str = ""
    rag: str = ""
    revised_date_text: str = ""
    revised_date_reason: str = ""
    organisation: Organisation | None = None

    def describe(self) -> str:
        if self.action == BulkAction.STATUS:
            return f"status to “{self.status_word}”"
        if self.action == BulkAction.RAG:
            return f"RAG rating to {Rag(self.rag).label}"
        if self.action == BulkAction.REVISED_DATE:
            return f"revised target date to {self.revised_date_text}"
        return f"add {self.organisation} as a lead agency"


@dataclass
class Conflict:
    recommendation: Recommendation
    error: ConcurrentEditError


@dataclass
class BulkOutcome:
    """What happened: ``saved`` is True only when the allowed actions were all changed."""

    updated: list[Recommendation] = field(default_factory=list)
    unchanged: list[Recommendation] = field(default_factory=list)
    refused: list[tuple[Recommendation, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    saved: bool = False


class _Abort(Exception):
    """Roll the whole bulk change back (a conflict was found)."""


def _changes_for(rec: Recommendation, change: BulkChange) -> dict[str, Any] | str:
    """The ``recommendation_update`` changes for one action, or why it cannot take them."""
    if change.action == BulkAction.STATUS:
        status = status_for(rec.plan, change.status_word)
        if status is None:
            return f"{rec.plan.name} has no status “{change.status_word}”"
        return {"status": status}
    if change.action == BulkAction.RAG:
        return {"rag": change.rag}
    if change.action == BulkAction.REVISED_DATE:
        return {
            "revised_target_date_text": change.revised_date_text,
            "revised_date_reason": change.revised_date_reason,
        }
    if change.action == BulkAction.ADD_LEAD and change.organisation is not None:
        return {"lead_organisations": [*rec.lead_organisations.all(), change.organisation]}
    raise ValidationError("Choose what to change")


def bulk_candidates(user: Actor, ids: Iterable[int]) -> list[Recommendation]:
    """The selected actions the user may read, in Find's order, with what the checks need."""
    return list(
        Recommendation.objects.visible_to(user)
        .filter(pk__in=list(ids)[:BULK_LIMIT])
        .select_related("plan__partnership", "status")
        .prefetch_related("lead_organisations", "lead_people", "plan__statuses")
        .order_by("plan__name", "sort_key")
    )


def recommendations_bulk_update(
    *,
    recommendations: list[Recommendation],
    versions: dict[int, int],
    change: BulkChange,
    by: Actor,
    reason: str,
) -> BulkOutcome:
    """Apply one change to many actions, each with its own history row carrying ``reason``.

    ``versions`` maps each action to the version the user read. Refused actions are left alone;
    any conflict saves nothing and is reported in the outcome.
    """
    require_actor(by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the change"})
    outcome = BulkOutcome()
    allowed: list[tuple[Recommendation, dict[str, Any]]] = []
    for rec in recommendations:
        if not can_edit_recommendation(by, rec):  # type: ignore[arg-type]
            outcome.refused.append((rec, "you may not change this action"))
            continue
        changes = _changes_for(rec, change)
        if isinstance(changes, str):
            outcome.refused.append((rec, changes))
        else:
            allowed.append((rec, changes))
    try:
        with transaction.atomic():
            _apply(allowed, versions, by=by, reason=reason.strip(), outcome=outcome)
            if outcome.conflicts:
                raise _Abort
    except _Abort:
        outcome.updated, outcome.unchanged = [], []
        return outcome
    outcome.saved = True
    return outcome


def _apply(
    allowed: list[tuple[Recommendation, dict[str, Any]]],
    versions: dict[int, int],
    *,
    by: Actor,
    reason: str,
    outcome: BulkOutcome,
) -> None:
    """Change each allowed action; conflicts are collected (the caller rolls back)."""
    for rec, changes in allowed:
        try:
            saved = recommendation_update(
                recommendation=rec,
                by=by,
                reason=reason,
                changes=changes,
                expected_version=versions.get(rec.pk, rec.version),
            )
        except ConcurrentEditError as error:
            outcome.conflicts.append(Conflict(rec, error))
            continue
        except PermissionDenied:  # changed hands since it was read: leave it alone
            outcome.refused.append((rec, "you may no longer change this action"))
            continue
        except ValidationError as error:
            raise ValidationError(f"{rec}: {'; '.join(error.messages)}") from error
        target = outcome.updated if saved.version != rec.version else outcome.unchanged
        target.append(saved)


def is_bulk_editor(user: Any) -> bool:
    """Who sees the bulk controls on Find: those who may change some action."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_clerk or user.is_officer or user.is_admin_role)
    )


def revised_date_words(value: date | Any) -> str:
    """The words a revised date from the GOV.UK boxes is written as."""
    return getattr(value, "text", "") or (value.strftime("%d/%m/%Y") if value else "")
