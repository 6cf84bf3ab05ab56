"""How much work one import may make the reader do, read from settings before the work.

``IMPORT_MAX_BYTES`` and ``IMPORT_MAX_ROWS`` bound the file and its rows; ``IMPORT_MAX_CELLS``,
``IMPORT_MAX_MERGED_CELLS`` and ``IMPORT_MAX_UNZIPPED_BYTES`` bound what a workbook can unpack
to (checked on the zip's own directory and the sheet XML, before openpyxl builds anything);
``IMPORT_MAX_PAGES`` bounds a PDF and ``IMPORT_MAX_SECONDS`` the parse as a whole.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .result import ImportFileError

DEFAULTS = {
    "IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 5000,
    "IMPORT_MAX_CELLS": 250_000,
    "IMPORT_MAX_MERGED_CELLS": 50_000,
    "IMPORT_MAX_UNZIPPED_BYTES": 80 * 1024 * 1024,
    "IMPORT_MAX_PAGES": 150,
    "IMPORT_MAX_SECONDS": 120,
}

# The defaults, for help text and callers that want a number without settings.
MAX_BYTES = DEFAULTS["IMPORT_MAX_BYTES"]
MAX_ROWS = DEFAULTS["IMPORT_MAX_ROWS"]


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_cells: int
    max_merged_cells: int
    max_unzipped_bytes: int
    max_pages: int
    max_seconds: float


def _setting(name: str) -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, name, DEFAULTS[name]))
    except Exception:  # settings not configured (the reader used on its own)
        return DEFAULTS[name]


def current_limits() -> Limits:
    """The limits in force now (settings are read on every call, so tests can override them)."""
    return Limits(
        max_bytes=_setting("IMPORT_MAX_BYTES"),
        max_rows=_setting("IMPORT_MAX_ROWS"),
        max_cells=_setting("IMPORT_MAX_CELLS"),
        max_merged_cells=_setting("IMPORT_MAX_MERGED_CELLS"),
        max_unzipped_bytes=_setting("IMPORT_MAX_UNZIPPED_BYTES"),
        max_pages=_setting("IMPORT_MAX_PAGES"),
        max_seconds=float(_setting("IMPORT_MAX_SECONDS")),
    )


class Deadline:
    """Parse time: ``check()`` between pages/sheets/rows raises once the budget is spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ImportFileError(
                f"Reading the file took longer than {self.seconds:.0f} seconds; it was stopped. "
                "Split it up, or save just the table as .xlsx or .csv."
            )
