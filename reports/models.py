"""Reports: issued (frozen) committee appendices, the render cache and background render jobs."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


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

    def visible_to(self, user) -> IssuedAppendixQuerySet:
        """Papers whose every plan ``user`` may read (a paper is as sensitive as its plans)."""
        from recommendations.models import ActionPlan

        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return self.none()
        visible = ActionPlan.objects.visible_to(user)
        hidden = set(ActionPlan.objects.exclude(pk__in=visible).values_list("pk", flat=True))
        if not hidden:
            return self.all()
        keep = [
            pk
            for pk, params in self.values_list("pk", "parameters")
            if not hidden & set(params.get("plan_ids") or [])
        ]
        return self.filter(pk__in=keep)

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
        return f"{self.title} (issued {self.issued_at:%d/%m/%Y})"

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

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Appendix job {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("reports:appendix-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}
