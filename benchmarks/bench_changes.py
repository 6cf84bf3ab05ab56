"""Changes since the last paper: a 6-plan paper of 300 rows, with and without the marks.

    make bench            # every benchmark
    python -m benchmarks changes

Builds six plans (every layout) of 50 actions through the services, issues a paper, then closes,
adds, slips and re-rates some actions. Times the same paper rendered from scratch (rows from
history, then WeasyPrint) with change marks and without, best of three each. Target in
docs/performance.md: with marks within 1.3x of without. A measurement, not a test.
"""

from __future__ import annotations

import time
from datetime import date

from django.db import connection

from partnership.permissions import SYSTEM

KINDS = ["workshop", "case_review", "strategy", "delivery", "minutes", "workshop"]
TEXT = (
    "Agree how information held by individual officers is captured and shared between the "
    "neighbourhood team and estate officers, and write it down in a short protocol."
)
ROWS_PER_PLAN = 50
REASON = "Benchmark data"


def _plans(partnership, clerk, organisations):
    from recommendations import services

    plans = []
    for n, kind in enumerate(KINDS):
        plan = services.plan_create(
            partnership=partnership, name=f"Bench {n} {kind}", kind=kind, by=clerk, reason=REASON
        )
        status = next(s for s in plan.statuses.all() if s.lifecycle == "in_progress")
        for i in range(ROWS_PER_PLAN):
            services.recommendation_create(
                plan=plan,
                reference=str(i + 1),
                text=TEXT,
                status=status,
                lead_organisations=organisations[i % 3 : i % 3 + 1],
                target_date_text="March 2027",
                work_to_date="Protocol drafted and shared with both teams.",
                notes="Awaiting sign-off.",
                commentary="On track for the spring board.",
                order=i,
                by=clerk,
                reason=REASON,
            )
        plans.append(plan)
    return plans


def _change(plans, clerk):
    """Per plan: close 2, add 1, slip 2, re-rate 2 (42 marked rows of 300)."""
    from recommendations import services
    from recommendations.models import Recommendation

    for plan in plans:
        recs = list(Recommendation.objects.filter(plan=plan).order_by("order")[:6])
        done = next(s for s in plan.statuses.all() if s.lifecycle == "complete")
        for rec in recs[:2]:
            services.recommendation_update(
                recommendation=rec, changes={"status": done}, by=clerk, reason=REASON
            )
        for rec in recs[2:4]:
            services.recommendation_update(
                recommendation=rec,
                changes={"revised_target_date_text": "Q4 2027/28", "revised_date_reason": "Late"},
                by=clerk,
                reason=REASON,
            )
        for rec in recs[4:6]:
            services.recommendation_update(
                recommendation=rec, changes={"rag": "RED"}, by=clerk, reason=REASON
            )
        services.recommendation_create(
            plan=plan, reference="new-1", text=TEXT, status=recs[0].status, by=clerk, reason=REASON
        )


def _best_of(n: int, fn) -> tuple[float, float, object]:
    best = None
    for _ in range(n):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        took = (time.perf_counter() - start, time.process_time() - cpu)
        if best is None or took[0] < best[0]:
            best = (*took, result)
    return best


def run() -> list[tuple[str, tuple[float, float], str]]:
    from partnership import services as directory
    from reports.appendix.params import AppendixParams
    from reports.appendix.render import appendix_pdf_bytes
    from reports.appendix.rows import build_appendix
    from reports.services import appendix_issue

    organisations = [
        directory.organisation_create(name=name, by=SYSTEM, reason=REASON)
        for name in ("Council Housing", "City Police", "Community Safety")
    ]
    partnership = directory.partnership_create(
        name="Benchmark Partnership", members=organisations, by=SYSTEM, reason=REASON
    )
    clerk = directory.user_create(
        username="bench-clerk",
        password="bench-password-1",
        role="clerk",
        organisation=organisations[0],
        by=SYSTEM,
        reason=REASON,
    )
    plans = _plans(partnership, clerk, organisations)
    ids = tuple(p.pk for p in plans)
    appendix_issue(params=AppendixParams(plan_ids=ids, as_at=date.today()), by=clerk)
    _change(plans, clerk)

    def render(marks: bool):
        appendix = build_appendix(
            AppendixParams(plan_ids=ids, as_at=date.today(), mark_changes=marks)
        )
        pdf, pages = appendix_pdf_bytes(appendix)
        return appendix, pages

    render(False)  # warm up WeasyPrint (import, fonts)
    plain_wall, plain_cpu, (plain, plain_pages) = _best_of(3, lambda: render(False))
    marked_wall, marked_cpu, (marked, marked_pages) = _best_of(3, lambda: render(True))
    marked_rows = sum(1 for row in marked.rows if row.change)
    return [
        ("6 plans, 300 rows", (plain_wall, plain_cpu), f"{plain_pages} pages, no marks"),
        (
            "same, changes marked",
            (marked_wall, marked_cpu),
            f"{marked_pages} pages, {marked_rows} rows marked; "
            f"{marked_wall / plain_wall:.2f}x wall, {marked_cpu / plain_cpu:.2f}x cpu "
            "(target within 1.3x)",
        ),
    ]


def main(argv: list[str]) -> None:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"{'case':<26} {'wall s':>8} {'cpu s':>8}  notes")
    for name, (wall, cpu), note in results:
        print(f"{name:<26} {wall:>8.3f} {cpu:>8.3f}  {note}")
