"""API test helpers: a token for a user, and a client that sends it (and no session)."""

from __future__ import annotations

import pytest
from django.test import Client

from api import services


class TokenClient:
    """Requests with ``Authorization: Bearer <key>``, as a BI tool sends them."""

    def __init__(self, key: str):
        self.key = key
        self.client = Client()

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}

    def get(self, path: str, data=None, **extra):
        return self.client.get(path, data, **self._headers(), **extra)

    def json(self, path: str, data=None) -> dict:
        response = self.get(path, data)
        assert response.status_code == 200, response.content[:500]
        return response.json()

    def send(self, method: str, path: str, body: str = "{}"):
        call = getattr(self.client, method.lower())
        return call(path, body, content_type="application/json", **self._headers())


def make_token(user, *, days: int = 90, name: str = "Power BI"):
    return services.api_token_create(
        user=user, name=name, lifetime_days=days, by=user, reason="Test token"
    )


@pytest.fixture
def api_as():
    """``api_as(user)``: a TokenClient holding a new token of ``user``."""

    def build(user) -> TokenClient:
        _token, key = make_token(user)
        return TokenClient(key)

    return build
