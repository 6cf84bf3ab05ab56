"""The read API (``/api/v1/``): every list starts from ``visible_to(request.user)``, the same
rule as the pages, so a token reads exactly what its owner reads. Nothing here writes: the
viewsets are read-only, and every other method is answered 405."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import filters
from api import serializers as s
from api.pagination import CountedCursorPagination
from meetings.models import ConfirmedMinutes, Meeting
from partnership.audit import history_entries
from recommendations.models import (
    ActionPlan,
    ProgressUpdate,
    Recommendation,
    Section,
    StatusLabel,
)
from reports.models import IssuedAppendix
from reports.views_appendix import issued_pdf

# An id the database can hold (longer ones are not a route at all: 404, never an overflow).
ID = r"[0-9]{1,18}"


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = CountedCursorPagination
    lookup_value_regex = ID

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class PlanViewSet(ReadOnlyViewSet):
    """Action plans you may open, with their status words."""

    serializer_class = s.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .select_related("partnership", "owner")
            .prefetch_related("statuses")
        )


class SectionViewSet(ReadOnlyViewSet):
    """Workshops, priorities, themes and meetings that group a plan's actions."""

    serializer_class = s.SectionSerializer
    filterset_class = filters.SectionFilter

    def get_queryset(self):
        return Section.objects.visible_to(self.request.user)


class RecommendationViewSet(ReadOnlyViewSet):
    """Actions, filtered exactly as Find filters them (the same parameters and counts)."""

    serializer_class = s.RecommendationSerializer
    filterset_class = filters.ApiRecommendationFilter

    def get_queryset(self):
        # Not ``with_related()``: every join costs PostgreSQL planning time (measured: 2 ms with
        # these three, 13 ms with four, 27 ms with five), and the deficiency is not printed.
        proposed = StatusLabel.objects.filter(pk=OuterRef("proposed_status_id")).values("name")
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("plan", "section", "status")
            .prefetch_related("lead_organisations", "lead_people")
            .annotate(proposed_word=Subquery(proposed[:1]))
        )

    @extend_schema(responses=s.HistoryEntrySerializer(many=True), filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Who changed what, from what, to what, when and why (newest first)."""
        recommendation = self.get_object()
        entries = history_entries(recommendation)
        return Response(s.HistoryEntrySerializer(entries, many=True).data)


class ProgressUpdateViewSet(ReadOnlyViewSet):
    """Dated entries in actions' progress logs."""

    serializer_class = s.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter

    def get_queryset(self):
        return ProgressUpdate.objects.visible_to(self.request.user).select_related(
            "author", "recommendation"
        )


class MeetingViewSet(ReadOnlyViewSet):
    """Committee meetings, with links to their agenda pack and minutes."""

    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self):
        confirmed = ConfirmedMinutes.objects.filter(meeting=OuterRef("pk"))
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("committee")
            .annotate(minutes_confirmed=Exists(confirmed))
        )


class PaperViewSet(ReadOnlyViewSet):
    """Issued appendices: what each paper was, and its PDF exactly as issued."""

    serializer_class = s.PaperSerializer
    filterset_class = filters.PaperFilter

    def get_queryset(self):
        return (
            IssuedAppendix.objects.visible_to(self.request.user).listing().prefetch_related("plans")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, pagination_class=None, filterset_class=None)
    def pdf(self, request: Request, pk: str | None = None):
        """The PDF as issued: the same page, rules and export log as the web's download."""
        return issued_pdf(request._request, pk=int(pk or 0))
