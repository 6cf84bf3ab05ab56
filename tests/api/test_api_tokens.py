"""Personal API tokens: created on the token page (shown once, kept hashed, expiring), revoked by
their owner, refused with a 401 once revoked or expired, every use counted and shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from partnership import services as directory
from partnership.permissions import SYSTEM
from tests.api.conftest import TokenClient, make_token

pytestmark = pytest.mark.django_db

TOKENS = "/api/tokens/"
API = "/api/v1/recommendations/"


def _create_on_the_page(client, user, name="Power BI board report", days="90") -> str:
    client.force_login(user)
    response = client.post(TOKENS, {"name": name, "lifetime_days": days})
    assert response.status_code == 200
    match = re.search(r'value="(cspt_[A-Za-z0-9_-]+)"', response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_the_preferences_page_links_to_the_token_page(client, users):
    client.force_login(users["officer"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'href="{TOKENS}"' in page


def test_a_token_is_shown_once_kept_only_as_a_hash_and_reads_as_its_owner(
    client, users, recommendation
):
    key = _create_on_the_page(client, users["housing_officer"])
    token = ApiToken.objects.get()
    assert token.key_hash != key and key not in token.key_hash and len(token.key_hash) == 64
    assert key.startswith(token.key_prefix)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    again = client.get(TOKENS).content.decode()
    assert key not in again and token.key_prefix in again  # never shown again
    record = token.history.get()
    assert record.history_user == users["housing_officer"]
    assert record.history_change_reason == "API token created on the token page"
    body = TokenClient(key).json(API)
    assert [r["reference"] for r in body["results"]] == ["19"]


def test_every_use_is_counted_and_the_last_use_shown(client, users, recommendation):
    key = _create_on_the_page(client, users["manager"])
    page = client.get(TOKENS).content.decode()
    assert "Never" in page
    with time_machine.travel("2026-06-01 09:30 +01:00", tick=False):
        for _ in range(3):
            TokenClient(key).json(API)
        TokenClient(key).get("/api/v1/plans/999999/")  # a 404 still counts: it was a use
    use = ApiToken.objects.get().use
    assert use.count == 4
    page = client.get(TOKENS).content.decode()
    assert "1 Jun 2026, 09:30" in page
    assert re.search(r"Requests</span><div class=\"app-stack-value\">4<", page)


def test_a_revoked_token_is_a_401_at_once(client, users, recommendation):
    key = _create_on_the_page(client, users["manager"])
    token = ApiToken.objects.get()
    assert TokenClient(key).get(API).status_code == 200
    response = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    refused = TokenClient(key).get(API)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This token was revoked."
    assert refused["WWW-Authenticate"].startswith("Bearer")
    token.refresh_from_db()
    assert token.state() == "Revoked"
    assert token.history.latest().history_change_reason == "Revoked on the token page"
    assert "Revoked" in client.get(TOKENS).content.decode()


def test_an_expired_token_is_a_401(users, recommendation):
    _token, key = make_token(users["manager"], days=30)
    with time_machine.travel(timezone.now() + timedelta(days=29), tick=False):
        assert TokenClient(key).get(API).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1), tick=False):
        refused = TokenClient(key).get(API)
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]


def test_unknown_malformed_missing_and_closed_account_tokens_are_401(users, recommendation):
    from django.test import Client

    _token, key = make_token(users["manager"])
    assert TokenClient(key[:-1] + ("A" if key[-1] != "A" else "B")).get(API).status_code == 401
    assert TokenClient("not-a-token").get(API).status_code == 401
    assert Client().get(API, HTTP_AUTHORIZATION=f"Bearer {key} extra").status_code == 401
    assert Client().get(API).status_code == 401  # no header, no session
    directory.user_deactivate(user=users["manager"], by=SYSTEM, reason="Left")
    assert TokenClient(key).get(API).status_code == 401


def test_nobody_revokes_or_sees_someone_elses_token(client, users):
    token, _key = make_token(users["officer"])
    client.force_login(users["other_officer"])
    assert token.key_prefix not in client.get(TOKENS).content.decode()
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=users["other_officer"], reason="Try")
    with pytest.raises(PermissionDenied):  # nobody mints a token that reads as someone else
        services.api_token_create(
            user=users["officer"], name="x", lifetime_days=30, by=users["admin"], reason="Try"
        )
    services.api_token_revoke(token=token, by=users["admin"], reason="Officer left")
    token.refresh_from_db()
    assert token.is_revoked()


def test_a_bad_form_says_what_to_fix_and_creates_nothing(client, users):
    client.force_login(users["officer"])
    page = client.post(TOKENS, {"name": "  ", "lifetime_days": "7"}).content.decode()
    assert "Enter a name for the token" in page
    assert "Choose how long the token lasts" in page
    assert ApiToken.objects.count() == 0
    with pytest.raises(ValidationError):
        services.api_token_create(
            user=users["officer"], name="x", lifetime_days=5000, by=users["officer"], reason="r"
        )
