"""Reading the periods papers write ("2015-16", "Apr-Dec 2015", "Quarter 1, 2016/17") as a kind
and the day the period ends, so values sort and compare. No database here."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from performance.models import PeriodKind

MONTHS = {name: n for n, name in enumerate(calendar.month_abbr) if name}
QUARTER_END = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}

FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
QUARTER = re.compile(
    r"^(?:Quarter\s*(?P<q1>[1-4]),?\s*(?P<y1>\d{4})/(?P<e1>\d{2})"
    r"|(?P<y2>\d{4})/(?P<e2>\d{2})\s*Q(?P<q2>[1-4])"
    r"|Q(?P<q3>[1-4])\s*(?P<y3>\d{4})/(?P<e3>\d{2}))$",
    re.IGNORECASE,
)
ROLLING = re.compile(r"^Rolling 12 months to (?P<rest>.+)$", re.IGNORECASE)
MONTH_RANGE = re.compile(
    r"^(?P<m1>[A-Z][a-z]{2})\s*(?P<y1>\d{4})?\s*-\s*(?P<m2>[A-Z][a-z]{2})\s*(?P<y2>\d{4})$"
)


@dataclass(frozen=True)
class Period:
    label: str  # as written
    kind: str
    end: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(quarter: int, first_year: int) -> date:
    """The last day of quarter ``quarter`` of the financial year starting in April of
    ``first_year``."""
    extra, month, day = QUARTER_END[quarter]
    return date(first_year + extra, month, day)


def _quarter(text: str) -> date | None:
    match = QUARTER.match(text)
    if not match:
        return None
    groups = match.groupdict()
    n = next(i for i in "123" if groups[f"q{i}"])
    year, short = int(groups[f"y{n}"]), int(groups[f"e{n}"])
    if (year + 1) % 100 != short:
        return None
    return quarter_end(int(groups[f"q{n}"]), year)


def parse_period(text: str) -> Period | None:
    """The period ``text`` names, or None when it is not a period this reads."""
    text = " ".join(text.split())
    if match := FINANCIAL_YEAR.match(text):
        year, short = int(match[1]), int(match[2])
        if (year + 1) % 100 == short:
            return Period(text, PeriodKind.FINANCIAL_YEAR, date(year + 1, 3, 31))
        return None
    if end := _quarter(text):
        return Period(text, PeriodKind.QUARTER, end)
    if (match := ROLLING.match(text)) and (end := _quarter(match["rest"])):
        return Period(text, PeriodKind.ROLLING_12, end)
    if match := MONTH_RANGE.match(text):
        if match["m1"] not in MONTHS or match["m2"] not in MONTHS:
            return None
        end_year, end_month = int(match["y2"]), MONTHS[match["m2"]]
        start_year = int(match["y1"] or end_year)
        months = (end_year - start_year) * 12 + end_month - MONTHS[match["m1"]] + 1
        if not 0 < months <= 24:
            return None
        kind = PeriodKind.ROLLING_12 if months == 12 else PeriodKind.OTHER
        return Period(text, kind, _month_end(end_year, end_month))
    return None
