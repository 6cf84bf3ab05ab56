"""Admin for committees, meetings, minutes and update rounds."""

from django.contrib import admin

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
    filter_horizontal = ["members"]


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["__str__", "date", "venue"]
    list_filter = ["committee"]
    date_hierarchy = "date"


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
