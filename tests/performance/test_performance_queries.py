"""The dashboard page reads in a constant number of queries: 50 indicators x 12 periods cost
what 5 x 2 cost (benchmarks/bench_performance.py times the large one)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.permissions import SYSTEM
from performance.demo import bench_outcomes, demo_dashboard

pytestmark = pytest.mark.django_db
# Session, user, the user's partnerships, the dashboard, its outcomes, their indicators, their
# values, the periods for the as-at choice, the partnership's name, the footnotes.
QUERIES = 10


def _count(client, dashboard) -> int:
    client.get(dashboard.get_absolute_url())  # warm: per-request caches as a real page has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'class="app-trend"') == dashboard.indicators_expected
    return len(queries.captured_queries)


def _dashboard(partnership, indicators, periods):
    dashboard = demo_dashboard(
        partnership=partnership,
        orgs={},
        by=SYSTEM,
        last=date(2026, 6, 30),
        periods=periods,
        outcomes=bench_outcomes(indicators),
    )
    dashboard.indicators_expected = indicators
    return dashboard


def test_fifty_indicators_by_twelve_periods_cost_the_same_queries_as_five_by_two(
    client, users, partnership
):
    client.force_login(users["manager"])
    small = _count(client, _dashboard(partnership, 5, 2))
    large = _count(client, _dashboard(partnership, 50, 12))
    assert large == small
    assert large == QUERIES, large
