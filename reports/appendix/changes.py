"""What changed between two moments: new, closed, status changed, RAG changed, target revised.

One rule for the appendix's marks and the on-screen comparison page. Both moments are read back
from the audit trail (``history.as_of``): two queries per moment, never one per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from recommendations.models import Recommendation, StatusLabel, is_outstanding_lifecycle
from reports.appendix.params import end_of_day
from reports.models import IssuedAppendix

# key: (symbol, words). Printed together, so the mark is never colour or shape alone.
CHANGE_MARKS: dict[str, tuple[str, str]] = {
    "new": ("+", "New"),
    "closed": ("■", "Closed"),
    "status": ("♦", "Status changed"),
    "rag": ("●", "RAG changed"),
    "revised": ("▲", "Target revised"),
}
# How the summary line counts each kind ("3 closed, 2 new, 4 slipped").
SUMMARY_WORDS = {
    "closed": "closed",
    "new": "new",
    "revised": "slipped",
    "status": "status changed",
    "rag": "RAG changed",
}


@dataclass
class Snapshot:
    """What a comparison needs of one recommendation at one moment."""

    rec: Any
    status: Any
    outstanding: bool


@dataclass
class Change:
    rec: Any  # the later state (or the earlier one, for an action that has gone)
    before: Snapshot | None
    after: Snapshot | None
    kinds: list[str] = field(default_factory=list)

    @property
    def marks(self) -> list[tuple[str, str]]:
        return [CHANGE_MARKS[kind] for kind in self.kinds]


@dataclass
class Baseline:
    """The moment a comparison starts from, and how a reader names it."""

    moment: datetime
    label: str  # "the paper issued on 14/11/2026" or "15/10/2026"
    paper: IssuedAppendix | None = None


def paper_baseline(paper: IssuedAppendix) -> Baseline:
    # A paper issued on its as-at day printed the records as they stood when it was issued.
    moment = min(end_of_day(paper.as_at), paper.issued_at)
    label = f"the paper issued on {timezone.localdate(paper.issued_at):%d/%m/%Y}"
    return Baseline(moment=moment, label=label, paper=paper)


def date_baseline(day: date) -> Baseline:
    return Baseline(moment=end_of_day(day), label=f"{day:%d/%m/%Y}")


def papers_covering(plan_id: int, papers: list[IssuedAppendix]) -> list[IssuedAppendix]:
    return [p for p in papers if plan_id in (p.parameters.get("plan_ids") or [])]


def last_papers(plan_ids: tuple[int, ...], as_at: date) -> dict[int, IssuedAppendix]:
    """Per plan, the latest paper issued for it by the end of ``as_at`` with an as-at date on or
    before ``as_at``: one query however many plans."""
    papers = list(IssuedAppendix.objects.listing().filter(issued_at__lte=end_of_day(as_at)))
    found = {}
    for plan_id in plan_ids:
        earlier = [p for p in papers_covering(plan_id, papers) if p.as_at <= as_at]
        latest = max(earlier, key=lambda p: (p.as_at, p.issued_at, p.pk), default=None)
        if latest is not None:
            found[plan_id] = latest
    return found


def marks_html(change: Change) -> SafeString:
    """The row's marks, symbol and words: "▲ Target revised"."""
    words = "; ".join(f"{symbol} {text}" for symbol, text in change.marks)
    return format_html('<span class="change">{}</span>', words)


def snapshots(plan_ids: list[int], moment: datetime) -> dict[int, Snapshot]:
    """Each recommendation of the plans as it stood at ``moment``: two queries."""
    statuses = {s.pk: s for s in StatusLabel.history.as_of(moment).filter(plan_id__in=plan_ids)}
    found: dict[int, Snapshot] = {}
    recs = list(Recommendation.history.as_of(moment).filter(plan_id__in=plan_ids))
    if any(r.status_id not in statuses for r in recs):
        # Status words written before the audit trail existed: their current rows.
        current = StatusLabel.objects.filter(plan_id__in=plan_ids)
        statuses.update({s.pk: s for s in current if s.pk not in statuses})
    for rec in recs:
        status = statuses.get(rec.status_id)
        outstanding = is_outstanding_lifecycle(status.lifecycle if status is not None else None)
        found[rec.pk] = Snapshot(rec=rec, status=status, outstanding=outstanding)
    return found


def change_kinds(before: Snapshot | None, after: Snapshot | None) -> list[str]:
    """The one rule: what counts as new, closed, a status or RAG change, or a revised target."""
    if after is None:
        return ["closed"] if before is not None and before.outstanding else []
    if before is None:
        return ["new"]
    if before.outstanding and not after.outstanding:
        return ["closed"]
    kinds = []
    if before.rec.status_id != after.rec.status_id:
        kinds.append("status")
    if before.rec.rag != after.rec.rag:
        kinds.append("rag")
    old, new = before.rec, after.rec
    if (old.due_date, old.revised_target_date_text) != (new.due_date, new.revised_target_date_text):
        kinds.append("revised")
    return kinds


def compare(before: dict[int, Snapshot], after: dict[int, Snapshot]) -> dict[int, Change]:
    """Every recommendation that changed between the two snapshots, by id."""
    changes: dict[int, Change] = {}
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        kinds = change_kinds(old, new)
        if kinds:
            changes[pk] = Change(rec=(new or old).rec, before=old, after=new, kinds=kinds)
    return changes


def summary_line(changes: list[Change], baseline: Baseline) -> str:
    """ "3 closed, 2 new, 4 slipped since the paper issued on 14/11/2026" (or "No changes")."""
    counts = {kind: 0 for kind in SUMMARY_WORDS}
    for change in changes:
        for kind in change.kinds:
            counts[kind] += 1
    parts = [f"{n} {SUMMARY_WORDS[kind]}" for kind, n in counts.items() if n]
    if not parts:
        return f"No changes since {baseline.label}"
    return f"{', '.join(parts)} since {baseline.label}"


@dataclass
class PlanComparison:
    plan: Any
    changes: list[Change]
    summary: str


def compare_moments(plans: list[Any], before: Baseline, after: Baseline) -> list[PlanComparison]:
    """Per plan, what changed between two moments (papers or dates): four queries in all."""
    ids = [plan.pk for plan in plans]
    old, new = snapshots(ids, before.moment), snapshots(ids, after.moment)
    result = []
    for plan in plans:
        changes = compare(
            {k: v for k, v in old.items() if v.rec.plan_id == plan.pk},
            {k: v for k, v in new.items() if v.rec.plan_id == plan.pk},
        )
        ordered = sorted(changes.values(), key=lambda c: (c.rec.order, c.rec.sort_key, c.rec.pk))
        result.append(PlanComparison(plan, ordered, summary_line(ordered, before)))
    return result
