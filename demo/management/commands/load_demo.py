"""Load the fictional Riverside partnership, its plans and one user per role. Idempotent."""

from __future__ import annotations

import os
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import data as demo
from demo.history import Step, plan_steps, replay, travel
from demo.meetings import load_meetings_demo
from partnership.audit import audited_save
from partnership.models import Organisation, Partnership, Person, Role, User
from partnership.permissions import SYSTEM, Actor
from partnership.services import (
    organisation_create,
    partnership_create,
    person_create,
    user_create,
)
from performance.demo import load_performance_demo
from recommendations import services
from recommendations.models import Rag, SectionKind

REASON = "Imported from the committee paper"
RAG_LETTERS = {"R": Rag.RED, "A": Rag.AMBER, "G": Rag.GREEN, "B": Rag.BLUE}


def refuse_unless_demo_database() -> None:
    """Stop before writing anything unless this is a development database holding only the demo.

    The loader resets the demo users' passwords; on a real install that would hand out accounts.
    """
    if not settings.DEBUG:
        raise CommandError(
            "load_demo only runs with DEBUG on (a development machine): nothing was written. "
            "Use `make demo` or `DEBUG=true python manage.py load_demo`."
        )
    problems = []
    partnerships = Partnership.objects.exclude(name=demo.PARTNERSHIP["name"])
    if partnerships.exists():
        names = ", ".join(sorted(partnerships.values_list("name", flat=True))[:3])
        problems.append(f"partnership(s) other than the demo: {names}")
    users = User.objects.exclude(username__in=[row[0] for row in demo.USERS])
    if users.exists():
        names = ", ".join(sorted(users.values_list("username", flat=True))[:3])
        problems.append(f"user account(s) other than the demo's: {names}")
    organisations = Organisation.objects.exclude(
        abbreviation__in=[row[1] for row in demo.ORGANISATIONS]
    )
    if organisations.exists():
        names = ", ".join(sorted(organisations.values_list("name", flat=True))[:3])
        problems.append(f"organisation(s) other than the demo's: {names}")
    if problems:
        raise CommandError(
            "This database holds more than the demo, so load_demo wrote nothing (it resets the "
            "demo users' passwords). Found " + "; ".join(problems) + ". Point DATABASE_URL at "
            "an empty or demo-only database."
        )


