"""A fictional dashboard for the demo, the screenshots and the benchmark (no seed text here).

Quarterly values, rolling 12 months, for ``periods`` quarters ending at ``last``; written through
the services like everything else.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from performance import services
from performance.models import Dashboard, PeriodKind
from performance.periods import quarter_end

REASON = "Demo dashboard"
# (outcome, [(indicator, unit, higher is better, responsible organisation, start, step)])
OUTCOMES = [
    (
        "Fewer people harmed by crime in Riverside",
        [
            (
                "All recorded crime (per 1,000 residents)",
                "per 1,000 residents",
                False,
                "RP",
                52.4,
                -0.6,
            ),
            (
                "Burglary of homes (per 1,000 households)",
                "per 1,000 households",
                False,
                "RP",
                4.1,
                0.05,
            ),
            (
                "Violence with injury (per 1,000 residents)",
                "per 1,000 residents",
                False,
                "RP",
                3.2,
                -0.02,
            ),
        ],
    ),
    (
        "Victims of domestic abuse kept safe",
        [
            ("Referrals to the domestic abuse service", "", True, "SHDAS", 310, 12),
            ("Repeat cases at the risk conference", "%", True, "CHS", 24.0, 0.5),
        ],
    ),
    (
        "Less anti-social behaviour on estates",
        [
            ("Residents who say anti-social behaviour is a problem", "%", False, "CHS", 11.5, -0.3),
            ("Anti-social behaviour reports closed within 20 days", "%", True, "CHS", 71.0, 1.1),
        ],
    ),
    (
        "Communities that report hate and feel heard",
        [
            (
                "Hate incidents reported (per 1,000 residents)",
                "per 1,000 residents",
                True,
                "CST",
                0.61,
                -0.01,
            ),
        ],
    ),
]
WOBBLE = (0.0, 0.8, -0.5, 0.3, -0.9, 0.6, -0.2, 0.4, -0.7, 0.9, -0.3, 0.1)


def quarters(last: date, count: int) -> list[tuple[str, date]]:
    """The ``count`` quarters up to the one ending on or before ``last``, oldest first."""
    year = last.year if last.month > 3 else last.year - 1
    found: list[tuple[str, date]] = []
    while len(found) < count:
        for q in (4, 3, 2, 1):
            end = quarter_end(q, year)
            if end <= last and len(found) < count:
                label = f"Rolling 12 months to Quarter {q}, {year}/{(year + 1) % 100:02d}"
                found.append((label, end))
        year -= 1
    return list(reversed(found))


def _series(start: float, step: float, n: int, periods: int) -> list[Decimal]:
    values = []
    for i in range(periods):
        wobble = WOBBLE[(i + n) % len(WOBBLE)] * abs(step or start * 0.01)
        values.append(Decimal(str(round(start + step * i + wobble, 2))))
    return values


def _indicator(outcome, spec, order, orgs, periods, *, by) -> Any:
    name, unit, higher, who, start, step = spec
    indicator = services.indicator_create(
        outcome=outcome,
        name=name,
        unit=unit,
        higher_is_better=higher,
        order=order,
        responsible_organisation=orgs.get(who),
        source="Partnership analyst",
        geography="Riverside",
        by=by,
        reason=REASON,
    )
    for (label, end), value in zip(periods, _series(start, step, order, len(periods)), strict=True):
        services.value_create(
            indicator=indicator,
            period_label=label,
            period_kind=PeriodKind.ROLLING_12,
            period_end=end,
            value=value,
            by=by,
            reason=REASON,
        )
    return indicator


def demo_dashboard(
    *,
    partnership: Any,
    orgs: dict[str, Any],
    by: Any,
    last: date,
    periods: int = 8,
    outcomes: list | None = None,
) -> Dashboard:
    """The fictional dashboard (or ``outcomes`` given) with ``periods`` quarters of values."""
    dashboard = services.dashboard_create(
        partnership=partnership,
        title="Community Safety Performance Dashboard",
        by=by,
        reason=REASON,
    )
    services.footnote_create(
        dashboard=dashboard,
        text="Survey figures are the last four quarters combined.",
        by=by,
        reason=REASON,
    )
    spans = quarters(last, periods)
    for n, (name, specs) in enumerate(outcomes or OUTCOMES):
        outcome = services.outcome_create(
            dashboard=dashboard, name=name, order=n, by=by, reason=REASON
        )
        for m, spec in enumerate(specs):
            _indicator(outcome, spec, m, orgs, spans, by=by)
    return dashboard


def bench_outcomes(indicators: int, per_outcome: int = 5) -> list:
    """``indicators`` made-up indicators in outcomes of ``per_outcome``."""
    specs = [
        (
            f"Measure {i + 1:02d} (per 1,000 residents)",
            "per 1,000 residents",
            i % 2 == 0,
            "",
            40.0 + i,
            0.3,
        )
        for i in range(indicators)
    ]
    return [
        (f"Outcome {n + 1}", specs[start : start + per_outcome])
        for n, start in enumerate(range(0, indicators, per_outcome))
    ]


def load_performance_demo(*, partnership: Any, orgs: dict[str, Any], by: Any, today: date) -> None:
    """The demo's dashboard, once."""
    if not Dashboard.objects.filter(partnership=partnership).exists():
        demo_dashboard(partnership=partnership, orgs=orgs, by=by, last=today)
