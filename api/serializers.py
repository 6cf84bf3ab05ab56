"""What the API returns for each record. Words and rules come from the models (RAG words,
lifecycle labels, outstanding, overdue, due date): nothing is worked out here a second time."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from meetings.models import Meeting
from partnership.models import Organisation, Person
from recommendations.models import (
    ActionPlan,
    ProgressUpdate,
    Recommendation,
    Section,
    StatusLabel,
)
from reports.models import IssuedAppendix


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _today(serializer: serializers.Serializer) -> date:
    """One "today" for every row of a response (the view puts it in the context)."""
    return serializer.context.get("today") or timezone.localdate()


class OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "abbreviation"]


class PersonRef(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "initials", "organisation"]


class PlanRef(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "name", "slug", "kind", "marking"]


class StatusSerializer(serializers.ModelSerializer):
    word = serializers.CharField(source="name", help_text="The plan's own status word.")
    lifecycle_label = serializers.SerializerMethodField()
    outstanding = serializers.BooleanField(source="is_outstanding")

    class Meta:
        model = StatusLabel
        fields = ["word", "lifecycle", "lifecycle_label", "outstanding"]

    # Method fields rather than ``source="get_…_display"``: DRF inspects a callable source's
    # signature on every row, a third of a 100-row page's time.
    def get_lifecycle_label(self, obj: StatusLabel) -> str:
        return obj.get_lifecycle_display()


class PlanSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:plan-detail")
    web_url = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display")
    partnership_name = serializers.CharField(source="partnership.name")
    owner = OrganisationRef(allow_null=True)
    closure_needs_agreement = serializers.BooleanField(source="requires_closure_agreement")
    statuses = StatusSerializer(many=True, help_text="The plan's status words.")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "slug",
            "kind",
            "kind_label",
            "marking",
            "partnership",
            "partnership_name",
            "owner",
            "description",
            "source",
            "period",
            "closure_needs_agreement",
            "created_at",
            "statuses",
        ]

    def get_web_url(self, obj: ActionPlan) -> str:
        return _absolute(self, obj.get_absolute_url())


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:section-detail")
    heading = serializers.CharField(source="__str__", help_text="Number and title.")
    kind_label = serializers.CharField(source="get_kind_display")
    date_as_written = serializers.CharField(source="date_text")

    class Meta:
        model = Section
        fields = [
            "id",
            "url",
            "plan",
            "kind",
            "kind_label",
            "number",
            "title",
            "heading",
            "narrative",
            "held_on",
            "date_as_written",
            "order",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    plan = PlanRef()
    section_heading = serializers.SerializerMethodField()
    lead_organisations = OrganisationRef(many=True)
    lead_people = PersonRef(many=True)
    leads_as_written = serializers.CharField(source="leads_text")
    status = StatusSerializer()
    proposed_for_closure_as = serializers.SerializerMethodField()
    rag_label = serializers.SerializerMethodField(help_text="As the screen says it.")
    target_date_as_written = serializers.CharField(source="target_date_text")
    revised_target_date_as_written = serializers.CharField(source="revised_target_date_text")
    due_date = serializers.DateField(
        allow_null=True,
        help_text="The last day of the revised (else original) target period.",
    )
    outstanding = serializers.BooleanField(source="is_outstanding")
    overdue = serializers.SerializerMethodField()
    history_url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "url",
            "web_url",
            "history_url",
            "plan",
            "section",
            "section_heading",
            "reference",
            "text",
            "lead_organisations",
            "lead_people",
            "leads_as_written",
            "status",
            "proposed_for_closure_as",
            "rag",
            "rag_label",
            "target_date_as_written",
            "target_date",
            "target_date_precision",
            "revised_target_date_as_written",
            "revised_target_date",
            "revised_target_date_precision",
            "revised_date_reason",
            "due_date",
            "outstanding",
            "overdue",
            "outcome",
            "unassigned_note",
            "work_to_date",
            "notes",
            "next_milestone",
            "next_milestone_date",
            "commentary",
            "version",
            "created_at",
            "updated_at",
        ]

    def _link(self, name: str, pk: int) -> str:
        """An absolute link to the record's page ``name``: resolved once per response, not once
        per row (a page of 100 would otherwise spend a tenth of its time in ``reverse``)."""
        templates = self.context.setdefault("_links", {})
        if name not in templates:
            head, _, tail = _absolute(self, reverse(name, args=[0])).rpartition("/0/")
            templates[name] = (head, tail)
        head, tail = templates[name]
        return f"{head}/{pk}/{tail}"

    def get_url(self, obj: Recommendation) -> str:
        return self._link("api:recommendation-detail", obj.pk)

    def get_web_url(self, obj: Recommendation) -> str:
        return self._link("recommendations:detail", obj.pk)

    def get_history_url(self, obj: Recommendation) -> str:
        return self._link("api:recommendation-history", obj.pk)

    def get_rag_label(self, obj: Recommendation) -> str:
        return obj.get_rag_display()

    def get_section_heading(self, obj: Recommendation) -> str | None:
        return str(obj.section) if obj.section_id else None

    def get_proposed_for_closure_as(self, obj: Recommendation) -> str | None:
        """The status word the lead proposed closing with, waiting for agreement."""
        if not obj.proposed_status_id:
            return None
        word = getattr(obj, "proposed_word", None)  # annotated by the list (no extra join)
        return word if word is not None else obj.proposed_status.name

    def get_overdue(self, obj: Recommendation) -> bool:
        return obj.is_overdue(_today(self))


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    reason = serializers.CharField()
    kind = serializers.CharField(help_text="Created, Changed or Deleted.")
    changes = ChangeSerializer(many=True)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    by = serializers.CharField(help_text="Who wrote it.")
    plan = serializers.IntegerField(source="recommendation.plan_id")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "recommendation", "plan", "written_on", "text", "by", "created_at"]


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    web_url = serializers.SerializerMethodField()
    committee_name = serializers.CharField(source="committee.name")
    agenda_pdf_web_url = serializers.SerializerMethodField()
    minutes_confirmed = serializers.BooleanField(
        read_only=True, help_text="The committee confirmed these minutes (frozen PDF)."
    )
    minutes_pdf_web_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "web_url",
            "committee",
            "committee_name",
            "date",
            "time",
            "venue",
            "agenda_pdf_web_url",
            "minutes_confirmed",
            "minutes_pdf_web_url",
        ]

    def get_web_url(self, obj: Meeting) -> str:
        return _absolute(self, reverse("meetings:detail", args=[obj.pk]))

    def get_agenda_pdf_web_url(self, obj: Meeting) -> str:
        """The agenda pack, built when asked for (signed-in browser)."""
        return _absolute(self, reverse("meetings:agenda-pdf", args=[obj.pk]))

    def get_minutes_pdf_web_url(self, obj: Meeting) -> str:
        return _absolute(self, reverse("meetings:minutes-pdf", args=[obj.pk]))


class PaperSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:paper-detail")
    pdf_url = serializers.HyperlinkedIdentityField(
        view_name="api:paper-pdf", help_text="The PDF exactly as issued (with your token)."
    )
    issued_by = serializers.CharField(source="issued_by.display_name")
    size_bytes = serializers.IntegerField(source="size")

    class Meta:
        model = IssuedAppendix
        fields = [
            "id",
            "url",
            "pdf_url",
            "title",
            "as_at",
            "marking",
            "plans",
            "meeting",
            "update_round",
            "row_count",
            "page_count",
            "size_bytes",
            "sha256",
            "issued_by",
            "issued_at",
        ]
