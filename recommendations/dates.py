"""Fuzzy dates as partnership papers write them.

Action plans say "February 2017", "8th November 2016", "31/03/2022", "Q3 2021", "2021/22",
"Spring 2022", "Ongoing", "TBC when bill is published" or "October 2021 Delayed due to COVID-19".
We always keep what the author wrote (``FuzzyDate.text``) and, when there is one, a real date at
the start of the period with its precision, so that "overdue" can be computed with
:func:`due_date` (the last day of the period).

Rules:

* UK day-first numeric dates: ``31/03/2022``, ``11.07.16``, ``1-4-2021`` (two-digit years are
  20xx below 70, else 19xx). ISO ``2022-03-31`` is also read.
* A day without a year ("6th September") gives no date: the words are kept.
* When a text holds several dates, the earliest-written one wins ("October 2021 Delayed ...
  (To be included in 2021-2023 action plan)" -> October 2021).
* ``Q1``..``Q4`` with a calendar year are calendar quarters; with a financial year
  (``Q3 2021/22``) they are UK financial quarters (Q1 = April-June).
* ``2021/22`` is the UK financial year 1 April 2021 - 31 March 2022 (precision "year").
* Seasons are treated as three-month periods (precision "quarter"): Spring = March-May,
  Summer = June-August, Autumn/Fall = September-November, Winter = December-February.
* Only real dates between 1990 and 2100 are accepted. A text that writes a date outside that
  range, or one that does not exist ("2026-13-45", "31/02/2025"), gives no date and says why in
  ``FuzzyDate.problem``, so forms and imports can name the field instead of guessing a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["PRECISIONS", "FuzzyDate", "due_date", "end_of_period", "parse_fuzzy_date"]

PRECISIONS = ("day", "month", "quarter", "year", "")


@dataclass(frozen=True)
class FuzzyDate:
    """A date as written, with the real date (start of the period) when there is one."""

    text: str
    date: dt.date | None = None
    precision: str = ""  # "day" | "month" | "quarter" | "year" | ""
    problem: str = ""  # why a date-like text gave no date ("" when there is none to report)

    @property
    def due(self) -> dt.date | None:
        return due_date(self)

    def __bool__(self) -> bool:  # truthy when there is a real date
        return self.date is not None


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    (
        "numeric",
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})(?![\d])"),
    ),
    (
        "day_month",
        re.compile(
            r"\b(?P<d>\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH_RE
            + r",?\s+(?P<y>\d{4})\b",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            r"\b" + _MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y>\d{4})\b",
            re.I,
        ),
    ),
    ("month_year", re.compile(r"\b" + _MONTH_RE + r"[\s,\-]+(?P<y>\d{4})\b", re.I)),
    ("month_yy", re.compile(r"\b" + _MONTH_RE + r"-(?P<y>\d{2})\b", re.I)),
    (
        "quarter",
        re.compile(
            r"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?P<y>\d{4})(?:\s*[/\-]\s*(?P<y2>\d{2}|\d{4}))?\b",
            re.I,
        ),
    ),
    (
        "season",
        re.compile(r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?P<y>\d{4})\b", re.I),
    ),
    ("fy", re.compile(r"\b(?P<y>(?:19|20)\d{2})\s*/\s*(?P<y2>\d{2}|\d{4})\b")),
    ("year", re.compile(r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?![\d/])")),
]

_TAG_RE = re.compile(r"<[^>]+>")
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Shapes that always mean a date when they appear: if one fails to read, the text is wrong.
_STRICT_KINDS = {"iso", "numeric", "day_month", "month_day", "month_year", "quarter", "season"}


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _fy_second(y: int, text: str | None) -> bool:
    """Is ``text`` the year after ``y`` (``21/22`` or ``2021/2022``)?"""
    if not text:
        return False
    y2 = int(text)
    if len(text) == 2:
        return y2 == (y + 1) % 100
    return y2 == y + 1


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _interpret(kind: str, m: re.Match[str]) -> tuple[dt.date, str] | None:
    try:
        found = _read(kind, m)
    except ValueError:  # a year such as 0000 that no calendar has
        return None
    if found is None or not FIRST_YEAR <= found[0].year <= LAST_YEAR:
        return None
    return found


def _read(kind: str, m: re.Match[str]) -> tuple[dt.date, str] | None:
    g = m.groupdict()
    if kind in ("iso", "numeric"):
        date = _safe_date(_year(g["y"]), int(g["m"]), int(g["d"]))
        return (date, "day") if date else None
    if kind in ("day_month", "month_day"):
        date = _safe_date(int(g["y"]), _month(g["month"]), int(g["d"]))
        return (date, "day") if date else None
    if kind in ("month_year", "month_yy"):
        return dt.date(_year(g["y"]), _month(g["month"]), 1), "month"
    if kind == "quarter":
        y, q = int(g["y"]), int(g["q"])
        if _fy_second(y, g.get("y2")):  # financial quarter: Q1 = April
            month = 4 + 3 * (q - 1)
            if month > 12:
                return dt.date(y + 1, month - 12, 1), "quarter"
            return dt.date(y, month, 1), "quarter"
        return dt.date(y, 1 + 3 * (q - 1), 1), "quarter"
    if kind == "season":
        return dt.date(int(g["y"]), _SEASONS[g["season"].lower()], 1), "quarter"
    if kind == "fy":
        y = int(g["y"])
        if not _fy_second(y, g["y2"]):
            return None
        return dt.date(y, 4, 1), "year"
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), "year"
    return None


def parse_fuzzy_date(text: str | None) -> FuzzyDate:
    """Read a date out of free text; see the module docstring for the rules."""
    original = (text or "").strip()
    if not original:
        return FuzzyDate("", None, "")
    plain = _TAG_RE.sub("", original).replace("&nbsp;", " ")
    best: tuple[int, int, dt.date, str] | None = None  # (start, -length, date, precision)
    wrong: re.Match[str] | None = None  # the first date-shaped text that is not a real date
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(plain):
            found = _interpret(kind, m)
            if found is None:
                if kind in _STRICT_KINDS and (wrong is None or m.start() < wrong.start()):
                    wrong = m
                continue
            key = (m.start(), -(m.end() - m.start()))
            if best is None or key < best[:2]:
                best = (key[0], key[1], found[0], found[1])
            break  # only the first valid match of each pattern matters
    if wrong is not None and (best is None or wrong.start() <= best[0]):
        return FuzzyDate(original, None, "", _problem(wrong.group(0)))
    if best is None:
        return FuzzyDate(original, None, "")
    return FuzzyDate(original, best[2], best[3])


def _problem(text: str) -> str:
    return (
        f"“{text}” is not a date the tracker can use: enter a real date between "
        f"{FIRST_YEAR} and {LAST_YEAR}, for example 31/03/2027, March 2027 or Q4 2026/27"
    )


def _add_months(d: dt.date, months: int) -> dt.date:
    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def due_date(fd: FuzzyDate | None) -> dt.date | None:
    """The last day of the period a fuzzy date names (None when there is no date)."""
    if fd is None or fd.date is None:
        return None
    d = fd.date
    if fd.precision == "day":
        return d
    if fd.precision == "month":
        return d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if fd.precision == "quarter":
        return _add_months(d, 3) - dt.timedelta(days=1)
    if fd.precision == "year":
        return _add_months(d, 12) - dt.timedelta(days=1)
    return d


def end_of_period(start: dt.date | None, precision: str) -> dt.date | None:
    """The last day of the period starting at ``start`` (same rules as :func:`due_date`).

    Periods need not be calendar-aligned: a financial year starting 1 April 2021 ends on
    31 March 2022, a "Spring 2022" quarter starting 1 March ends on 31 May.
    """
    if start is None:
        return None
    return due_date(FuzzyDate("", start, precision))


def as_written_with_due(text: str | None) -> str:
    """A date as written, with the day it is due by when that is not the same words:
    "Q4 2026/27, due by 31 March 2027"; "31/03/2027" and "Ongoing" stay as they are."""
    text = (text or "").strip()
    parsed = parse_fuzzy_date(text)
    due = end_of_period(parsed.date, parsed.precision)
    if due is None or parsed.precision == "day":
        return text
    return f"{text}, due by {due:%-d %B %Y}"
