"""Admin for committees, meetings, minutes and update rounds.

Committees and meetings are added and changed through their services; agenda items, attendance,
minutes, resolutions and update rounds are read-only here and changed in the app's meeting pages.
"""

from django.contrib import admin

from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Minute,
    Resolution,
    UpdateRound,
)
from partnership.admin import AuditedAdmin


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "partnership"]
    readonly_fields = ["actions_plan"]  # committee_create makes the committee's own plan
    filter_horizontal = ["members"]

    def create(self, request, fields, reason):
        return services.committee_create(by=request.user, reason=reason, **fields)


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["__str__", "date", "venue"]
    list_filter = ["committee"]
    date_hierarchy = "date"

    def create(self, request, fields, reason):
        return services.meeting_create(by=request.user, reason=reason, **fields)

    def update(self, request, obj, changes, reason):
        services.meeting_update(meeting=obj, by=request.user, reason=reason, **changes)


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting", "purpose", "is_public"]
    list_filter = ["purpose", "is_public"]


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting", "kind"]
    list_filter = ["kind"]


@admin.register(Minute)
class MinuteAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting"]
    search_fields = ["title", "text"]


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdmin):
    list_display = ["__str__", "minute", "action"]


@admin.register(UpdateRound)
class UpdateRoundAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting", "deadline", "requested_by", "closed_at"]
    filter_horizontal = ["plans"]
