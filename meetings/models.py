"""Committees, meetings, agendas, minutes with resolutions, and update rounds before meetings."""

from __future__ import annotations

import hashlib

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
from partnership.audit import AuditedQuerySet, audit_history
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
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chair_elected_at = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The meeting that elected the chair.",
    )
    vice_chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vice_chair_elected_at = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The meeting that elected the vice-chair.",
    )
    enquiries_contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="Printed on the agenda, for example “Democratic Services, 0116 000 0000”.",
    )
    marking = models.CharField(
        "protective marking",
        max_length=40,
        default="OFFICIAL",
        help_text="Printed at the top and bottom of every page of its papers.",
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

    @property
    def has_been_held(self) -> bool:
        """The meeting's day has come (its minutes can be confirmed only after that)."""
        return self.date <= timezone.localdate()


class ItemPurpose(models.TextChoices):
    INFORMATION = "information", "For information"
    DECISION = "decision", "For decision"


class ItemKind(models.TextChoices):
    REPORT = "report", "Report"
    PRESENTATION = "presentation", "Presentation"
    VERBAL = "verbal", "Verbal update"
    STANDING = "standing", "Standing item"
    MINUTES = "minutes", "Minutes of the previous meeting"


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
    kind = models.CharField(max_length=20, choices=ItemKind, default=ItemKind.REPORT)
    presenter = models.CharField(max_length=300, blank=True)
    report_pdf = models.BinaryField(null=True, blank=True, editable=False)
    report_filename = models.CharField(max_length=200, blank=True)
    appendix = models.ForeignKey(
        "reports.IssuedAppendix",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text="An issued appendix bound into the agenda pack after this item's report.",
    )

    objects = MeetingPartQuerySet.as_manager()
    # The report PDF itself is kept out of history (its file name is tracked).
    history = audit_history(excluded_fields=["report_pdf"])

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
    detail = models.CharField(
        max_length=300, blank=True, help_text="Organisation or role, as written in the minutes"
    )
    representing = models.CharField(
        max_length=300, blank=True, help_text="The member this person stood in for"
    )
    in_the_chair = models.BooleanField(default=False)

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


class MeetingRecordQuerySet(AuditedQuerySet):
    """Records that belong to one meeting: read where the meeting may be read."""

    def visible_to(self, user) -> MeetingRecordQuerySet:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


MeetingRecordManager = models.Manager.from_queryset(MeetingRecordQuerySet)


class Declaration(models.Model):
    """A declaration of interest made at a meeting (none recorded prints "No declarations")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    name = models.CharField(max_length=200)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    interest = models.TextField()

    objects = MeetingRecordManager()
    history = audit_history()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.interest[:60]}"


class MatterOutcome(models.TextChoices):
    NOTED = "noted", "Noted"
    CLOSED = "closed", "Closed"
    CARRIED_FORWARD = "carried_forward", "Carried forward"


class MatterArising(models.Model):
    """What a meeting did with one outstanding action from the committee's earlier minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="matters_arising")
    action = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=MatterOutcome)
    note = models.TextField(blank=True)

    objects = MeetingRecordManager()
    history = audit_history()

    class Meta:
        constraints = [
            models.UniqueConstraint("meeting", "action", name="matter_arising_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.get_outcome_display()}"


class FrozenMinutesError(RuntimeError):
    """Raised when code tries to change or delete confirmed minutes."""


class ConfirmedMinutesQuerySet(models.QuerySet):
    """Confirmed minutes are never changed or removed, not even in bulk."""

    def update(self, **kwargs):
        raise FrozenMinutesError("Confirmed minutes cannot be changed.")

    def delete(self):
        raise FrozenMinutesError("Confirmed minutes cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise FrozenMinutesError("Confirmed minutes cannot be changed.")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def visible_to(self, user) -> ConfirmedMinutesQuerySet:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class ConfirmedMinutes(models.Model):
    """A meeting's minutes as the next meeting confirmed them: the exact PDF, kept for good."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="confirmation")
    confirmed_at_minute = models.ForeignKey(
        Minute,
        on_delete=models.PROTECT,
        related_name="confirms",
        help_text="The later meeting's minute that confirmed them as a correct record.",
    )
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    size = models.PositiveIntegerField(editable=False)
    page_count = models.PositiveIntegerField(editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ConfirmedMinutesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "confirmed minutes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="confirmed_minutes_sha256_is_hex",
            )
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} (confirmed)"

    def save(self, *args, **kwargs) -> None:
        # An integrity guard: confirmed minutes are written once.
        if not self._state.adding:
            raise FrozenMinutesError("Confirmed minutes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenMinutesError("Confirmed minutes cannot be deleted.")

    def checksum_matches(self) -> bool:
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class MinutesCorrection(models.Model):
    """A correction to confirmed minutes, recorded instead of editing them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections")
    minute = models.ForeignKey(
        Minute,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="The confirmed minute being corrected, if it is one minute.",
    )
    text = models.TextField(help_text="The correction, as the committee agreed it")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingRecordManager()
    history = audit_history()

    class Meta:
        ordering = ["meeting", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Correction to {self.meeting}"


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
