"""Finding the dashboard table in a paper's text (seed 004's Appendix 3 shape).

The table follows a heading naming a "Performance Dashboard": a tab-separated header row, one
line per indicator, a blank line, then footnotes starting with "*". No database here.
"""

from __future__ import annotations

import re

from performance.table import ParsedDashboard, TableError, read_table

HEADING = re.compile(r"^#+\s*(?P<title>.*performance dashboard.*)$", re.IGNORECASE)


def read_paper(text: str) -> ParsedDashboard:
    """The dashboard table in ``text``; TableError when there is none or it cannot be read."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((n for n, line in enumerate(lines) if HEADING.match(line.strip())), None)
    if start is None:
        raise TableError(
            'No dashboard found: the paper needs a heading naming a "Performance Dashboard" '
            "followed by its table."
        )
    title = HEADING.match(lines[start].strip())["title"]  # type: ignore[index]
    rest = lines[start + 1 :]
    first = next((n for n, line in enumerate(rest) if line.strip()), None)
    if first is None or "\t" not in rest[first]:
        raise TableError("The dashboard heading is not followed by a tab-separated table.")
    header = rest[first].split("\t")
    rows, below = [], []
    for n, line in enumerate(rest[first + 1 :]):
        if not line.strip():
            below = rest[first + 1 + n :]
            break
        rows.append(line.split("\t"))
    notes = []
    for line in below:
        if line.strip().startswith("#"):
            break
        if line.strip():
            notes.append(line)
    return read_table(title, header, rows, notes)
