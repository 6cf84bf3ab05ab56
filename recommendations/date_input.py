"""The GOV.UK date input pattern: day, month and year boxes instead of a browser's date picker.

Browsers' pickers show mm/dd/yyyy in some locales and are hard to use with a screen reader or
for a date years away; GOV.UK asks for three numeric boxes. ``DateInputField`` reads them
(``due_after_day``, ``due_after_month``, ``due_after_year``) or, for links and saved views, one
ISO date in the field's own name (``due_after=2026-03-31``), and answers in GOV.UK's words
("Target date from must include a month"). Rendered by ``templates/includes/date_input.html``.
"""

from __future__ import annotations

import datetime as dt

from django import forms

from recommendations.dates import FuzzyDate

PARTS = ("day", "month", "year")


class DayMonthYearInput(forms.MultiWidget):
    """Three text boxes for a day, month and year (numeric keyboard on phones)."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__({part: forms.TextInput(attrs=box) for part in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, FuzzyDate):
            if value.date is None:
                return [None, None, None]
            day = value.date.day if value.precision == "day" else None
            return [day, value.date.month, value.date.year]
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if data.get(name):  # one ISO date: a link, a saved view, the dashboard
            return data.get(name)
        return [str(data.get(f"{name}_{part}", "")).strip() for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)


class DateInputField(forms.Field):
    """A date from day, month and year boxes; ``day_optional`` allows a month and year alone."""

    widget = DayMonthYearInput

    def __init__(self, *, day_optional: bool = False, **kwargs):
        self.day_optional = day_optional
        super().__init__(**kwargs)

    def _parts(self, value) -> tuple[str, str, str]:
        if isinstance(value, str):
            try:
                date = dt.date.fromisoformat(value)
            except ValueError as error:
                raise self._error("must be a real date") from error
            return str(date.day), str(date.month), str(date.year)
        if isinstance(value, dt.date):
            return str(value.day), str(value.month), str(value.year)
        parts = ["" if v is None else str(v).strip() for v in (list(value or []) + ["", "", ""])]
        return parts[0], parts[1], parts[2]

    def _error(self, words: str) -> forms.ValidationError:
        return forms.ValidationError(f"{self.label} {words}", code="invalid")

    def to_python(self, value) -> dt.date | FuzzyDate | None:
        day, month, year = self._parts(value)
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(PARTS, (day, month, year), strict=True) if not text]
        if self.day_optional and missing == ["day"]:
            missing = []
        if missing:
            raise self._error(f"must include a {' and a '.join(missing)}")
        if not all(text.isdigit() for text in (day or "1", month, year)):
            raise self._error("must be a real date, for example 27 3 2026")
        if len(year) != 4:
            raise self._error("must include a year with 4 numbers, for example 2026")
        try:
            date = dt.date(int(year), int(month), int(day or 1))
        except ValueError as error:
            raise self._error("must be a real date") from error
        if self.day_optional:
            precision = "day" if day else "month"
            text = date.strftime("%d/%m/%Y") if day else date.strftime("%B %Y")
            return FuzzyDate(text, date, precision)
        return date
