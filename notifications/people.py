"""Digests, new-lead notices and closure notices: mail about actions rather than rounds."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from notifications.compose import absolute, action_line
from notifications.models import Kind
from notifications.queue import Draft, Recorded, record
from partnership.models import Organisation, Person, Role, User
from partnership.permissions import Actor, require_actor
from recommendations.models import Recommendation
from recommendations.permissions import works_in


def lead_organisation_ids(rec: Recommendation) -> set[int]:
    """The organisations leading ``rec``: named directly, or through a lead person."""
    ids = {org.pk for org in rec.lead_organisations.all()}
    ids |= {p.organisation_id for p in rec.lead_people.all() if p.organisation_id}
    return ids


def _officers_of(org_ids: set[int]) -> list[User]:
    return list(
        User.objects.filter(organisation_id__in=org_ids, role=Role.OFFICER, is_active=True)
        .select_related("organisation")
        .order_by("pk")
    )


def _context(rec: Recommendation, **extra) -> dict:
    return {"action": action_line(rec), "detail_url": absolute(rec.get_absolute_url()), **extra}


def notify_assigned(rec: Recommendation, *, before: set[int], by: Actor) -> Recorded:
    """Tell the officers of each organisation that has just become a lead of ``rec``."""
    require_actor(by)
    added = lead_organisation_ids(rec) - before
    if not added:
        return Recorded()
    rec = Recommendation.objects.select_related("plan__partnership").get(pk=rec.pk)
    drafts = [
        Draft(
            key=f"assigned:{rec.pk}:v{rec.version}:{officer.pk}",
            kind=Kind.ASSIGNED,
            recipient=officer,
            context=_context(rec, organisation=officer.organisation),
            partnership=rec.plan.partnership,
            recommendation=rec,
        )
        for officer in _officers_of(added)
    ]
    return record(drafts, by=by)


def _closure(rec: Recommendation, kind: str, recipients: list[User], by: Actor) -> Recorded:
    require_actor(by)
    rec = Recommendation.objects.select_related("plan__partnership").get(pk=rec.pk)
    who = by.display_name()
    drafts = [
        Draft(
            key=f"{kind}:{rec.pk}:v{rec.version}:{user.pk}",
            kind=kind,
            recipient=user,
            context=_context(rec, by_name=who),
            partnership=rec.plan.partnership,
            recommendation=rec,
        )
        for user in recipients
        if not isinstance(by, User) or user.pk != by.pk
    ]
    return record(drafts, by=by)


def notify_closure_proposed(recommendation: Recommendation, *, by: Actor) -> Recorded:
    """Ask the clerks of the action's partnership to agree (or not) that it can be closed."""
    partnership_id = recommendation.plan.partnership_id
    clerks = [
        user
        for user in User.objects.filter(role=Role.CLERK, is_active=True).order_by("pk")
        if works_in(user, partnership_id)
    ]
    return _closure(recommendation, Kind.CLOSURE_PROPOSED, clerks, by)


def notify_closure_agreed(recommendation: Recommendation, *, by: Actor) -> Recorded:
    """Tell the lead agencies' officers that closing ``recommendation`` was agreed."""
    officers = _officers_of(lead_organisation_ids(recommendation))
    return _closure(recommendation, Kind.CLOSURE_AGREED, officers, by)


# ---------------------------------------------------------------------------------------------
# The weekly overdue digest
# ---------------------------------------------------------------------------------------------


def _descendants() -> dict[int, set[int]]:
    """Each organisation's id with every team beneath it (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Organisation.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)

    def below(pk: int) -> set[int]:
        found, stack = set(), [pk]
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(children.get(node, []))
        return found

    return {pk: below(pk) for pk in {p for ids in children.values() for p in ids}}


def overdue_by_organisation(today: date) -> dict[int, list[Recommendation]]:
    """Overdue actions keyed by each lead organisation (three queries)."""
    recs = (
        Recommendation.objects.overdue(today)
        .select_related("plan__partnership")
        .prefetch_related(
            "lead_organisations", Prefetch("lead_people", queryset=Person.objects.only("pk"))
        )
        .in_source_order()
    )
    by_org: dict[int, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        for org_id in lead_organisation_ids(rec):
            by_org[org_id].append(rec)
    return by_org


def digest_week(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def queue_overdue_digests(*, by: Actor, today: date | None = None) -> Recorded:
    """Once a week (from the configured weekday), one mail per officer listing overdue actions."""
    today = today or timezone.localdate()
    if today.weekday() < settings.NOTIFICATIONS_DIGEST_WEEKDAY:
        return Recorded()
    by_org = overdue_by_organisation(today)
    teams = _descendants()
    week = digest_week(today)
    drafts = []
    for officer in _officers_of(set(teams)):
        recs, seen = [], set()
        for org_id in teams.get(officer.organisation_id, {officer.organisation_id}):
            for rec in by_org.get(org_id, []):
                if rec.pk not in seen:
                    seen.add(rec.pk)
                    recs.append(rec)
        if recs:
            context = {
                "actions": [action_line(rec) for rec in recs],
                "today": today,
                "my_actions_url": absolute(reverse("recommendations:my-actions")),
            }
            drafts.append(
                Draft(
                    key=f"overdue_digest:{week}:{officer.pk}",
                    kind=Kind.OVERDUE_DIGEST,
                    recipient=officer,
                    context=context,
                    partnership=recs[0].plan.partnership,
                )
            )
    return record(drafts, by=by)
