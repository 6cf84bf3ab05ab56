"""A dashboard table (the paper's columns, as cells) read into outcomes, indicators and values.

The readers (``performance.paper`` for a paper's text, ``performance.spreadsheet`` for a
workbook) hand over the title, the header, the rows and the lines below the table; this module
knows the shape: an outcome cell spans several indicator rows (empty on the rows after), arrows,
"40% (2014-15)" value-with-period cells, "-" for none, asterisked estimates and their footnote.
No database here: ``performance.services.dashboard_import`` writes the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from performance.models import Direction
from performance.periods import Period, parse_period, quarter_end
from performance.rules import change_percent
from recommendations.models import Rag

COLUMNS = {  # key: words the header cell contains (checked in this order)
    "outcome_rag": ("overall",),
    "outcome": ("outcome",),
    "indicator": ("indicator",),
    "previous": ("previous",),
    "latest": ("latest",),
    "direction": ("direction",),
    "rag": ("progress",),
    "nearest_neighbour": ("nearest neighbour", "comparator"),
    "county": ("county",),
    "district": ("district",),
    "national": ("national",),
}
REQUIRED = ("outcome", "indicator", "previous", "latest")
LABELS = {
    "outcome": "Outcomes",
    "indicator": "Supporting Indicators",
    "previous": "Previous Year",
    "latest": "Latest Data",
}
RAG_LETTERS = {"R": Rag.RED, "A": Rag.AMBER, "G": Rag.GREEN, "B": Rag.BLUE}
VALUE = re.compile(
    r"^(?P<num>-?[\d,]*\.?\d+)\s*(?P<pct>%)?\s*(?P<mark>\*+)?\s*(?:\((?P<paren>[^)]*)\))?$"
)
RANK = re.compile(r"^(\d+)\s*/\s*(\d+)$")
AS_AT = re.compile(r"Quarter\s*(?P<q>[1-4]),?\s*(?P<y>\d{4})/(?P<e>\d{2})", re.IGNORECASE)
UNIT_IN_NAME = re.compile(r"\((per [^)]+)\)")
# Polarity when no arrow tells: words of good things first (satisfaction, reductions, support
# reached; a MARAC repeat rate below SafeLives' 28% means repeats are missed), then words of harm,
# which are better lower. Everything else: higher. The import report says which were guessed.
HIGHER_IS_BETTER = ("successfully", "satisf", "confidence", "reduction in", "referrals", "repeat")
LOWER_IS_BETTER = ("crime", "burglary", "violence", "victim", "re-offending", "entrants")


class TableError(ValueError):
    """The table cannot be read; the message names the row and column."""


@dataclass
class ParsedValue:
    period: Period
    value: Decimal | None
    value_text: str
    note: str = ""
    marker: str = ""


@dataclass
class ParsedIndicator:
    row: int
    name: str
    unit: str
    higher_is_better: bool
    polarity_from: str  # "arrow" or "name": how the polarity was worked out
    previous: ParsedValue | None
    latest: ParsedValue | None
    printed_direction: str
    printed_rag: str
    nearest_neighbour: str = ""
    rank: int | None = None
    group_size: int | None = None
    county: str = ""
    district: str = ""
    national: Decimal | None = None


@dataclass
class ParsedOutcome:
    row: int
    name: str
    printed_rag: str
    indicators: list[ParsedIndicator] = field(default_factory=list)


@dataclass
class ParsedDashboard:
    title: str
    as_at: str
    outcomes: list[ParsedOutcome]
    footnotes: dict[str, str]

    @property
    def indicators(self) -> list[ParsedIndicator]:
        return [i for o in self.outcomes for i in o.indicators]


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        words = cell.lower()
        for key, needles in COLUMNS.items():
            if key not in found and any(n in words for n in needles):
                found[key] = index
                break
    absent = [LABELS[key] for key in REQUIRED if key not in found]
    if absent:
        raise TableError(f"The header row has no column for: {', '.join(absent)}.")
    return found


def _header_period(text: str, as_at: str) -> Period | None:
    inside = re.search(r"\(([^)]*)\)", text)
    if inside and (period := parse_period(inside[1])):
        return period
    if "rolling 12 months" in text.lower() and as_at:
        return parse_period(f"Rolling 12 months to {as_at}")
    return None


def _value(text: str, default: Period | None, where: str) -> ParsedValue | None:
    text = " ".join(text.split())
    if text in {"", "-", "–"}:
        return None
    match = VALUE.match(text)
    if not match:
        raise TableError(f"{where}: {text!r} is not a value (for example 47.21, 40% or 2003*).")
    period, note = default, ""
    if match["paren"] is not None:
        period = parse_period(match["paren"])
        if period is None:  # "124 (2015/16 Q1 - 28)": a note, the column's period
            period, note = default, match["paren"].strip()
    if period is None:
        raise TableError(f"{where}: no period for {text!r}; write it as 40% (2014-15).")
    number = Decimal(match["num"].replace(",", ""))
    shown = text.split("(")[0].strip() if match["paren"] is not None else text
    return ParsedValue(period, number, shown, note, match["mark"] or "")


def _rag(text: str, where: str) -> str:
    text = text.strip()
    if not text or text == "-":
        return ""
    rag = RAG_LETTERS.get(text[:1].upper()) if len(text) == 1 else None
    if rag is None and text.upper() in Rag.values:
        rag = Rag(text.upper())
    if rag is None:
        raise TableError(f"{where}: {text!r} is not a RAG rating (R, A, G or B).")
    return rag


def _polarity(name: str, arrow: str, previous, latest) -> tuple[bool, str]:
    """From the printed arrow when it is not level (an ↑ on a fall means lower is better);
    otherwise from the words of the name."""
    change = change_percent(previous.value if previous else None, latest.value if latest else None)
    if arrow in {Direction.IMPROVING, Direction.WORSENING} and change:
        return (change > 0) == (arrow == Direction.IMPROVING), "arrow"
    words = name.lower()
    if any(word in words for word in HIGHER_IS_BETTER):
        return True, "name"
    return not any(word in words for word in LOWER_IS_BETTER), "name"


def _unit(name: str, *values: ParsedValue | None) -> str:
    if any(v and "%" in v.value_text for v in values):
        return "%"
    match = UNIT_IN_NAME.search(name)
    return match[1] if match else ""


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _indicator(number: int, cells, columns, periods) -> ParsedIndicator:
    def where(key: str) -> str:
        return f"Row {number}, {LABELS.get(key, key.replace('_', ' '))}"

    name = " ".join(_cell(cells, columns, "indicator").split())
    previous = _value(_cell(cells, columns, "previous"), periods[0], where("previous"))
    latest = _value(_cell(cells, columns, "latest"), periods[1], where("latest"))
    arrow = _cell(cells, columns, "direction")
    printed = Direction.from_arrow(arrow)
    if arrow not in {"", "-"} and printed == Direction.NONE:
        raise TableError(f"{where('direction')}: {arrow!r} is not an arrow (→ ↑ ↓).")
    higher, why = _polarity(name, printed, previous, latest)
    neighbour = _cell(cells, columns, "nearest_neighbour")
    rank = RANK.match(neighbour)
    national = _value(_cell(cells, columns, "national"), periods[1], where("national"))
    return ParsedIndicator(
        row=number,
        name=name,
        unit=_unit(name, previous, latest),
        higher_is_better=higher,
        polarity_from=why,
        previous=previous,
        latest=latest,
        printed_direction=printed,
        printed_rag=_rag(_cell(cells, columns, "rag"), where("progress RAG")),
        nearest_neighbour=neighbour,
        rank=int(rank[1]) if rank else None,
        group_size=int(rank[2]) if rank else None,
        county=_cell(cells, columns, "county"),
        district=_cell(cells, columns, "district"),
        national=national.value if national else None,
    )


def as_at_of(title: str) -> str:
    """ "Quarter 1, 2016/17" from the table's title (empty when it names no quarter)."""
    match = AS_AT.search(title)
    return f"Quarter {match['q']}, {match['y']}/{match['e']}" if match else ""


