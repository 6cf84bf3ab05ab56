"""The performance dashboard: outcomes, their indicators, values per period, and footnotes.

A partnership's dashboard (seed 004's "Safer Communities Performance Dashboard") groups
indicators under outcomes. Each indicator keeps its values period by period, as written on the
paper and as numbers. Direction of travel and RAG are computed (``performance.rules``) from the
values, the indicator's polarity and its tolerance band; what a paper printed is kept beside them
(``printed_*``) so a difference is visible, never overwritten.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.access import is_active_user, partnership_ids, sees_everything
from partnership.audit import AuditedQuerySet, audit_history
from recommendations.markings import Marking
from recommendations.models import Rag
from recommendations.scoping import is_partnership_staff


class Direction(models.TextChoices):
    """Direction of travel, in the paper's arrows: better, about the same, worse."""

    IMPROVING = "improving", "Improving"
    LEVEL = "level", "No significant change"
    WORSENING = "worsening", "Worsening"
    NONE = "", "Not known"

    @property
    def arrow(self) -> str:
        return {"improving": "↑", "level": "→", "worsening": "↓"}.get(self.value, "–")

    @classmethod
    def from_arrow(cls, text: str) -> Direction:
        """The paper's arrow (→ ↑ ↓) as a direction; anything else is "not known"."""
        return {"↑": cls.IMPROVING, "→": cls.LEVEL, "↓": cls.WORSENING}.get(text.strip(), cls.NONE)


class PeriodKind(models.TextChoices):
    FINANCIAL_YEAR = "financial_year", "Financial year"
    QUARTER = "quarter", "Quarter"
    ROLLING_12 = "rolling_12", "Rolling 12 months"
    OTHER = "other", "Other period"


def _sensitive_hidden(user: Any, prefix: str = "") -> Q:
    """Sensitive dashboards are read by the partnership's clerks and managers only."""
    if is_partnership_staff(user):
        return Q()
    return ~Q(**{f"{prefix}marking": Marking.OFFICIAL_SENSITIVE})


class DashboardQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> DashboardQuerySet:
        """Dashboards of the partnerships ``user`` works in (sensitive ones: staff only)."""
        if sees_everything(user):
            return self.all()
        if not is_active_user(user):
            return self.none()
        return self.filter(Q(partnership_id__in=partnership_ids(user)) & _sensitive_hidden(user))


