"""The export log: every CSV, XLSX and PDF that leaves the system, written as it leaves."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from partnership.audit import audited_save
from partnership.models import User
from reports.models import ExportRecord


@transaction.atomic
def record_export(
    *,
    by: User,
    kind: str,
    what: str,
    row_count: int,
    marking: str,
    plan_ids: Iterable[int],
    filters: str = "",
) -> ExportRecord:
    """Log one export: who, what, which filter, how many rows, its marking and plans."""
    record = ExportRecord(
        user=by,
        kind=kind,
        what=what[:300],
        filters=filters[:2000],
        row_count=row_count,
        marking=marking,
    )
    record.full_clean(exclude=["user"])
    audited_save(record, by=by, reason=f"Exported {what}"[:200])
    record.plans.add(*set(plan_ids))
    return record
