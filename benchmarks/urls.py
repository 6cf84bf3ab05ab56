"""The project's URLs plus the benchmark floor: a bare signed-in view (benchmarks only).

The floor goes through the same middleware (sessions, authentication, CSP, security headers...)
and the same sign-in check as every page, and does nothing else, so each case's ratio to it is
what the page itself costs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from partnership.urls import urlpatterns as project_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor), *project_urlpatterns]
