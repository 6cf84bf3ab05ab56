"""The import itself: one transaction, the steps in order, rolled back for a dry run or errors.

Every row is compared and validated in memory first (no savepoint, no write per row); only a
confirmed import with no errors writes, and it writes the rows in bulk (:mod:`.save`).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from partnership.models import Partnership
from partnership.permissions import Actor, is_system
from recommendations.models import Recommendation
from recommendations.permissions import require_manage_plans
from recommendations.plan_import.read import ImportProblem, ParseResult

from .context import ImportContext
from .leads import Directory
from .people import add_people
from .plan import add_sections, find_or_create_plan, set_default_status
from .report import ImportReport
from .rows import PendingRow, plan_row
from .save import save_rows
from .words import chosen_table


class Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a run with errors."""


def plan_import(
    *,
    result: ParseResult,
    plan_name: str,
    kind: str,
    partnership: Partnership | None,
    by: Actor,
    filename: str,
    dry_run: bool,
    keep_mine: Collection[str] = (),
) -> ImportReport:
    """Import a parsed action plan in one transaction; a dry run or any error writes nothing.

    A row exported at an older version than the one stored is a conflict: it is left as stored
    unless its reference is in ``keep_mine`` (the clerk chose the file's values for it).
    """
    if not is_system(by):
        require_manage_plans(by)
    report = ImportReport(
        filename=filename,
        plan_name=" ".join((plan_name or "").split())[:200],
        dry_run=dry_run,
        errors=list(result.errors),
        # What the reader assumed (a status cell split, a heading read one way) is said too.
        warnings=[*result.warnings, *(ImportProblem(None, None, a) for a in result.assumptions)],
        initials_clashes=dict(result.initials_clashes),
    )
    if not result.rows and not result.people:
        if not report.errors:
            report.errors.append(ImportProblem(None, None, "The file holds no recommendations."))
        return report
    try:
        with transaction.atomic():
            ctx = _start(result, report, kind=kind, partnership=partnership, by=by)
            if ctx is not None:
                ctx.keep_mine = frozenset(keep_mine)
                pending = _compare(result, ctx, lock=not dry_run)
                if not (dry_run or report.errors):
                    save_rows(pending, ctx)
            if dry_run or report.errors:
                raise Rollback
            report.written = True
    except Rollback:
        pass
    if not report.written and report.plan_created:
        report.plan = None  # it was rolled back
    return report


def _start(
    result: ParseResult,
    report: ImportReport,
    *,
    kind: str,
    partnership: Partnership | None,
    by: Actor,
) -> ImportContext | None:
    """The plan, the attendance list's people, the sections and status words: the context."""
    reason = f"imported from {report.filename}"[:250]
    plan = find_or_create_plan(
        result, report, kind=kind, partnership=partnership, by=by, reason=reason
    )
    if plan is None:
        return None
    table = chosen_table(result)
    headers = {f: h for h, f in (table.columns if table else {}).items() if f}
    add_people(result, report, by=by, reason=reason)
    ctx = ImportContext(
        report=report,
        plan=plan,
        by=by,
        reason=reason,
        headers=headers,
        directory=Directory(),
        statuses={s.name.casefold(): s for s in plan.statuses.all()},
    )
    add_sections(result, ctx)
    set_default_status(ctx)
    return ctx


def _compare(result: ParseResult, ctx: ImportContext, *, lock: bool) -> list[PendingRow]:
    """Each row against what is stored (locked for a real import), in memory; what to write."""
    stored = ctx.plan.recommendations.select_related("status", "section", "deficiency")
    if lock:
        stored = stored.select_for_update(of=("self",))
    existing: dict[str, Recommendation] = {
        r.reference: r for r in stored.prefetch_related("lead_organisations", "lead_people")
    }
    pending: list[PendingRow] = []
    seen: set[str] = set()
    for order, row in enumerate(result.rows):
        if not row.reference or row.reference in seen:
            continue  # the parser has already reported it
        seen.add(row.reference)
        found = plan_row(row, order, existing.get(row.reference), ctx)
        if found is not None:
            pending.append(found)
    ctx.report.missing = sorted(
        (ref for ref in existing if ref not in seen), key=lambda ref: existing[ref].sort_key
    )
    return pending
