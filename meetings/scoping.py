"""Who reads which committees, meetings and update rounds: each follows its partnership.

A committee is read by everyone who works in its partnership (partnership.access); a meeting,
its agenda, attendance and minutes with their committee; a resolution with its minute; an update
round through the plans it asks about. Outside that: 404.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from partnership.access import partnership_ids, sees_everything
from partnership.audit import AuditedQuerySet


def _model(name: str) -> Any:
    return apps.get_model("meetings", name)


class CommitteeQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> CommitteeQuerySet:
        if sees_everything(user):
            return self.all()
        return self.filter(partnership_id__in=partnership_ids(user))

    def managed_by(self, user: Any) -> CommitteeQuerySet:
        partnerships = apps.get_model("partnership", "Partnership").objects.managed_by(user)
        return self.filter(partnership__in=partnerships)


class MeetingQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        if sees_everything(user):
            return self.all()
        return self.filter(committee__in=_model("Committee").objects.visible_to(user))


class MeetingPartQuerySet(AuditedQuerySet):
    """Agenda items, attendance and minutes: read with their meeting."""

    def visible_to(self, user: Any) -> MeetingPartQuerySet:
        if sees_everything(user):
            return self.all()
        return self.filter(meeting__in=_model("Meeting").objects.visible_to(user))


class ResolutionQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> ResolutionQuerySet:
        if sees_everything(user):
            return self.all()
        return self.filter(minute__in=_model("Minute").objects.visible_to(user))


class UpdateRoundQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> UpdateRoundQuerySet:
        """Rounds about plans of the user's partnerships (or for one of their meetings)."""
        if sees_everything(user):
            return self.all()
        ids = partnership_ids(user)
        plans = _model("UpdateRound").plans.through.objects.filter(
            actionplan__partnership_id__in=ids
        )
        return self.filter(
            Q(pk__in=plans.values("updateround_id")) | Q(meeting__committee__partnership_id__in=ids)
        )
