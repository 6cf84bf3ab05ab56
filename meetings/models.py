"""Committees, meetings, agendas, minutes with resolutions, and update rounds before meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from meetings.scoping import (
    CommitteeQuerySet,
    MeetingPartQuerySet,
    MeetingQuerySet,
    ResolutionQuerySet,
    UpdateRoundQuerySet,
)
from partnership.audit import audit_history
from partnership.models import Partnership, Person
from recommendations.models import ActionPlan, Recommendation


class Committee(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Person, blank=True, related_name="committees")
    actions_plan = models.OneToOneField(
        ActionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee",
        help_text="The plan that holds actions arising from this committee's minutes.",
    )

    objects = CommitteeQuerySet.as_manager()
    history = audit_history(m2m_fields=["members"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("partnership", "name", name="committee_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)

    objects = MeetingQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.committee.name}, {self.date:%d %B %Y}"


class ItemPurpose(models.TextChoices):
    INFORMATION = "information", "For information"
    DECISION = "decision", "For decision"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    purpose = models.CharField(max_length=20, choices=ItemPurpose, default=ItemPurpose.INFORMATION)
    page_from = models.PositiveIntegerField(null=True, blank=True)
    page_to = models.PositiveIntegerField(null=True, blank=True)
    report_of = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=300, blank=True)
    is_public = models.BooleanField(default=True)
    summary = models.TextField(blank=True)

    objects = MeetingPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AttendanceKind(models.TextChoices):
    PRESENT = "present", "Present"
    OFFICER = "officer", "Officer"
    OTHER = "other", "Also in attendance"
    APOLOGY = "apology", "Apologies"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(max_length=10, choices=AttendanceKind)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(max_length=200, blank=True, help_text="As written in the minutes")

    objects = MeetingPartQuerySet.as_manager()
    history = audit_history()

    def __str__(self) -> str:
        return self.name or str(self.person)


class Minute(models.Model):
    """A numbered minute; numbers run on from meeting to meeting (78 to 92, then 93...)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    refers_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters_arising",
        help_text="For matters arising: the earlier minute this one refers back to.",
    )

    objects = MeetingPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint("meeting", "number", name="minute_number_unique_in_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Resolution(models.Model):
    """RESOLVED (a), (b)...: a resolution that asks someone to act becomes a tracked action."""

    minute = models.ForeignKey(Minute, on_delete=models.PROTECT, related_name="resolutions")
    letter = models.CharField(max_length=5)
    text = models.TextField()
    action = models.OneToOneField(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolution",
    )

    objects = ResolutionQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["minute", "letter"]
        constraints = [models.UniqueConstraint("minute", "letter", name="resolution_letter_unique")]

    def __str__(self) -> str:
        return f"{self.minute.number}({self.letter})"


class UpdateRound(models.Model):
    """A clerk's request to officers for updates on their actions before a meeting."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="update_rounds"
    )
    plans = models.ManyToManyField(ActionPlan, related_name="update_rounds")
    message = models.TextField(blank=True)
    opens_on = models.DateField(default=timezone.localdate)
    deadline = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = UpdateRoundQuerySet.as_manager()
    history = audit_history(m2m_fields=["plans"])

    class Meta:
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return f"Updates due {self.deadline:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
