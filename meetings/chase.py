"""Update rounds: which outstanding actions have been updated since a round opened.

The one rule (``round_updates``): an action counts as updated for a round only when a person of
one of its lead organisations (an officer or manager of that agency or a team inside it) added a
progress update or changed the action after the round opened. Imports and other system changes,
clerks' corrections and administrators' edits do not count. The chase list and officers'
"needs update" tags both use it, in a fixed number of queries however many actions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from meetings.models import UpdateRound
from partnership.models import Organisation, Person, Role, User
from recommendations.models import ActionPlan, ProgressUpdate, Recommendation

UNASSIGNED = "Unassigned"


@dataclass
class ActionProgress:
    recommendation: Recommendation
    last_changed_on: date | None
    updated: bool


@dataclass
class LeadGroup:
    """One lead agency's outstanding actions in one plan."""

    name: str
    organisation: Organisation | None
    contacts: list[User] = field(default_factory=list)
    updated: list[ActionProgress] = field(default_factory=list)
    not_updated: list[ActionProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.updated) + len(self.not_updated)


@dataclass
class PlanGroup:
    plan: ActionPlan
    leads: list[LeadGroup] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        return len({a.recommendation.pk for g in self.leads for a in g.updated + g.not_updated})

    @property
    def updated(self) -> int:
        return len({a.recommendation.pk for g in self.leads for a in g.updated})

    @property
    def to_chase(self) -> int:
        return self.outstanding - self.updated


@dataclass
class ChaseList:
    update_round: UpdateRound
    plans: list[PlanGroup]

    @property
    def outstanding(self) -> int:
        return sum(p.outstanding for p in self.plans)

    @property
    def updated(self) -> int:
        return sum(p.updated for p in self.plans)

    @property
    def to_chase(self) -> int:
        return self.outstanding - self.updated


def opened_at(update_round: UpdateRound) -> datetime:
    """The start of the day the round opened, in the partnership's time zone."""
    return timezone.make_aware(datetime.combine(update_round.opens_on, time.min))


COUNTING_ROLES = {Role.OFFICER, Role.MANAGER}


def _lead_org_ids(rec: Recommendation) -> set[int]:
    ids = {org.pk for org in rec.lead_organisations.all()}
    ids |= {p.organisation_id for p in rec.lead_people.all() if p.organisation_id}
    return ids


def _family(org_id: int, parents: dict[int, int | None], children: dict) -> set[int]:
    """The organisation, the agencies it sits inside and the teams inside it: a person of any
    of them is a person of the lead agency (officers edit their teams' actions too)."""
    found: set[int] = set()
    current: int | None = org_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    stack = [org_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def round_updates(since: datetime, recs: list[Recommendation]) -> dict[int, datetime]:
    """For each of ``recs`` (leads prefetched) updated by its own lead agency since ``since``:
    when it was last so updated. Four queries however many actions."""
    ids = [rec.pk for rec in recs]
    events = list(
        Recommendation.history.filter(
            id__in=ids, history_date__gte=since, history_type="~", history_user__isnull=False
        ).values_list("id", "history_user_id", "history_date")
    )
    events += list(
        ProgressUpdate.objects.filter(
            recommendation_id__in=ids, created_at__gte=since, author__isnull=False
        ).values_list("recommendation_id", "author_id", "created_at")
    )
    people = {
        pk: org_id
        for pk, org_id in User.objects.filter(
            pk__in={user_id for _, user_id, _ in events},
            role__in=COUNTING_ROLES,
            is_superuser=False,
        ).values_list("pk", "organisation_id")
    }
    parents = dict(Organisation.objects.values_list("pk", "parent_id")) if people else {}
    leads = {rec.pk: _lead_org_ids(rec) for rec in recs}
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    families = {
        org_id: _family(org_id, parents, children) for org_id in set(people.values()) if org_id
    }
    counted: dict[int, datetime] = {}
    for rec_id, user_id, when in events:
        if families.get(people.get(user_id), set()) & leads[rec_id]:
            counted[rec_id] = max(when, counted.get(rec_id, when))
    return counted


def chase_list(update_round: UpdateRound, user: Any) -> ChaseList:
    """Per plan and lead agency, the round's outstanding actions that ``user`` may read: updated,
    and still to chase."""
    plans = list(update_round.plans.visible_to(user).order_by("name"))
    recs = list(
        Recommendation.objects.visible_to(user)
        .filter(plan__in=plans)
        .outstanding()
        .select_related("status")
        .prefetch_related(
            "lead_organisations",
            Prefetch("lead_people", queryset=Person.objects.select_related("organisation")),
        )
        .order_by("plan_id", "sort_key")
    )
    updated = round_updates(opened_at(update_round), recs)
    groups: dict[tuple[int, str], LeadGroup] = {}
    for rec in recs:
        when = updated.get(rec.pk)
        progress = ActionProgress(rec, timezone.localdate(when) if when else None, when is not None)
        leads = {org.pk: org for org in rec.lead_organisations.all()}
        for person in rec.lead_people.all():
            if person.organisation_id and person.organisation_id not in leads:
                leads[person.organisation_id] = person.organisation
        for org in leads.values() or [None]:
            key = (rec.plan_id, org.name if org else UNASSIGNED)
            group = groups.setdefault(key, LeadGroup(name=key[1], organisation=org))
            (group.updated if progress.updated else group.not_updated).append(progress)

    # The officers of each lead agency, so the clerk knows whom to chase.
    org_ids = {g.organisation.pk for g in groups.values() if g.organisation}
    contacts: dict[int, list[User]] = {}
    for user in User.objects.filter(
        organisation_id__in=org_ids, role=Role.OFFICER, is_active=True
    ).order_by("last_name", "first_name"):
        contacts.setdefault(user.organisation_id, []).append(user)
    for group in groups.values():
        if group.organisation:
            group.contacts = contacts.get(group.organisation.pk, [])

    result = []
    for plan in plans:
        leads = sorted(
            (g for (plan_id, _), g in groups.items() if plan_id == plan.pk),
            # Agencies with most to chase first; unassigned actions last.
            key=lambda g: (g.organisation is None, -len(g.not_updated), g.name.casefold()),
        )
        result.append(PlanGroup(plan=plan, leads=leads))
    return ChaseList(update_round=update_round, plans=result)
