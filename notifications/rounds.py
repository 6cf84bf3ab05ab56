"""Update rounds: the request when a round opens, reminders, and the clerk's summary.

Who is asked, and who is still missing, come from the chase list (``meetings.chase``): the same
rule the clerk sees on the page. Each takes a fixed number of queries however many actions the
round holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from meetings.chase import ChaseList, chase_list
from meetings.models import UpdateRound
from notifications.compose import absolute, action_line
from notifications.models import OFFICERS_ROUND_MAIL, Kind, Notification, Status
from notifications.permissions import require_send_reminders
from notifications.queue import Draft, Recorded, record
from partnership.models import User
from partnership.permissions import Actor, is_system, require_actor


def _round_url(update_round: UpdateRound) -> str:
    return absolute(reverse("meetings:update-round-detail", args=[update_round.pk]))


def _partnership(update_round: UpdateRound):
    plan = update_round.plans.select_related("partnership").first()
    return plan.partnership if plan else None


def _actions_by_officer(chase: ChaseList, *, missing_only: bool) -> dict[int, tuple[User, list]]:
    """Each lead agency officer and the round's actions they are asked about, in list order."""
    found: dict[int, tuple[User, list]] = {}
    seen: set[tuple[int, int]] = set()
    for plan_group in chase.plans:
        for lead in plan_group.leads:
            items = lead.not_updated if missing_only else lead.not_updated + lead.updated
            if not items:
                continue
            for officer in lead.contacts:
                _, actions = found.setdefault(officer.pk, (officer, []))
                for item in items:
                    if (officer.pk, item.recommendation.pk) not in seen:
                        seen.add((officer.pk, item.recommendation.pk))
                        actions.append(item.recommendation)
    return found


def _drafts(update_round, chase, kind, key, *, missing_only, send_after=None) -> list[Draft]:
    partnership = _partnership(update_round)
    for_plans = {p.plan.pk: p.plan for p in chase.plans}
    drafts = []
    for officer, recs in _actions_by_officer(chase, missing_only=missing_only).values():
        for rec in recs:
            rec.plan = for_plans[rec.plan_id]
        context = {
            "round": update_round,
            "actions": [action_line(rec) for rec in recs],
            "my_actions_url": absolute(reverse("recommendations:my-actions")),
        }
        drafts.append(
            Draft(
                key=key(officer),
                kind=kind,
                recipient=officer,
                context=context,
                partnership=partnership,
                update_round=update_round,
                send_after=send_after,
            )
        )
    return drafts


def notify_round_opened(update_round: UpdateRound, *, by: Actor) -> Recorded:
    """Record one update request per lead agency officer, listing their actions and the deadline.

    Called inside ``meetings.services.update_round_create``; ``send_notifications`` sends them
    (from 08:00 on the day it opens, if that is a later day).
    """
    require_actor(by)
    chase = chase_list(update_round, update_round.requested_by)
    later = update_round.opens_on > timezone.localdate()
    opens = timezone.make_aware(datetime.combine(update_round.opens_on, time(8))) if later else None
    drafts = _drafts(
        update_round,
        chase,
        Kind.ROUND_OPENED,
        lambda officer: f"round_opened:{update_round.pk}:{officer.pk}",
        missing_only=False,
        send_after=opens,
    )
    return record(drafts, by=by)


@dataclass
class Reminders:
    recorded: Recorded
    recently_reminded: list[User] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return len(self.recorded.new) - len(self.recorded.skipped)


def reminder_interval() -> timedelta:
    return timedelta(hours=settings.NOTIFICATIONS_REMINDER_INTERVAL_HOURS)


def recently_mailed(update_round: UpdateRound, now: datetime) -> set[int]:
    """The officers sent (or about to be sent) this round's update request or a reminder within
    the reminder interval: they are not reminded again yet."""
    since = now - reminder_interval()
    return set(
        Notification.objects.filter(update_round=update_round, kind__in=OFFICERS_ROUND_MAIL)
        .filter(Q(created_at__gte=since) | Q(next_attempt_at__gte=since))
        .exclude(status=Status.SKIPPED)
        .values_list("recipient_id", flat=True)
    )


