"""The performance dashboard page: 50 indicators x 12 periods, through the test client.

    make bench                      # every benchmark
    python -m benchmarks performance [--runs=30]

Builds a dashboard of 10 outcomes, 50 indicators and 12 quarters each (600 values, written
through the services) in a throwaway test database, signs in as the partnership's manager, and
times GET /performance/<pk>/ (middleware, view, 50 SVG charts, template). Prints the median and
95th percentile of wall-clock time, the app's CPU time, the query count, and the load average.
Target in docs/performance.md: under 150 ms median on PostgreSQL, in a constant number of
queries (tests/performance/test_performance_queries.py asserts the constant). A measurement,
not a test.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date

from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnership.permissions import SYSTEM

TARGET_MS = 150
REASON = "Benchmark data"


def _build():
    from partnership import services as directory
    from performance.demo import bench_outcomes, demo_dashboard

    council = directory.organisation_create(name="Bench Council", by=SYSTEM, reason=REASON)
    partnership = directory.partnership_create(
        name="Benchmark Partnership", members=[council], by=SYSTEM, reason=REASON
    )
    manager = directory.user_create(
        username="bench-manager",
        password=None,
        role="manager",
        partnerships=[partnership],
        by=SYSTEM,
        reason=REASON,
    )
    dashboard = demo_dashboard(
        partnership=partnership,
        orgs={},
        by=SYSTEM,
        last=date(2026, 6, 30),
        periods=12,
        outcomes=bench_outcomes(50),
    )
    return manager, dashboard


def _client(user) -> Client:
    # As the test runner does: one connection for the run, so figures are the page's own work.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    return client


def run(runs: int) -> tuple[float, float, float, int, int]:
    from performance.models import IndicatorValue

    manager, dashboard = _build()
    client = _client(manager)
    url = dashboard.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    query_count = len(queries.captured_queries)  # now: later requests reset the log
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    values = IndicatorValue.objects.count()
    return statistics.median(timings), p95, statistics.median(cpu), query_count, values


def main(argv: list[str]) -> None:
    runs = next((int(a.split("=")[1]) for a in argv if a.startswith("--runs=")), 30)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        median, p95, cpu, queries, values = run(runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"database {connection.vendor}; load average {os.getloadavg()[0]:.1f}; {runs} runs")
    print(f"{'case':<34}{'median ms':>11}{'p95 ms':>10}{'app cpu ms':>12}{'queries':>9}")
    verdict = "ok" if median < TARGET_MS else "SLOW"
    print(
        f"{'dashboard, 50 indicators x 12':<34}{median:>11.0f}{p95:>10.0f}{cpu:>12.0f}"
        f"{queries:>9}  {values} values; target {TARGET_MS} ms: {verdict}"
    )
