"""Run every benchmark module (benchmarks/bench_*.py), or those named on the command line.

Each module exposes ``main(argv: list[str]) -> None`` and prints its own table; find, exports,
import and appendix also write it into docs/performance.md (benchmarks/docs_block.py). Two or
more modules run one after another, each in its own process. Targets live in
docs/performance.md, never in tests.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import django


def main() -> None:
    wanted = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    options = [arg for arg in sys.argv[1:] if arg.startswith("-")]
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [n for n in names if not wanted or n in wanted or n.removeprefix("bench_") in wanted]
    if len(chosen) > 1:
        # Each in its own process: one module's memory (WeasyPrint's, never given back) and
        # state would otherwise count in the next one's peak and timings.
        for name in chosen:  # each child prints its own heading
            subprocess.run([sys.executable, "-m", "benchmarks", name, *options], check=True)
        return
    _setup()
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").main(options)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    # Benchmarks run with DEBUG off, as production does; a throwaway key for this process only.
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    # Only warnings and errors: WeasyPrint's "Step 5 - Creating layout - Page 58" and the like
    # would bury the tables (LOG_LEVEL reaches the child processes some benchmarks start).
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    for chatty in ("weasyprint", "fontTools", "pdfminer"):
        logging.getLogger(chatty).setLevel(logging.ERROR)


if __name__ == "__main__":
    main()
