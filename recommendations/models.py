"""Action plans and what they track: sections, deficiencies, recommendations, progress updates.

Every model here is audited (django-simple-history) and written only through
``recommendations.services``. Reads go through the QuerySet methods below, which bring their own
``select_related``/``prefetch_related`` so list pages do not run a query per row.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from partnership.audit import AuditedQuerySet, audit_history, field_label
from partnership.models import Organisation, Partnership, Person
from recommendations.dates import end_of_period
from recommendations.markings import Marking
from recommendations.scoping import (
    PlanPartQuerySet,
    PlanQuerySet,
    ProgressUpdateQuerySet,
    RecommendationScope,
    SavedViewQuerySet,
)


class PlanKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop programme"
    CASE_REVIEW = "case_review", "Case review"
    STRATEGY = "strategy", "Strategy action plan"
    DELIVERY = "delivery", "Delivery plan"
    MINUTES = "minutes", "Actions arising from minutes"


class Lifecycle(models.TextChoices):
    """The one canonical lifecycle every plan's own status words map onto."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OUTSTANDING_LIFECYCLES = (Lifecycle.NOT_STARTED, Lifecycle.IN_PROGRESS, Lifecycle.ON_HOLD)


# The business rules "outstanding" and "overdue", each in one home. Every page, count, filter,
# chart and appendix asks these (or the QuerySet methods built on them); nothing repeats them.
def is_outstanding_lifecycle(lifecycle: str | None) -> bool:
    """Still being worked on: the status word maps onto an open lifecycle."""
    return lifecycle in OUTSTANDING_LIFECYCLES


def outstanding_q(prefix: str = "") -> models.Q:
    """:func:`is_outstanding_lifecycle` as a filter (``prefix`` for a related model's path)."""
    return models.Q(**{f"{prefix}status__lifecycle__in": OUTSTANDING_LIFECYCLES})


def overdue_cutoff(today: date) -> date:
    """An outstanding action due before this date is overdue (due today is not yet late)."""
    return today


def is_overdue(lifecycle: str | None, due_date: date | None, today: date) -> bool:
    """Outstanding, with a due date before :func:`overdue_cutoff`."""
    return (
        is_outstanding_lifecycle(lifecycle)
        and due_date is not None
        and due_date < overdue_cutoff(today)
    )


def overdue_q(today: date, prefix: str = "") -> models.Q:
    """:func:`is_overdue` as a filter."""
    return outstanding_q(prefix) & models.Q(**{f"{prefix}due_date__lt": overdue_cutoff(today)})


class Rag(models.TextChoices):
    """The RAG ratings, their words and their order (worst first): the one list of them."""

    RED = "RED", "Red"
    AMBER = "AMBER", "Amber"
    GREEN = "GREEN", "Green"
    BLUE = "BLUE", "Blue"
    NONE = "", "Not rated"

    @classmethod
    def rated(cls) -> list[Rag]:
        """Every rating except "Not rated", worst first."""
        return [rag for rag in cls if rag != cls.NONE]


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"
    NONE = "", "No date"


# What an officer's update form offers besides status, RAG, progress note and revised date: the
# fields the plan's appendix layout prints (reports/appendix/layouts.py), so an officer's update
# reaches the next paper in the column a reader expects. Layouts without such a field print the
# latest progress note instead.
OFFICER_FIELDS: dict[str, tuple[str, ...]] = {
    PlanKind.WORKSHOP: (),
    PlanKind.CASE_REVIEW: ("work_to_date",),
    PlanKind.STRATEGY: ("outcome", "notes"),
    PlanKind.DELIVERY: ("next_milestone", "next_milestone_date", "commentary"),
    PlanKind.MINUTES: (),
}

# Plans of these kinds need closure agreed unless the plan says otherwise.
CLOSURE_AGREED_BY_DEFAULT = (PlanKind.CASE_REVIEW, PlanKind.STRATEGY)
CLOSING_LIFECYCLES = (Lifecycle.COMPLETE, Lifecycle.CLOSED, Lifecycle.WITHDRAWN)


@dataclass(frozen=True)
class RecordsBegin:
    """When a plan's records begin, and how ("imported from …", "created in the tracker")."""

    on: date
    how: str


