"""Demo data for the clerks' meetings area: a fictional board, its meetings, minutes and actions.

Everything here is invented for the Riverside demo partnership. Meeting dates are relative to the
day the demo is loaded, so there is always a recent meeting, an upcoming one and an open update
round with some actions updated and some still to chase.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from demo.history import updater
from meetings import services
from meetings.models import Committee, Meeting
from partnership.models import Organisation, Partnership, Person, Role, User
from partnership.permissions import SYSTEM, Actor
from recommendations import services as plan_services
from recommendations.models import ActionPlan, PlanKind

REASON = "Recorded by the committee clerk"
COMMITTEE = "Riverside Community Safety Board"
VENUE = "Committee Room 1, Riverside Civic Centre"

# (kind, name as minuted, or a demo Person's name to link)
ATTENDANCE = [
    ("present", "Cllr. Nadia Osei (Chair), Riverside Borough Council"),
    ("present", "Cllr. Peter Lund, Riverside Borough Council"),
    ("present", "Chief Supt. Karen Ashby, Riverside Police"),
    ("present", "Dr. Lewis Marsh, Northbank NHS Foundation Trust"),
    ("officer", "person:Rachel Dunn"),
    ("officer", "person:Martin Keane"),
    ("officer", "person:Simon Stokes"),
    ("other", "person:Priya Nair"),
    ("apology", "Cllr. Joan Fairley, Riverside Borough Council"),
    ("apology", "Supt. Alan Brook, Probation Service Riverside"),
]

# Minutes: (title, text, refers back to minute number or None, [resolutions]).
# A resolution is (text, lead abbreviations or None when not tracked, target date as written).
FIRST_MINUTES = [
    ("Apologies for absence", "Apologies were received as listed above.", None, []),
    (
        "Welcome and introductions",
        "The Chair welcomed members and partners to the meeting.",
        None,
        [],
    ),
    ("Declarations of interest", "No declarations were made.", None, []),
    (
        "Minutes of the previous meeting",
        "The minutes of the previous meeting were confirmed as a correct record.",
        None,
        [],
    ),
    (
        "Night-time economy safety plan",
        "The Board considered a report of the Community Safety Manager on late-night safety "
        "along the riverside walkway, including lighting, patrols and the taxi marshal pilot.",
        None,
        [
            ("That the report be noted.", None, ""),
            (
                "That the Community Safety Team and Neighbourhood Policing publish a joint summer "
                "patrol timetable for the riverside walkway.",
                ["CST", "RP-N"],
                "+6w",
            ),
        ],
    ),
    (
        "Domestic abuse refuge capacity",
        "Members heard that refuge spaces in the borough were full on most nights and that "
        "families were being placed outside Riverside.",
        None,
        [
            (
                "That Commissioning bring options for more refuge spaces to the next meeting.",
                ["CHS-C"],
                "+12w",
            ),
            (
                "That Safe Haven share anonymised waiting-list figures with the Board quarterly.",
                ["SHDAS"],
                "Ongoing - quarterly",
            ),
        ],
    ),
    (
        "Performance dashboard: quarter 4",
        "The Board reviewed the year-end dashboard. Repeat victimisation was discussed at length.",
        None,
        [
            ("That the dashboard be noted.", None, ""),
            (
                "That the Police add repeat-victim rates to the dashboard from next quarter.",
                ["RP"],
                "+16w",
            ),
        ],
    ),
    ("Date of next meeting", "The next meeting will be held in the same room.", None, []),
]

SECOND_MINUTES = [
    ("Apologies", "Apologies were received as listed above.", None, []),
    (
        "Minutes of the previous meeting",
        "The minutes were confirmed as a correct record.",
        None,
        [],
    ),
    (
        "Matters arising: refuge capacity",
        "Commissioning reported that the options paper had been delayed by the re-tender of "
        "the floating support contract.",
        "Domestic abuse refuge capacity",
        [
            (
                "That the refuge options paper come to the next meeting without fail.",
                ["CHS-C"],
                "+8w",
            )
        ],
    ),
    (
        "Matters arising: riverside patrols",
        "The joint patrol timetable had been published; footfall counts would follow.",
        "Night-time economy safety plan",
        [],
    ),
    (
        "Youth diversion programme",
        "Open Door Outreach presented the first year of the youth diversion programme, which "
        "had worked with 64 young people referred by schools and the Police.",
        None,
        [
            ("That the Board support extending the programme for a second year.", None, ""),
            (
                "That Children's Services and Open Door report referral numbers by school.",
                ["CHS-CS", "ODO"],
                "+10w",
            ),
            (
                "That the Community Safety Team write to secondary head teachers about the "
                "programme.",
                ["CST"],
                "+3w",
            ),
        ],
    ),
    (
        "Anti-social behaviour case review",
        "The Board considered the findings of a review of a long-running anti-social behaviour "
        "case on the Eastmoor estate.",
        None,
        [
            (
                "That Housing and Neighbourhood Policing keep one shared case log for anti-social "
                "behaviour cases.",
                ["CHS-H", "RP-N"],
                "+12w",
            ),
            (
                "That Contact Centre staff receive training in spotting vulnerable callers.",
                ["RCC"],
                "+14w",
            ),
        ],
    ),
    (
        "Hate crime reporting",
        "Members noted that hate incidents remained under-reported.",
        None,
        [
            (
                "That Victim Care Riverside open two third-party hate crime reporting centres.",
                ["VCR"],
                "+20w",
            )
        ],
    ),
    ("Any other business", "There was no other business.", None, []),
]

# Agendas: (number, title, purpose, pages, report of)
FIRST_AGENDA = [
    ("1", "Apologies and introductions", "information", None, ""),
    ("2", "Declarations of interest", "information", None, ""),
    ("3", "Minutes of the previous meeting", "decision", (3, 8), ""),
    ("4", "Night-time economy safety plan", "decision", (9, 20), "Community Safety Manager"),
    ("5", "Domestic abuse refuge capacity", "information", (21, 26), "Commissioning Manager"),
    ("6", "Performance dashboard: quarter 4", "information", (27, 34), "Head of Community Safety"),
    ("7", "Date of next meeting", "information", None, ""),
]
SECOND_AGENDA = [
    ("1", "Apologies and declarations of interest", "information", None, ""),
    ("2", "Minutes of the previous meeting", "decision", (3, 9), ""),
    ("3", "Matters arising", "information", None, ""),
    ("4", "Youth diversion programme: year one", "decision", (10, 24), "Open Door Outreach"),
    ("5", "Anti-social behaviour case review", "decision", (25, 40), "Head of Housing Needs"),
    ("6", "Hate crime reporting", "information", (41, 44), "Victim Care Riverside"),
    ("7", "Any other business", "information", None, ""),
]
NEXT_AGENDA = [
    ("1", "Apologies and declarations of interest", "information", None, ""),
    ("2", "Minutes of the previous meeting", "decision", (3, 10), ""),
    ("3", "Matters arising", "information", None, ""),
    ("4", "Actions arising: update", "information", (11, 16), "Community Safety Manager"),
    ("5", "Refuge capacity options", "decision", (17, 30), "Commissioning Manager"),
    ("6", "Performance dashboard: quarter 2", "information", (31, 38), "Head of Community Safety"),
    ("7", "Youth diversion programme: referrals by school", "information", (39, 44), ""),
    ("8", "Any other business", "information", None, ""),
]

# What happened to the actions since: reference -> (status word, progress note, days ago).
PROGRESS = {
    "105(b)": ("Done", "Timetable published on the council website and shared with partners.", 60),
    "106(a)": ("Closed", "Superseded by minute 111(a).", 60),
    "106(b)": ("In progress", "Quarter 2 figures sent to the coordinator.", 2),
    "113(b)": ("In progress", "Figures collected from six of the nine schools.", 3),
    "113(c)": ("Done", "Letter sent to all secondary head teachers.", 20),
    "114(a)": (None, "Shared log agreed in principle; awaiting IT access.", 30),
}


def _target(text: str, held: date) -> str:
    """'+6w' means six weeks after the meeting, written as a month the way minutes write it."""
    if text.startswith("+") and text.endswith("w"):
        return f"{held + timedelta(weeks=int(text[1:-1])):%B %Y}"
    return text


def _clerk(by: Actor) -> User | None:
    return (
        by
        or User.objects.filter(role=Role.CLERK).order_by("pk").first()
        or User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    )


def _minutes(
    meeting: Meeting,
    rows: list,
    orgs: dict[str, Organisation],
    by: Actor,
    first_number: int | None = None,
) -> None:
    for i, (title, text, refers_to, resolutions) in enumerate(rows):
        earlier = None
        if refers_to:
            earlier = meeting.committee.meetings.get(date__lt=meeting.date).minutes.get(
                title=refers_to
            )
        minute = services.minute_add(
            meeting=meeting,
            title=title,
            text=text,
            refers_to=earlier,
            number=first_number if i == 0 else None,  # later numbers run on
            by=by,
            reason=REASON,
        )
        for words, leads, target in resolutions:
            services.resolution_add(
                minute=minute,
                text=words,
                track=leads is not None,
                action_lead_organisations=[orgs[a] for a in leads or [] if a in orgs],
                target_date_text=_target(target, meeting.date),
                by=by,
                reason=REASON,
            )


def _attendance(meeting: Meeting, by: Actor) -> None:
    for kind, who in ATTENDANCE:
        person = None
        if who.startswith("person:"):
            person = Person.objects.filter(name=who.removeprefix("person:")).first()
            who = "" if person else who.removeprefix("person:")
        services.attendance_add(
            meeting=meeting, kind=kind, name=who, person=person, by=by, reason=REASON
        )


def _agenda(meeting: Meeting, rows: list, by: Actor) -> None:
    for number, title, purpose, pages, report_of in rows:
        services.agenda_item_add(
            meeting=meeting,
            number=number,
            title=title,
            purpose=purpose,
            page_from=pages[0] if pages else None,
            page_to=pages[1] if pages else None,
            report_of=report_of,
            by=by,
            reason=REASON,
        )


def _progress(plan: ActionPlan, today: date, by: Actor) -> None:
    """Each update is written by an officer of the lead agency, or entered by the clerk."""
    officers = list(User.objects.filter(role=Role.OFFICER).order_by("username"))
    clerk = _clerk(by)
    for reference, (status, note, days_ago) in PROGRESS.items():
        action = plan.recommendations.filter(reference=reference).first()
        if action is None:
            continue
        writer = updater(action, officers, clerk) if clerk is not None else SYSTEM
        if status:
            plan_services.recommendation_update(
                recommendation=action,
                changes={"status": plan_services.status_for(plan, status)},
                by=writer,
                reason="Update from the lead agency",
            )
        plan_services.progress_update_add(
            recommendation=action,
            text=note,
            by=writer,
            written_on=today - timedelta(days=days_ago),
            reason="Update from the lead agency",
        )


@transaction.atomic
def load_meetings_demo(
    *, partnership: Partnership, orgs: dict[str, Organisation], by: Actor = SYSTEM
) -> Committee:
    """A board with two minuted meetings, an upcoming one and an open update round (idempotent)."""
    existing = Committee.objects.filter(partnership=partnership, name=COMMITTEE).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    committee = services.committee_create(
        partnership=partnership, name=COMMITTEE, by=by, reason=REASON
    )
    first = services.meeting_create(
        committee=committee,
        date=today - timedelta(weeks=22),
        time=time(10, 0),
        venue=VENUE,
        by=by,
        reason=REASON,
    )
    second = services.meeting_create(
        committee=committee,
        date=today - timedelta(weeks=9),
        time=time(10, 0),
        venue=VENUE,
        by=by,
        reason=REASON,
    )
    upcoming = services.meeting_create(
        committee=committee,
        date=today + timedelta(days=10),
        time=time(14, 0),
        venue="Council Chamber, Riverside Civic Centre",
        by=by,
        reason=REASON,
    )
    # The board's minute numbers had reached 100 before it started using the tracker.
    for meeting, number, rows in [(first, 101, FIRST_MINUTES), (second, None, SECOND_MINUTES)]:
        _attendance(meeting, by)
        _minutes(meeting, rows, orgs, by, first_number=number)
    for meeting, agenda in [
        (first, FIRST_AGENDA),
        (second, SECOND_AGENDA),
        (upcoming, NEXT_AGENDA),
    ]:
        _agenda(meeting, agenda, by)
    _progress(committee.actions_plan, today, by)

    requested_by = _clerk(by)
    if requested_by is not None:  # an update round needs a person who asked for it
        plans = [committee.actions_plan]
        # And one of the partnership's bigger plans, so the chase list spans plans.
        other = partnership.plans.filter(kind=PlanKind.WORKSHOP).order_by("pk").first()
        if other is not None:
            plans.append(other)
        services.update_round_create(
            meeting=upcoming,
            plans=plans,
            opens_on=today - timedelta(days=7),
            deadline=today + timedelta(days=3),
            message="Please update your actions before the Board meets. Say what has been done "
            "since the last meeting and give a revised date with a reason if a target will be "
            "missed.",
            by=by,
            requested_by=requested_by,
            reason=REASON,
        )
    return committee