def _footnotes(lines: list[str]) -> dict[str, str]:
    notes = {}
    for line in lines:
        match = re.match(r"^\\?(\*+)\s*(.+)$", line.strip())
        if match:
            notes[match[1]] = match[2].strip()
    return notes


def read_table(title: str, header: list[str], rows: list[list[str]], below: list[str]):
    """The dashboard in ``rows`` (1-based row numbers count the header as row 1)."""
    columns = _columns(header)
    as_at = as_at_of(title)
    periods = (
        _header_period(header[columns["previous"]], as_at),
        _header_period(header[columns["latest"]], as_at),
    )
    outcomes: list[ParsedOutcome] = []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        outcome = " ".join(_cell(cells, columns, "outcome").split())
        if outcome:
            rag = _rag(_cell(cells, columns, "outcome_rag"), f"Row {number}, Overall Progress RAG")
            outcomes.append(ParsedOutcome(number, outcome, rag))
        elif not outcomes:
            raise TableError(f"Row {number}: the first row must name its outcome.")
        if not _cell(cells, columns, "indicator"):
            raise TableError(f"Row {number}, Supporting Indicators: the indicator has no name.")
        outcomes[-1].indicators.append(_indicator(number, cells, columns, periods))
    if not outcomes:
        raise TableError("The table has no rows under its header.")
    parsed = ParsedDashboard(_title(title), as_at, outcomes, _footnotes(below))
    for indicator in parsed.indicators:
        for value in (indicator.previous, indicator.latest):
            if value and value.marker and value.marker not in parsed.footnotes:
                raise TableError(
                    f"Row {indicator.row}: {value.value_text} has no footnote {value.marker}."
                )
    return parsed


def _title(title: str) -> str:
    """ "Safer Communities Performance Dashboard" from "Appendix 3 - ... Quarter 1, 2016/17"."""
    text = re.sub(r"^\s*#*\s*(Appendix\s+\w+\s*[-–:]\s*)?", "", title, flags=re.IGNORECASE)
    text = AS_AT.sub("", text).strip(" ,-–")
    return text or "Performance dashboard"


__all__ = ["ParsedDashboard", "TableError", "quarter_end", "read_table"]
