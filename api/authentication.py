"""``Authorization: Bearer cspt_…``: a personal API token reads as its owner."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.services import api_token_count_use, api_token_for_key


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None  # not ours: another scheme, or no header (then 401 from permissions)
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be 'Bearer' followed by one token."
            )
        token = api_token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not known.")
        if token.is_revoked():
            raise exceptions.AuthenticationFailed("This token was revoked.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed(
                f"This token expired on {token.expires_at:%d/%m/%Y}: create a new one."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The account this token belongs to is closed.")
        api_token_count_use(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'  # makes a refusal a 401, not a 403


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from 'API tokens' on your preferences page.",
        }
