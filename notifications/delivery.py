"""Sending what is recorded: claim, send over one connection, record the outcome.

A run claims due rows with one conditional UPDATE (``status = pending`` -> ``sending`` with its own
token). On PostgreSQL a second process's UPDATE of the same rows waits for the first to commit,
re-reads them, no longer finds them pending and claims nothing; on SQLite writes are serialised.
So each row is sent by exactly one run. A failed send goes back to ``pending`` with a later
``next_attempt_at`` (exponential backoff) until ``NOTIFICATIONS_MAX_ATTEMPTS``, then ``failed``
with the reason. A row left ``sending`` by a run that died is marked failed, not resent, because
the mail may already have gone.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.models import OFFICERS_ROUND_MAIL, Notification, Status

log = logging.getLogger(__name__)

BATCH = 50
STALE_AFTER = timedelta(minutes=15)


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4, 8... times the base."""
    return timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def from_address(row: Notification) -> tuple[str, list[str]]:
    own = getattr(row.partnership, "email_settings", None) if row.partnership_id else None
    if own is None:
        return settings.DEFAULT_FROM_EMAIL, []
    sender = formataddr((own.from_name, own.from_address)) if own.from_name else own.from_address
    return sender, [own.reply_to] if own.reply_to else []


def message(row: Notification, connection) -> EmailMultiAlternatives:
    sender, reply_to = from_address(row)
    mail = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=sender,
        to=[row.to_address],
        reply_to=reply_to,
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "X-Notification-Key": row.key},
    )
    mail.attach_alternative(row.body_html, "text/html")
    return mail


def _claim(token: str, now) -> list[Notification]:
    due = Notification.objects.due(now).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:BATCH])
    if not ids:
        return []
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claim_token=token, claimed_at=now
        )
    return list(
        Notification.objects.filter(claim_token=token, status=Status.SENDING)
        .select_related("recipient", "partnership__email_settings", "update_round")
        .order_by("pk")
    )


def _failed(row: Notification, error: Exception, now, result: Delivery) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        row.status = Status.FAILED
        result.failed += 1
    else:
        row.status = Status.PENDING
        row.next_attempt_at = now + backoff(row.attempts)
        result.retrying += 1
    result.errors.append(f"{row.key}: {row.last_error}")
    log.warning("Notification %s not sent (attempt %s): %s", row.key, row.attempts, error)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def _skip_reason(row: Notification) -> str:
    closed = row.update_round_id and row.update_round.closed_at
    if closed and row.kind in OFFICERS_ROUND_MAIL:
        return "The update round was closed before it was sent"
    if not row.recipient.is_active:
        return "Account deactivated"
    if not row.recipient.email:
        return "No email address"
    return ""


def _send_batch(rows: list[Notification], now, result: Delivery) -> None:
    sent, skipped = [], []
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to connect is recorded per row
        for row in rows:
            _failed(row, error, now, result)
        return
    try:
        for row in rows:
            why_not = _skip_reason(row)
            if why_not:
                row.last_error = why_not
                skipped.append(row)
                continue
            try:
                message(row, connection).send()
            except Exception as error:  # noqa: BLE001 - recorded on the row and retried
                _failed(row, error, now, result)
            else:
                sent.append(row.pk)
    finally:
        connection.close()
    _finish(sent, skipped, result)


def _finish(sent: list[int], skipped: list[Notification], result: Delivery) -> None:
    done = timezone.now()
    if sent:
        Notification.objects.filter(pk__in=sent).update(
            status=Status.SENT, sent_at=done, attempts=F("attempts") + 1, last_error=""
        )
    for row in skipped:
        Notification.objects.filter(pk=row.pk).update(
            status=Status.SKIPPED, last_error=row.last_error
        )
    result.sent += len(sent)
    result.skipped += len(skipped)


def release_stale(now) -> int:
    """Rows a dead run left 'sending': record them failed (they may have gone; never resent)."""
    return Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STALE_AFTER
    ).update(
        status=Status.FAILED,
        last_error="Interrupted while sending: it may or may not have been delivered, "
        "so it was not sent again.",
    )


def deliver_due(*, now=None, limit: int | None = None) -> Delivery:
    """Send every due notification (at most ``limit``), each by exactly one run."""
    now = now or timezone.now()
    result = Delivery()
    release_stale(now)
    token = uuid.uuid4().hex
    while limit is None or result.sent + result.failed + result.retrying < limit:
        rows = _claim(token, now)
        if not rows:
            break
        _send_batch(rows, now, result)
        token = uuid.uuid4().hex
    return result
