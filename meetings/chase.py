"""The clerk's chase list: which outstanding actions have been updated since a round opened.

An action counts as updated when someone changed it (a version after the first) on or after the
day the round opened, or when its latest progress update is dated on or after that day. The whole
list takes a fixed number of queries however many plans, actions and leads there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Subquery
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


def _opened_at(opens_on: date) -> datetime:
    return timezone.make_aware(datetime.combine(opens_on, time.min))


def _progress(rec: Recommendation, opens_on: date, opened_at: datetime) -> ActionProgress:
    edited = rec.version > 1 and rec.updated_at >= opened_at
    noted = rec.latest_update_on is not None and rec.latest_update_on >= opens_on
    changed_on = [timezone.localdate(rec.updated_at)] if rec.version > 1 else []
    if rec.latest_update_on:
        changed_on.append(rec.latest_update_on)
    return ActionProgress(rec, max(changed_on, default=None), edited or noted)


def chase_list(update_round: UpdateRound, user: Any) -> ChaseList:
    """Per plan and lead agency, the round's outstanding actions that ``user`` may read: updated,
    and still to chase."""
    opens_on = update_round.opens_on
    opened_at = _opened_at(opens_on)
    plans = list(update_round.plans.visible_to(user).order_by("name"))
    latest_update = (
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
        .values("recommendation")
        .annotate(latest=Max("written_on"))
        .values("latest")
    )
    recs = (
        Recommendation.objects.visible_to(user)
        .filter(plan__in=plans)
        .outstanding()
        .select_related("status")
        .prefetch_related(
            "lead_organisations",
            Prefetch("lead_people", queryset=Person.objects.select_related("organisation")),
        )
        .annotate(latest_update_on=Subquery(latest_update))
        .order_by("plan_id", "sort_key")
    )
    groups: dict[tuple[int, str], LeadGroup] = {}
    for rec in recs:
        progress = _progress(rec, opens_on, opened_at)
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
