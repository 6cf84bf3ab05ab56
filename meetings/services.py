"""Every write to committees, meetings, agendas, attendance, minutes, resolutions, update rounds.

Each service is keyword-only, runs in one transaction, checks that the actor may manage plans
(clerks and administrators; ``by=SYSTEM`` is the system acting from the command line) and records
the acting user and a reason on the history row.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Minute,
    Resolution,
    UpdateRound,
)
from meetings.permissions import require_manage_committees_of
from meetings.records import require_unconfirmed
from notifications.rounds import notify_round_opened, withdraw_round_mail
from partnership.audit import (
    audited_save,
    audited_update,
    save_with_m2m,
)
from partnership.models import Organisation, Partnership, Person, User
from partnership.permissions import Actor, is_system
from recommendations import services as plans
from recommendations.models import (
    ActionPlan,
    PlanKind,
    Section,
    SectionKind,
)
from recommendations.permissions import require_manage_plans

# ---------------------------------------------------------------------------------------------
# Committees and meetings
# ---------------------------------------------------------------------------------------------


def actions_plan_name(committee_name: str) -> str:
    return f"{committee_name.strip()} – actions arising"


@transaction.atomic
def committee_create(
    *,
    partnership: Partnership,
    name: str,
    by: Actor,
    reason: str,
    members: Iterable[Person] = (),
) -> Committee:
    """Create a committee with its own "actions arising" plan for RESOLVED items."""
    require_manage_committees_of(by, partnership)
    name = name.strip()
    if Committee.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ValidationError({"name": "This partnership already has a committee with that name."})
    plan_name = actions_plan_name(name)
    if ActionPlan.objects.filter(partnership=partnership, name__iexact=plan_name).exists():
        raise ValidationError({"name": f"An action plan called “{plan_name}” already exists."})
    plan = plans.plan_create(
        partnership=partnership,
        name=plan_name,
        kind=PlanKind.MINUTES,
        description=f"Actions the {name} RESOLVED at its meetings.",
        by=by,
        reason=reason,
    )
    committee = Committee(partnership=partnership, name=name, actions_plan=plan)
    committee.full_clean()
    save_with_m2m(committee, m2m={"members": members}, by=by, reason=reason)
    return committee


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    date: date,
    by: Actor,
    reason: str,
    time: time | None = None,
    venue: str = "",
) -> Meeting:
    """Add a meeting of a committee."""
    require_manage_committees_of(by, committee.partnership_id)
    meeting = Meeting(committee=committee, date=date, time=time, venue=venue.strip())
    meeting.full_clean()
    return audited_save(meeting, by=by, reason=reason)


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Actor, reason: str, **changes: Any) -> Meeting:
    """Change a meeting's date, time or venue (a save that changes nothing writes no history)."""
    require_manage_committees_of(by, meeting.committee.partnership_id)
    unknown = set(changes) - {"date", "time", "venue"}
    if unknown:
        raise ValidationError(f"Unknown meeting fields: {', '.join(sorted(unknown))}")
    audited_update(meeting, by=by, reason=reason, changes=changes)
    return meeting


def next_agenda_number(meeting: Meeting) -> str:
    """One more than the highest numeric agenda item of the meeting."""
    numbers = [int(n) for n in meeting.agenda_items.values_list("number", flat=True) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    by: Actor,
    reason: str,
    number: str = "",
    **fields: Any,
) -> AgendaItem:
    """Add an item to a meeting's agenda (numbered on from the last item unless given)."""
    require_manage_committees_of(by, meeting.committee.partnership_id)
    item = AgendaItem(
        meeting=meeting,
        title=title.strip(),
        number=number.strip() or next_agenda_number(meeting),
        **fields,
    )
    if item.page_from and item.page_to and item.page_to < item.page_from:
        raise ValidationError({"page_to": "The last page must be after the first page."})
    item.full_clean()
    return audited_save(item, by=by, reason=reason)


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    kind: str,
    by: Actor,
    reason: str,
    name: str = "",
    person: Person | None = None,
    detail: str = "",
    representing: str = "",
    in_the_chair: bool = False,
) -> Attendance:
    """Record someone present (perhaps in the Chair, or representing an absent member), an
    officer, another attendee or an apology."""
    require_manage_committees_of(by, meeting.committee.partnership_id)
    require_unconfirmed(meeting)
    if not name.strip() and person is None:
        raise ValidationError({"name": "Enter the name as written in the minutes"})
    row = Attendance(
        meeting=meeting,
        kind=kind,
        name=name.strip(),
        person=person,
        detail=detail.strip(),
        representing=representing.strip(),
        in_the_chair=in_the_chair,
    )
    row.full_clean()
    return audited_save(row, by=by, reason=reason)


