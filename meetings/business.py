"""Committee business: chair and vice-chair, the schedule of future meetings, matters arising
carried forward from earlier minutes, and minutes confirmed (frozen) at the next meeting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from meetings.models import (
    Committee,
    ConfirmedMinutes,
    MatterArising,
    MatterOutcome,
    Meeting,
    Minute,
    MinutesCorrection,
    Resolution,
)
from meetings.permissions import require_confirm_minutes, require_correct_meeting_records
from meetings.records import require_unconfirmed
from partnership.audit import audited_save, audited_update, set_m2m
from partnership.models import Person
from partnership.permissions import Actor, history_user, is_system
from recommendations import services as plans
from recommendations.markings import Marking
from recommendations.models import (
    Lifecycle,
    ProgressUpdate,
    Recommendation,
    is_outstanding_lifecycle,
)

COMMITTEE_FIELDS = {
    "chair",
    "chair_elected_at",
    "vice_chair",
    "vice_chair_elected_at",
    "enquiries_contact",
    "marking",
}


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    by: Actor,
    reason: str,
    members: Iterable[Person] | None = None,
    **changes: Any,
) -> Committee:
    """Chair and vice-chair (with the meeting that elected them), enquiries contact, marking."""
    require_correct_meeting_records(by)
    unknown = set(changes) - COMMITTEE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown committee fields: {', '.join(sorted(unknown))}")
    if "marking" in changes and changes["marking"] not in Marking.values:
        raise ValidationError({"marking": "Choose one of the protective markings offered"})
    for role in ("chair", "vice_chair"):
        elected = changes.get(f"{role}_elected_at")
        if elected is not None and elected.committee_id != committee.pk:
            raise ValidationError({f"{role}_elected_at": "Choose a meeting of this committee."})
    if changes.get("chair") and changes.get("chair") == changes.get("vice_chair"):
        raise ValidationError(
            {"vice_chair": "The vice-chair must be someone other than the chair."}
        )
    members_changed = members is not None and set_m2m(committee, "members", members)
    changed = audited_update(committee, by=by, reason=reason, changes=changes)
    if members_changed and not changed:
        audited_save(committee, by=by, reason=reason)
    return committee


def parse_schedule(text: str) -> list[date]:
    """Dates one a line (or separated by ';'), as 8 December 2016, 08/12/2016 or 2016-12-08."""
    from datetime import datetime

    formats = ["%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d"]
    found, errors = [], []
    pieces = [p.strip().rstrip(".;,") for line in text.splitlines() for p in line.split(";")]
    for number, piece in enumerate([p for p in pieces if p], start=1):
        for fmt in formats:
            try:
                found.append(datetime.strptime(" ".join(piece.split()), fmt).date())
                break
            except ValueError:
                continue
        else:
            errors.append(f"Date {number} (“{piece[:40]}”) is not a date such as 8 December 2026")
    if errors:
        raise ValidationError({"dates": errors})
    if not found:
        raise ValidationError({"dates": "Enter at least one date"})
    return found


@transaction.atomic
def schedule_add(
    *,
    committee: Committee,
    dates: Iterable[date],
    by: Actor,
    reason: str,
    time: time | None = None,
    venue: str = "",
) -> list[Meeting]:
    """Add a committee's future meetings in one go; a date it already meets on is refused."""
    require_correct_meeting_records(by)
    dates = sorted(set(dates))
    taken = set(
        Meeting.objects.filter(committee=committee, date__in=dates).values_list("date", flat=True)
    )
    if taken:
        listed = ", ".join(f"{d:%-d %B %Y}" for d in sorted(taken))
        raise ValidationError({"dates": f"The committee already meets on {listed}."})
    meetings = []
    for day in dates:
        meeting = Meeting(committee=committee, date=day, time=time, venue=venue.strip())
        meeting.full_clean()
        meetings.append(audited_save(meeting, by=by, reason=reason))
    return meetings


# ---------------------------------------------------------------------------------------------
# Matters arising carried forward
# ---------------------------------------------------------------------------------------------


@dataclass
class MatterRow:
    """One action arising from an earlier minute, as the next meeting sees it."""

    resolution: Resolution
    action: Recommendation
    latest: ProgressUpdate | None
    recorded: MatterArising | None

    @property
    def minute(self) -> Minute:
        return self.resolution.minute


