"""A clerk exports all 50,000 actions from Find as XLSX through the progress page: the request
that asks only counts and queues, the real task worker (``manage.py db_worker``, a subprocess on
the test database: the ``worker`` fixture in conftest.py) writes the file, and no request of the
browser's takes over 2 s.

    CI_EXPECTS_POSTGRES=1 DATABASE_URL=postgres://... pytest tests/browser/test_export_large.py
"""

from __future__ import annotations

import io
import random
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.exports_xlsx import HEADERS
from recommendations.management.commands import seed_bench
from recommendations.models import PlanKind, Recommendation
from reports.models import ExportJob, JobState
from tests.browser.conftest import time_requests, worker_log

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 50_000
PLANS = 10  # 5,000 actions each
SLOWEST_REQUEST_S = 2.0
REASON = "Large export test"


def _seed(partnership, organisations, count: int) -> None:
    """``count`` actions through the bench seeder's bulk path (test data written in bulk in
    seconds, one history row each); the plans, sections and lead person through the services."""
    plans = []
    for n in range(PLANS):
        plan = services.plan_create(
            partnership=partnership,
            name=f"Large plan {n + 1:02d}",
            kind=PlanKind.WORKSHOP,
            by=SYSTEM,
            reason=REASON,
        )
        section = services.section_create(plan=plan, title="Priority 1", by=SYSTEM, reason=REASON)
        plans.append((plan, [section], list(plan.statuses.all())))
    orgs = list(organisations.values())
    person = directory.person_create(
        name="Large Export Lead", organisation=orgs[0], by=SYSTEM, reason=REASON
    )
    now, rng = timezone.now(), random.Random(18)
    events = seed_bench.action_events(rng, count, 0, now - timedelta(days=400), now)
    seed_bench.write_in_bulk(rng, events, plans, orgs, [person], 0)


def _wait_until_ready(page, worker) -> None:
    try:
        page.get_by_role("heading", name="The export is ready").wait_for(timeout=300_000)
    except Exception as exc:
        job = ExportJob.objects.defer("content").get()
        raise AssertionError((job.state, job.step, job.error, worker_log(worker))) from exc


def test_clerk_exports_50000_rows_as_xlsx_through_the_progress_page(
    page, live_server, users, partnership, organisations, login, worker
):
    started = time.monotonic()
    _seed(partnership, organisations, ROWS)
    assert Recommendation.objects.count() == ROWS
    print(f"\nseeded {ROWS} actions in {time.monotonic() - started:.0f} s")
    login(page, live_server, "clerk")
    timings = time_requests(page)

    page.goto(live_server.url + reverse("recommendations:list"))
    page.get_by_role("link", name="Download as Excel").click()
    page.get_by_role("heading", name="Preparing the export").wait_for()
    assert f"{ROWS}" in page.locator("main").inner_text()
    queued = time.monotonic()
    _wait_until_ready(page, worker)
    job = ExportJob.objects.defer("content").get()
    print(f"export job: {time.monotonic() - queued:.0f} s from queued to ready in the browser")
    assert (job.state, job.row_count, job.requested_by) == (JobState.DONE, ROWS, users["clerk"])

    clicked = time.monotonic()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    path = Path(download.value.path())  # waits until the whole file has arrived
    downloaded = time.monotonic() - clicked
    read = time.monotonic()
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True).active
    assert list(next(sheet.iter_rows(max_row=1, values_only=True))) == HEADERS
    plans = sheet.iter_rows(min_row=2, max_col=1, values_only=True)  # every action has a plan
    assert sum(1 for (plan,) in plans if plan) == ROWS
    print(f"read back with openpyxl in {time.monotonic() - read:.0f} s")
    assert worker.poll() is None, worker_log(worker)

    slowest = max(timings)
    print(f"{len(timings)} requests; slowest {slowest[0]:.2f} s ({slowest[1]})")
    print(f"download {downloaded:.2f} s, {path.stat().st_size / 1e6:.1f} MB")
    assert slowest[0] < SLOWEST_REQUEST_S, sorted(timings)[-5:]
    assert downloaded < SLOWEST_REQUEST_S
