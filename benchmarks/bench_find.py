"""Find, the dashboard, the detail page and the CSV export against the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_find python -m benchmarks find

Needs data: ``python manage.py seed_bench --recommendations 10000`` first. Uses the Django test
client (the whole request: middleware, view, template) signed in as a manager. Prints median and
95th percentile of wall-clock time over repeated runs, the median CPU time spent in this
(Python) process, and the SQL query count of one run. Targets and figures:
docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from partnership.models import Organisation, Partnership, Role, User
from partnership.permissions import SYSTEM
from recommendations.models import Recommendation

USERNAME = "bench-manager"
TARGETS_MS = {"list, three filters": 150, "list, text search": 250, "dashboard": 400}
TARGETS_MS["CSV export, all rows"] = 3000


def _client() -> Client:
    # As Django's test runner does: keep one connection for the run instead of checking it on
    # every request, so the figures are the page's work, not connection housekeeping.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        from partnership import services

        # A manager named on every benchmark partnership: all 10,000 actions in view, with the
        # partnership scoping applied to every query.
        user = services.user_create(
            username=USERNAME,
            password=None,
            role=Role.MANAGER,
            partnerships=Partnership.objects.all(),
            by=SYSTEM,
            reason="Benchmark user",
        )
    client = Client()
    client.force_login(user)
    return client


def _measure(fetch: Callable[[], int], runs: int) -> tuple[float, float, int, float]:
    with CaptureQueriesContext(connection) as queries:
        size = fetch()  # warm-up run, counted for queries
    query_count = len(queries.captured_queries)  # now: later requests reset the log
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    del size
    return statistics.median(timings), p95, query_count, statistics.median(cpu)


def main(argv: list[str]) -> None:
    runs = next((int(a.split("=")[1]) for a in argv if a.startswith("--runs=")), 20)
    total = Recommendation.objects.count()
    if not total:
        print("No recommendations: run `python manage.py seed_bench --recommendations 10000`.")
        return
    client = _client()
    agency = (
        Organisation.objects.filter(parent__isnull=True, children__isnull=False)
        .order_by("pk")
        .first()
        or Organisation.objects.order_by("pk").first()
    )

    def get(url: str) -> Callable[[], int]:
        def fetch() -> int:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                return sum(len(chunk) for chunk in response.streaming_content)
            return len(response.content)

        return fetch

    cases = [
        ("list, three filters", f"/actions/?agency={agency.pk}&outstanding=on&rag=RED"),
        ("list, text search", "/actions/?q=referral+pathway"),
        ("dashboard", "/reports/dashboard/"),
    ]
    try:
        detail = reverse("recommendations:detail", args=[Recommendation.objects.first().pk])
        cases.append(("detail page", detail))
    except NoReverseMatch:
        print("detail page: recommendations:detail is not wired yet; skipped")
    cases.append(("CSV export, all rows", "/actions/export.csv"))

    print(f"{connection.vendor}, {total} recommendations, {runs} runs each")
    print(f"load average {os.getloadavg()[0]:.1f} (other processes slow every figure)")
    print(
        f"{'case':<24}{'median ms':>11}{'p95 ms':>10}{'app cpu ms':>12}{'queries':>9}"
        f"{'target ms':>11}  result"
    )
    for name, url in cases:
        case_runs = max(3, runs // 4) if "CSV" in name else runs
        median, p95, queries, cpu = _measure(get(url), case_runs)
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("ok" if median < target else "SLOW")
        print(
            f"{name:<24}{median:>11.0f}{p95:>10.0f}{cpu:>12.0f}{queries:>9}"
            f"{target if target else '-':>11}  {verdict}"
        )