def matters_arising(meeting: Meeting, user: Any) -> list[MatterRow]:
    """Every action from the committee's earlier minutes still outstanding, plus any this
    meeting already recorded an outcome for (a closed one stays listed where it was closed).

    ``user`` scopes the read; ``None`` is the system acting (commands, services for SYSTEM).
    """

    def scoped(model):
        return model.objects.all() if user is None else model.objects.visible_to(user)

    recorded = {m.action_id: m for m in scoped(MatterArising).filter(meeting=meeting)}
    latest = ProgressUpdate.objects.order_by("-written_on", "-created_at", "-pk")
    resolutions = (
        scoped(Resolution)
        .filter(
            minute__meeting__committee_id=meeting.committee_id,
            minute__meeting__date__lt=meeting.date,
            action__isnull=False,
        )
        .select_related("minute__meeting", "action__status")
        .prefetch_related(
            "action__lead_organisations", Prefetch("action__updates", queryset=latest)
        )
        .order_by("minute__number", "letter")
    )
    rows = []
    for resolution in resolutions:
        action = resolution.action
        if is_outstanding_lifecycle(action.status.lifecycle) or action.pk in recorded:
            updates = list(action.updates.all())
            rows.append(
                MatterRow(
                    resolution, action, updates[0] if updates else None, recorded.get(action.pk)
                )
            )
    return rows


def _close_action(action: Recommendation, note: str, by: Actor, reason: str) -> None:
    status = action.plan.statuses.filter(lifecycle=Lifecycle.COMPLETE).order_by("order").first()
    if status is None:
        raise ValidationError(f"{action.plan} has no status for completed actions.")
    if action.status_id != status.pk:
        plans.recommendation_update(
            recommendation=action,
            by=by,
            reason=reason,
            changes={"status": status},
            progress_note=note,
        )


@transaction.atomic
def matters_arising_record(
    *, meeting: Meeting, outcomes: dict[int, tuple[str, str]], by: Actor, reason: str
) -> list[MatterArising]:
    """Record noted / closed / carried forward (and a note) for each action, in one go.

    ``outcomes`` maps an action's pk to (outcome, note); an action outside this meeting's matters
    arising is refused. "Closed" also moves the action to its plan's completed status.
    """
    require_correct_meeting_records(by)
    require_unconfirmed(meeting)
    allowed = {
        row.action.pk: row for row in matters_arising(meeting, None if is_system(by) else by)
    }
    saved = []
    for action_pk, (outcome, note) in outcomes.items():
        if action_pk not in allowed:
            raise ValidationError(f"Action {action_pk} is not a matter arising for this meeting.")
        if outcome not in MatterOutcome.values:
            raise ValidationError(
                f"Choose noted, closed or carried forward for action {action_pk}."
            )
        row = allowed[action_pk]
        record = row.recorded or MatterArising(meeting=meeting, action=row.action)
        if record.pk is None or (record.outcome, record.note) != (outcome, note.strip()):
            record.outcome, record.note = outcome, note.strip()
            record.full_clean()
            audited_save(record, by=by, reason=reason)
        if outcome == MatterOutcome.CLOSED:
            _close_action(row.action, note.strip() or f"Closed at {meeting}.", by, reason)
        saved.append(record)
    return saved


# ---------------------------------------------------------------------------------------------
# Minutes confirmed, and corrections after
# ---------------------------------------------------------------------------------------------


def require_held(meeting: Meeting) -> None:
    """Minutes are confirmed at a later meeting: never before the meeting itself."""
    if not meeting.has_been_held:
        raise ValidationError(
            f"The meeting on {meeting.date:%-d %B %Y} has not happened yet: its minutes can be "
            "confirmed after it, at a later meeting."
        )


@transaction.atomic
def minutes_confirm(
    *, meeting: Meeting, at_minute: Minute, by: Actor, reason: str
) -> ConfirmedMinutes:
    """Record that ``at_minute`` (of a later meeting) confirmed ``meeting``'s minutes as a
    correct record, and freeze them: the exact PDF, its SHA-256, who and when."""
    from meetings.papers import minutes_pdf

    require_confirm_minutes(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_unconfirmed(meeting)
    require_held(meeting)
    later = at_minute.meeting
    if later.committee_id != meeting.committee_id or later.date <= meeting.date:
        raise ValidationError(
            {"at_minute": "Choose a minute of a later meeting of the same committee."}
        )
    if not meeting.minutes.exists():
        raise ValidationError("There are no minutes to confirm for this meeting.")
    pdf, pages = minutes_pdf(meeting, confirming=at_minute)
    confirmed = ConfirmedMinutes(
        meeting=meeting,
        confirmed_at_minute=at_minute,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        page_count=pages,
        confirmed_by=history_user(by),
    )
    confirmed.full_clean(exclude=["pdf"])
    confirmed.save()
    return confirmed


@transaction.atomic
def correction_add(
    *, meeting: Meeting, text: str, by: Actor, reason: str, minute: Minute | None = None
) -> MinutesCorrection:
    """Record a correction to confirmed minutes (the frozen copy stays as it was)."""
    require_confirm_minutes(by)
    if not ConfirmedMinutes.objects.filter(meeting=meeting).exists():
        raise ValidationError("These minutes are not confirmed yet: change them directly.")
    if minute is not None and minute.meeting_id != meeting.pk:
        raise ValidationError({"minute": "That minute belongs to another meeting."})
    correction = MinutesCorrection(meeting=meeting, minute=minute, text=text.strip())
    correction.full_clean()
    return audited_save(correction, by=by, reason=reason)