@transaction.atomic
def send_reminders(update_round: UpdateRound, *, by: Actor, automatic: bool = False) -> Reminders:
    """Remind the officers still missing an update, except those sent the request or a reminder
    within the interval."""
    require_send_reminders(by)
    # One reminder run per round at a time (the row lock serialises clerks and servers).
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if not update_round.is_open:
        return Reminders(Recorded())
    now = timezone.now()
    recent = recently_mailed(update_round, now)
    chase = chase_list(update_round, update_round.requested_by)
    stamp = "auto" if automatic else f"{now:%Y%m%dT%H%M%S}"
    drafts = _drafts(
        update_round,
        chase,
        Kind.REMINDER,
        lambda officer: f"reminder:{update_round.pk}:{officer.pk}:{stamp}",
        missing_only=True,
    )
    waiting = [d for d in drafts if d.recipient.pk not in recent]
    skipped = [d.recipient for d in drafts if d.recipient.pk in recent]
    return Reminders(record(waiting, by=by), recently_reminded=skipped)


def withdraw_round_mail(update_round: UpdateRound, *, by: Actor, reason: str) -> int:
    """Withdraw the round's update requests and reminders still waiting to send (the round
    closed): each is recorded as not sent, with the reason and who withdrew it. Returns how many.

    A conditional update, so a row a sending run has already claimed is left to that run (which
    does not send it either: ``delivery`` refuses officers' mail of a closed round)."""
    require_actor(by)
    who = "the system" if is_system(by) else by.display_name()
    return Notification.objects.filter(
        update_round=update_round, kind__in=OFFICERS_ROUND_MAIL, status=Status.PENDING
    ).update(status=Status.SKIPPED, last_error=f"Withdrawn by {who}: {reason}"[:2000])


def rounds_due_a_reminder(today: date) -> list[UpdateRound]:
    """Open rounds whose deadline is N days away or nearer (and not yet passed)."""
    days = settings.NOTIFICATIONS_REMINDER_DAYS_BEFORE
    return list(
        UpdateRound.objects.filter(
            closed_at__isnull=True,
            deadline__gte=today,
            deadline__lte=today + timedelta(days=days),
            opens_on__lt=today,
        )
    )


def rounds_past_deadline(today: date) -> list[UpdateRound]:
    """Rounds whose deadline passed recently and whose clerk has no summary yet."""
    summarised = Notification.objects.filter(kind=Kind.ROUND_SUMMARY).values("update_round")
    return list(
        UpdateRound.objects.filter(
            deadline__lt=today,
            deadline__gte=today - timedelta(days=settings.NOTIFICATIONS_SUMMARY_WITHIN_DAYS),
        )
        .exclude(pk__in=summarised)
        .select_related("requested_by")
    )


def notify_deadline_passed(update_round: UpdateRound, *, by: Actor) -> Recorded:
    """To the clerk who opened the round: who updated and who did not (no action text)."""
    require_actor(by)
    chase = chase_list(update_round, update_round.requested_by)
    missing = [
        (plan_group.plan, lead)
        for plan_group in chase.plans
        for lead in plan_group.leads
        if lead.not_updated
    ]
    context = {
        "round": update_round,
        "chase": chase,
        "missing": missing,
        "round_url": _round_url(update_round),
        "outbox_url": absolute(reverse("notifications:outbox", args=[update_round.pk])),
    }
    draft = Draft(
        key=f"round_summary:{update_round.pk}",
        kind=Kind.ROUND_SUMMARY,
        recipient=update_round.requested_by,
        context=context,
        partnership=_partnership(update_round),
        update_round=update_round,
    )
    return record([draft], by=by)
