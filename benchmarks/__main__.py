"""Run every benchmark module (benchmarks/bench_*.py), or those named on the command line.

Each module exposes ``main(argv: list[str]) -> None`` and prints its own table. Targets live in
docs/performance.md, never in tests.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

import django


def main() -> None:
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
    wanted = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    options = [arg for arg in sys.argv[1:] if arg.startswith("-")]
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
            continue
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").main(options)


if __name__ == "__main__":
    main()