class ActionPlan(models.Model):
    """The source of recommendations: a workshop programme, case review, strategy, and so on."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PlanKind)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the plan came from: the paper, report or review.",
    )
    period = models.CharField(
        max_length=100, blank=True, help_text="For example October 2019 - 2021"
    )
    marking = models.CharField(
        "protective marking", max_length=40, choices=Marking, default=Marking.OFFICIAL
    )
    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        help_text="The organisation that coordinates the plan.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closure_needs_agreement = models.BooleanField(
        "closure needs agreement",
        null=True,
        blank=True,
        help_text="Complete, Closed or Withdrawn is proposed by the lead and agreed by a clerk "
        "or the committee. Blank: the kind's default (on for case reviews and strategies).",
    )
    access_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="plan_access",
        verbose_name="organisations on the access list",
        help_text="For an OFFICIAL-SENSITIVE plan: organisations (with their teams) who read it.",
    )
    access_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plan_access",
        verbose_name="people on the access list",
    )
    listed = models.BooleanField(
        "listed for everyone in the partnership",
        default=False,
        help_text="For an OFFICIAL-SENSITIVE plan: others see its name in the plan list, "
        "never its content.",
    )

    objects = PlanQuerySet.as_manager()
    history = audit_history(m2m_fields=["access_organisations", "access_users"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("name"), name="plan_name_unique_in_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("recommendations:plan-detail", args=[self.slug])

    @property
    def requires_closure_agreement(self) -> bool:
        if self.closure_needs_agreement is None:
            return self.kind in CLOSURE_AGREED_BY_DEFAULT
        return self.closure_needs_agreement

    def records_begin(self) -> RecordsBegin:
        """The day the audit trail first holds this plan: nothing can be printed before it."""
        first = self.history.order_by("history_date", "history_id").only("history_date").first()
        when = first.history_date if first else self.created_at
        on = timezone.localdate(when)
        how = f"imported from {self.source} on {on:%d/%m/%Y}" if self.source else "created"
        return RecordsBegin(on=on, how=how)


class StatusLabel(models.Model):
    """A plan's own status word ("On target", "Pending", "COMPLETE") and what it means."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="statuses")
    name = models.CharField(max_length=60)
    lifecycle = models.CharField(max_length=20, choices=Lifecycle)
    order = models.PositiveSmallIntegerField(default=0)

    objects = PlanPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint("plan", Lower("name"), name="status_name_unique_in_plan")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_outstanding(self) -> bool:
        return is_outstanding_lifecycle(self.lifecycle)


class SectionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    PRIORITY = "priority", "Priority"
    PRIORITY_AREA = "priority_area", "Priority area"
    THEME = "theme", "Theme"
    MEETING = "meeting", "Meeting"


class Section(models.Model):
    """A workshop, priority or theme that groups recommendations, with its narrative."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=SectionKind, default=SectionKind.THEME)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    narrative = models.TextField(blank=True)
    held_on = models.DateField("date", null=True, blank=True)
    date_text = models.CharField("date as written", max_length=100, blank=True)
    attendance = models.TextField(blank=True, help_text="Who attended (workshops)")
    scenarios = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = PlanPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint("plan", Lower("title"), name="section_title_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Deficiency(models.Model):
    """A numbered weakness a workshop found; it leads to one or more recommendations."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="deficiencies")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="deficiencies"
    )
    number = models.CharField(max_length=20, blank=True)
    text = models.TextField()

    objects = PlanPartQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name_plural = "deficiencies"

    def __str__(self) -> str:
        # Never the database id: it runs across every plan and reads as a wrong number.
        return f"Deficiency {self.number}" if self.number else "Deficiency"


_NUMBER_PARTS = re.compile(r"(\d+)|(\D+)")


def reference_sort_key(reference: str) -> str:
    """'2.10' sorts after '2.9', and '19' after '2': numbers are zero-padded."""
    parts = []
    for number, text in _NUMBER_PARTS.findall(reference.strip().lower()):
        parts.append(number.zfill(6) if number else text)
    return "".join(parts)[:60]


def led_ids(model: Any, organisation_ids: Iterable[int]) -> models.QuerySet:
    """The ids of actions led by any of these organisations, directly or through a lead person
    who works there, as one subquery (a UNION of the two through tables).

    ``id IN (this)`` lets the database start from the leads and fetch just those actions (a
    semi-join); two ``IN`` subqueries joined by OR would test every action against both. No
    duplicate rows either, so no DISTINCT."""
    ids = list(organisation_ids)
    orgs = model.lead_organisations.through.objects.filter(organisation_id__in=ids)
    people = model.lead_people.through.objects.filter(person__organisation_id__in=ids)
    return orgs.values("recommendation_id").union(people.values("recommendation_id"))


