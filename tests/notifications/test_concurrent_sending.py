"""Two `send_notifications` processes at once on PostgreSQL still send each notification once.

The processes are real (``manage.py send_notifications`` in subprocesses) against the test
database, and they deliver to a real SMTP server on loopback, which counts what arrives. On
SQLite (one writer at a time) the test is skipped, unless CI says PostgreSQL is expected
(``CI_EXPECTS_POSTGRES=1``), where a skip would hide a broken setup, so it fails instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications.models import Kind, Notification, Status
from notifications.queue import Draft, record
from partnership.permissions import SYSTEM
from recommendations import services
from tests.notifications.conftest import open_round
from tests.notifications.test_smtp_and_retries import Inbox, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        if os.environ.get("CI_EXPECTS_POSTGRES") == "1":
            pytest.fail("CI_EXPECTS_POSTGRES=1 but the tests run on " + connection.vendor)
        pytest.skip("two writers at once need PostgreSQL (DATABASE_URL=postgres://...)")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _run_two(port: int) -> list[subprocess.CompletedProcess]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "https://tracker.example.test",
        "DJANGO_SETTINGS_MODULE": "partnership.settings",
        # A scheduled command runs with the production key (required when DEBUG is off).
        "SECRET_KEY": "test-only-shared-key-for-both-processes",
    }
    command = [sys.executable, str(ROOT / "manage.py"), "send_notifications"]
    procs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


@pytest.fixture
def lots_waiting(transactional_db, plan, actions, people):
    """An open round, an overdue action (a digest is due) and 300 more notifications waiting.

    At the real time, because the subprocesses run at the real time.
    """
    services.recommendation_update(
        recommendation=actions["police"],
        changes={"target_date_text": "March 2026"},
        by=SYSTEM,
        reason="t",
    )
    deadline = timezone.localdate() + timedelta(days=10)  # no automatic reminder due yet
    update_round = open_round([plan], people["clerk"], deadline=deadline)
    officers = [people["officer"], people["housing_officer"], people["other_officer"]]
    drafts = [
        Draft(
            key=f"load:{i}",
            kind=Kind.REMINDER,
            recipient=officers[i % 3],
            context={"round": update_round, "actions": [], "my_actions_url": "/"},
            update_round=update_round,
        )
        for i in range(300)
    ]
    record(drafts, by=SYSTEM)


def test_two_processes_at_once_send_each_notification_exactly_once(postgres, lots_waiting):
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(delay=0.03), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        results = _run_two(port)
    finally:
        controller.stop()

    for result in results:
        assert result.returncode == 0, result.stderr.decode()
    sent = [int(re.search(rb"Sent (\d+)", r.stdout).group(1)) for r in results]
    # Together they sent all 304. Which process sent how many depends on timing (under heavy
    # load one may finish before the other starts), so only the exactly-once rule is asserted.
    assert sum(sent) == 304, sent
    keys = Counter(message["X-Notification-Key"] for _, message in inbox.messages)
    assert keys and max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]
    rows = Notification.objects.all()
    # 3 update requests + 300 waiting + the police officer's digest (recorded by one process).
    assert rows.filter(kind=Kind.OVERDUE_DIGEST).count() == 1
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    assert set(keys) == set(rows.values_list("key", flat=True))
    assert len(keys) == 304


def test_running_the_command_twice_in_a_row_sends_each_once(postgres, lots_waiting):
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "SECRET_KEY": "test-only-shared-key-for-both-processes",
        }
        for _ in range(2):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "send_notifications"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
    finally:
        controller.stop()
    keys = Counter(message["X-Notification-Key"] for _, message in inbox.messages)
    assert len(keys) == 304 and max(keys.values()) == 1
