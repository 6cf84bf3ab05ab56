"""Landing page, health check and the error pages that must work without a database."""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
_HIDDEN_FIELDS = ("csrfmiddlewaretoken",)


def healthz(request: HttpRequest) -> JsonResponse:
    """JSON for load balancers: 200 when the database answers, 503 (with Retry-After) when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok"})


def _resubmittable(
    request: HttpRequest,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """What the user was sending, to give back: visible fields and hidden bookkeeping fields.

    Passwords are never echoed back.
    """
    if request.method != "POST":
        return [], []
    try:
        items = [(k, v) for k in request.POST for v in request.POST.getlist(k)]
    except Exception:  # noqa: BLE001 - an unreadable body: nothing to give back
        return [], []
    hidden = [(k, v) for k, v in items if k in _HIDDEN_FIELDS or k.endswith("version")]
    shown = [
        (k, k.replace("_", " ").capitalize(), v)
        for k, v in items
        if (k, v) not in hidden and "password" not in k.lower() and v.strip()
    ]
    return shown, hidden


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the cause is an unreachable database.

    Rendered without the request context: the page must not touch the database it lacks.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        shown, hidden = _resubmittable(request)
        body = loader.render_to_string(
            "503.html", {"submitted": shown, "hidden": hidden, "action": request.path}
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
