"""A manager downloads a 50,000-row XLSX export through the progress page: the request that
asks only queues the work, a task worker writes the file, no request takes over 2 s."""

from __future__ import annotations

import io
import random
import threading
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.management.commands import seed_bench
from recommendations.models import PlanKind, Recommendation

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 50_000
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _seed(partnership, organisations, count: int) -> None:
    """``count`` actions over five plans through the bench seeder's bulk path (benchmark data
    written in bulk in seconds; the plans and status words go through the services)."""
    command = seed_bench.Command()
    command._statuses = {}
    plans = []
    for n in range(5):
        plan = services.plan_create(
            partnership=partnership,
            name=f"Large plan {n + 1}",
            kind=PlanKind.WORKSHOP,
            by=SYSTEM,
            reason="Large export test",
        )
        statuses = list(plan.statuses.all())
        command._statuses[plan.pk] = {s.lifecycle: s for s in reversed(statuses)}
        plans.append((plan, [], statuses))
    now = timezone.now()
    rng = random.Random(18)
    events = command._events(rng, count, 0, now - timedelta(days=400), now)
    for plan, sections, _statuses in plans:
        sections.append(
            services.section_create(plan=plan, title="Priority 1", by=SYSTEM, reason="Large")
        )
    orgs = list(organisations.values())
    people = [
        directory.person_create(
            name="Large Export Lead", organisation=orgs[0], by=SYSTEM, reason="Large export test"
        )
    ]
    command._bulk(rng, events, plans, orgs, people, 0)


def _worker(stop: threading.Event) -> None:
    """A database task worker, as production runs beside the web server."""
    while not stop.is_set():
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.5")
        stop.wait(0.5)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_fifty_thousand_row_xlsx_export_downloads_through_the_progress_page(
    page, live_server, partnership, organisations, users
):
    _seed(partnership, organisations, ROWS)
    assert Recommendation.objects.count() == ROWS
    slow: list[tuple[str, float]] = []

    def timed(request) -> None:
        took = request.timing["responseEnd"] / 1000
        if took > 2:
            slow.append((request.url, took))

    page.on("requestfinished", timed)
    stop = threading.Event()
    worker = threading.Thread(target=_worker, args=(stop,), daemon=True)
    worker.start()
    try:
        from tests.browser.conftest import sign_in

        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/actions/")
        page.get_by_role("link", name="Download as Excel").click()
        page.get_by_role("heading", name="Preparing the export").wait_for()
        assert f"{ROWS}" in page.locator("main").inner_text()
        page.get_by_role("heading", name="The export is ready").wait_for(timeout=600_000)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download Excel (XLSX)").click()
        data = Path(download.value.path()).read_bytes()
    finally:
        stop.set()
        worker.join(timeout=60)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True)) == ROWS
    assert slow == [], slow
