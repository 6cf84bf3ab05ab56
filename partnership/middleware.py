"""Request-level safety nets: body size limits before anything reads the body."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader


class RequestBodyLimitMiddleware:
    """Refuse a request body over the limit with 413 before the body is read or spooled.

    Anonymous requests (only the sign-in form takes a body from them) get a small allowance, so
    an unauthenticated 100 MB POST never reaches the disk. The session is read only from its
    cookie's presence: the check costs no database query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length is not None:
            signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
            limit = (
                settings.REQUEST_MAX_BYTES if signed_in else settings.ANONYMOUS_REQUEST_MAX_BYTES
            )
            if length > limit:
                return _too_large(limit)
        return self.get_response(request)


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def _too_large(limit: int) -> HttpResponse:
    body = loader.render_to_string("413.html", {"limit_mb": max(1, limit // (1024 * 1024))})
    response = HttpResponse(body, status=413)
    response["Connection"] = "close"
    return response
