"""Benchmarks at several sizes: each database measured in its own child process.

``BENCH_DATABASES=10k=postgres://.../bench10,50k=postgres://.../bench50`` (or
``--databases=...``) names the databases; a module's ``main`` runs itself once per database with
``DATABASE_URL`` set and ``--json=PATH``, and reads back what the child measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_databases(argv: list[str]) -> list[tuple[str, str]]:
    """(label, URL) of each database to measure, in the order given."""
    spec = next((a.split("=", 1)[1] for a in argv if a.startswith("--databases=")), "")
    spec = spec or os.environ.get("BENCH_DATABASES", "")
    found = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        label, _, url = item.partition("=") if "=" in item.split("://")[0] else ("", "", item)
        found.append((label or url.rsplit("/", 1)[-1], url))
    return found


def json_target(argv: list[str]) -> str:
    """Where a child writes its result (``--json=PATH``), or "" in the parent."""
    return next((a.split("=", 1)[1] for a in argv if a.startswith("--json=")), "")


def run_child(module: str, label: str, url: str, args: list[str]) -> dict:
    """Run ``python -m benchmarks MODULE`` on one database and return its JSON result."""
    out = Path(f"/tmp/bench_{module}_{os.getpid()}_{label}.json")
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("BENCH_DATABASES", None)
    command = [sys.executable, "-m", "benchmarks", module, f"--json={out}", *args]
    subprocess.run(command, env=env, check=True, cwd=ROOT)
    result = json.loads(out.read_text())
    out.unlink()
    return result


def measure_one(argv: list[str], measure: Callable[[], dict]) -> dict | None:
    """Measure on the configured database. None when it has no actions (said so) or when this
    is a child, which sends the result to its parent (``--json=PATH``) instead."""
    from recommendations.models import Recommendation

    if not Recommendation.objects.exists():
        print("No recommendations: run `python manage.py seed_bench --recommendations 10000`.")
        return None
    result = measure()
    target = json_target(argv)
    if target:
        Path(target).write_text(json.dumps(result))
        return None
    return result