# ---------------------------------------------------------------------------------------------
# Minutes and resolutions
# ---------------------------------------------------------------------------------------------


def next_minute_number(committee: Committee) -> int:
    """Minute numbers run on from meeting to meeting: one more than the committee's last."""
    last = Minute.objects.filter(meeting__committee=committee).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def minute_add(
    *,
    meeting: Meeting,
    title: str,
    by: Actor,
    reason: str,
    text: str = "",
    number: int | None = None,
    refers_to: Minute | None = None,
) -> Minute:
    """Add a numbered minute; a matter arising names the earlier minute it refers back to."""
    require_manage_committees_of(by, meeting.committee.partnership_id)
    require_unconfirmed(meeting)
    if number is None:
        number = next_minute_number(meeting.committee)
    if Minute.objects.filter(meeting__committee=meeting.committee, number=number).exists():
        raise ValidationError({"number": f"Minute {number} already exists for this committee."})
    if refers_to is not None and refers_to.meeting.committee_id != meeting.committee_id:
        raise ValidationError({"refers_to": "That minute belongs to another committee."})
    minute = Minute(
        meeting=meeting, number=number, title=title.strip(), text=text.strip(), refers_to=refers_to
    )
    minute.full_clean()
    return audited_save(minute, by=by, reason=reason)


def next_resolution_letter(minute: Minute) -> str:
    """The next letter after the minute's resolutions: (a), (b), ... (z), then (aa)."""
    used = set(minute.resolutions.values_list("letter", flat=True))
    for letter in string.ascii_lowercase:
        if letter not in used:
            return letter
    n = 2
    while True:
        for letter in string.ascii_lowercase:
            if letter * n not in used:
                return letter * n
        n += 1


def meeting_section(*, plan: ActionPlan, meeting: Meeting, by: Actor, reason: str) -> Section:
    """The section of the actions plan for one meeting (created the first time it is needed)."""
    title = f"Meeting of {meeting.date:%-d %B %Y}"
    section = plan.sections.filter(kind=SectionKind.MEETING, title__iexact=title).first()
    if section is None:
        section = plans.section_create(
            plan=plan,
            title=title,
            kind=SectionKind.MEETING,
            held_on=meeting.date,
            date_text=f"{meeting.date:%-d %B %Y}",
            by=by,
            reason=reason,
        )
    return section


def _actions_plan(committee: Committee, by: Actor, reason: str) -> ActionPlan:
    """The committee's actions plan; made on first use for committees that have none."""
    if committee.actions_plan is not None:
        return committee.actions_plan
    plan = plans.plan_create(
        partnership=committee.partnership,
        name=actions_plan_name(committee.name),
        kind=PlanKind.MINUTES,
        by=by,
        reason=reason,
    )
    committee.actions_plan = plan
    audited_save(committee, by=by, reason=reason)
    return plan


@transaction.atomic
def resolution_add(
    *,
    minute: Minute,
    text: str,
    by: Actor,
    reason: str,
    letter: str = "",
    action_lead_organisations: Iterable[Organisation] = (),
    target_date_text: str = "",
    track: bool = True,
) -> Resolution:
    """Record RESOLVED (a), (b)...; a tracked resolution becomes an action in the committee plan."""
    require_manage_committees_of(by, minute.meeting.committee.partnership_id)
    require_unconfirmed(minute.meeting)
    letter = letter.strip().strip("()").lower() or next_resolution_letter(minute)
    if minute.resolutions.filter(letter=letter).exists():
        raise ValidationError({"letter": f"Minute {minute.number} already has a ({letter})."})
    resolution = Resolution(minute=minute, letter=letter, text=text.strip())
    resolution.full_clean(exclude=["action"])
    if track:
        committee = minute.meeting.committee
        plan = _actions_plan(committee, by, reason)
        leads = list(action_lead_organisations)
        status = next((s for s in plan.statuses.all() if s.is_outstanding), None)
        if status is None:
            raise ValidationError(f"{plan} has no outstanding status for new actions.")
        resolution.action = plans.recommendation_create(
            plan=plan,
            reference=f"{minute.number}({letter})",
            # The action's text is rendered as sanitised HTML, so the clerk's words are escaped.
            text=escape(resolution.text),
            status=status,
            section=meeting_section(plan=plan, meeting=minute.meeting, by=by, reason=reason),
            order=minute.number,
            lead_organisations=leads,
            leads_text=", ".join(org.abbreviation or org.name for org in leads),
            target_date_text=target_date_text.strip(),
            by=by,
            reason=reason,
        )
    return audited_save(resolution, by=by, reason=reason)


