"""Every write to the performance dashboard: keyword-only, one transaction, who and why recorded.

Each service checks ``performance.permissions`` first and writes through ``partnership.audit``,
so every change has a history row with its user and reason.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.audit import audited_save, audited_update
from partnership.models import Organisation, Partnership
from partnership.permissions import history_user
from performance.models import (
    Dashboard,
    Footnote,
    Indicator,
    IndicatorValue,
    Outcome,
    PeriodKind,
)
from performance.permissions import require_enter_value, require_manage_dashboard
from recommendations.markings import Marking
from recommendations.models import Rag

INDICATOR_SETTINGS = {
    "name",
    "unit",
    "higher_is_better",
    "tolerance",
    "source",
    "geography",
    "responsible_organisation",
}


def _saved(instance: Any, *, by: Any, reason: str) -> Any:
    instance.full_clean()
    return audited_save(instance, by=by, reason=reason)


@transaction.atomic
def dashboard_create(
    *,
    partnership: Partnership,
    title: str,
    marking: str = Marking.OFFICIAL,
    by: Any,
    reason: str,
) -> Dashboard:
    """A new, empty dashboard for ``partnership``."""
    require_manage_dashboard(by)
    dashboard = Dashboard(partnership=partnership, title=title.strip(), marking=marking)
    return _saved(dashboard, by=by, reason=reason)


@transaction.atomic
def footnote_create(
    *, dashboard: Dashboard, text: str, marker: str = "*", by: Any, reason: str
) -> Footnote:
    """A footnote printed below the dashboard."""
    require_manage_dashboard(by)
    return _saved(Footnote(dashboard=dashboard, marker=marker, text=text), by=by, reason=reason)


@transaction.atomic
def outcome_create(
    *,
    dashboard: Dashboard,
    name: str,
    order: int = 0,
    printed_rag: str = "",
    priority: Any = None,
    by: Any,
    reason: str,
) -> Outcome:
    """An outcome of the dashboard (optionally under a strategy plan's priority)."""
    require_manage_dashboard(by)
    outcome = Outcome(
        dashboard=dashboard, name=name, order=order, printed_rag=printed_rag, priority=priority
    )
    return _saved(outcome, by=by, reason=reason)


@transaction.atomic
def outcome_rag_set(*, outcome: Outcome, rag: str, by: Any, reason: str) -> bool:
    """Set the outcome's RAG by hand (``rag=""`` goes back to the rule); the reason is kept."""
    require_manage_dashboard(by)
    if rag not in Rag.values:
        raise ValidationError({"rag": "Choose a RAG rating."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the RAG is set by hand."})
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    changes = {"rag_set": rag, "rag_reason": reason.strip() if rag else ""}
    return audited_update(outcome, by=by, reason=reason, changes=changes)


@transaction.atomic
def indicator_create(
    *,
    outcome: Outcome,
    name: str,
    unit: str = "",
    higher_is_better: bool = True,
    tolerance: Decimal = Decimal("3"),
    order: int = 0,
    responsible_organisation: Organisation | None = None,
    source: str = "",
    geography: str = "",
    by: Any,
    reason: str,
) -> Indicator:
    """A supporting indicator of ``outcome``."""
    require_manage_dashboard(by)
    indicator = Indicator(
        outcome=outcome,
        name=name,
        unit=unit,
        higher_is_better=higher_is_better,
        tolerance=tolerance,
        order=order,
        responsible_organisation=responsible_organisation,
        source=source,
        geography=geography,
    )
    return _saved(indicator, by=by, reason=reason)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, changes: dict[str, Any], by: Any, reason: str
) -> bool:
    """Change an indicator's settings (polarity, tolerance, unit, who is responsible...)."""
    require_manage_dashboard(by)
    unknown = set(changes) - INDICATOR_SETTINGS
    if unknown:
        raise ValueError(f"Not an indicator setting: {', '.join(sorted(unknown))}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    return audited_update(indicator, by=by, reason=reason, changes=changes)


VALUE_OPTIONS = {
    "value_text",
    "note",
    "is_estimate",
    "footnote",
    "printed_direction",
    "printed_rag",
    "nearest_neighbour",
    "rank",
    "group_size",
    "county_comparison",
    "district_comparison",
    "national_value",
}


@transaction.atomic
def value_create(
    *,
    indicator: Indicator,
    period_label: str,
    period_end: date,
    value: Decimal | None,
    period_kind: str = PeriodKind.OTHER,
    by: Any,
    reason: str,
    **options: Any,
) -> IndicatorValue:
    """One period's value of ``indicator``; refused (naming the period) if it already has one."""
    require_enter_value(by, indicator)
    unknown = set(options) - VALUE_OPTIONS
    if unknown:
        raise ValueError(f"Not a value field: {', '.join(sorted(unknown))}")
    if IndicatorValue.objects.filter(
        indicator=indicator, period_end=period_end, period_kind=period_kind
    ).exists():
        raise ValidationError(
            {
                "period_end": f"{indicator.name} already has a value for the period ending "
                f"{period_end:%-d %B %Y}."
            }
        )
    row = IndicatorValue(
        indicator=indicator,
        period_label=period_label.strip(),
        period_kind=period_kind,
        period_end=period_end,
        value=value,
        entered_by=history_user(by),
        **options,
    )
    return _saved(row, by=by, reason=reason)


def _import_value(indicator: Indicator, parsed: Any, value: Any, notes: dict, *, latest: bool):
    extra: dict[str, Any] = {}
    if latest:
        extra = {
            "printed_direction": parsed.printed_direction,
            "printed_rag": parsed.printed_rag,
            "nearest_neighbour": parsed.nearest_neighbour,
            "rank": parsed.rank,
            "group_size": parsed.group_size,
            "county_comparison": parsed.county,
            "district_comparison": parsed.district,
            "national_value": parsed.national,
        }
    return extra | {
        "indicator": indicator,
        "period_label": value.period.label,
        "period_kind": value.period.kind,
        "period_end": value.period.end,
        "value": value.value,
        "value_text": value.value_text,
        "note": value.note,
        "is_estimate": bool(value.marker),
        "footnote": notes.get(value.marker),
    }


@transaction.atomic
def dashboard_import(
    *,
    partnership: Partnership,
    parsed: Any,
    marking: str = Marking.OFFICIAL,
    by: Any,
    reason: str,
) -> Dashboard:
    """Write a dashboard read by ``performance.table`` (from a paper or a workbook), whole.

    One transaction: a value that fails validation leaves nothing behind.
    """
    require_manage_dashboard(by)
    dashboard = dashboard_create(
        partnership=partnership, title=parsed.title, marking=marking, by=by, reason=reason
    )
    notes = {
        marker: footnote_create(dashboard=dashboard, marker=marker, text=text, by=by, reason=reason)
        for marker, text in parsed.footnotes.items()
    }
    for n, item in enumerate(parsed.outcomes):
        outcome = outcome_create(
            dashboard=dashboard,
            name=item.name,
            order=n,
            printed_rag=item.printed_rag,
            by=by,
            reason=reason,
        )
        for m, row in enumerate(item.indicators):
            indicator = indicator_create(
                outcome=outcome,
                name=row.name,
                unit=row.unit,
                higher_is_better=row.higher_is_better,
                order=m,
                by=by,
                reason=reason,
            )
            for value, latest in ((row.previous, False), (row.latest, True)):
                if value is None:
                    continue
                fields = _import_value(indicator, row, value, notes, latest=latest)
                try:
                    _saved(IndicatorValue(**fields), by=by, reason=reason)
                except ValidationError as error:
                    raise ValidationError(
                        f"Row {row.row} ({row.name}): {error.messages[0]}"
                    ) from error
    return dashboard


@transaction.atomic
def dashboard_issue(*, dashboard: Dashboard, as_at: date | None, by: Any) -> Any:
    """Freeze the dashboard appendix as at a period: its exact PDF, checksum, who and when."""
    import hashlib

    from django.utils import timezone

    from performance.board import build_board
    from performance.models import IssuedDashboard
    from performance.paper_pdf import appendix_title, dashboard_pdf_bytes

    require_manage_dashboard(by)
    require_actor_is_user(by)
    board = build_board(dashboard, as_at=as_at)
    if board.as_at is None:
        raise ValidationError("The dashboard has no values yet: there is nothing to issue.")
    pdf, pages = dashboard_pdf_bytes(board, issued_on=timezone.localdate())
    return IssuedDashboard.objects.create(
        dashboard=dashboard,
        as_at=board.as_at,
        title=appendix_title(board),
        marking=dashboard.marking,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=pages,
        row_count=len(board.indicator_rows),
        issued_by=by,
    )


def require_actor_is_user(by: Any) -> None:
    """A paper sent to a committee names the person who issued it."""
    if history_user(by) is None:
        raise ValidationError("A paper is issued by a person, not by the system.")


def issued_for(user: Any) -> Any:
    """Issued dashboard papers ``user`` may read, newest first, without their PDFs."""
    from performance.models import IssuedDashboard

    return IssuedDashboard.objects.visible_to(user).defer("pdf").select_related("issued_by")