class RecommendationQuerySet(RecommendationScope):
    def with_related(self) -> RecommendationQuerySet:
        return self.select_related("plan", "section", "status", "deficiency").prefetch_related(
            "lead_organisations", "lead_people"
        )

    def outstanding(self) -> RecommendationQuerySet:
        return self.filter(outstanding_q())

    def overdue(self, today: date | None = None) -> RecommendationQuerySet:
        return self.filter(overdue_q(today or timezone.localdate()))

    def unassigned(self) -> RecommendationQuerySet:
        return self.filter(lead_organisations__isnull=True, lead_people__isnull=True)

    def led_by(self, organisation: Organisation, *, include_teams: bool = True):
        ids = (
            Organisation.objects.with_descendant_ids([organisation.pk])
            if include_teams
            else {organisation.pk}
        )
        return self.filter(id__in=led_ids(self.model, ids))

    def in_source_order(self) -> RecommendationQuerySet:
        return self.order_by("plan__name", "section__order", "order", "sort_key")


class Recommendation(models.Model):
    """One recommendation or action, with its leads, dates, status, RAG and progress."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="recommendations")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    deficiency = models.ForeignKey(
        Deficiency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    reference = models.CharField("No.", max_length=30)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    order = models.PositiveIntegerField(default=0, help_text="Position in the source paper")
    text = models.TextField(
        "recommendation",
        help_text="Sanitised HTML. Withdrawn points stay on the record inside <del>.",
    )
    lead_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="recommendations", verbose_name="lead agencies"
    )
    lead_people = models.ManyToManyField(
        Person, blank=True, related_name="recommendations", verbose_name="lead people"
    )
    leads_text = models.CharField(
        "handed over to (as written)",
        max_length=500,
        blank=True,
        help_text="The lead exactly as the paper wrote it, for example 'AF and LG'.",
    )
    target_date_text = models.CharField("target date (as written)", max_length=300, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_date_precision = models.CharField(
        max_length=10, choices=DatePrecision, blank=True, default=DatePrecision.NONE
    )
    revised_target_date_text = models.CharField(
        "revised target date (as written)", max_length=300, blank=True
    )
    revised_target_date = models.DateField(null=True, blank=True)
    revised_target_date_precision = models.CharField(
        max_length=10, choices=DatePrecision, blank=True, default=DatePrecision.NONE
    )
    revised_date_reason = models.TextField("reason for revised date", blank=True)
    due_date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last day of the revised (or else the original) target period.",
    )
    outcome = models.TextField("outcome (success measure)", blank=True)
    status = models.ForeignKey(StatusLabel, on_delete=models.PROTECT, related_name="+")
    rag = models.CharField("RAG rating", max_length=5, choices=Rag, blank=True, default=Rag.NONE)
    unassigned_note = models.TextField("anything still unassigned", blank=True)
    work_to_date = models.TextField("work to date", blank=True)
    notes = models.TextField(blank=True)
    next_milestone = models.TextField("next significant milestone", blank=True)
    next_milestone_date = models.DateField(null=True, blank=True)
    commentary = models.TextField("performance commentary", blank=True)
    proposed_status = models.ForeignKey(
        StatusLabel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="proposed for closure as",
        help_text="The lead proposes closure; a clerk or the committee agrees it.",
    )
    closure_minute = models.ForeignKey(
        "meetings.Minute",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closures_agreed",
        verbose_name="closure agreed at minute",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    objects = RecommendationQuerySet.as_manager()
    history = audit_history(m2m_fields=["lead_organisations", "lead_people"])

    class Meta:
        ordering = ["plan", "order", "sort_key"]
        constraints = [
            models.UniqueConstraint("plan", "reference", name="reference_unique_in_plan"),
            models.CheckConstraint(condition=~models.Q(reference=""), name="reference_not_blank"),
            models.CheckConstraint(
                condition=models.Q(target_date__isnull=True) | ~models.Q(target_date_precision=""),
                name="target_date_has_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(rag__in=[Rag.NONE, *Rag.rated()]),
                name="rag_is_known",
            ),
        ]
        indexes = [
            models.Index(fields=["due_date"]),
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["rag"]),
            # Find's filters and facet counts touch only these columns: on PostgreSQL they are
            # answered from this narrow index (index-only scans) instead of the wide rows that
            # carry the text and its search vector.
            models.Index(
                fields=["id"],
                include=["status", "rag", "plan", "section", "due_date", "updated_at"],
                name="rec_filter_columns",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.name} – {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.pk])

    @classmethod
    def field_label(cls, name: str) -> str:
        """A field's label (its ``verbose_name``) as history, forms and reports show it."""
        return field_label(cls, name)

    @property
    def is_outstanding(self) -> bool:
        return self.status.is_outstanding

    def is_overdue(self, today: date | None = None) -> bool:
        return is_overdue(self.status.lifecycle, self.due_date, today or timezone.localdate())

    @property
    def is_proposed_for_closure(self) -> bool:
        return self.proposed_status_id is not None

    @property
    def is_unassigned(self) -> bool:
        return not self.lead_organisations.all() and not self.lead_people.all()

    def compute_due_date(self) -> date | None:
        if self.revised_target_date:
            return end_of_period(self.revised_target_date, self.revised_target_date_precision)
        return end_of_period(self.target_date, self.target_date_precision)


