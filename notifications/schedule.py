"""What ``send_notifications`` does each time it runs: record what is due, then send it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from notifications import people, rounds
from notifications.delivery import Delivery, deliver_due
from partnership.permissions import SYSTEM


@dataclass
class Run:
    recorded: dict[str, int] = field(default_factory=dict)
    delivery: Delivery = field(default_factory=Delivery)


def record_due(now=None) -> dict[str, int]:
    """Record the scheduled notifications that are due now (each only once, by its key)."""
    today = timezone.localdate(now or timezone.now())
    counts = {"reminders": 0, "digests": 0, "summaries": 0}
    for update_round in rounds.rounds_due_a_reminder(today):
        done = rounds.send_reminders(update_round, by=SYSTEM, automatic=True)
        counts["reminders"] += len(done.recorded.new)
    counts["digests"] = len(people.queue_overdue_digests(by=SYSTEM, today=today).new)
    for update_round in rounds.rounds_past_deadline(today):
        counts["summaries"] += len(rounds.notify_deadline_passed(update_round, by=SYSTEM).new)
    return counts


def run(*, now=None, schedule: bool = True, limit: int | None = None) -> Run:
    result = Run()
    if schedule:
        result.recorded = record_due(now)
    result.delivery = deliver_due(now=now, limit=limit)
    return result
