"""The pages a user waits on, at two sizes: Find, text search, the dashboard, My actions.

One database (the configured one)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench10 python -m benchmarks find

Two or more, side by side (each measured in its own process), with the result written into the
marked block of docs/performance.md::

    PG=postgres://postgres@127.0.0.1:5432
    BENCH_DATABASES=10k=$PG/bench10,50k=$PG/bench50 python -m benchmarks find   # or: make bench

Each database needs ``python manage.py seed_bench --recommendations N`` first (and ``vacuum
analyze``). Options: ``--runs=N`` timed requests a case and round (default 20), ``--rounds=N``
(default 2: the databases are measured in turn, N times, and every timing pooled, so a change
in the machine's load falls on every size), ``--no-docs`` (print only), ``--with-export`` (also
the CSV export of every row, slow), ``--json=PATH`` (used by the parent process).

Every case goes through the Django test client (middleware, view, template, database: the whole
request but the network), warmed up once, then its queries are counted on a second request and
it is timed over the runs. The floor is a bare signed-in view through the same middleware
(benchmarks/urls.py); each case is reported as median, p95, queries and its ratio to the floor.
Targets and figures: docs/performance.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date

import django
from django.conf import settings
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

from benchmarks import children, docs_block
from partnership.models import Organisation, Partnership, Role, User
from partnership.permissions import SYSTEM
from recommendations.filters import agency_counts, organisation_tree
from recommendations.models import Recommendation

MANAGER = "bench-manager"
OFFICER = "bench-officer"
TARGET_MS = 150  # every page case at the largest size (issue 18)
TARGET_GROWTH = 1.5  # largest size against the smallest, same case
PAGE_CASES = ("Find, unfiltered", "Find, three filters", "Find, text search")
PAGE_CASES += ("dashboard (warm)", "My actions, largest agency")
START, END = docs_block.markers("find")


def _user(username: str, role: str, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        from partnership import services

        user = services.user_create(
            username=username, password=None, role=role, by=SYSTEM, reason="Benchmark user", **extra
        )
    return user


def _largest_agency() -> Organisation:
    """The top-level organisation leading the most outstanding actions (its teams included)."""
    tree = organisation_tree()
    counts = agency_counts(Recommendation.objects.outstanding(), tree)
    tops = [org for org, depth in tree if depth == 0]
    return max(tops, key=lambda org: (counts.get(org.pk, 0), -org.pk))


def _outstanding(agency: Organisation) -> int:
    return Recommendation.objects.outstanding().led_by(agency).count()


def _clients() -> tuple[Client, Client, Organisation]:
    # As Django's test runner does: keep one connection for the run instead of checking it on
    # every request, so the figures are the page's work, not connection housekeeping.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = "benchmarks.urls"  # the project's URLs plus the floor
    clear_url_caches()
    # A manager named on every benchmark partnership: every action in view, with the
    # partnership scoping applied to every query.
    manager = _user(MANAGER, Role.MANAGER, partnerships=Partnership.objects.all())
    agency = _largest_agency()
    officer = _user(
        OFFICER,
        Role.OFFICER,
        organisation=agency,
        partnerships=Partnership.objects.filter(members=agency),
    )
    clients = []
    for user in (manager, officer):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients[0], clients[1], agency


def _fetcher(client: Client, url: str) -> Callable[[], int]:
    def fetch() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    return fetch


def _measure(fetch: Callable[[], int], runs: int) -> dict:
    fetch()  # warm-up: caches filled, templates compiled
    with CaptureQueriesContext(connection) as queries:
        size = fetch()
    query_count = len(queries.captured_queries)  # now: later requests reset the log
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {"timings": timings, "cpus": cpu, "queries": query_count, "bytes": size}


def _summarise(result: dict) -> dict:
    """Median, p95 and median CPU of every timing taken (over every round)."""
    timings = sorted(result["timings"])
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    median, cpu = statistics.median(timings), statistics.median(result["cpus"])
    return {**result, "median": median, "p95": p95, "cpu": cpu}


def _cases(manager: Client, officer: Client, agency: Organisation, argv: list[str]) -> list:
    detail = Recommendation.objects.order_by("pk").values_list("pk", flat=True).first()
    cases = [
        ("floor (bare signed-in view)", manager, "/bench-floor/"),
        ("Find, unfiltered", manager, "/actions/"),
        ("Find, three filters", manager, f"/actions/?agency={agency.pk}&outstanding=on&rag=RED"),
        ("Find, text search", manager, "/actions/?q=referral+pathway"),
        ("dashboard (warm)", manager, "/reports/dashboard/"),
        ("My actions, largest agency", officer, "/actions/mine/"),
        ("action detail", manager, f"/actions/{detail}/"),
    ]
    if "--with-export" in argv:
        cases.append(("CSV export, all rows", manager, "/actions/export.csv"))
    return cases


def measure_here(argv: list[str]) -> dict:
    """Every case against the configured database."""
    runs = next((int(a.split("=")[1]) for a in argv if a.startswith("--runs=")), 20)
    manager, officer, agency = _clients()
    results = {}
    for name, client, url in _cases(manager, officer, agency, argv):
        case_runs = max(3, runs // 4) if "CSV" in name else runs
        results[name] = _measure(_fetcher(client, url), case_runs)
    return {
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"],
        "recommendations": Recommendation.objects.count(),
        "history": Recommendation.history.count(),
        "agency": f"{agency.display_name}, {_outstanding(agency)} outstanding",
        "runs": runs,
        "load": os.getloadavg(),
        "cases": results,
    }


def _finish(result: dict) -> dict:
    result["cases"] = {name: _summarise(case) for name, case in result["cases"].items()}
    floor = result["cases"]["floor (bare signed-in view)"]["median"]
    for case in result["cases"].values():
        case["floor_ratio"] = case["median"] / floor if floor else 0.0
    return result


def _merge(first: dict, later: dict) -> dict:
    """One database's rounds as one result: every timing kept, the queries of each round the
    same (else the largest is reported)."""
    for name, case in later["cases"].items():
        mine = first["cases"][name]
        mine["timings"] += case["timings"]
        mine["cpus"] += case["cpus"]
        mine["queries"] = max(mine["queries"], case["queries"])
    first["load"] = later["load"]
    return first


def _print_one(label: str, result: dict) -> None:
    print(
        f"\n{label}: {result['vendor']} {result['database']}, {result['recommendations']} "
        f"actions, {result['history']} history rows; {result['runs']} runs each; load average "
        f"{result['load'][0]:.1f}; largest agency {result['agency']}"
    )
    print(f"{'case':<30}{'median ms':>10}{'p95 ms':>9}{'cpu ms':>8}{'queries':>9}{'x floor':>9}")
    for name, c in result["cases"].items():
        print(
            f"{name:<30}{c['median']:>10.1f}{c['p95']:>9.1f}{c['cpu']:>8.1f}{c['queries']:>9}"
            f"{c['floor_ratio']:>9.1f}"
        )


def main(argv: list[str]) -> None:
    databases = children.bench_databases(argv)
    if children.json_target(argv) or not databases:
        result = children.measure_one(argv, lambda: measure_here(argv))
        if result is not None:
            _print_one(result["database"], _finish(result))
        return
    before = os.getloadavg()
    # Rounds alternate the databases, so a change in the machine's load falls on every size.
    rounds = next((int(a.split("=")[1]) for a in argv if a.startswith("--rounds=")), 2)
    found: dict[str, dict] = {}
    for round_number in range(rounds):
        for label, url in databases:
            print(f"round {round_number + 1}/{rounds}: {label}", flush=True)
            keep = [a for a in argv if a.startswith("--runs=") or a == "--with-export"]
            result = children.run_child("find", label, url, keep)
            found[label] = _merge(found[label], result) if label in found else result
    results = [(label, _finish(found[label])) for label, _ in databases]
    for label, result in results:
        _print_one(label, result)
    block = find_block(results, before, os.getloadavg())
    print("\n" + block)
    if "--no-docs" not in argv:
        docs_block.replace("find", block)
        print(f"written to {docs_block.DOCS.relative_to(docs_block.DOCS.parent.parent)}")


def find_block(results: list[tuple[str, dict]], before: tuple, after: tuple) -> str:
    """The markdown table docs/performance.md carries between its bench_find markers."""
    labels = [label for label, _ in results]
    small, large = results[0][1]["cases"], results[-1][1]["cases"]
    head = "| case | " + " | ".join(f"{label} median / p95 ms" for label in labels)
    head += " | queries | × floor | " + f"{labels[-1]} ÷ {labels[0]} | met? |"
    lines = [head, "|---" * (len(labels) + 5) + "|"]
    for name in small:
        cells = [
            f"{r['cases'][name]['median']:.0f} / {r['cases'][name]['p95']:.0f}" for _, r in results
        ]
        counts = " / ".join(str(r["cases"][name]["queries"]) for _, r in results)
        ratios = " / ".join(f"{r['cases'][name]['floor_ratio']:.1f}" for _, r in results)
        growth = large[name]["median"] / small[name]["median"] if small[name]["median"] else 0
        met = "–"
        if name in PAGE_CASES:
            same = len({r["cases"][name]["queries"] for _, r in results}) == 1
            ok = large[name]["median"] < TARGET_MS and growth <= TARGET_GROWTH and same
            met = "yes" if ok else "no"
        lines.append(
            f"| {name} | {' | '.join(cells)} | {counts} | {ratios} | {growth:.2f} | {met} |"
        )
    sizes = ", ".join(
        f"{label}: {r['recommendations']:,} actions, {r['history']:,} history rows, "
        f"largest agency {r['agency']}"
        for label, r in results
    )
    return "\n".join(
        [
            START,
            f"Written by `python -m benchmarks find` on {date.today():%d/%m/%Y} "
            f"({results[0][1]['vendor']}, Python {platform.python_version()}, Django "
            f"{django.get_version()}, {len(small[PAGE_CASES[0]]['timings'])} timed requests a case "
            "in alternating rounds). Load average "
            f"(1/5/15 min) {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f} before, "
            f"{after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} after. {sizes}.",
            "",
            *lines,
            "",
            f"Target: each page case under {TARGET_MS} ms median at the largest size, within "
            f"{TARGET_GROWTH}× of the smallest, with the same number of queries at every size.",
            END,
        ]
    )
