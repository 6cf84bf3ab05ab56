"""Notifications for a round of 2,000 actions across 60 organisations (120 officers).

Runs on a throw-away test database and a real SMTP server on loopback (aiosmtpd):

    make bench                       # every benchmark
    python -m benchmarks notifications

Times and counts the queries of (1) opening the round, which records one update request per
officer, and (2) ``send_notifications``, which records what the schedule says is due (half the
actions are overdue, so a weekly digest per officer) and sends everything over SMTP. Target in
docs/performance.md: under 20 s together. A measurement, not a test: it never fails on time.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import date, timedelta
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from partnership.permissions import SYSTEM

ORGANISATIONS, OFFICERS_EACH, ACTIONS = 60, 2, 2000
TEXT = "Agree how information held by officers is captured and shared with the estate team."


class _Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _directory():
    from partnership import services as directory

    orgs = [
        directory.organisation_create(name=f"Agency {n:02d}", by=SYSTEM, reason="Benchmark")
        for n in range(ORGANISATIONS)
    ]
    partnership = directory.partnership_create(
        name="Benchmark Partnership", members=orgs, by=SYSTEM, reason="Benchmark"
    )
    for n, org in enumerate(orgs):
        for k in range(OFFICERS_EACH):
            directory.user_create(
                username=f"officer-{n}-{k}",
                password=None,
                role="officer",
                organisation=org,
                email=f"officer-{n}-{k}@example.test",
                by=SYSTEM,
                reason="Benchmark",
            )
    clerk = directory.user_create(
        username="bench-clerk", password=None, role="clerk", by=SYSTEM, reason="Benchmark"
    )
    return partnership, orgs, clerk


def _actions(plan, orgs) -> None:
    """BENCHMARK-ONLY bulk path (as seed_bench's): 2,000 actions without history rows."""
    from recommendations import services
    from recommendations.models import Recommendation, reference_sort_key

    status = services.status_for(plan, "Pending")
    today = date.today()
    recs = [
        Recommendation(
            plan=plan,
            reference=str(n + 1),
            sort_key=reference_sort_key(str(n + 1)),
            order=n,
            text=TEXT,
            status=status,
            due_date=today - timedelta(days=30)
            if (n // ORGANISATIONS) % 2
            else today + timedelta(days=90),
        )
        for n in range(ACTIONS)
    ]
    # A bare QuerySet on purpose: AuditedQuerySet refuses bulk_create (benchmark only).
    created = models.QuerySet(Recommendation).bulk_create(recs, batch_size=500)
    through = Recommendation.lead_organisations.through
    models.QuerySet(through).bulk_create(
        [
            through(recommendation_id=r.pk, organisation_id=orgs[i % len(orgs)].pk)
            for i, r in enumerate(created)
        ],
        batch_size=1000,
    )


def _timed(fn):
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, len(queries), result


def run() -> list[tuple[str, float, float, int, str]]:
    from aiosmtpd.controller import Controller

    from meetings import services as meetings
    from notifications.models import Notification, Status
    from recommendations import services

    partnership, orgs, clerk = _directory()
    plan = services.plan_create(
        partnership=partnership, name="Benchmark plan", kind="workshop", by=SYSTEM, reason="b"
    )
    _actions(plan, orgs)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Counter()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        opening = _timed(
            lambda: meetings.update_round_create(
                meeting=None,
                plans=[plan],
                deadline=date.today() + timedelta(days=14),
                message="Updates please",
                by=clerk,
                reason="Benchmark",
            )
        )
        sending = _timed(lambda: call_command("send_notifications", stdout=StringIO()))
    finally:
        controller.stop()
    sent = Notification.objects.filter(status=Status.SENT).count()
    return [
        ("open the round (record)", *opening[:3], f"{ACTIONS} actions, {ORGANISATIONS} agencies"),
        ("send_notifications", *sending[:3], f"{sent} mails sent, {inbox.count} received"),
        (
            "together",
            opening[0] + sending[0],
            opening[1] + sending[1],
            opening[2] + sending[2],
            "target < 20 s",
        ),
    ]


def main(argv: list[str]) -> None:
    load = os.getloadavg()[0]
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"load average before the run: {load:.2f} (wall time is inflated above ~1.5)")
    print(f"{'case':<26} {'wall s':>8} {'cpu s':>8} {'queries':>8}  notes")
    for name, wall, cpu, queries, note in results:
        print(f"{name:<26} {wall:>8.3f} {cpu:>8.3f} {queries:>8}  {note}")
