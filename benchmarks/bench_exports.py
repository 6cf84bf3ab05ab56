"""Exports beside their bare engines, and a bulk update of 200 actions, on the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m benchmarks exports
    BENCH_DATABASES=10k=$PG/bench10,50k=$PG/bench50 python -m benchmarks exports   # each size

Needs ``seed_bench`` data (10,000 or 50,000 actions). Exports every action a manager on every
benchmark partnership may export (the code the export task runs) and, for the floor, the bare
engine writing the very same cells from memory: ``csv.writer`` for the CSV, openpyxl's write-only
mode (one styled ``WriteOnlyCell`` per non-empty cell, as its documentation shows) for the XLSX.
The ratio is ours over the floor (targets: CSV 2x, XLSX 1.3x), the two timed in turn, run by
run, so that both meet the same load. On PostgreSQL the CSV is written by the database
(``COPY``, recommendations/exports_copy.py); the floor is unchanged: csv.writer on the cells
already in memory, which includes no fetching at all. The bulk update changes the RAG
rating of 200 actions through ``recommendations_bulk_update`` as an administrator, inside a
transaction rolled back after each run. Targets and figures: docs/performance.md.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks import children, docs_block
from partnership.models import Partnership, Role, User
from partnership.permissions import SYSTEM
from recommendations import exports, exports_xlsx
from recommendations.bulk import BulkAction, BulkChange, recommendations_bulk_update
from recommendations.models import Recommendation

TARGET_RATIO = {"CSV": 2.0, "XLSX": 1.3}
BULK_TARGET_S = 5.0


class _Rollback(Exception):
    pass


def _user(username: str, role: str) -> User:
    from partnership import services

    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            username=username,
            password=None,
            role=role,
            partnerships=Partnership.objects.all(),
            by=SYSTEM,
            reason="Benchmark user",
        )
    return user


def _time(work: Callable[[], object], runs: int) -> tuple[float, float, int]:
    median, p95, queries, _ = _time_beside(work, None, runs)
    return median, p95, queries


def _time_beside(
    work: Callable[[], object], floor: Callable[[], object] | None, runs: int
) -> tuple[float, float, int, float]:
    """Median and p95 of ``work``, its queries, and the median of ``floor``, the two run in
    turn: on a shared machine the load changes by the second, and timing all of one and then
    all of the other compared them under different loads (ratios of 3.9x and 6.2x for one
    unchanged CSV export ten minutes apart)."""
    with CaptureQueriesContext(connection) as queries:
        work()
    if floor is not None:
        floor()
    timings, floor_timings = [], []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
        if floor is not None:
            started = time.perf_counter()
            floor()
            floor_timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    floor_median = statistics.median(floor_timings) if floor_timings else 0.0
    return statistics.median(timings), p95, len(queries.captured_queries), floor_median


def _csv_cases(queryset) -> tuple[Callable, Callable]:
    cells = [exports.HEADERS, *exports.rows(queryset)]

    def ours() -> int:
        return sum(len(line) for line in exports.csv_chunks(queryset))

    def floor() -> int:
        out = io.StringIO()
        csv.writer(out).writerows(cells)
        return out.tell()

    return ours, floor


def _xlsx_cases(queryset) -> tuple[Callable, Callable]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet, styles = exports_xlsx._prepare_sheet(workbook, "Actions", "OFFICIAL")
    link, today = exports_xlsx._link_builder("http://bench"), timezone.localdate()
    rows = [
        [
            None if c is None else (c.value, c._style, c.hyperlink.target if c.hyperlink else None)
            for c in exports_xlsx._row_cells(row, styles, link, today)
        ]
        for row in exports.export_rows(queryset)
    ]

    workbook.save(io.BytesIO())  # the cells are built; an unsaved write-only book complains

    def ours() -> int:
        out = io.BytesIO()
        exports_xlsx.write_xlsx(queryset, out, marking="OFFICIAL", base_url="http://bench")
        return out.tell()

    def floor() -> int:
        book = Workbook(write_only=True)
        sheet, styles = exports_xlsx._prepare_sheet(book, "Actions", "OFFICIAL")
        for values in rows:
            cells = []
            for item in values:
                if item is None:
                    cells.append(None)
                    continue
                cell = styles.cell(item[0], item[1])
                if item[2]:
                    cell.hyperlink = item[2]
                cells.append(cell)
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        return out.tell()

    return ours, floor


def _bulk_case(admin: User) -> Callable[[], object]:
    ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True)[:200])

    def work() -> object:
        try:
            with transaction.atomic():
                recs = list(
                    Recommendation.objects.filter(pk__in=ids)
                    .select_related("plan__partnership", "status")
                    .prefetch_related("lead_organisations", "lead_people", "plan__statuses")
                )
                outcome = recommendations_bulk_update(
                    recommendations=recs,
                    versions={rec.pk: rec.version for rec in recs},
                    change=BulkChange(action=BulkAction.RAG, rag="RED"),
                    by=admin,
                    reason="Benchmark bulk update",
                )
                assert outcome.saved and not outcome.refused, outcome
                raise _Rollback
        except _Rollback:
            return None

    return work


def measure(runs: int) -> dict:
    """Every case on the configured database, as plain data (a child sends it as JSON)."""
    manager = _user("bench-manager", Role.MANAGER)
    queryset = Recommendation.objects.exportable_by(manager).in_source_order()
    rows = queryset.count()
    cases = []
    for name, build in (("CSV", _csv_cases), ("XLSX", _xlsx_cases)):
        ours, floor = build(queryset)
        median, p95, queries, floor_median = _time_beside(ours, floor, runs)
        ratio = median / floor_median
        cases.append(
            {"case": f"{name} export, {rows:,} rows", "median": median, "p95": p95,
             "queries": queries, "floor": floor_median, "ratio": ratio,
             "target": f"{TARGET_RATIO[name]}× the floor", "met": ratio <= TARGET_RATIO[name]}
        )  # fmt: skip
    admin = _user("bench-admin", Role.ADMIN)
    median, p95, queries = _time(_bulk_case(admin), runs)
    cases.append(
        {"case": "bulk update, 200 actions", "median": median, "p95": p95, "queries": queries,
         "floor": None, "ratio": None, "target": f"under {BULK_TARGET_S:.0f} s",
         "met": median < BULK_TARGET_S}
    )  # fmt: skip
    return {
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"],
        "total": Recommendation.objects.count(),
        "rows": rows,
        "runs": runs,
        "load": os.getloadavg()[0],
        "cases": cases,
    }


def _print(label: str, result: dict) -> None:
    print(
        f"\n{label}: {result['vendor']}, {result['total']} recommendations, {result['rows']} "
        f"exported, {result['runs']} runs each, load average {result['load']:.1f}"
    )
    print(
        f"{'case':<34}{'median s':>10}{'p95 s':>8}{'queries':>9}{'floor s':>9}{'ratio':>7}  result"
    )
    for c in result["cases"]:
        floor = "-" if c["floor"] is None else f"{c['floor']:.2f}"
        ratio = "-" if c["ratio"] is None else f"{c['ratio']:.2f}x"
        verdict = "ok" if c["met"] else "SLOW"
        print(
            f"{c['case']:<34}{c['median']:>10.2f}{c['p95']:>8.2f}{c['queries']:>9}{floor:>9}"
            f"{ratio:>7}  {verdict} (target {c['target']})"
        )


def _block_lines(results: list[tuple[str, dict]], before: tuple[float, ...]) -> list[str]:
    header = ["size", "case", "median s", "p95 s", "queries", "floor s", "ratio", "target", "met?"]
    table = [
        [label, c["case"], f"{c['median']:.3f}", f"{c['p95']:.3f}", str(c["queries"]),
         "–" if c["floor"] is None else f"{c['floor']:.3f}",
         "–" if c["ratio"] is None else f"{c['ratio']:.2f}×", c["target"],
         "yes" if c["met"] else "no"]
        for label, result in results
        for c in result["cases"]
    ]  # fmt: skip
    sizes = "; ".join(
        f"{label}: {r['total']:,} actions, {r['rows']:,} exported by a manager of every "
        f"partnership, {r['runs']} timed runs a case"
        for label, r in results
    )
    return [
        docs_block.stamp("python -m benchmarks exports", results[0][1]["vendor"], before)
        + f" {sizes}; ours and the floor timed in turn.",
        "",
        *docs_block.table(header, table),
        "",
        "The floor is the bare engine writing the very same cells from memory (csv.writer; "
        "openpyxl write-only with the same styles and links): it fetches nothing.",
    ]


def main(argv: list[str]) -> None:
    runs = next((int(a.split("=")[1]) for a in argv if a.startswith("--runs=")), 3)
    databases = children.bench_databases(argv)
    before = os.getloadavg()
    if children.json_target(argv) or not databases:
        result = children.measure_one(argv, lambda: measure(runs))
        if result is None:
            return
        results = [(f"{result['rows'] // 1000}k", result)]
    else:
        keep = [a for a in argv if a.startswith("--runs=")]
        results = [
            (label, children.run_child("exports", label, url, keep)) for label, url in databases
        ]
    for label, result in results:
        _print(label, result)
    docs_block.write("exports", _block_lines(results, before), argv)
