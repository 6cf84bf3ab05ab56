"""The read API (``/api/v1/``) through a personal token against the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_find python -m benchmarks api

Needs data: ``DEBUG=true python manage.py seed_bench --recommendations 10000`` first. Each
request is the whole thing a BI tool pays for: token check and use count, scoping, Find's
filters, the count, one cursor page of 100 rows serialised to JSON. Signed in as the benchmark
manager (every action in view). Prints median and 95th percentile wall-clock time, app CPU and
the query count of one request. Targets and figures: docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connection

from api.services import api_token_create
from partnership.models import Organisation, Partnership, Role, User
from partnership.permissions import SYSTEM
from recommendations.models import Recommendation

TARGETS_MS = {"API page of 100": 120, "API page of 100, three filters": 120}
API = "/api/v1/recommendations/"


def _manager() -> User:
    """The benchmark manager, named on every partnership (all actions in view, scoping applied)."""
    user = User.objects.filter(username="bench-manager").first()
    if user is None:
        from partnership import services

        user = services.user_create(
            username="bench-manager", password=None, role=Role.MANAGER,
            partnerships=Partnership.objects.all(), by=SYSTEM, reason="Benchmark user",
        )  # fmt: skip
    return user


def _measure(fetch: Callable[[], int], runs: int) -> tuple[float, float, int, float]:
    """(median ms, p95 ms, queries of one request, median app CPU ms) after one warm-up."""
    fetch()
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # Counted at the cursor: the test client's request_started signal clears the query log that
    # CaptureQueriesContext reads, so it saw nothing.
    with connection.execute_wrapper(count):
        fetch()
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
    median = statistics.median
    return median(timings), p95, len(executed), median(cpu)


def _key() -> str:
    user = _manager()
    _token, key = api_token_create(
        user=user, name="Benchmark", lifetime_days=30, by=user, reason="Benchmark token"
    )
    return key


def _cursor_after(fetch_json: Callable[[str], dict], pages: int) -> str:
    """The address of page ``pages + 1``, found by following ``next`` as a client would."""
    url = f"{API}?page_size=100"
    for _ in range(pages):
        url = fetch_json(url)["next"] or url
    return url.replace("http://testserver", "")


def main(argv: list[str]) -> None:
    runs = next((int(a.split("=")[1]) for a in argv if a.startswith("--runs=")), 20)
    total = Recommendation.objects.count()
    if not total:
        print("No recommendations: run `python manage.py seed_bench --recommendations 10000`.")
        return
    from django.test import Client

    # As Django's test runner does: one connection for the run, not one per request, so the
    # figures are the API's work, not connection housekeeping (as bench_find measures pages).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client, header = Client(), {"HTTP_AUTHORIZATION": f"Bearer {_key()}"}
    agency = (
        Organisation.objects.filter(parent__isnull=True, children__isnull=False)
        .order_by("pk")
        .first()
        or Organisation.objects.order_by("pk").first()
    )

    def fetch_json(url: str) -> dict:
        response = client.get(url, **header)
        assert response.status_code == 200, (url, response.status_code)
        return response.json()

    def get(url: str) -> Callable[[], int]:
        return lambda: len(fetch_json(url)["results"])

    cases = [
        ("API page of 100", f"{API}?page_size=100"),
        ("API page of 100, three filters", f"{API}?agency={agency.pk}&outstanding=on&rag=RED"),
        ("API page of 100, text search", f"{API}?q=referral+pathway"),
        ("API page 51 (cursor)", _cursor_after(fetch_json, 50)),
        ("API page of 500", f"{API}?page_size=500"),
    ]
    print(f"{connection.vendor}, token auth, {total} recommendations, {runs} runs each")
    print(f"load average {os.getloadavg()[0]:.1f} (other processes slow every figure)")
    print(
        f"{'case':<32}{'median ms':>11}{'p95 ms':>10}{'app cpu ms':>12}{'queries':>9}"
        f"{'target ms':>11}  result"
    )
    for name, url in cases:
        median, p95, queries, cpu = _measure(get(url), runs)
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("ok" if median < target else "SLOW")
        print(
            f"{name:<32}{median:>11.0f}{p95:>10.0f}{cpu:>12.0f}{queries:>9}"
            f"{target if target else '-':>11}  {verdict}"
        )
