"""The API's filters. Recommendations use Find's own FilterSet, so every Find filter means the
same here; the other lists get the few filters a report needs."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field

from meetings.models import Meeting
from recommendations.filters import IdFilter, IdsFilter, RecommendationFilter
from recommendations.models import ActionPlan, PlanKind, ProgressUpdate, Section
from reports.models import IssuedAppendix


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class AgencyIdsFilter(IdsFilter):
    """Find's agency filter, described to the schema as a list of ids."""


class ApiRecommendationFilter(RecommendationFilter):
    """Find's filters. ``sort`` is left out: pages follow one stable order (by id) so that a
    cursor can walk 10,000 rows without skipping or repeating one while others edit."""

    agency = AgencyIdsFilter(
        method="filter_agency", label="Lead agency (with its teams); repeat for several"
    )
    sort = None  # type: ignore[assignment]


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices)
    partnership = IdFilter(field_name="partnership_id")

    class Meta:
        model = ActionPlan
        fields: list[str] = []


class SectionFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id")

    class Meta:
        model = Section
        fields: list[str] = []


class ProgressUpdateFilter(django_filters.FilterSet):
    recommendation = IdFilter(field_name="recommendation_id")
    plan = IdFilter(field_name="recommendation__plan_id")
    written_after = django_filters.DateFilter(field_name="written_on", lookup_expr="gte")
    written_before = django_filters.DateFilter(field_name="written_on", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []


class MeetingFilter(django_filters.FilterSet):
    committee = IdFilter(field_name="committee_id")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields: list[str] = []


class PaperFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id")
    plan = IdFilter(field_name="plans")
    as_at_after = django_filters.DateFilter(field_name="as_at", lookup_expr="gte")
    as_at_before = django_filters.DateFilter(field_name="as_at", lookup_expr="lte")

    class Meta:
        model = IssuedAppendix
        fields: list[str] = []
