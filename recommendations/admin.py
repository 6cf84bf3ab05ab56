"""Admin for plans and recommendations. Recommendation saves go through the services."""

from __future__ import annotations

from django.contrib import admin

from partnership.admin import AuditedAdmin, ReasonForm
from recommendations import import_mappings, services
from recommendations.models import (
    ActionPlan,
    Deficiency,
    ImportMapping,
    ProgressUpdate,
    Recommendation,
    Section,
    StatusLabel,
)


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdmin):
    list_display = ["name", "kind", "partnership", "marking"]
    list_filter = ["kind", "partnership", "marking"]
    search_fields = ["name", "description"]
    readonly_fields = ["slug"]  # made from the name by plan_create

    def create(self, request, fields, reason):
        return services.plan_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.plan_update(plan=obj, by=request.user, reason=reason, **changes)


@admin.register(StatusLabel)
class StatusLabelAdmin(AuditedAdmin):
    list_display = ["name", "lifecycle", "plan", "order"]
    list_filter = ["lifecycle", "plan"]
    list_select_related = ["plan"]

    def create(self, request, fields, reason):
        return services.status_label_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.status_label_update(status=obj, by=request.user, reason=reason, **changes)


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "plan", "held_on", "order"]
    list_filter = ["kind", "plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "narrative"]

    def create(self, request, fields, reason):
        return services.section_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.section_update(section=obj, by=request.user, reason=reason, **changes)


@admin.register(Deficiency)
class DeficiencyAdmin(AuditedAdmin):
    list_display = ["__str__", "plan", "section"]
    list_filter = ["plan"]
    list_select_related = ["plan", "section"]
    search_fields = ["text"]

    def create(self, request, fields, reason):
        return services.deficiency_create(by=request.user, reason=reason, **fields)


class RecommendationAdminForm(ReasonForm):
    """Offers only the plan's own status words; another plan's word is a field error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is None:
            return
        statuses = StatusLabel.objects.select_related("plan").order_by("plan__name", "order")
        if self.instance.pk:
            statuses = statuses.filter(plan=self.instance.plan_id)
            field.label_from_instance = lambda status: status.name
        else:
            field.label_from_instance = lambda status: f"{status.plan.name}: {status.name}"
        field.queryset = statuses

    def clean(self):
        data = super().clean()
        plan = data.get("plan") or (self.instance.plan if self.instance.plan_id else None)
        status = data.get("status")
        if plan is not None and status is not None and status.plan_id != plan.pk:
            self.add_error(
                "status", f"“{status.name}” is not one of the status words of {plan.name}."
            )
        return data


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["reference", "plan", "section", "status", "rag", "due_date", "updated_at"]
    list_filter = ["plan__kind", "plan", "status__lifecycle", "rag", "lead_organisations"]
    list_select_related = ["plan", "section", "status"]
    search_fields = ["reference", "text", "leads_text"]
    filter_horizontal = ["lead_organisations", "lead_people"]
    readonly_fields = ["due_date", "version", "created_at", "updated_at"]
    autocomplete_fields = ["section", "deficiency"]
    form = RecommendationAdminForm

    def create(self, request, fields, reason):
        fields = {
            name: value
            for name, value in fields.items()
            if name in services.EDITABLE_FIELDS
            or name in ("plan", "reference", "text", "status", "lead_organisations", "lead_people")
        }
        return services.recommendation_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        changes.pop("plan", None)  # an action stays in its plan
        services.recommendation_update(
            recommendation=obj, by=request.user, reason=reason, changes=changes
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ["recommendation", "written_on", "by"]
    list_select_related = ["recommendation", "author"]
    search_fields = ["text"]


@admin.register(ImportMapping)
class ImportMappingAdmin(AuditedAdmin):
    """Read-only here, with its history: a mapping is saved from the import preview (the
    clerk's column choices on a successful import) and forgotten on the saved mappings page or
    here, through the service."""

    list_display = ["name", "partnership", "rows_above", "created_by", "updated_at"]
    list_filter = ["partnership"]
    list_select_related = ["partnership", "created_by"]
    search_fields = ["name"]

    def delete_model(self, request, obj) -> None:
        import_mappings.import_mapping_delete(
            mapping=obj, by=request.user, reason="Deleted in the admin"
        )
