"""The dashboard as at a period: every outcome, indicator and value, with the computed direction
of travel and RAG beside what a paper printed. Read in a fixed number of queries (three for the
rows, one for the periods) whatever the number of indicators and periods.

Pages, the appendix PDF and the export all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from performance import rules
from performance.models import Dashboard, Direction, Indicator, IndicatorValue, Outcome
from recommendations.models import Rag


@dataclass
class IndicatorRow:
    indicator: Indicator
    series: list[IndicatorValue]  # up to the as-at period, oldest first
    current: IndicatorValue | None
    previous: IndicatorValue | None
    direction: Direction
    rag: Rag

    @property
    def printed_direction(self) -> Direction:
        return Direction(self.current.printed_direction) if self.current else Direction.NONE

    @property
    def printed_rag(self) -> str:
        return self.current.printed_rag if self.current else ""

    @property
    def differs(self) -> bool:
        """The paper printed something other than the rule gives (when it printed anything)."""
        printed = self.current and self.current.printed_direction
        return bool(printed) and (
            self.printed_direction != self.direction or self.printed_rag != self.rag
        )


@dataclass
class OutcomeRow:
    outcome: Outcome
    rows: list[IndicatorRow] = field(default_factory=list)

    @property
    def computed_rag(self) -> Rag:
        return rules.outcome_rag(row.rag for row in self.rows)

    @property
    def rag(self) -> Rag:
        """Set by hand when a clerk did, else the rule."""
        return Rag(self.outcome.rag_set) if self.outcome.rag_set else self.computed_rag

    @property
    def rag_is_set(self) -> bool:
        return bool(self.outcome.rag_set)


@dataclass
class Board:
    dashboard: Dashboard
    as_at: date | None
    outcomes: list[OutcomeRow]
    periods: list[date]  # every period end the dashboard has values for, newest first

    @property
    def indicator_rows(self) -> list[IndicatorRow]:
        return [row for outcome in self.outcomes for row in outcome.rows]

    @property
    def as_at_label(self) -> str:
        """The as-at period as the values name it (the most common label at that date)."""
        labels = [r.current.period_label for r in self.indicator_rows if r.current]
        labels = [
            r.current.period_label
            for r in self.indicator_rows
            if r.current and r.current.period_end == self.as_at
        ] or labels
        return max(set(labels), key=labels.count) if labels else ""


def indicator_row(indicator: Indicator, values: list[IndicatorValue], as_at) -> IndicatorRow:
    series = [v for v in values if as_at is None or v.period_end <= as_at]
    current = series[-1] if series else None
    previous = series[-2] if len(series) > 1 else None
    travel = rules.direction(
        previous.value if previous else None,
        current.value if current else None,
        higher_is_better=indicator.higher_is_better,
        tolerance=indicator.tolerance,
    )
    rag = rules.progress_rag(
        travel,
        rank=current.rank if current else None,
        group=current.group_size if current else None,
    )
    return IndicatorRow(indicator, series, current, previous, travel, rag)


def periods_of(dashboard: Dashboard) -> list[date]:
    return list(
        IndicatorValue.objects.filter(indicator__outcome__dashboard=dashboard)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()
    )


def build_board(dashboard: Dashboard, *, as_at: date | None = None) -> Board:
    """The dashboard as at ``as_at`` (a period end; None: the latest of each indicator)."""
    values = IndicatorValue.objects.select_related("footnote").order_by("period_end", "pk")
    indicators = Indicator.objects.select_related("responsible_organisation").prefetch_related(
        Prefetch("values", queryset=values)
    )
    outcomes = dashboard.outcomes.prefetch_related(Prefetch("indicators", queryset=indicators))
    rows = []
    for outcome in outcomes:
        item = OutcomeRow(outcome)
        for indicator in outcome.indicators.all():
            item.rows.append(indicator_row(indicator, list(indicator.values.all()), as_at))
        rows.append(item)
    periods = periods_of(dashboard)
    return Board(dashboard, as_at or (periods[0] if periods else None), rows, periods)
