"""The import itself: one transaction, the steps in order, rolled back for a dry run or errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from partnership.models import Partnership
from partnership.permissions import Actor, is_system
from recommendations.permissions import require_manage_plans
from recommendations.plan_import.read import ImportProblem, ParseResult

from .context import _Context
from .leads import _Directory
from .people import _people
from .plan import _default_status, _plan, _sections
from .report import ImportReport, RowOutcome
from .rows import FIELD_LABELS, _row
from .words import _chosen


class _Rollback(Exception):
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
) -> ImportReport:
    """Import a parsed action plan in one transaction; a dry run or any error writes nothing."""
    if not is_system(by):
        require_manage_plans(by)
    report = ImportReport(
        filename=filename,
        plan_name=" ".join((plan_name or "").split())[:200],
        dry_run=dry_run,
        errors=list(result.errors),
        warnings=list(result.warnings),
        initials_clashes=dict(result.initials_clashes),
    )
    if not result.rows and not result.people:
        if not report.errors:
            report.errors.append(ImportProblem(None, None, "The file holds no recommendations."))
        return report
    try:
        with transaction.atomic():
            _import(result, report, kind=kind, partnership=partnership, by=by)
            if dry_run or report.errors:
                raise _Rollback
            report.written = True
    except _Rollback:
        pass
    if not report.written and report.plan_created:
        report.plan = None  # it was rolled back
    return report


def _import(
    result: ParseResult,
    report: ImportReport,
    *,
    kind: str,
    partnership: Partnership | None,
    by: Actor,
) -> None:
    reason = f"imported from {report.filename}"[:250]
    plan = _plan(result, report, kind=kind, partnership=partnership, by=by, reason=reason)
    if plan is None:
        return
    table = _chosen(result)
    headers = {f: h for h, f in (table.columns if table else {}).items() if f}
    _people(result, report, by=by, reason=reason)
    ctx = _Context(
        report=report,
        plan=plan,
        by=by,
        reason=reason,
        headers=headers,
        directory=_Directory(),
        statuses={s.name.casefold(): s for s in plan.statuses.all()},
    )
    _sections(result, ctx)
    _default_status(ctx)
    existing = {
        r.reference: r
        for r in plan.recommendations.select_related("status", "section", "deficiency")
        .prefetch_related("lead_organisations", "lead_people")
        .all()
    }
    for order, row in enumerate(result.rows):
        if not row.reference:
            continue  # the parser has already reported it
        try:
            with transaction.atomic():
                _row(row, order, existing.get(row.reference), ctx)
        except (ValidationError, PermissionDenied) as exc:
            report.errors.append(ImportProblem(row.source_row, None, _plain_error(exc)))
            report.rows.append(RowOutcome(row.source_row, row.reference, "error"))
    seen = {r.reference for r in result.rows}
    report.missing = sorted(
        (ref for ref in existing if ref not in seen), key=lambda ref: existing[ref].sort_key
    )


def _plain_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(
                f"{FIELD_LABELS.get(k, k.replace('_', ' '))}: {' '.join(v)}"
                for k, v in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    return str(exc)
