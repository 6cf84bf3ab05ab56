"""Who reads which plans, actions and their parts: the one place that decides, per model.

* An installation administrator reads everything.
* Everyone else reads only inside the partnerships they work in (``partnership.access``).
* Inside a partnership, a plan marked OFFICIAL-SENSITIVE is read in full only by the
  partnership's clerks and managers and by the organisations and people on the plan's access
  list (an organisation on the list brings the teams beneath it). An officer whose organisation
  (or a team beneath it) leads one of its actions reads that action, and the plan only as far as
  it holds their actions. Others see that it exists in the plan list only when the clerk chose
  ``listed``, and never its content.
* Every other plan of the partnership is read by everyone who works in it.

Anything outside these rules is answered as if it did not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from partnership.access import (
    is_active_user,
    organisation_and_ancestors,
    organisation_and_descendants,
    partnership_ids,
    sees_everything,
)
from partnership.audit import AuditedQuerySet
from recommendations.markings import Marking

SENSITIVE = Marking.OFFICIAL_SENSITIVE


def _model(name: str) -> Any:
    return apps.get_model("recommendations", name)


def is_partnership_staff(user: Any) -> bool:
    """Clerks and managers read every plan of the partnerships they work in."""
    return is_active_user(user) and (user.is_clerk or user.is_manager)


def led_by_user(user: Any) -> Q:
    """Actions led by the user's organisation or a team beneath it (directly or via a person)."""
    rec = _model("Recommendation")
    ids = organisation_and_descendants(user)
    return Q(
        id__in=rec.lead_organisations.through.objects.filter(organisation_id__in=ids).values(
            "recommendation_id"
        )
    ) | Q(
        id__in=rec.lead_people.through.objects.filter(person__organisation_id__in=ids).values(
            "recommendation_id"
        )
    )


class PlanQuerySet(AuditedQuerySet):
    def readable_by(self, user: Any) -> PlanQuerySet:
        """Plans whose whole content ``user`` may read."""
        if sees_everything(user):
            return self.all()
        if not is_active_user(user):
            return self.none()
        in_partnership = Q(partnership_id__in=partnership_ids(user))
        if is_partnership_staff(user):
            return self.filter(in_partnership)
        plan = self.model
        named = Q(
            pk__in=plan.access_users.through.objects.filter(user_id=user.pk).values("actionplan_id")
        ) | Q(
            pk__in=plan.access_organisations.through.objects.filter(
                organisation_id__in=organisation_and_ancestors(user)
            ).values("actionplan_id")
        )
        return self.filter(in_partnership & (~Q(marking=SENSITIVE) | named))

    def visible_to(self, user: Any) -> PlanQuerySet:
        """Plans ``user`` may open: readable ones, and sensitive ones where they lead actions
        (the plan page then shows only those actions)."""
        if sees_everything(user):
            return self.all()
        readable = Q(pk__in=self.model.objects.readable_by(user).values("pk"))
        if not (is_active_user(user) and user.organisation_id) or is_partnership_staff(user):
            return self.filter(readable)
        leading = _model("Recommendation").objects.led_in_partnerships(user).values("plan_id")
        return self.filter(readable | Q(pk__in=leading))

    def listed_for(self, user: Any) -> PlanQuerySet:
        """What the plan list shows: visible plans, plus sensitive ones the clerk chose to list
        (their name only)."""
        if sees_everything(user):
            return self.all()
        listed = Q(listed=True, partnership_id__in=partnership_ids(user))
        return self.filter(Q(pk__in=self.model.objects.visible_to(user).values("pk")) | listed)

    def managed_by(self, user: Any) -> PlanQuerySet:
        """Plans ``user`` may configure (statuses, sections, access list, imports)."""
        partnerships = apps.get_model("partnership", "Partnership").objects.managed_by(user)
        return self.filter(partnership__in=partnerships)


class PlanPartQuerySet(AuditedQuerySet):
    """Status words, sections and deficiencies: read with their plan."""

    def visible_to(self, user: Any) -> PlanPartQuerySet:
        if sees_everything(user):
            return self.all()
        plans = _model("ActionPlan").objects
        if self.model is _model("StatusLabel"):
            return self.filter(plan__in=plans.visible_to(user))
        # A section or deficiency of a plan read only in part: only those above the user's
        # own actions.
        related = self.model._meta.get_field("recommendations").remote_field.name
        own = _model("Recommendation").objects.visible_to(user).values(f"{related}_id")
        return self.filter(Q(plan__in=plans.readable_by(user)) | Q(pk__in=own))


class ProgressUpdateQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> ProgressUpdateQuerySet:
        if sees_everything(user):
            return self.all()
        recs = _model("Recommendation").objects.visible_to(user)
        return self.filter(recommendation__in=recs)


class RecommendationScope(AuditedQuerySet):
    """The read and write scope of actions (mixed into RecommendationQuerySet)."""

    def led_in_partnerships(self, user: Any) -> RecommendationScope:
        """Actions in the user's partnerships that their organisation (or a team) leads."""
        if not (is_active_user(user) and user.organisation_id):
            return self.none()
        return self.filter(led_by_user(user), plan__partnership_id__in=partnership_ids(user))

    def visible_to(self, user: Any) -> RecommendationScope:
        if sees_everything(user):
            return self.all()
        readable = Q(plan_id__in=_model("ActionPlan").objects.readable_by(user).values("pk"))
        if not (is_active_user(user) and user.organisation_id) or is_partnership_staff(user):
            return self.filter(readable)
        sensitive = _model("ActionPlan").objects.filter(
            marking=SENSITIVE, partnership_id__in=partnership_ids(user)
        )
        return self.filter(readable | (Q(plan_id__in=sensitive.values("pk")) & led_by_user(user)))

    def exportable_by(self, user: Any) -> RecommendationScope:
        """What ``user`` may take out in bulk: what they read, less need-to-know plans unless
        they are the partnership's clerks or managers (or an administrator)."""
        visible = self.visible_to(user)
        if sees_everything(user) or is_partnership_staff(user):
            return visible
        return visible.exclude(plan__marking=SENSITIVE)

    def editable_by(self, user: Any) -> RecommendationScope:
        """Actions ``user`` may change: clerks in their partnerships, officers their own."""
        if not is_active_user(user):
            return self.none()
        if user.is_admin_role:
            return self.all()
        if user.is_clerk:
            return self.filter(plan__partnership_id__in=partnership_ids(user))
        if user.is_officer:
            return self.led_in_partnerships(user)
        return self.none()


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SavedViewQuerySet:
        """The user's own views, and those shared with a partnership they work in or with
        their organisation (or one above it)."""
        if not is_active_user(user):
            return self.none()
        return self.filter(
            Q(user=user)
            | Q(shared_with_partnership_id__in=partnership_ids(user))
            | Q(shared_with_organisation_id__in=organisation_and_ancestors(user))
        ).select_related("user", "shared_with_partnership", "shared_with_organisation")

    def owned_by(self, user: Any) -> SavedViewQuerySet:
        """The views ``user`` may change or delete: their own."""
        if not is_active_user(user):
            return self.none()
        return self.filter(user=user)

    def shared(self) -> SavedViewQuerySet:
        return self.filter(
            Q(shared_with_partnership__isnull=False) | Q(shared_with_organisation__isnull=False)
        )
