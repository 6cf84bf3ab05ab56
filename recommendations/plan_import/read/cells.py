"""What a cell means beyond its column: the status word and its narrative, a target date with
its revision ("March 2021 - revised to June 2021"), the reason for a delay, and values longer
than the field that stores them."""

from __future__ import annotations

from .result import ParseResult


def refine_row(
    values: dict[str, str],
    extra: dict[str, str],
    line: int,
    headers: dict[str, str],
    result: ParseResult,
) -> None:
    """Rewrite one row's values in place (see the module docstring)."""
