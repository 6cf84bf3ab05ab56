"""The parts an export column's rule is built from, each able to work a cell out two ways.

A rule (``exports.COLUMNS``) is written once, from these parts, and then rendered:

- ``rule(row)`` works the cell out in Python from a row already fetched (every export on
  SQLite, and every XLSX);
- ``rule.expression(paths)`` is the same rule as a database expression, so that PostgreSQL can
  write the CSV itself (``recommendations/exports_copy.py``). ``paths`` maps the row's names to
  the ORM paths they are read from (``exports.ROW_FIELDS``); a name not in it is its own path.

Every rendering gives text, ``""`` when there is nothing (never NULL). The expressions use
PostgreSQL functions (``to_char``, ``timezone``, ``array_to_string``): they run only there.
tests/recommendations/test_export_csv_copy.py proves that both renderings of every column agree
byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.db.models.lookups import Exact
from django.utils import timezone

Paths = Mapping[str, str]
# strftime directives and the to_char patterns that write the same digits (zero-padded).
_TO_CHAR = {"%d": "DD", "%m": "MM", "%Y": "YYYY", "%H": "HH24", "%M": "MI", "%S": "SS"}


def to_char_format(strftime_format: str) -> str:
    """The ``to_char`` pattern writing what ``strftime(strftime_format)`` writes; everything
    that is not a directive is quoted, so it is copied as it is."""
    out, literal, i = [], "", 0
    while i < len(strftime_format):
        if strftime_format[i] == "%":
            directive = strftime_format[i : i + 2]
            if directive not in _TO_CHAR:
                raise ValueError(f"No to_char pattern for {directive!r}")
            out.append(f'"{literal}"' if literal else "")
            out.append(_TO_CHAR[directive])
            literal, i = "", i + 2
            continue
        if strftime_format[i] in '"\\':
            raise ValueError(f"Unsupported character in {strftime_format!r}")
        literal += strftime_format[i]
        i += 1
    out.append(f'"{literal}"' if literal else "")
    return "".join(out)


def _text(expression: Any) -> Any:
    return Coalesce(Cast(expression, TextField()), Value(""), output_field=TextField())


class Rule:
    """One cell's rule. Calling it works the cell out from a fetched row."""

    def __call__(self, row: Any) -> str:
        raise NotImplementedError

    def expression(self, paths: Paths) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Rule):
    """The value as stored, as text."""

    name: str

    def __call__(self, row: Any) -> str:
        value = getattr(row, self.name)
        return "" if value is None else str(value)

    def expression(self, paths: Paths) -> Any:
        return _text(F(paths.get(self.name, self.name)))


@dataclass(frozen=True)
class Literal(Rule):
    text: str

    def __call__(self, row: Any) -> str:
        return self.text

    def expression(self, paths: Paths) -> Any:
        return Value(self.text, output_field=TextField())


@dataclass(frozen=True)
class Label(Rule):
    """A stored code shown as its label (a code with no label is shown as it is)."""

    name: str
    labels: Mapping[str, Any]

    def __call__(self, row: Any) -> str:
        value = getattr(row, self.name)
        return "" if value is None else str(self.labels.get(value, value))

    def expression(self, paths: Paths) -> Any:
        path = paths.get(self.name, self.name)
        whens = [
            When(**{path: code}, then=Value(str(label))) for code, label in self.labels.items()
        ]
        return Case(*whens, default=_text(F(path)), output_field=TextField())


@dataclass(frozen=True)
class DateText(Rule):
    """A date (or a moment, in the current time zone when ``local``) in ``fmt``."""

    name: str
    fmt: str
    local: bool = False

    def __call__(self, row: Any) -> str:
        value: date | datetime | None = getattr(row, self.name)
        if not value:
            return ""
        if self.local:
            value = timezone.localtime(value)  # type: ignore[arg-type]
        return value.strftime(self.fmt)

    def expression(self, paths: Paths) -> Any:
        value: Any = F(paths.get(self.name, self.name))
        if self.local:
            zone = Value(timezone.get_current_timezone_name())
            value = Func(zone, value, function="timezone")
        pattern = Value(to_char_format(self.fmt))
        return _text(Func(value, pattern, function="to_char", output_field=TextField()))


class FirstOf(Rule):
    """The first of the rules that gives anything."""

    def __init__(self, *rules: Rule) -> None:
        self.rules = rules

    def __call__(self, row: Any) -> str:
        for rule in self.rules:
            if value := rule(row):
                return value
        return ""

    def expression(self, paths: Paths) -> Any:
        parts = [NullIf(rule.expression(paths), Value("")) for rule in self.rules]
        return Coalesce(*parts, Value(""), output_field=TextField())


class Join(Rule):
    """The rules' texts one after another."""

    def __init__(self, *rules: Rule) -> None:
        self.rules = rules

    def __call__(self, row: Any) -> str:
        return "".join(rule(row) for rule in self.rules)

    def expression(self, paths: Paths) -> Any:
        return Concat(*(rule.expression(paths) for rule in self.rules), output_field=TextField())


@dataclass(frozen=True)
class If(Rule):
    """``then`` when ``test`` gives anything, else ``otherwise``."""

    test: Rule
    then: Rule
    otherwise: Rule = Literal("")

    def __call__(self, row: Any) -> str:
        return self.then(row) if self.test(row) else self.otherwise(row)

    def expression(self, paths: Paths) -> Any:
        return Case(
            When(
                Exact(self.test.expression(paths), Value("")), then=self.otherwise.expression(paths)
            ),
            default=self.then.expression(paths),
            output_field=TextField(),
        )


@dataclass(frozen=True)
class LeadSource:
    """One kind of lead: the many-to-many rows that link it to an action, read through ``key``
    (the related model), the fields its rules read and the order it is listed in."""

    attr: str
    through: Any
    key: str
    fields: Sequence[str]
    ordering: Sequence[str]

    def paths(self) -> dict[str, str]:
        return {name: f"{self.key}__{name}" for name in self.fields}


class Leads(Rule):
    """Each lead of each source (in the source's order) by its rule, joined by ``sep``; the row
    carries its leads as ``row.<source.attr>``, objects with the source's fields.

    In the database a row's leads are not one expression: each part is an ordered array of
    labels per exported row (``labels`` gives the label and its order; exports_copy aggregates
    them), joined to the rows once for the whole export (a subquery per action and column took
    a second for 10,000 actions); ``combine`` joins the arrays."""

    def __init__(self, *parts: tuple[LeadSource, Rule], sep: str = "; ") -> None:
        self.parts, self.sep = parts, sep

    def __call__(self, row: Any) -> str:
        labels: list[str] = []
        for source, rule in self.parts:
            if leads := getattr(row, source.attr):
                labels.extend([rule(lead) for lead in leads])
        return self.sep.join(labels)

    def expression(self, paths: Paths) -> Any:
        raise TypeError("Leads are aggregated per action: see Leads.labels")

    def labels(self) -> list[tuple[LeadSource, Any, list[str]]]:
        """Per part, its source, its label as an expression over ``source.through`` and the
        paths the labels are listed in order of."""
        out = []
        for source, rule in self.parts:
            fields = source.paths()
            order = [fields.get(name, name) for name in source.ordering]
            out.append((source, rule.expression(fields), order))
        return out

    def combine(self, arrays: Sequence[str]) -> tuple[str, list[Any]]:
        """SQL joining the parts' arrays (NULL when an action has none of a source)."""
        return f"coalesce(array_to_string({' || '.join(arrays)}, %s), '')", [self.sep]
