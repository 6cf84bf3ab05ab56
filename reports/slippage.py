"""The slippage report: every revised target date, from what, to what, how often and why.

Read from the audit trail: one query for the history of every action in the list, one for the
people who made the changes. Newest revision first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from partnership.models import User
from recommendations.dates import as_written_with_due
from recommendations.models import Recommendation

HISTORY_FIELDS = (
    "id",
    "history_id",
    "history_date",
    "history_user_id",
    "history_change_reason",
    "target_date_text",
    "revised_target_date_text",
    "revised_date_reason",
    "due_date",
)


@dataclass
class Revision:
    when: datetime
    who: str
    from_text: str  # as written, with its due date
    to_text: str
    from_due: date | None
    to_due: date | None
    reason: str


@dataclass
class Slipped:
    recommendation: Recommendation
    revisions: list[Revision] = field(default_factory=list)  # newest first

    @property
    def times(self) -> int:
        return len(self.revisions)

    @property
    def latest(self) -> Revision:
        return self.revisions[0]


def _written(row: dict) -> str:
    text = row["revised_target_date_text"] or row["target_date_text"]
    return as_written_with_due(text) if text else "No date"


def _revisions(rows: list[dict], names: dict[int, str]) -> list[Revision]:
    """Each history row (oldest first) that moved the target: its text or due date changed."""
    found = []
    previous: dict[str, Any] | None = None
    for row in rows:
        moved = (
            previous is not None
            and (row["revised_target_date_text"], row["due_date"])
            != (previous["revised_target_date_text"], previous["due_date"])
        ) or (previous is None and row["revised_target_date_text"])
        if moved:
            before = previous or {**row, "revised_target_date_text": "", "due_date": None}
            found.append(
                Revision(
                    when=row["history_date"],
                    who=names.get(row["history_user_id"], "System"),
                    from_text=_written(before),
                    to_text=_written(row),
                    from_due=before["due_date"],
                    to_due=row["due_date"],
                    reason=row["revised_date_reason"] or row["history_change_reason"] or "",
                )
            )
        previous = row
    found.reverse()
    return found


def slippage(recommendations: QuerySet[Recommendation]) -> list[Slipped]:
    """Every action in ``recommendations`` whose target was revised, latest revision first."""
    recs = {r.pk: r for r in recommendations.select_related("plan", "status")}
    rows = list(
        Recommendation.history.filter(id__in=list(recs))
        .order_by("id", "history_date", "history_id")
        .values(*HISTORY_FIELDS)
    )
    user_ids = {row["history_user_id"] for row in rows if row["history_user_id"]}
    names = {u.pk: u.display_name() for u in User.objects.filter(pk__in=user_ids)}
    by_rec: dict[int, list[dict]] = {}
    for row in rows:
        by_rec.setdefault(row["id"], []).append(row)
    result = [
        Slipped(recs[pk], revisions)
        for pk, history in by_rec.items()
        if (revisions := _revisions(history, names))
    ]
    result.sort(key=lambda s: s.latest.when, reverse=True)
    return result
