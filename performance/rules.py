"""The dashboard's rules, each in one place: direction of travel, progress RAG, outcome RAG.

Pages, the PDF, the import report and the tests all call these; none restates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from performance.models import Direction
from recommendations.models import Rag

# What the clerk reads under the dashboard: the rules in words.
DIRECTION_RULE = (
    "Direction of travel compares the latest value with the one before it. A change smaller "
    "than the indicator's tolerance band (a share of the earlier value) is level (→); otherwise "
    "it is improving (↑) or worsening (↓), according to whether higher is better."
)
PROGRESS_RULE = (
    "Progress RAG: red when worsening; amber when not in the top third of its comparator group "
    '(a rank such as "5/9"); otherwise green. Not rated without two values.'
)
OUTCOME_RULE = (
    "Overall progress RAG of an outcome: green when every rated indicator is green, red when "
    "more than half are red, otherwise amber; unless a clerk set it by hand, with a reason."
)


def change_percent(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """The change from ``previous`` to ``current`` as a share of ``previous`` (per cent)."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / abs(previous) * 100


def direction(
    previous: Decimal | None,
    current: Decimal | None,
    *,
    higher_is_better: bool,
    tolerance: Decimal,
) -> Direction:
    """Improving, level or worsening, from two values, the polarity and the tolerance band."""
    change = change_percent(previous, current)
    if change is None:
        return Direction.NONE
    if abs(change) <= tolerance:
        return Direction.LEVEL
    return Direction.IMPROVING if (change > 0) == higher_is_better else Direction.WORSENING


def progress_rag(travel: Direction, *, rank: int | None = None, group: int | None = None) -> Rag:
    """Red when worsening; amber outside the comparator group's top third; else green."""
    if travel == Direction.NONE:
        return Rag.NONE
    if travel == Direction.WORSENING:
        return Rag.RED
    if rank and group and rank * 3 > group:
        return Rag.AMBER
    return Rag.GREEN


def outcome_rag(indicator_rags: Iterable[str]) -> Rag:
    """Green when all rated are green, red when more than half are red, else amber."""
    rated = [rag for rag in indicator_rags if rag]
    if not rated:
        return Rag.NONE
    if all(rag == Rag.GREEN for rag in rated):
        return Rag.GREEN
    if sum(rag == Rag.RED for rag in rated) * 2 > len(rated):
        return Rag.RED
    return Rag.AMBER
