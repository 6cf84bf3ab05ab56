"""Officer pages: my actions, action plans, an action's detail and history, and its update form."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from meetings.chase import opened_at, round_updates
from meetings.models import UpdateRound
from partnership.audit import history_entries
from recommendations import my_actions as mine_list
from recommendations.forms import RecommendationUpdateForm
from recommendations.markings import Marking
from recommendations.models import (
    ActionPlan,
    Recommendation,
    Section,
    StatusLabel,
    outstanding_q,
)
from recommendations.permissions import (
    can_agree_closure,
    can_edit_recommendation,
    can_export_plan,
    can_manage_plan,
    require_edit,
)
from recommendations.richtext import clean_html
from recommendations.services import ConcurrentEditError, recommendation_update
from recommendations.views_closure import closure_form

# Fields the importer stores as sanitised HTML (see recommendations.plan_import.read.result).
RICH_FIELDS = (
    "text",
    "outcome",
    "unassigned_note",
    "work_to_date",
    "notes",
    "next_milestone",
    "commentary",
)


def rich(value: str) -> SafeString:
    """Imported rich text, sanitised again on the way out so nothing unsafe reaches a page."""
    return mark_safe(clean_html(value))  # safe: nh3 allow-list, no attributes


def _prepare(recs: list[Recommendation], today: date) -> list[Recommendation]:
    for rec in recs:
        rec.text_html = rich(rec.text)
        rec.overdue = rec.is_overdue(today)
    return recs


def _open_rounds(request: HttpRequest, mine: QuerySet, page: list[Recommendation], today: date):
    """Open rounds covering the officer's plans, each with how many of the officer's actions in
    it still need an update; each row of the page the round still needs gets
    ``rec.needs_update`` (the rounds), by the one rule in meetings.chase.

    A fixed number of queries per open round, whatever the number of actions."""
    rounds = list(
        UpdateRound.objects.visible_to(request.user)
        .filter(
            closed_at__isnull=True,
            opens_on__lte=today,
            plans__in=mine.order_by().values("plan_id"),
        )
        .select_related("meeting__committee")
        .prefetch_related("plans")
        .distinct()
        .order_by("deadline")
    )
    for rec in page:
        rec.needs_update = []
    for update_round in rounds:
        covered = {plan.pk for plan in update_round.plans.all()}
        in_round = list(
            mine.filter(plan_id__in=covered)
            .order_by()
            .only("id", "plan_id")
            .prefetch_related("lead_organisations", "lead_people")
        )
        done = round_updates(opened_at(update_round), in_round)
        update_round.missing_count = len(in_round) - len(done)
        update_round.mine = len(in_round)
        for rec in page:
            if rec.plan_id in covered and rec.pk not in done:
                rec.needs_update.append(update_round)
    return rounds


@require_GET
@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """A page of the organisation's outstanding actions, grouped (recommendations.my_actions)."""
    organisation = request.user.organisation
    if organisation is None:
        return render(request, "recommendations/my_actions.html", {"organisation": None})
    today = timezone.localdate()
    group = mine_list.grouping(request.GET.get("group"))
    mine = Recommendation.objects.visible_to(request.user).outstanding().led_by(organisation)
    found = mine_list.figures(request.user, organisation, mine, group, today)
    counts, sizes = found["counts"], found["sizes"]
    page, before, recs = mine_list.paginate(
        mine.with_related(), found["ids"], request.GET.get("page")
    )
    recs = _prepare(recs, today)
    if before is not None:
        before.overdue = before.is_overdue(today)
    context = {
        "organisation": organisation,
        "recommendations": recs,
        "groups": mine_list.page_groups(recs, group, sizes, before),
        "group": group,
        "groupings": [
            (key, label, f"?group={key}" if key != mine_list.DEFAULT_GROUPING else "?")
            for key, label in mine_list.GROUPINGS.items()
        ],
        "page_obj": page,
        "page_querystring": "" if group == mine_list.DEFAULT_GROUPING else f"group={group}",
        "counts": counts,
        "update_rounds": _open_rounds(request, mine, recs, today),
        "today": today,
    }
    return render(request, "recommendations/my_actions.html", context)


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the user may open, with counts of the actions they may read; a need-to-know plan
    the clerk chose to list shows its name only."""
    user = request.user
    counts = {
        plan_id: (total, outstanding)
        for plan_id, total, outstanding in Recommendation.objects.visible_to(user)
        .values_list("plan_id")
        .annotate(
            total=Count("id"),
            outstanding=Count("id", filter=outstanding_q()),
        )
        .order_by()
    }
    visible = set(ActionPlan.objects.visible_to(user).values_list("pk", flat=True))
    plans = list(ActionPlan.objects.listed_for(user).select_related("partnership", "owner"))
    for plan in plans:
        plan.can_open = plan.pk in visible
        plan.total, plan.outstanding = counts.get(plan.pk, (0, 0))
    return render(request, "recommendations/plan_list.html", {"plans": plans})


def marking_context(plan: ActionPlan) -> dict:
    """The banner every page of a need-to-know plan carries (templates/base.html)."""
    return {"protective_marking": plan.marking if Marking.is_sensitive(plan.marking) else ""}


@require_GET
@login_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("partnership", "owner"), slug=slug
    )
    today = timezone.localdate()
    recs = Recommendation.objects.visible_to(user).filter(plan=plan).with_related()
    recs = _prepare(list(recs.order_by("order", "sort_key")), today)
    sections = list(Section.objects.visible_to(user).filter(plan=plan))
    for section in sections:
        section.narrative_html = rich(section.narrative)
    by_section: dict[int | None, list[Recommendation]] = {}
    for rec in recs:
        by_section.setdefault(rec.section_id, []).append(rec)
    groups = [(section, by_section.get(section.pk, [])) for section in sections]
    context = {
        "plan": plan,
        "groups": groups,
        "unsectioned": by_section.get(None, []),
        "in_part": not ActionPlan.objects.readable_by(user).filter(pk=plan.pk).exists(),
        "can_export": can_export_plan(user, plan),
        "can_manage": can_manage_plan(user, plan),
        **marking_context(plan),
    }
    return render(request, "recommendations/plan_detail.html", context)


def _load(request: HttpRequest, pk: int) -> Recommendation:
    """The action if the user may read it; otherwise it does not exist for them (404)."""
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user)
        .with_related()
        .select_related("proposed_status", "closure_minute__meeting__committee"),
        pk=pk,
    )


@require_GET
@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _load(request, pk)
    rec.overdue = rec.is_overdue()
    context = {
        "rec": rec,
        "rich": {name: rich(getattr(rec, name)) for name in RICH_FIELDS},
        "deficiency_html": rich(rec.deficiency.text) if rec.deficiency else "",
        "can_edit": can_edit_recommendation(request.user, rec),
        "closure_form": (
            closure_form(rec, request.user)
            if rec.proposed_status_id and can_agree_closure(request.user)
            else None
        ),
        "updates": rec.updates.select_related("author"),
        "history": history_entries(rec),
        **marking_context(rec.plan),
    }
    return render(request, "recommendations/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _load(request, pk)
    require_edit(request.user, rec)
    form = RecommendationUpdateForm(request.POST or None, recommendation=rec, user=request.user)
    theirs = []
    proposed = rec.proposed_status  # a closure waiting for the clerk, before this update
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_update(
                recommendation=rec,
                by=request.user,
                reason=form.change_reason(),
                changes=form.cleaned_changes(),
                expected_version=form.cleaned_data["version"],
                progress_note=form.cleaned_data["progress_note"],
            )
        except ConcurrentEditError as conflict:
            rec, form = _conflict_form(request, conflict, form.cleaned_data["version"])
            theirs = conflict.theirs
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _saved_message(rec, proposed))
            return redirect(rec)
    context = {
        "rec": rec,
        "rec_text_html": rich(rec.text),
        "form": form,
        "theirs": theirs,
        **marking_context(rec.plan),
    }
    return render(request, "recommendations/update.html", context)


def _saved_message(rec: Recommendation, proposed_before: StatusLabel | None = None) -> str:
    rec.refresh_from_db(fields=["proposed_status", "status"])
    if rec.proposed_status_id:
        return (
            f"Action {rec.reference} proposed for closure. The clerk or committee will agree it; "
            "until then it stays open."
        )
    if proposed_before is not None and rec.status_id != proposed_before.pk:
        return (
            f"Action {rec.reference} updated. Its proposal to close it as {proposed_before.name} "
            f"is withdrawn, because its status is now {rec.status.name}."
        )
    return f"Action {rec.reference} updated"


CONFLICT_FIELDS = ("status", "rag", "revised_target_date_text", "revised_date_reason")


def _conflict_form(
    request: HttpRequest, conflict: ConcurrentEditError, loaded_version: int
) -> tuple[Recommendation, RecommendationUpdateForm]:
    """The officer's own input again, against the newer version, with the refusal on top.

    Fields the officer left as they were take the other person's new values, so re-submitting
    keeps both people's changes; fields the officer changed keep what they typed.
    """
    current = Recommendation.objects.with_related().get(pk=conflict.recommendation.pk)
    loaded = current.history.filter(version=loaded_version).order_by("-history_date").first()
    data = request.POST.copy()
    data["version"] = str(current.version)
    for name in CONFLICT_FIELDS:
        attname = "status_id" if name == "status" else name
        if loaded is not None and data.get(name, "") == str(getattr(loaded, attname) or ""):
            data[name] = str(getattr(current, attname) or "")
    form = RecommendationUpdateForm(data, recommendation=current, user=request.user)
    form.is_valid()
    form.add_error(
        None,
        f"{conflict} Nothing you typed has been saved. Check their changes, then save "
        "again if you still want to make yours.",
    )
    return current, form


def _add_service_errors(form: RecommendationUpdateForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
