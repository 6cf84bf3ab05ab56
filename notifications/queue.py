"""Recording notifications before they are sent: one row per (kind, person, subject, period).

``record`` writes every new row in one statement. The unique ``key`` is the rule that makes
sending idempotent: a key already present (another run, another server, a double click) is left
alone, so the same notification is never recorded, or sent, twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from notifications.compose import render
from notifications.models import Kind, Notification, Preference, Status
from partnership.models import Partnership, User

# Which preference turns a kind off (kinds not listed cannot be turned off).
OPTIONAL_KINDS = {Kind.OVERDUE_DIGEST: "overdue_digest", Kind.ASSIGNED: "assignment_notices"}


@dataclass
class Draft:
    """A notification about to be recorded."""

    key: str
    kind: str
    recipient: User
    context: dict[str, Any]
    partnership: Partnership | None = None
    update_round: Any = None
    recommendation: Any = None
    send_after: datetime | None = None


@dataclass
class Recorded:
    new: list[Notification] = field(default_factory=list)
    already: int = 0

    @property
    def skipped(self) -> list[Notification]:
        return [n for n in self.new if n.status == Status.SKIPPED]


def opted_out(user_ids: set[int], kind: str) -> set[int]:
    """The users among ``user_ids`` who turned ``kind`` off (one query)."""
    name = OPTIONAL_KINDS.get(kind)
    if not name or not user_ids:
        return set()
    return set(
        Preference.objects.filter(user_id__in=user_ids, **{name: False}).values_list(
            "user_id", flat=True
        )
    )


def _why_not(user: User, off: set[int]) -> str:
    if not user.is_active:
        return "Account deactivated"
    if not user.email:
        return "No email address"
    if user.pk in off:
        return "Turned off in their email preferences"
    return ""


def _row(draft: Draft, off: set[int], by: Any) -> Notification:
    mail = render(draft.kind, {**draft.context, "recipient": draft.recipient})
    why_not = _why_not(draft.recipient, off)
    return Notification(
        key=draft.key,
        kind=draft.kind,
        recipient=draft.recipient,
        to_address=draft.recipient.email,
        partnership=draft.partnership,
        update_round=draft.update_round,
        recommendation=draft.recommendation,
        triggered_by=by if isinstance(by, User) else None,
        subject=mail.subject,
        body_text=mail.text,
        body_html=mail.html,
        status=Status.SKIPPED if why_not else Status.PENDING,
        last_error=why_not,
        next_attempt_at=draft.send_after or timezone.now(),
    )


def record(drafts: list[Draft], *, by: Any) -> Recorded:
    """Record the drafts whose key is new (three queries however many there are)."""
    if not drafts:
        return Recorded()
    keys = {d.key for d in drafts}
    existing = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = {d.key: d for d in drafts if d.key not in existing}
    off = {
        kind: opted_out({d.recipient.pk for d in fresh.values() if d.kind == kind}, kind)
        for kind in {d.kind for d in fresh.values()}
    }
    rows = [_row(d, off[d.kind], by) for d in fresh.values()]
    # The unique key is the rule: a row another process wrote meanwhile is ignored, not doubled.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Recorded(new=rows, already=len(existing))
