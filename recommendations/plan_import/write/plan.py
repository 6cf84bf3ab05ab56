"""The plan an import writes into: found or created, its sections, its status words."""

from __future__ import annotations

from partnership.models import Partnership
from partnership.permissions import Actor
from recommendations import services
from recommendations.models import (
    ActionPlan,
    Lifecycle,
    PlanKind,
    SectionKind,
    StatusLabel,
)
from recommendations.plan_import.read import ImportProblem, ParsedRow, ParseResult, plain

from .context import ImportContext, norm
from .report import ImportReport
from .words import detect_kind, guess_lifecycle, kind_from_words

SECTION_KINDS = {
    "workshop": SectionKind.WORKSHOP,
    "priority": SectionKind.PRIORITY,
    "section": SectionKind.THEME,
}


def find_or_create_plan(
    result: ParseResult,
    report: ImportReport,
    *,
    kind: str,
    partnership: Partnership | None,
    by: Actor,
    reason: str,
) -> ActionPlan | None:
    """The plan named, found (case-insensitively) or created; None (with an error) if neither."""
    if not report.plan_name:
        values = {plain(r.fields.get("plan", "")) for r in result.rows} - {""}
        report.plan_name = values.pop()[:200] if len(values) == 1 else ""
    if not report.plan_name:
        report.errors.append(ImportProblem(None, None, "Give the plan a name."))
        return None
    plans = ActionPlan.objects.filter(name__iexact=report.plan_name)
    if partnership is not None:
        plans = plans.filter(partnership=partnership)
    found = list(plans.select_related("partnership")[:2])
    if len(found) > 1:
        report.errors.append(
            ImportProblem(
                None,
                None,
                f'Several partnerships have a plan called "{report.plan_name}"; '
                "say which partnership.",
            )
        )
        return None
    if found:
        return _existing(found[0], report, kind)
    partnership = partnership or _only_partnership(report)
    chosen_kind = _new_kind(result, report, kind)
    if partnership is None or chosen_kind is None:
        return None
    plan = services.plan_create(
        partnership=partnership,
        name=report.plan_name,
        kind=chosen_kind,
        by=by,
        reason=reason,
        source=report.filename[:300],
        # The paper's own marking when it prints one; else the kind's default.
        **({"marking": result.marking} if result.marking else {}),
    )
    report.plan, report.plan_kind, report.plan_created = plan, plan.kind, True
    report.plan_marking = plan.marking
    return plan


def _existing(plan: ActionPlan, report: ImportReport, kind: str) -> ActionPlan:
    report.plan, report.plan_kind, report.plan_marking = plan, plan.kind, plan.marking
    wanted = kind_from_words(kind) if kind else ""
    if wanted and wanted != plan.kind:
        report.warnings.append(
            ImportProblem(
                None,
                None,
                f"The plan already exists as a {plan.get_kind_display().lower()}; "
                "its kind is left as it is.",
            )
        )
    return plan


def _only_partnership(report: ImportReport) -> Partnership | None:
    partnerships = list(Partnership.objects.all()[:2])
    if len(partnerships) == 1:
        return partnerships[0]
    report.errors.append(
        ImportProblem(
            None,
            None,
            "Say which partnership the new plan belongs to."
            if partnerships
            else "There is no partnership yet; create one first.",
        )
    )
    return None


def _new_kind(result: ParseResult, report: ImportReport, kind: str) -> str | None:
    """The kind of a new plan: as asked, else as the file says, else as its columns suggest."""
    chosen_kind = kind_from_words(kind) if kind else ""
    if kind and not chosen_kind:
        report.errors.append(
            ImportProblem(
                None,
                None,
                f'Unknown plan kind "{kind}"; use one of {", ".join(PlanKind.values)}.',
            )
        )
        return None
    if not chosen_kind:
        in_file = {kind_from_words(r.fields.get("plan_kind", "")) for r in result.rows} - {""}
        chosen_kind = in_file.pop() if len(in_file) == 1 else detect_kind(result)
    return chosen_kind


def add_sections(result: ParseResult, ctx: ImportContext) -> None:
    """Find each section of the file in the plan (by title) or add it."""
    by_title = {s.title.casefold(): s for s in ctx.plan.sections.all()}
    for i, parsed in enumerate(result.sections):
        title = " ".join(parsed.title.split())[:500] or f"Section {i + 1}"
        section = by_title.get(title.casefold())
        if section is None:
            kind = SECTION_KINDS.get(parsed.kind, SectionKind.THEME)
            if kind == SectionKind.PRIORITY and ctx.plan.kind == PlanKind.DELIVERY:
                kind = SectionKind.PRIORITY_AREA
            section = services.section_create(
                plan=ctx.plan,
                title=title,
                kind=kind,
                number=parsed.number[:20],
                narrative=parsed.narrative,
                by=ctx.by,
                reason=ctx.reason,
            )
            by_title[title.casefold()] = section
            ctx.report.sections.append((str(section), "new"))
        else:
            changes = {}
            if parsed.number and parsed.number != section.number:
                changes["number"] = parsed.number[:20]
            if parsed.narrative and norm(parsed.narrative) != norm(section.narrative):
                changes["narrative"] = parsed.narrative
            if changes:
                services.section_update(section=section, by=ctx.by, reason=ctx.reason, **changes)
            ctx.report.sections.append((str(section), "changed" if changes else "existing"))
        ctx.sections[i] = section


def set_default_status(ctx: ImportContext) -> None:
    labels = list(ctx.statuses.values())
    for lifecycle in (Lifecycle.IN_PROGRESS, Lifecycle.NOT_STARTED):
        for label in labels:
            if label.lifecycle == lifecycle:
                ctx.report.default_status = label.name
                return


def status_for_word(
    word: str, row: ParsedRow, column: str | None, ctx: ImportContext
) -> StatusLabel | None:
    """The plan's status for ``word``; a new plan learns new words, an existing one refuses."""
    key = " ".join(word.split()).casefold()
    label = ctx.statuses.get(key)
    if label is not None:
        return label
    if not ctx.report.plan_created:
        known = ", ".join(s.name for s in ctx.statuses.values())
        ctx.report.errors.append(
            ImportProblem(
                row.source_row,
                column,
                f'"{word}" is a status the plan does not know (it knows: {known})',
            )
        )
        return None
    lifecycle = guess_lifecycle(word)
    if not lifecycle:
        lifecycle = Lifecycle.IN_PROGRESS
        ctx.report.warnings.append(
            ImportProblem(
                row.source_row,
                column,
                f'the new status "{word}" is taken to mean "in progress"; change it in the '
                "plan's settings if it means something else",
            )
        )
    label = services.status_label_create(
        plan=ctx.plan,
        name=" ".join(word.split())[:60],
        lifecycle=lifecycle,
        by=ctx.by,
        reason=ctx.reason,
    )
    ctx.statuses[key] = label
    ctx.report.statuses_created.append(label.name)
    return label
