"""Hostile uploads refused: how long the reader takes to say no, and the memory it used.

    make bench                       # every benchmark
    python -m benchmarks import_limits

Each file of ``import_hostile.HOSTILE`` (a merged range over a whole sheet, a zip bomb, two
million cells, a 2,000-page PDF) is parsed in a fresh process, which reports the seconds to the
refusal and how much its peak memory grew. Target in docs/performance.md: every one refused in
under 5 s and 300 MB. A measurement, not a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.import_hostile import HOSTILE

CHILD = """
import os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
django.setup()
from recommendations.plan_import import parse_file
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = parse_file(data, sys.argv[2])
took = time.perf_counter() - start
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
said = result.errors[0].message if result.errors else "ACCEPTED"
print(f"{took:.2f} {grown / 1024:.0f} {said[:70]}")
"""


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    print(f"{'file':<34} {'size':>9} {'refused in':>11} {'memory':>8}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for what, (build, name) in HOSTILE.items():
            path = Path(tmp) / name
            path.write_bytes(build())
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), name],
                capture_output=True,
                text=True,
                cwd=root,
                env={**os.environ, "PYTHONPATH": str(root)},
                timeout=300,
            )
            took, grown, message = (done.stdout.strip() or "- - " + done.stderr[-70:]).split(" ", 2)
            size = f"{path.stat().st_size / 1024:.0f} KB"
            print(f"{what:<34} {size:>9} {took + ' s':>11} {grown + ' MB':>8}  {message}")
    print("target: each refused in under 5 s and 300 MB")
