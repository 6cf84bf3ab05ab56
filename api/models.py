"""Personal API tokens: what a BI tool or spreadsheet signs in with to read the API.

The token itself is shown once, when it is created; only its SHA-256 is kept (a token is 256
random bits, so a fast hash is safe: nothing can be guessed from it). A token is the user's own:
it reads exactly what the user reads (``visible_to(user)``) and nothing is written through it.

``ApiToken`` is audited (created and revoked, by whom and why). How often it is used is kept
beside it in ``ApiTokenUse``, a counter that is not part of the record: one history row per
request would bury the record in noise.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from partnership.access import is_active_user
from partnership.audit import AuditedQuerySet, audit_history

# A token reads for at most this many days; the page offers these lifetimes.
LIFETIME_CHOICES = [(30, "30 days"), (90, "90 days"), (180, "6 months"), (365, "1 year")]
DEFAULT_LIFETIME_DAYS = 90
PREFIX = "cspt_"  # recognisable in a config file or a secret scanner's rules


class ApiTokenQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        """A token is its owner's: nobody else lists, sees or revokes it."""
        if not is_active_user(user):
            return self.none()
        return self.filter(user=user)

    def usable(self, now=None) -> ApiTokenQuerySet:
        """Tokens that still read: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What uses it, for example 'Power BI board report'."
    )
    key_prefix = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    def is_usable(self, now=None) -> bool:
        return not self.is_revoked() and not self.is_expired(now)

    def state(self, now=None) -> str:
        """The word the token page shows."""
        if self.is_revoked():
            return "Revoked"
        return "Expired" if self.is_expired(now) else "Active"


class ApiTokenUse(models.Model):
    """How many requests a token has made and when it last made one (not audited)."""

    token = models.OneToOneField(
        ApiToken, on_delete=models.CASCADE, primary_key=True, related_name="use"
    )
    count = models.PositiveBigIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.count} uses"
