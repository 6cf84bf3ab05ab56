"""Writes to API tokens (audited): create, revoke; and counting their use (not audited)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api.models import LIFETIME_CHOICES, PREFIX, ApiToken, ApiTokenUse
from api.permissions import MAX_ACTIVE_TOKENS, require_create_token, require_revoke_token
from partnership.audit import audited_save
from partnership.models import User
from partnership.permissions import Actor

LIFETIMES = {days for days, _ in LIFETIME_CHOICES}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, lifetime_days: int, by: Actor, reason: str
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the saved token and the key, which is never shown again."""
    require_create_token(by, user)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Enter a name for the token"})
    if lifetime_days not in LIFETIMES:
        raise ValidationError({"lifetime_days": "Choose how long the token lasts"})
    active = ApiToken.objects.visible_to(user).usable().count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": f"You already have {active} active tokens: revoke one you no longer use"}
        )
    key = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name[:100],
        key_prefix=key[: len(PREFIX) + 6],
        key_hash=hash_key(key),
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    audited_save(token, by=by, reason=reason)
    ApiTokenUse.objects.create(token=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Actor, reason: str) -> ApiToken:
    """Stop ``token`` reading at once (revoking twice changes nothing)."""
    require_revoke_token(by, token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        audited_save(token, by=by, reason=reason)
    return token


def api_token_for_key(key: str) -> ApiToken | None:
    """The token with this key (usable or not), with its user, in one query."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def api_token_count_use(token: ApiToken) -> None:
    """Count one request (one UPDATE, safe under concurrent requests)."""
    ApiTokenUse.objects.filter(token_id=token.pk).update(
        count=F("count") + 1, last_used_at=timezone.now()
    )
