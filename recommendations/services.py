"""Every write to plans, sections, deficiencies, recommendations and progress updates.

Each service is keyword-only, runs in one transaction, checks permission and version inside, and
records the acting user and a reason on the history row. ``by=SYSTEM`` means the system acting from
the command line (imports, demo data), which is recorded as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from notifications.people import lead_organisation_ids, notify_assigned, notify_closure_proposed
from partnership.audit import (
    HistoryEntry,
    audited_bulk_create,
    audited_bulk_update,
    audited_delete,
    audited_save,
    audited_update,
    history_entries_after,
    history_paused,
    record_history,
    save_with_m2m,
    set_m2m,
)
from partnership.models import Organisation, Partnership, Person
from partnership.permissions import Actor, history_user
from recommendations.dates import parse_fuzzy_date
from recommendations.markings import Marking
from recommendations.models import (
    ActionPlan,
    Deficiency,
    Lifecycle,
    PlanKind,
    ProgressUpdate,
    Rag,
    Recommendation,
    Section,
    StatusLabel,
    reference_sort_key,
)
from recommendations.permissions import (
    closure_needs_agreement,
    require_edit,
    require_manage_partnership,
    require_manage_plan,
)

DEFAULT_STATUSES: dict[str, list[tuple[str, str]]] = {
    PlanKind.WORKSHOP: [
        ("Pending", Lifecycle.NOT_STARTED),
        ("In Progress", Lifecycle.IN_PROGRESS),
        ("On hold", Lifecycle.ON_HOLD),
        ("Complete", Lifecycle.COMPLETE),
        ("Withdrawn", Lifecycle.WITHDRAWN),
    ],
    PlanKind.CASE_REVIEW: [
        ("Not started", Lifecycle.NOT_STARTED),
        ("On target", Lifecycle.IN_PROGRESS),
        ("Behind target", Lifecycle.IN_PROGRESS),
        ("Complete", Lifecycle.COMPLETE),
    ],
    PlanKind.STRATEGY: [
        ("Not started", Lifecycle.NOT_STARTED),
        ("Ongoing", Lifecycle.IN_PROGRESS),
        ("On hold", Lifecycle.ON_HOLD),
        ("COMPLETE", Lifecycle.COMPLETE),
    ],
    PlanKind.DELIVERY: [
        ("Not started", Lifecycle.NOT_STARTED),
        ("Ongoing", Lifecycle.IN_PROGRESS),
        ("ON HOLD", Lifecycle.ON_HOLD),
        ("COMPLETED", Lifecycle.COMPLETE),
    ],
    PlanKind.MINUTES: [
        ("Open", Lifecycle.NOT_STARTED),
        ("In progress", Lifecycle.IN_PROGRESS),
        ("Done", Lifecycle.COMPLETE),
        ("Closed", Lifecycle.CLOSED),
    ],
}

# Fields a recommendation update may change; anything else is refused loudly.
EDITABLE_FIELDS = {
    "reference",
    "order",
    "section",
    "deficiency",
    "text",
    "leads_text",
    "target_date_text",
    "target_date",
    "target_date_precision",
    "revised_target_date_text",
    "revised_target_date",
    "revised_target_date_precision",
    "revised_date_reason",
    "outcome",
    "status",
    "rag",
    "unassigned_note",
    "work_to_date",
    "notes",
    "next_milestone",
    "next_milestone_date",
    "commentary",
}
M2M_FIELDS = {"lead_organisations", "lead_people"}


class ConcurrentEditError(Exception):
    """Someone else saved the action after this editor loaded it."""

    def __init__(self, recommendation: Recommendation, theirs: list[HistoryEntry]):
        self.recommendation = recommendation
        self.theirs = theirs
        names = ", ".join(sorted({change.who for change in theirs})) or "someone else"
        super().__init__(f"This action was changed by {names} while you were editing it.")


# ---------------------------------------------------------------------------------------------
# Plans, statuses, sections, deficiencies
# ---------------------------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "plan"
    slug, n = base, 2
    while ActionPlan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def plan_create(
    *,
    partnership: Partnership,
    name: str,
    kind: str,
    by: Actor,
    reason: str,
    statuses: Iterable[tuple[str, str]] | None = None,
    **fields: Any,
) -> ActionPlan:
    """Create an action plan with its own status words (the kind's defaults unless given).

    A case review is OFFICIAL-SENSITIVE unless a marking is given (need to know)."""
    require_manage_partnership(by, partnership)
    if kind == PlanKind.CASE_REVIEW:
        fields.setdefault("marking", Marking.OFFICIAL_SENSITIVE)
    plan = ActionPlan(
        partnership=partnership, name=name.strip(), kind=kind, slug=_unique_slug(name), **fields
    )
    plan.full_clean()
    audited_save(plan, by=by, reason=reason)
    for order, (label, lifecycle) in enumerate(statuses or DEFAULT_STATUSES[kind]):
        status_label_create(
            plan=plan, name=label, lifecycle=lifecycle, order=order, by=by, reason=reason
        )
    return plan


@transaction.atomic
def plan_update(*, plan: ActionPlan, by: Actor, reason: str, **changes: Any) -> ActionPlan:
    """Change a plan's name, description, marking or other details."""
    require_manage_plan(by, plan)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    audited_update(plan, by=by, reason=reason, changes=changes)
    return plan


@transaction.atomic
def status_label_create(
    *,
    plan: ActionPlan,
    name: str,
    lifecycle: str,
    by: Actor,
    reason: str,
    order: int | None = None,
) -> StatusLabel:
    """Add a status word to a plan, mapped onto the canonical lifecycle."""
    require_manage_plan(by, plan)
    if lifecycle not in Lifecycle.values:
        raise ValidationError({"lifecycle": f"Unknown lifecycle {lifecycle!r}"})
    if order is None:
        order = plan.statuses.count()
    label = StatusLabel(plan=plan, name=name.strip(), lifecycle=lifecycle, order=order)
    label.full_clean()
    return audited_save(label, by=by, reason=reason)


@transaction.atomic
def status_label_update(
    *, status: StatusLabel, by: Actor, reason: str, **changes: Any
) -> StatusLabel:
    """Rename a plan's status word or change what it means on the canonical lifecycle."""
    require_manage_plan(by, status.plan)
    if "lifecycle" in changes and changes["lifecycle"] not in Lifecycle.values:
        raise ValidationError({"lifecycle": f"Unknown lifecycle {changes['lifecycle']!r}"})
    audited_update(status, by=by, reason=reason, changes=changes)
    return status


def status_for(plan: ActionPlan, word: str) -> StatusLabel | None:
    """The plan's status whose name matches ``word`` in any case, or None."""
    wanted = " ".join(word.split()).casefold()
    for label in plan.statuses.all():
        if label.name.casefold() == wanted:
            return label
    return None


@transaction.atomic
def section_create(
    *, plan: ActionPlan, title: str, by: Actor, reason: str, **fields: Any
) -> Section:
    """Add a workshop, priority or theme to a plan."""
    require_manage_plan(by, plan)
    fields.setdefault("order", plan.sections.count())
    section = Section(plan=plan, title=title.strip(), **fields)
    section.full_clean()
    return audited_save(section, by=by, reason=reason)


@transaction.atomic
def section_update(*, section: Section, by: Actor, reason: str, **changes: Any) -> Section:
    """Change a section's title, narrative, date or attendance."""
    require_manage_plan(by, section.plan)
    audited_update(section, by=by, reason=reason, changes=changes)
    return section


def _next_deficiency_number(plan: ActionPlan) -> int:
    """One more than the plan's highest deficiency number: numbers run within each plan."""
    numbers = plan.deficiencies.values_list("number", flat=True)
    return max((int(n) for n in numbers if n.strip().isdigit()), default=0) + 1


@transaction.atomic
def deficiency_create(
    *, plan: ActionPlan, text: str, by: Actor, reason: str, **fields: Any
) -> Deficiency:
    """Record a deficiency a workshop found, numbered within its plan unless given a number."""
    require_manage_plan(by, plan)
    if not str(fields.get("number") or "").strip():
        fields["number"] = str(_next_deficiency_number(plan))
    deficiency = Deficiency(plan=plan, text=text, **fields)
    deficiency.full_clean()
    return audited_save(deficiency, by=by, reason=reason)


@transaction.atomic
def plan_access_update(
    *,
    plan: ActionPlan,
    organisations: Iterable[Organisation],
    users: Iterable[Any],
    listed: bool,
    by: Actor,
    reason: str,
) -> bool:
    """Set who reads a need-to-know plan, and whether others see its name in the plan list.

    One history row names the whole change, with the clerk's reason. Returns whether anything
    changed.
    """
    require_manage_plan(by, plan)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    organisations, users = list(organisations), list(users)
    outside = [o.name for o in organisations if not plan.partnership.members.filter(pk=o.pk)]
    if outside:
        raise ValidationError(
            {"organisations": f"Not a member of {plan.partnership}: {', '.join(outside)}"}
        )
    changed = plan.listed != listed
    plan.listed = listed
    with history_paused(plan):
        plan.save()
    changed |= set_m2m(plan, "access_organisations", organisations)
    changed |= set_m2m(plan, "access_users", users)
    if changed:
        record_history(plan, by=by, reason=reason, created=False)
    return changed


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------


def _apply_dates(rec: Recommendation, changes: dict[str, Any]) -> None:
    """Fill a real date and precision from the words when only the words were given."""
    for prefix in ("target_date", "revised_target_date"):
        text_key = f"{prefix}_text"
        if text_key in changes and prefix not in changes:
            parsed = parse_fuzzy_date(changes[text_key])
            if parsed.problem:
                raise ValidationError({text_key: parsed.problem})
            setattr(rec, prefix, parsed.date)
            setattr(rec, f"{prefix}_precision", parsed.precision)
        elif prefix in changes and f"{prefix}_precision" not in changes:
            setattr(rec, f"{prefix}_precision", "day" if changes[prefix] else "")
            if text_key not in changes:
                value: date | None = changes[prefix]
                setattr(rec, text_key, value.strftime("%d/%m/%Y") if value else "")
    rec.due_date = rec.compute_due_date()


def _validate(rec: Recommendation, *, in_bulk: bool = False) -> None:
    if rec.status.plan_id != rec.plan_id:
        raise ValidationError({"status": f"“{rec.status}” is not a status of {rec.plan}."})
    if rec.section is not None and rec.section.plan_id != rec.plan_id:
        raise ValidationError({"section": "That section belongs to another plan."})
    if rec.deficiency is not None and rec.deficiency.plan_id != rec.plan_id:
        raise ValidationError({"deficiency": "That deficiency belongs to another plan."})
    if rec.rag not in Rag.values:
        raise ValidationError({"rag": f"Unknown RAG rating {rec.rag!r}"})
    proposed = rec.proposed_status
    if proposed is not None and proposed.plan_id != rec.plan_id:
        raise ValidationError({"status": f"“{proposed}” is not a status of {rec.plan}."})
    exclude = ["status", "section", "deficiency", "proposed_status", "closure_minute"]
    if in_bulk:
        # Checked once for the whole batch by the caller: the plan, and references unique in it.
        rec.full_clean(
            exclude=[*exclude, "plan"], validate_unique=False, validate_constraints=False
        )
    else:
        rec.full_clean(exclude=exclude)


def _set_leads(rec: Recommendation, changes: dict[str, Any]) -> bool:
    """Set the leads named in ``changes`` without history rows of their own; True if changed."""
    results = [set_m2m(rec, name, changes[name]) for name in sorted(M2M_FIELDS & changes.keys())]
    return any(results)


@transaction.atomic
def recommendation_create(
    *,
    plan: ActionPlan,
    reference: str,
    text: str,
    status: StatusLabel,
    by: Actor,
    reason: str,
    lead_organisations: Iterable[Organisation] = (),
    lead_people: Iterable[Person] = (),
    **fields: Any,
) -> Recommendation:
    """Create a recommendation; its first history row carries its leads."""
    require_manage_plan(by, plan)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown recommendation fields: {', '.join(sorted(unknown))}")
    reference = reference.strip()
    rec = Recommendation(plan=plan, reference=reference, text=text, status=status, **fields)
    rec.sort_key = reference_sort_key(reference)
    _apply_dates(rec, fields)
    _validate(rec)
    leads = {"lead_organisations": lead_organisations, "lead_people": lead_people}
    save_with_m2m(rec, m2m=leads, by=by, reason=reason)
    return rec


def changes_since(rec: Recommendation, version: int) -> list[HistoryEntry]:
    """What others changed after ``version``: one entry per later history row, oldest first."""
    rows = list(
        rec.history.filter(version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous = next((row for row in rows if row.version == version), None)
    return history_entries_after([row for row in rows if row.version > version], previous)


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    by: Actor,
    reason: str,
    changes: dict[str, Any],
    expected_version: int | None = None,
    progress_note: str = "",
) -> Recommendation:
    """Change a recommendation, refusing the save if someone else changed it since it was read.

    ``expected_version`` is the version the editor loaded; ``None`` (imports, the command line)
    skips the check. A progress note, if given, is added to the log in the same transaction.
    """
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require_edit(by, rec)
    if expected_version is not None and rec.version != expected_version:
        raise ConcurrentEditError(rec, changes_since(rec, expected_version))
    unknown = set(changes) - EDITABLE_FIELDS - M2M_FIELDS
    if unknown:
        raise ValidationError(f"Unknown recommendation fields: {', '.join(sorted(unknown))}")

    scalar = {k: v for k, v in changes.items() if k not in M2M_FIELDS}
    reason = _closure_proposal(by, rec, scalar, reason)
    before = {name: getattr(rec, name) for name in (*scalar, "due_date")}
    for name, value in scalar.items():
        setattr(rec, name, value)
    if "reference" in scalar:
        rec.reference = rec.reference.strip()
        rec.sort_key = reference_sort_key(rec.reference)
    _apply_dates(rec, scalar)
    fields_changed = any(getattr(rec, name) != value for name, value in before.items())
    _validate(rec)
    leads_before = lead_organisation_ids(rec) if M2M_FIELDS & changes.keys() else set()
    leads_changed = _set_leads(rec, changes)
    if leads_changed and "leads_text" not in changes:
        # Keep "handed over to (as written)" true when leads are re-assigned in the app.
        rec.leads_text = ", ".join(
            [o.name for o in rec.lead_organisations.all()] + [p.name for p in rec.lead_people.all()]
        )

    if fields_changed or leads_changed:
        recommendation_save_change(rec, by=by, reason=reason)
    if leads_changed:
        notify_assigned(rec, before=leads_before, by=by)
    if scalar.get("proposed_status") is not None and (fields_changed or leads_changed):
        # A closing status this actor may only propose: ask the clerks, in this transaction.
        notify_closure_proposed(rec, by=by)
    if progress_note.strip():
        progress_update_add(
            recommendation=rec,
            by=by,
            text=progress_note,
            reason=reason,
            touch=not (fields_changed or leads_changed),  # else saved just now
        )
    return rec


def _closure_proposal(by: Actor, rec: Recommendation, scalar: dict[str, Any], reason: str) -> str:
    """Turn a closing status the actor may only propose into "Proposed for closure"; a new
    outstanding status withdraws an earlier proposal. Returns the history reason."""
    status = scalar.get("status")
    if status is None:
        return reason
    if closure_needs_agreement(by, rec, status):
        del scalar["status"]
        scalar["proposed_status"] = status
        return f"Proposed for closure as {status.name}: {reason}"
    if rec.proposed_status_id:
        scalar["proposed_status"] = None
    return reason


def recommendation_save_change(rec: Recommendation, *, by: Actor, reason: str) -> None:
    """Save a changed recommendation as one new version with one history row."""
    rec.version += 1
    rec.updated_at = timezone.now()
    with history_paused(rec):
        rec.save()
    record_history(rec, by=by, reason=reason, created=False)


@transaction.atomic
def progress_update_add(
    *,
    recommendation: Recommendation,
    by: Actor,
    text: str,
    reason: str = "Progress update",
    written_on: date | None = None,
    author_name: str = "",
    touch: bool = True,
) -> ProgressUpdate:
    """Add a dated entry to a recommendation's progress log.

    A progress note is an update: the action's "last updated" moves to now (so Find's "changed
    since", its sort and the exports count it, as the update round does), in a history row
    with who and why. Its version stays: a note never conflicts with an edit of the fields
    someone has open. ``touch=False`` when the caller has just saved the action."""
    require_edit(by, recommendation)
    if not text.strip():
        raise ValidationError({"text": "Enter the progress update"})
    update = ProgressUpdate(
        recommendation=recommendation,
        text=text.strip(),
        author=history_user(by),
        author_name=author_name or (by.display_name() if by else ""),
        written_on=written_on or timezone.localdate(),
    )
    update.full_clean()
    saved = audited_save(update, by=by, reason=reason)
    if touch:
        _touch(recommendation, by=by, reason=reason)
    return saved


def _touch(recommendation: Recommendation, *, by: Actor, reason: str) -> None:
    """Move the action's "last updated" to now, read fresh (the caller's copy may be stale),
    with a history row; nothing else about it changes."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    rec.updated_at = recommendation.updated_at = max(rec.updated_at, timezone.now())
    with history_paused(rec):
        rec.save(update_fields=["updated_at"])
    record_history(rec, by=by, reason=reason, created=False)


# ---------------------------------------------------------------------------------------------
# A plan's status words, managed by clerks
# ---------------------------------------------------------------------------------------------


def status_in_use(status: StatusLabel) -> bool:
    return Recommendation.objects.filter(status=status).exists()


@transaction.atomic
def status_label_delete(*, status: StatusLabel, by: Actor, reason: str) -> None:
    """Remove a status word no action uses (one in use is refused, naming how many)."""
    require_manage_plan(by, status.plan)
    used = Recommendation.objects.filter(status=status).count()
    if used:
        raise ValidationError(
            f"“{status.name}” is the status of {used} action{'s' if used != 1 else ''}; "
            "give them another status before removing it."
        )
    audited_delete(status, by=by, reason=reason)


@transaction.atomic
def status_labels_reorder(
    *, plan: ActionPlan, ordered: list[StatusLabel], by: Actor, reason: str
) -> None:
    """Put a plan's status words in the given order (every word of the plan, once)."""
    require_manage_plan(by, plan)
    current = list(plan.statuses.all())
    if sorted(s.pk for s in ordered) != sorted(s.pk for s in current):
        raise ValidationError("Give every status word of this plan exactly once.")
    for order, status in enumerate(ordered):
        status_label_update(status=status, by=by, reason=reason, order=order)


@transaction.atomic
def deficiency_update(
    *, deficiency: Deficiency, by: Actor, reason: str, **changes: Any
) -> Deficiency:
    """Correct a deficiency's number or wording."""
    require_manage_plan(by, deficiency.plan)
    audited_update(deficiency, by=by, reason=reason, changes=changes)
    return deficiency


# ---------------------------------------------------------------------------------------------
# Many recommendations at once (imports): the same rules, a few statements, one history row each
# ---------------------------------------------------------------------------------------------

# Worked out from the words by _apply_dates; saved with every bulk update.
DERIVED_DATE_FIELDS = [
    "target_date",
    "target_date_precision",
    "revised_target_date",
    "revised_target_date_precision",
    "due_date",
]


def recommendation_prepare(rec: Recommendation, changes: dict[str, Any]) -> None:
    """Apply scalar ``changes`` to an unsaved (or not yet saved) ``rec`` with the rules create and
    update use (sort key, dates from their words, validation) without touching the database.

    Raises ValidationError naming the field. The plan and the uniqueness of references are the
    caller's to check once for the batch (:func:`recommendations_insert_many`).
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown recommendation fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(rec, name, value)
    rec.reference = rec.reference.strip()
    rec.sort_key = reference_sort_key(rec.reference)
    _apply_dates(rec, changes)
    _validate(rec, in_bulk=True)


def _require_batch(plan: ActionPlan, recs: list[Recommendation], by: Actor) -> None:
    require_manage_plan(by, plan)
    references = [rec.reference for rec in recs]
    if any(rec.plan_id != plan.pk for rec in recs) or len(set(references)) != len(references):
        raise ValidationError("Every recommendation must belong to the plan, once.")


@transaction.atomic
def recommendations_insert_many(
    *,
    plan: ActionPlan,
    recommendations: list[Recommendation],
    leads: list[tuple[list[Organisation], list[Person]]],
    by: Actor,
    reason: str,
) -> list[Recommendation]:
    """Create prepared recommendations (:func:`recommendation_prepare`) of one plan, each with one
    history row carrying its leads, who and why, in a few statements."""
    _require_batch(plan, recommendations, by)
    references = [rec.reference for rec in recommendations]
    if plan.recommendations.filter(reference__in=references).exists():
        raise ValidationError({"reference": "The plan already has these references."})
    m2m: dict[str, list[list[Any]]] = {
        "lead_organisations": [list(orgs) for orgs, _ in leads],
        "lead_people": [list(people) for _, people in leads],
    }
    return audited_bulk_create(recommendations, by=by, reason=reason, m2m=m2m)


@transaction.atomic
def recommendations_save_many(
    *,
    plan: ActionPlan,
    recommendations: list[Recommendation],
    fields: set[str],
    by: Actor,
    reason: str,
) -> None:
    """Save prepared scalar changes of many recommendations of one plan: each one new version
    and one history row with who and why. Leads, closure proposals and their notifications are
    :func:`recommendation_update`'s; callers send those rows there."""
    _require_batch(plan, recommendations, by)
    if M2M_FIELDS & fields or "proposed_status" in fields:
        raise ValidationError("Change leads and closures one at a time.")
    now = timezone.now()
    for rec in recommendations:
        require_edit(by, rec)
        rec.version += 1
        rec.updated_at = now
    saved = sorted(fields | {"sort_key", *DERIVED_DATE_FIELDS, "version", "updated_at"})
    audited_bulk_update(recommendations, fields=saved, by=by, reason=reason)
