"""Admin: issued appendices can be looked at, never added, changed or deleted here."""

from __future__ import annotations

from django.contrib import admin

from reports.models import AppendixJob, ExportRecord, IssuedAppendix
from reports.permissions import can_read_export_log


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IssuedAppendix)
class IssuedAppendixAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "marking", "issued_at", "issued_by", "sha256"]
    list_filter = ["marking"]
    date_hierarchy = "issued_at"
    exclude = ["pdf"]
    readonly_fields = [
        "title",
        "meeting",
        "as_at",
        "marking",
        "parameters",
        "sha256",
        "size",
        "row_count",
        "page_count",
        "issued_by",
        "issued_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).listing()


@admin.register(AppendixJob)
class AppendixJobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "requested_by", "state", "progress", "row_count", "created_at"]
    list_filter = ["state"]
    exclude = ["render"]
    readonly_fields = [
        "parameters",
        "requested_by",
        "issue",
        "meeting",
        "state",
        "progress",
        "step",
        "row_count",
        "issued",
        "error",
        "created_at",
        "finished_at",
    ]


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    """The export log, for administrators: who took what out, with which filter, when."""

    list_display = ["exported_at", "user", "kind", "what", "row_count", "marking"]
    list_filter = ["kind", "marking"]
    search_fields = ["what", "filters", "user__username"]
    date_hierarchy = "exported_at"
    readonly_fields = [
        "exported_at",
        "user",
        "kind",
        "what",
        "filters",
        "row_count",
        "marking",
        "plans",
    ]

    def has_view_permission(self, request, obj=None) -> bool:
        return can_read_export_log(request.user)

    def has_module_permission(self, request) -> bool:
        return can_read_export_log(request.user)
