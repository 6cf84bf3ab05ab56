"""Appendix timings: 13, 100 and 500 rows rendered from scratch, and a cached repeat.

Runs on a throw-away test database, so it never touches your data:

    make bench            # every benchmark
    python -m benchmarks appendix

Targets (2-core machine) are in docs/performance.md: 13 rows < 1.5 s, 100 rows < 6 s,
cached repeat < 0.05 s, and each from-scratch render within 1.2x of bare WeasyPrint writing the
very same HTML (no PDF/UA tagging, no history read, no cache store): the "bare" column and the
ratio of CPU seconds (wall seconds swing with the load; CPU is what the render costs). This is a
measurement, not a test: it never fails on time.
"""

from __future__ import annotations

import os
import time
from datetime import date

from django.db import connection

from benchmarks import docs_block
from partnership.permissions import SYSTEM

TEXT = (
    "Agree how information held by individual officers is captured and shared between the "
    "neighbourhood team and estate officers, and write it down in a short protocol that new "
    "staff can follow. Review it after six months with both teams."
)
DEFICIENCY = (
    "There is an informal arrangement between officers where a need is met, but nobody knows "
    "where the information is recorded or who passes it on, so it is lost when people move."
)
NOTE = "Yes: awaiting a meeting with the health trust, now arranged for next month."


def _build_plan(partnership, clerk, organisations, rows: int):
    from recommendations import services

    reason = "Benchmark data"
    plan = services.plan_create(
        partnership=partnership, name=f"Benchmark {rows}", kind="workshop", by=clerk, reason=reason
    )
    sections = [
        services.section_create(plan=plan, title=f"Workshop {n}", by=clerk, reason=reason)
        for n in (1, 2)
    ]
    statuses = [services.status_for(plan, "Pending"), services.status_for(plan, "In Progress")]
    for n in range(rows):
        section = sections[n * 2 // rows]
        deficiency = services.deficiency_create(
            plan=plan, text=DEFICIENCY, section=section, by=clerk, reason=reason
        )
        text = f"<del>1. {TEXT[:80]}</del> 2. {TEXT}" if n % 7 == 0 else TEXT
        services.recommendation_create(
            plan=plan,
            reference=str(n + 1),
            text=text,
            status=statuses[n % 2],
            section=section,
            deficiency=deficiency,
            lead_organisations=organisations[n % 3 : n % 3 + 1 + n % 2],
            unassigned_note=NOTE,
            order=n,
            by=clerk,
            reason=reason,
        )
    return plan


def _timed(fn):
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - start, time.process_time() - cpu), result


def _against_bare(appendix, repeats: int) -> str:
    """Our PDF step (PDF/UA-1 tagged) against WeasyPrint alone on the very same HTML, run in
    turn ``repeats`` times each; the median CPU seconds of each and their ratio."""
    from statistics import median

    from weasyprint import HTML

    from reports.appendix.render import (
        STATIC_DIR,
        appendix_html,
        appendix_pdf_bytes,
        static_only_fetcher,
    )

    html = appendix_html(appendix)

    def bare() -> bytes:
        base = STATIC_DIR.as_uri() + "/"
        return HTML(string=html, base_url=base, url_fetcher=static_only_fetcher()).write_pdf()

    ours_cpu, bare_cpu = [], []
    for _ in range(repeats):
        ours_cpu.append(_timed(lambda: appendix_pdf_bytes(appendix))[0][1])
        bare_cpu.append(_timed(bare)[0][1])
    ours, floor = median(ours_cpu), median(bare_cpu)
    return (
        f"same HTML: ours {ours:.3f} s CPU, bare WeasyPrint {floor:.3f} s, "
        f"{ours / floor:.2f}x (target 1.2x)"
    )


def run() -> list[tuple[str, tuple[float, float], str]]:
    from partnership import services as directory
    from reports.appendix.params import AppendixParams
    from reports.appendix.rows import build_appendix
    from reports.services import appendix_render

    reason = "Benchmark data"
    organisations = [
        directory.organisation_create(name=name, by=SYSTEM, reason=reason)
        for name in ("Council Housing", "City Police", "Community Safety")
    ]
    partnership = directory.partnership_create(
        name="Benchmark Partnership", members=organisations, by=SYSTEM, reason=reason
    )
    clerk = directory.user_create(
        username="bench-clerk",
        password="bench-password-1",
        role="clerk",
        organisation=organisations[0],
        by=SYSTEM,
        reason=reason,
    )
    results = []
    # Warm up WeasyPrint (import, fonts) so the first figure is not the import.
    warm = _build_plan(partnership, clerk, organisations, 3)
    appendix_render(params=AppendixParams(plan_ids=(warm.pk,), as_at=date.today()))
    for rows in (13, 100, 500):
        plan = _build_plan(partnership, clerk, organisations, rows)
        params = AppendixParams(plan_ids=(plan.pk,), as_at=date.today())
        seconds_rows, appendix = _timed(lambda params=params: build_appendix(params))
        seconds, rendered = _timed(lambda params=params: appendix_render(params=params))
        results.append(
            (
                f"{rows} rows",
                seconds,
                f"{rendered.page_count} pages; as-at rows alone {seconds_rows[0]:.3f} s; "
                + _against_bare(appendix, repeats=1 if rows > 100 else 3),
            )
        )
        if rows == 100:
            cached, again = _timed(lambda params=params: appendix_render(params=params))
            assert again.cached
            results.append(
                (
                    "100 rows, cached repeat",
                    cached,
                    "same parameters, data unchanged (target 0.05 s)",
                )
            )
    return results


def main(argv: list[str]) -> None:
    before = os.getloadavg()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    # Wall time is what a clerk waits; CPU time shows the cost when other work shares the cores.
    print(f"load average before the run: {before[0]:.2f} (wall time is inflated above ~1.5)")
    print(f"{'case':<26} {'wall s':>8} {'cpu s':>8}  notes")
    for name, (wall, cpu), note in results:
        print(f"{name:<26} {wall:>8.3f} {cpu:>8.3f}  {note}")
    rows = [[name, f"{wall:.3f}", f"{cpu:.3f}", note] for name, (wall, cpu), note in results]
    docs_block.write(
        "appendix",
        [
            docs_block.stamp("python -m benchmarks appendix", connection.vendor, before)
            + " Each appendix rendered from scratch on a throw-away database.",
            "",
            *docs_block.table(["case", "wall s", "cpu s", "notes"], rows),
            "",
            "Targets: 13 rows under 1.5 s, 100 rows under 6 s, a cached repeat under 0.05 s, and "
            "each render within 1.2× of bare WeasyPrint on the same HTML (CPU seconds).",
        ],
        argv,
    )
