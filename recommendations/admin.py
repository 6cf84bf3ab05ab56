"""Admin for plans and recommendations. Recommendation saves go through the services."""

from __future__ import annotations

from django.contrib import admin

from partnership.admin import AuditedAdmin
from recommendations import services
from recommendations.models import (
    ActionPlan,
    Deficiency,
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
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StatusLabel)
class StatusLabelAdmin(AuditedAdmin):
    list_display = ["name", "lifecycle", "plan", "order"]
    list_filter = ["lifecycle", "plan"]
    list_select_related = ["plan"]


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "plan", "held_on", "order"]
    list_filter = ["kind", "plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "narrative"]


@admin.register(Deficiency)
class DeficiencyAdmin(AuditedAdmin):
    list_display = ["__str__", "plan", "section"]
    list_filter = ["plan"]
    list_select_related = ["plan", "section"]
    search_fields = ["text"]


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["reference", "plan", "section", "status", "rag", "due_date", "updated_at"]
    list_filter = ["plan__kind", "plan", "status__lifecycle", "rag", "lead_organisations"]
    list_select_related = ["plan", "section", "status"]
    search_fields = ["reference", "text", "leads_text"]
    filter_horizontal = ["lead_organisations", "lead_people"]
    readonly_fields = ["due_date", "version", "created_at", "updated_at"]
    autocomplete_fields = ["section", "deficiency"]

    def save_model(self, request, obj, form, change) -> None:
        reason = form.cleaned_data["change_reason"]
        data = form.cleaned_data
        if change:
            names = [n for n in form.changed_data if n != "change_reason"]
            changes = {name: data[name] for name in names if name not in ("plan",)}
            services.recommendation_update(
                recommendation=obj, by=request.user, reason=reason, changes=changes
            )
        else:
            fields = {
                name: data[name]
                for name in services.EDITABLE_FIELDS
                if name in data and name not in ("reference", "text", "status")
            }
            created = services.recommendation_create(
                plan=data["plan"],
                reference=data["reference"],
                text=data["text"],
                status=data["status"],
                lead_organisations=data.get("lead_organisations") or [],
                lead_people=data.get("lead_people") or [],
                by=request.user,
                reason=reason,
                **fields,
            )
            obj.pk = created.pk

    def save_related(self, request, form, formsets, change) -> None:
        # Leads are saved by the service above, with the main history row.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    list_display = ["recommendation", "written_on", "by"]
    list_select_related = ["recommendation", "author"]
    search_fields = ["text"]