class Command(BaseCommand):
    help = "Load a fictional demo partnership with plans, actions, history and demo users."

    def handle(self, *args, **options) -> None:
        refuse_unless_demo_database()
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        with transaction.atomic():
            if Partnership.objects.filter(name=demo.PARTNERSHIP["name"]).exists():
                self.stdout.write("Demo partnership already loaded; checking demo users.")
                orgs = {o.abbreviation: o for o in Organisation.objects.all()}
                admin = User.objects.filter(username="admin").first()
                self._users(orgs, password, by=admin or SYSTEM)
            else:
                orgs = self._load(password)
            # After the users: the board's meetings are minuted by the demo clerk.
            load_meetings_demo(
                partnership=Partnership.objects.get(name=demo.PARTNERSHIP["name"]),
                orgs=orgs,
                by=User.objects.get(username="clerk"),
            )
            load_performance_demo(
                partnership=Partnership.objects.get(name=demo.PARTNERSHIP["name"]),
                orgs=orgs,
                by=User.objects.get(username="clerk"),
                today=timezone.localdate(),
            )
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(
            f"Sign in at {os.environ.get('DEMO_URL', 'http://127.0.0.1:8000/')} as officer, "
            "officer2, clerk, manager or admin "
            f"with password: {password}"
        )

    # -----------------------------------------------------------------------------------------

    def _users(self, orgs: dict[str, Organisation], password: str, *, by: Actor) -> None:
        # Passwords are set together, so one check tells whether DEMO_PASSWORD changed (each
        # check costs a full password hash: checking every account would slow `make run`).
        known = User.objects.filter(username__in=[row[0] for row in demo.USERS]).first()
        reset = known is not None and not known.check_password(password)
        for username, first, last, role, org in demo.USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    username=username,
                    password=password,
                    role=role,
                    organisation=orgs.get(org) if org else None,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    is_staff=role == "admin",
                    is_superuser=role == "admin",
                    by=by,
                    reason="Demo account created",
                )
            elif reset:
                user.set_password(password)
                audited_save(user, by=SYSTEM, reason="Demo password reset by load_demo")

    def _months_ago(self, months: float) -> datetime:
        return self._now - timedelta(days=30.44 * months)

    def _load(self, password: str) -> dict[str, Organisation]:
        """The directory and accounts two years back, then each plan as it was imported, then
        two years of officers' updates replayed in date order."""
        self._now = timezone.now()
        self._steps: list[Step] = []
        with travel(self._months_ago(26)):
            admin_row = [row for row in demo.USERS if row[0] == "admin"]
            orgs, partnership, people = self._directory(admin_row, password)
        self._by = User.objects.get(username="clerk")
        for kind, build in [
            ("case_review", lambda: self._case_review(partnership, orgs)),
            ("strategy", lambda: self._strategy(partnership, people)),
            ("delivery", lambda: self._delivery(partnership, orgs)),
            ("workshop", lambda: self._workshops(partnership, orgs)),
            ("minutes", lambda: self._minutes(partnership, orgs)),
        ]:
            with travel(self._months_ago(demo.PLAN_AGE_MONTHS[kind])):
                build()
        officers = list(User.objects.filter(role=Role.OFFICER).order_by("username"))
        replay(self._steps, officers=officers, clerk=self._by)
        return orgs

    def _directory(self, admin_row, password: str):
        first, last = admin_row[0][1], admin_row[0][2]
        admin = user_create(
            username="admin",
            password=password,
            role="admin",
            first_name=first,
            last_name=last,
            email="admin@example.org",
            is_staff=True,
            is_superuser=True,
            by=SYSTEM,
            reason="First administrator created when the tracker was installed",
        )
        orgs: dict[str, Organisation] = {}
        for name, abbreviation, kind, parent, aliases in demo.ORGANISATIONS:
            orgs[abbreviation] = organisation_create(
                name=name,
                abbreviation=abbreviation,
                kind=kind,
                parent=orgs.get(parent) if parent else None,
                aliases=aliases,
                by=admin,
                reason=REASON,
            )
        partnership = partnership_create(
            by=admin, reason=REASON, members=orgs.values(), **demo.PARTNERSHIP
        )
        people: dict[str, list[Person]] = {}
        for name, initials, title, org in demo.PEOPLE:
            person = person_create(
                name=name,
                initials=initials,
                title=title,
                organisation=orgs[org],
                by=admin,
                reason=REASON,
            )
            people.setdefault(initials, []).append(person)
        self._users(orgs, password, by=admin)
        return orgs, partnership, people

    def _workshops(self, partnership: Partnership, orgs: dict[str, Organisation]) -> None:
        plan = services.plan_create(
            partnership=partnership, by=self._by, reason=REASON, **demo.WORKSHOP_PLAN
        )
        sections = [
            services.section_create(
                plan=plan,
                title=title,
                kind=SectionKind.WORKSHOP,
                held_on=date.fromisoformat(held),
                date_text=date.fromisoformat(held).strftime("%-d %B %Y"),
                attendance=attendance,
                scenarios=scenarios,
                by=self._by,
                reason=REASON,
            )
            for title, held, attendance, scenarios in demo.WORKSHOPS
        ]
        for order, (ws, ref, deficiency, text, leads, unassigned, status) in enumerate(
            demo.WORKSHOP_RECS
        ):
            found = services.deficiency_create(
                plan=plan,
                section=sections[ws],
                number=ref,
                text=deficiency,
                by=self._by,
                reason=REASON,
            )
            rec = services.recommendation_create(
                plan=plan,
                section=sections[ws],
                deficiency=found,
                reference=ref,
                order=order,
                text=text,
                status=services.status_for(plan, "Pending"),
                lead_organisations=[orgs[a] for a in leads],
                leads_text=", ".join(orgs[a].name for a in leads),
                unassigned_note=unassigned,
                target_date_text=["June 2025", "September 2025", "March 2026"][order % 3],
                by=self._by,
                reason=REASON,
            )
            self._progress(rec, status, order)

    def _progress(self, rec, status_word: str, order: int, rag: str | None = None) -> None:
        """Plan the action's history from its import to today, replayed later in date order."""
        self._steps.extend(plan_steps(rec, status_word, rag, timezone.now(), self._now))

    def _case_review(self, partnership: Partnership, orgs: dict[str, Organisation]) -> None:
        plan = services.plan_create(
            partnership=partnership, by=self._by, reason=REASON, **demo.CASE_REVIEW_PLAN
        )
        for order, (ref, text, leads, work, target, status) in enumerate(demo.CASE_REVIEW_RECS):
            rec = services.recommendation_create(
                plan=plan,
                reference=ref,
                order=order,
                text=f"<p>{ref}. {text}</p>",
                status=services.status_for(plan, "Not started"),
                lead_organisations=[orgs[a] for a in leads],
                leads_text=", ".join(orgs[a].name for a in leads),
                work_to_date=work,
                target_date_text=target,
                by=self._by,
                reason=REASON,
            )
            self._progress(rec, status, order)
        # One revised date with its reason, as clerks record them.
        rec = plan.recommendations.get(reference="3")
        services.recommendation_update(
            recommendation=rec,
            by=self._by,
            reason="Revised date agreed at the partnership meeting (demo)",
            changes={
                "revised_target_date_text": "March 2026",
                "revised_date_reason": "Union consultation took longer than planned.",
            },
        )

    def _strategy(self, partnership: Partnership, people: dict[str, list[Person]]) -> None:
        plan = services.plan_create(
            partnership=partnership, by=self._by, reason=REASON, **demo.STRATEGY_PLAN
        )
        sections = [
            services.section_create(
                plan=plan,
                number=number,
                title=title,
                narrative=narrative,
                kind=SectionKind.PRIORITY,
                by=self._by,
                reason=REASON,
            )
            for number, title, narrative in demo.PRIORITIES
        ]
        counters = [0] * len(sections)
        for order, (p, action, deadline, outcome, leads, notes, rag, status) in enumerate(
            demo.STRATEGY_ACTIONS
        ):
            counters[p] += 1
            lead_people = self._initials(leads, people)
            rec = services.recommendation_create(
                plan=plan,
                section=sections[p],
                reference=f"{sections[p].number}.{counters[p]}",
                order=order,
                text=action,
                status=services.status_for(plan, "Not started"),
                lead_people=lead_people,
                leads_text=leads,
                outcome=outcome,
                notes=notes,
                target_date_text=deadline,
                unassigned_note="" if lead_people or leads == "All" else "Lead to be confirmed",
                by=self._by,
                reason=REASON,
            )
            self._progress(rec, status, order, rag=rag)

    def _initials(self, leads: str, people: dict[str, list[Person]]) -> list[Person]:
        """Resolve initials only where they are unambiguous (JW, SS and MK clash on purpose)."""
        found = []
        for token in leads.replace(" and ", "/").split("/"):
            candidates = people.get(token.strip(), [])
            if len(candidates) == 1:
                found.append(candidates[0])
        return found

    def _delivery(self, partnership: Partnership, orgs: dict[str, Organisation]) -> None:
        plan = services.plan_create(
            partnership=partnership, by=self._by, reason=REASON, **demo.DELIVERY_PLAN
        )
        sections: dict[str, object] = {}
        for order, (area, action, leads, milestone, when, commentary, status, rag) in enumerate(
            demo.DELIVERY_ACTIONS
        ):
            if area not in sections:
                sections[area] = services.section_create(
                    plan=plan,
                    title=area,
                    kind=SectionKind.PRIORITY_AREA,
                    by=self._by,
                    reason=REASON,
                )
            milestone_date = date.fromisoformat(when)
            rec = services.recommendation_create(
                plan=plan,
                section=sections[area],
                reference=action.split(".", 1)[0],
                order=order,
                text=action.split(".", 1)[1].strip(),
                status=services.status_for(plan, "Not started"),
                lead_organisations=[orgs[a] for a in leads],
                leads_text=", ".join(orgs[a].name for a in leads),
                next_milestone=f"{milestone} by {milestone_date:%-d %B %Y}",
                next_milestone_date=milestone_date,
                target_date=milestone_date,
                commentary=commentary,
                by=self._by,
                reason=REASON,
            )
            self._progress(rec, status, order, rag=RAG_LETTERS[rag])

    def _minutes(self, partnership: Partnership, orgs: dict[str, Organisation]) -> None:
        plan = services.plan_create(
            partnership=partnership,
            by=self._by,
            reason=REASON,
            name="Partnership Board – actions arising",
            kind="minutes",
            marking="OFFICIAL",
            description="Actions the board RESOLVED at its meetings.",
        )
        section = services.section_create(
            plan=plan,
            title="Board meeting, 15 September 2026",
            kind=SectionKind.MEETING,
            held_on=date(2026, 9, 15),
            by=self._by,
            reason=REASON,
        )
        actions = [
            (
                "41(a)",
                "Circulate the refreshed information-sharing agreement to all partners.",
                ["CST"],
                "October 2026",
                "Open",
            ),
            (
                "41(b)",
                "Bring the youth violence needs assessment to the next meeting.",
                ["CHS-CS"],
                "December 2026",
                "In progress",
            ),
            (
                "43(a)",
                "Write to the Business Alliance about the retail crime pledge.",
                ["CST"],
                "September 2026",
                "Done",
            ),
            ("44(a)", "Report knife-bin planning options.", ["RBC"], "November 2026", "Open"),
            ("45(a)", "Confirm the lead for interpreter booking.", [], "October 2026", "Open"),
        ]
        for order, (ref, text, leads, target, status) in enumerate(actions):
            rec = services.recommendation_create(
                plan=plan,
                section=section,
                reference=ref,
                order=order,
                text=text,
                status=services.status_for(plan, "Open"),
                lead_organisations=[orgs[a] for a in leads],
                leads_text=", ".join(orgs[a].name for a in leads),
                target_date_text=target,
                by=self._by,
                reason=REASON,
            )
            self._progress(rec, status, order)
