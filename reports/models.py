"""Reports: issued (frozen) committee appendices, the render cache and background render jobs."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partnership.access import is_active_user, sees_everything
from partnership.audit import AuditedQuerySet, audit_history
from recommendations.models import ActionPlan


class FrozenRecordError(RuntimeError):
    """Raised when code tries to change or delete an issued appendix."""


class IssuedAppendixQuerySet(models.QuerySet):
    """Issued papers are never changed or removed, not even in bulk."""

    def update(self, **kwargs):
        raise FrozenRecordError("Issued appendices cannot be changed.")

    def delete(self):
        raise FrozenRecordError("Issued appendices cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise FrozenRecordError("Issued appendices cannot be changed.")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def visible_to(self, user: Any) -> IssuedAppendixQuerySet:
        """Papers every one of whose plans ``user`` may read in full (all for administrators)."""
        if sees_everything(user):
            return self.all()
        readable = ActionPlan.objects.readable_by(user)
        through = IssuedAppendix.plans.through.objects
        shown = through.filter(actionplan__in=readable).values("issuedappendix_id")
        hidden = through.exclude(actionplan__in=readable).values("issuedappendix_id")
        return self.filter(pk__in=shown).exclude(pk__in=hidden)

    def listing(self) -> IssuedAppendixQuerySet:
        """For lists: who and which meeting, without loading any PDF."""
        return self.defer("pdf").select_related("issued_by", "meeting__committee")


class IssuedAppendix(models.Model):
    """An appendix as it was sent to a committee: the exact PDF, kept unchanged for good.

    The PDF is stored in the database (a BinaryField), not under MEDIA_ROOT: the bytes, their
    checksum and who issued them are written in one transaction and backed up together, there is
    no file that could be edited or lost beside the record, and no media serving to configure.
    Papers are small (tens to hundreds of kilobytes).
    """

    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appendices",
    )
    update_round = models.ForeignKey(
        "meetings.UpdateRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appendices",
        help_text="The update round whose appendix this is, issued as at its deadline.",
    )
    title = models.CharField(max_length=300)
    plans = models.ManyToManyField(ActionPlan, related_name="issued_appendices", blank=True)
    as_at = models.DateField("as at")
    marking = models.CharField("protective marking", max_length=40)
    parameters = models.JSONField(help_text="Exactly what was asked for (plans, filters, columns)")
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    size = models.PositiveIntegerField(editable=False)
    row_count = models.PositiveIntegerField(editable=False)
    page_count = models.PositiveIntegerField(editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IssuedAppendixQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = "issued appendix"
        verbose_name_plural = "issued appendices"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="sha256_is_hex"
            )
        ]

    def __str__(self) -> str:
        """The paper as lists of choices name it: papers issued the same day differ by the
        time, the meeting and how many plans (a reviewer had three alike on one day)."""
        plans = len(self.parameters.get("plan_ids") or [])
        told = [f"issued {timezone.localtime(self.issued_at):%d/%m/%Y %H:%M}"]
        if plans:
            told.append(f"{plans} plan{'' if plans == 1 else 's'}")
        if self.meeting_id:
            told.append(f"for {self.meeting}")
        return f"{self.title} ({', '.join(told)})"

    def save(self, *args, **kwargs) -> None:
        # An integrity guard, not business logic: a frozen paper is written once.
        if not self._state.adding:
            raise FrozenRecordError("Issued appendices cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:issued-pdf", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise FrozenRecordError("Issued appendices cannot be deleted.")

    @property
    def filename(self) -> str:
        return f"appendix-as-at-{self.as_at:%Y-%m-%d}-issued-{self.pk}.pdf"

    def checksum_matches(self) -> bool:
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class AppendixRender(models.Model):
    """A rendered PDF kept for reuse. The key changes whenever anything it printed could change."""

    key = models.CharField(max_length=64, unique=True)
    pdf = models.BinaryField()
    row_count = models.PositiveIntegerField()
    page_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Appendix render {self.key[:12]}"


class JobState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class AppendixJobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AppendixJobQuerySet:
        """A job is followed by whoever asked for it (and administrators)."""
        if sees_everything(user):
            return self.all()
        if not is_active_user(user):
            return self.none()
        return self.filter(requested_by=user)


class AppendixJob(models.Model):
    """A large appendix being prepared off the request, with its progress for the status page."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parameters = models.JSONField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Issue the paper when it is ready (to this meeting, if any).
    issue = models.BooleanField(default=False)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    update_round = models.ForeignKey(
        "meetings.UpdateRound", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=JobState, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    step = models.CharField(max_length=200, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    render = models.ForeignKey(
        AppendixRender, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued = models.ForeignKey(
        IssuedAppendix, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = AppendixJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Appendix job {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("reports:appendix-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}


class ExportKind(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF appendix"
    ISSUED_PDF = "issued_pdf", "Issued paper (PDF)"


class ExportRecordQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> ExportRecordQuerySet:
        """The export log is for administrators (information governance)."""
        return self.all() if sees_everything(user) else self.none()


class ExportRecord(models.Model):
    """One export: who took what out of the system, with which filter, how many rows, when.

    Append-only: written once by ``reports.exports_log.record_export``, never changed or deleted
    (the QuerySet refuses bulk writes; its history table is protected by the history guard).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ExportKind)
    what = models.CharField(max_length=300, help_text="The page or plan exported")
    filters = models.CharField(max_length=2000, blank=True, help_text="The filter, as a query")
    row_count = models.PositiveIntegerField()
    marking = models.CharField("protective marking", max_length=40)
    plans = models.ManyToManyField(ActionPlan, related_name="+", blank=True)
    exported_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    objects = ExportRecordQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.what} by {self.user} ({self.row_count} rows)"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise FrozenRecordError("The export log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecordError("The export log cannot be changed.")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ExportJobQuerySet:
        """A large export is followed and downloaded by whoever asked for it (and
        administrators)."""
        if sees_everything(user):
            return self.all()
        if not is_active_user(user):
            return self.none()
        return self.filter(requested_by=user)


class ExportJob(models.Model):
    """A large Find export (CSV or XLSX) being written by the task worker, and its file.

    The file is kept in the database, as rendered appendices are: written once by the task,
    read once or twice by its owner, backed up with everything else.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=ExportKind)
    filters = models.CharField(max_length=2000, blank=True, help_text="Find's querystring")
    base_url = models.CharField(max_length=300, blank=True, help_text="For links to actions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=JobState, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    step = models.CharField(max_length=200, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    marking = models.CharField(max_length=40, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export job {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}