class ProgressUpdate(models.Model):
    """A dated entry in a recommendation's progress log ("work to date", "notes")."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="updates"
    )
    written_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="Who wrote it, when imported from a paper."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProgressUpdateQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["-written_on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.recommendation.reference}, {self.written_on:%d/%m/%Y}"

    @property
    def by(self) -> str:
        if self.author_id:
            return self.author.display_name()
        return self.author_name


class SavedView(models.Model):
    """A bookmarked Find view: a name and the filter querystring it stands for, kept by its
    owner and, when shared, listed for everyone in a partnership or an organisation (and the
    teams beneath it). Each reader still sees only the actions they may read.

    Not audited: it is a bookmark, not part of the partnership's record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=100)
    querystring = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    shared_with_partnership = models.ForeignKey(
        "partnership.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Listed for everyone who works in this partnership.",
    )
    shared_with_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Listed for everyone in this organisation and the teams beneath it.",
    )

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="saved_view_name_unique_per_user"),
            models.CheckConstraint(
                condition=models.Q(shared_with_partnership__isnull=True)
                | models.Q(shared_with_organisation__isnull=True),
                name="saved_view_shared_one_way",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        url = reverse("recommendations:list")
        return f"{url}?{self.querystring}" if self.querystring else url

    @property
    def shared_with(self) -> str:
        """Who else sees it listed, in words ("" when only its owner)."""
        target = self.shared_with_partnership or self.shared_with_organisation
        return f"everyone in {target}" if target else ""


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """An import job is followed by the clerk who started it (and administrators)."""
        from partnership.access import is_active_user, sees_everything

        if sees_everything(user):
            return self.all()
        if not is_active_user(user):
            return self.none()
        return self.filter(requested_by=user)


class ImportJob(models.Model):
    """A large import's preview or confirm run in the task worker, with its progress and result.

    Holds nothing that cannot be made again (the upload is in the upload store; the rows are
    written by ``plan_import`` with their history), so it is not audited, like ``AppendixJob``.
    """

    PREVIEW, CONFIRM = "preview", "confirm"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=10, choices=[(PREVIEW, "Preview"), (CONFIRM, "Import")])
    filename = models.CharField(max_length=300)
    # What the preview form posted (upload token, table, column mapping, conflict choices).
    parameters = models.JSONField(default=dict)
    state = models.CharField(max_length=10, default="queued")  # reports.models.JobState
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    step = models.CharField(max_length=200, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    # The preview as rendered by the worker (our own autoescaped templates), top and form body.
    summary_html = models.TextField(blank=True)
    form_html = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)  # a written import's summary
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import job {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:import-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in {"done", "failed"}


class ImportMappingQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> ImportMappingQuerySet:
        """Saved column mappings are the import's: for the clerks of their partnership and
        administrators (officers and managers do not import, so see none)."""
        return self.filter(partnership__in=Partnership.objects.managed_by(user))


class ImportMapping(models.Model):
    """How the clerk read one shape of paper, saved to reuse on the next paper of that shape:
    the header row's texts (and their signature, to find that row in the next upload) and
    what each column is imported as."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField(max_length=100)
    # sha256 of the header row's normalised texts (recommendations.import_mappings.signature).
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list, help_text="The header row's texts as written.")
    # {header as the preview names it: field, "" to ignore, "?" to keep in the notes}
    mapping = models.JSONField(default=dict)
    rows_above = models.PositiveSmallIntegerField(
        default=0, help_text="Rows above the header row when it was saved (titles, groups)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImportMappingQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", "signature", name="import_mapping_one_per_shape"
            ),
        ]

    def __str__(self) -> str:
        return self.name
