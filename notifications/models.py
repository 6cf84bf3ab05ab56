"""Email notifications: what is sent to whom, each recorded once, and people's preferences.

A :class:`Notification` row is written (with a unique ``key``) *before* anything is sent, so a
second run, a second server or a double click finds the row already there and sends nothing. The
row then records what happened: sent, failed and why, or skipped and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from partnership.audit import AuditedManager, audit_history
from partnership.models import Partnership


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", "Update request"
    REMINDER = "reminder", "Reminder"
    OVERDUE_DIGEST = "overdue_digest", "Weekly overdue digest"
    ASSIGNED = "assigned", "New lead"
    ROUND_SUMMARY = "round_summary", "Deadline passed summary"
    CLOSURE_PROPOSED = "closure_proposed", "Closure proposed"
    CLOSURE_AGREED = "closure_agreed", "Closure agreed"


# What officers are sent about an update round: withdrawn, and never sent, once it is closed.
OFFICERS_ROUND_MAIL = (Kind.ROUND_OPENED, Kind.REMINDER)


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """Notifications of the partnerships the user may see (the partnership's rule)."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def due(self, now=None) -> NotificationQuerySet:
        now = now or timezone.now()
        return self.filter(status=Status.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    """One email to one person. Written before sending; never deleted."""

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="What makes this notification one of a kind, e.g. round_opened:12:user:7.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    to_address = models.EmailField(blank=True)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    update_round = models.ForeignKey(
        "meetings.UpdateRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who caused it (empty when the product sent it on a schedule).",
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["update_round", "kind", "recipient"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"


class Preference(models.Model):
    """What a person has chosen to receive. Update requests and reminders cannot be turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    overdue_digest = models.BooleanField(
        "weekly overdue digest",
        default=True,
        help_text="One email a week listing your organisation's overdue actions.",
    )
    assignment_notices = models.BooleanField(
        "new lead notices",
        default=True,
        help_text="An email when your organisation is made a lead of an action.",
    )

    objects = AuditedManager()
    history = audit_history()

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"


class PartnershipEmail(models.Model):
    """The address a partnership's mail comes from (else DEFAULT_FROM_EMAIL)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="email_settings"
    )
    from_address = models.EmailField(
        help_text="For example community.safety@council.gov.uk. Your mail server must allow it."
    )
    from_name = models.CharField(max_length=100, blank=True)
    reply_to = models.EmailField(blank=True)

    objects = AuditedManager()
    history = audit_history()

    class Meta:
        verbose_name = "partnership email address"
        verbose_name_plural = "partnership email addresses"

    def __str__(self) -> str:
        return self.from_address