class Dashboard(models.Model):
    """A partnership's performance dashboard: the outcomes it reports and their marking."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="dashboards"
    )
    title = models.CharField(max_length=300)
    marking = models.CharField(
        "protective marking", max_length=40, choices=Marking, default=Marking.OFFICIAL
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DashboardQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["partnership", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("performance:dashboard", args=[self.pk])


class DashboardPartQuerySet(AuditedQuerySet):
    """Outcomes, indicators, values and footnotes: read with their dashboard."""

    dashboard_path = "dashboard"

    def visible_to(self, user: Any) -> DashboardPartQuerySet:
        if sees_everything(user):
            return self.all()
        dashboards = Dashboard.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.dashboard_path}__in": dashboards})


class IndicatorQuerySet(DashboardPartQuerySet):
    dashboard_path = "outcome__dashboard"


class ValueQuerySet(DashboardPartQuerySet):
    dashboard_path = "indicator__outcome__dashboard"


class Footnote(models.Model):
    """A note printed below the dashboard, tied to the values that carry its marker ("*")."""

    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="footnotes")
    marker = models.CharField(max_length=5, default="*")
    text = models.TextField()

    objects = DashboardPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["dashboard", "pk"]

    def __str__(self) -> str:
        return f"{self.marker} {self.text[:60]}"


class Outcome(models.Model):
    """An outcome the partnership works towards, with its overall progress RAG.

    The RAG is worked out from its indicators by one visible rule
    (``performance.rules.outcome_rag``) unless a clerk set it by hand, with a reason.
    """

    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(max_length=500)
    priority = models.ForeignKey(
        "recommendations.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        help_text="The strategy plan's priority this outcome belongs to, if any.",
    )
    rag_set = models.CharField(
        "RAG set by hand", max_length=10, choices=Rag, default=Rag.NONE, blank=True
    )
    rag_reason = models.TextField("why the RAG was set by hand", blank=True)
    printed_rag = models.CharField("RAG as printed", max_length=10, choices=Rag, blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = DashboardPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["dashboard", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag_set="") | ~Q(rag_reason=""), name="outcome_rag_set_has_reason"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A supporting indicator: what is measured, which way is better, and how much is noise."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=500)
    unit = models.CharField(max_length=100, blank=True, help_text='"%", "per 1,000 population"')
    higher_is_better = models.BooleanField(
        "higher is better", default=True, help_text="Polarity: is a higher value an improvement?"
    )
    tolerance = models.DecimalField(
        "tolerance band (%)",
        max_digits=6,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="A change smaller than this share of the previous value counts as level.",
    )
    source = models.CharField(max_length=300, blank=True)
    geography = models.CharField(max_length=300, blank=True)
    responsible_organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="Whose officers enter each period's value.",
    )
    order = models.PositiveIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["outcome", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator", args=[self.pk])


class IndicatorValue(models.Model):
    """One period's value of an indicator, as a number and as written, with its comparisons.

    ``printed_direction`` / ``printed_rag`` and the comparison cells are what an imported paper
    said for this period; the computed ones live in ``performance.rules``.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_label = models.CharField("period (as written)", max_length=100)
    period_kind = models.CharField(max_length=20, choices=PeriodKind, default=PeriodKind.OTHER)
    period_end = models.DateField("period ends")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value_text = models.CharField("value (as written)", max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True)
    is_estimate = models.BooleanField("estimate", default=False)
    footnote = models.ForeignKey(
        Footnote, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )
    printed_direction = models.CharField(
        "direction as printed", max_length=10, choices=Direction, blank=True
    )
    printed_rag = models.CharField("RAG as printed", max_length=10, choices=Rag, blank=True)
    nearest_neighbour = models.CharField("nearest neighbour comparison", max_length=50, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    group_size = models.PositiveSmallIntegerField("comparator group size", null=True, blank=True)
    county_comparison = models.CharField(max_length=100, blank=True)
    district_comparison = models.CharField(max_length=100, blank=True)
    national_value = models.DecimalField(
        "national figure", max_digits=14, decimal_places=4, null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ValueQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["indicator", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                "indicator", "period_end", "period_kind", name="one_value_per_indicator_period"
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True)
                | Q(group_size__isnull=True)
                | Q(rank__lte=models.F("group_size")),
                name="rank_within_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.shown} ({self.period_label})"

    @property
    def shown(self) -> str:
        """The value as people read it: the paper's words when imported, else the number."""
        if self.value_text:
            return self.value_text
        if self.value is None:
            return "-"
        text = f"{self.value.normalize():f}"
        return f"{text}%" if self.indicator.unit == "%" else text


class IssuedDashboardQuerySet(models.QuerySet):
    """Issued dashboards are never changed or removed, not even in bulk."""

    def update(self, **kwargs):
        raise FrozenDashboardError("Issued dashboards cannot be changed.")

    def delete(self):
        raise FrozenDashboardError("Issued dashboards cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise FrozenDashboardError("Issued dashboards cannot be changed.")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def visible_to(self, user: Any) -> IssuedDashboardQuerySet:
        if sees_everything(user):
            return self.all()
        return self.filter(dashboard__in=Dashboard.objects.visible_to(user).values("pk"))


class FrozenDashboardError(RuntimeError):
    """Raised when code tries to change or delete an issued dashboard paper."""


class IssuedDashboard(models.Model):
    """The dashboard appendix as it was sent: the exact PDF, kept unchanged for good."""

    dashboard = models.ForeignKey(Dashboard, on_delete=models.PROTECT, related_name="issued")
    as_at = models.DateField("as at")
    title = models.CharField(max_length=300)
    marking = models.CharField("protective marking", max_length=40)
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    page_count = models.PositiveIntegerField(editable=False)
    row_count = models.PositiveIntegerField(editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IssuedDashboardQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (issued {self.issued_at:%d/%m/%Y})"

    def save(self, *args, **kwargs) -> None:
        # An integrity guard, not business logic: a frozen paper is written once.
        if not self._state.adding:
            raise FrozenDashboardError("Issued dashboards cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("performance:issued-pdf", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise FrozenDashboardError("Issued dashboards cannot be deleted.")