# ---------------------------------------------------------------------------------------------
# Update rounds
# ---------------------------------------------------------------------------------------------


def _require_manage_round(by: Actor, meeting: Meeting | None, plans: Iterable[ActionPlan]) -> None:
    """A round asks about plans (and maybe a meeting): the clerk must serve all of them."""
    partnerships = {plan.partnership_id for plan in plans}
    if meeting is not None:
        partnerships.add(meeting.committee.partnership_id)
    if not partnerships and not is_system(by):
        require_manage_plans(by)  # nothing chosen yet: the form's own message follows
    for partnership_id in sorted(partnerships):
        require_manage_committees_of(by, partnership_id)


@transaction.atomic
def update_round_create(
    *,
    meeting: Meeting | None,
    plans: Iterable[ActionPlan],
    deadline: date,
    message: str,
    by: Actor,
    reason: str,
    opens_on: date | None = None,
    requested_by: User | None = None,
) -> UpdateRound:
    """Ask officers to update their outstanding actions in some plans before a deadline."""
    chosen = list(plans)
    _require_manage_round(by, meeting, chosen)
    requested_by = requested_by or (None if is_system(by) else by)
    if requested_by is None:
        raise ValidationError("An update round needs the person who requested it.")
    if not chosen:
        raise ValidationError({"plans": "Choose at least one action plan"})
    opens_on = opens_on or timezone.localdate()
    if deadline < opens_on:
        raise ValidationError({"deadline": "The deadline must be on or after the day it opens."})
    if meeting is not None and deadline >= meeting.date:
        # The round's appendix is issued from the deadline, for the meeting: so before it.
        raise ValidationError(
            {"deadline": f"The deadline must be before the meeting on {meeting.date:%-d %B %Y}"}
        )
    update_round = UpdateRound(
        meeting=meeting,
        message=message.strip(),
        opens_on=opens_on,
        deadline=deadline,
        requested_by=requested_by,
    )
    update_round.full_clean()
    save_with_m2m(update_round, m2m={"plans": chosen}, by=by, reason=reason)
    # Record each lead agency officer's update request (sent by `send_notifications`).
    notify_round_opened(update_round, by=by)
    return update_round


@transaction.atomic
def update_round_close(*, update_round: UpdateRound, by: Actor, reason: str) -> UpdateRound:
    """Close an update round and withdraw its requests and reminders not yet sent (closing a
    closed round changes nothing)."""
    _require_manage_round(by, update_round.meeting, update_round.plans.all())
    update_round = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if update_round.closed_at is None:
        update_round.closed_at = timezone.now()
        audited_save(update_round, by=by, reason=reason)
        withdraw_round_mail(update_round, by=by, reason=f"{reason}, so it was not sent")
    return update_round


def update_round_appendix_params(update_round: UpdateRound):
    """The round's appendix: its plans as at its deadline, marked with changes since the last
    paper of each plan."""
    from reports.appendix.params import AppendixParams

    plan_ids = tuple(update_round.plans.values_list("pk", flat=True))
    return AppendixParams(plan_ids=plan_ids, as_at=update_round.deadline, mark_changes=True)


def update_round_issue(*, update_round: UpdateRound, by: User):
    """At the deadline, in one step: issue the round's appendix as at the deadline, attached to
    the round's meeting, and close the round. Returns the issued paper, or the background job
    that will issue a large one."""
    from reports import permissions as reports_permissions
    from reports import services as reports

    reports_permissions.require_issue_appendix(by)
    if update_round.deadline > timezone.localdate():
        raise ValidationError(
            f"The deadline is {update_round.deadline:%d/%m/%Y}: the round's appendix can be "
            "issued from that day."
        )
    if update_round.appendices.exists():
        raise ValidationError("This round's appendix has already been issued.")
    result = reports.appendix_request(
        params=update_round_appendix_params(update_round),
        by=by,
        issue=True,
        meeting=update_round.meeting,
        update_round=update_round,
    )
    update_round_close(
        update_round=update_round, by=by, reason="Round's appendix issued as at the deadline"
    )
    return result
