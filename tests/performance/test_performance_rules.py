"""The dashboard's rules (performance/rules.py) and the periods papers write, and that every
page, the PDF and the export follow the rules from their one home."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from performance import rules
from performance.models import Direction, PeriodKind
from performance.periods import parse_period
from recommendations.models import Rag


@pytest.mark.parametrize(
    ("previous", "current", "higher", "expected"),
    [
        (D("100"), D("103"), True, Direction.LEVEL),  # on the band's edge: level
        (D("100"), D("103.01"), True, Direction.IMPROVING),
        (D("100"), D("96.9"), True, Direction.WORSENING),
        (D("100"), D("96.9"), False, Direction.IMPROVING),
        (D("0"), D("5"), True, Direction.NONE),  # no share of nothing
        (None, D("5"), True, Direction.NONE),
    ],
)
def test_direction_of_travel_uses_the_band_and_the_polarity(previous, current, higher, expected):
    assert rules.direction(previous, current, higher_is_better=higher, tolerance=D("3")) == expected


def test_progress_rag_is_red_when_worsening_and_amber_outside_the_top_third():
    assert rules.progress_rag(Direction.WORSENING, rank=1, group=9) == Rag.RED
    assert rules.progress_rag(Direction.IMPROVING, rank=4, group=9) == Rag.AMBER
    assert rules.progress_rag(Direction.LEVEL, rank=3, group=9) == Rag.GREEN
    assert rules.progress_rag(Direction.LEVEL) == Rag.GREEN
    assert rules.progress_rag(Direction.NONE, rank=9, group=9) == Rag.NONE


def test_outcome_rag_rule():
    assert rules.outcome_rag(["GREEN", "GREEN", ""]) == Rag.GREEN
    assert rules.outcome_rag(["GREEN", "AMBER"]) == Rag.AMBER
    assert rules.outcome_rag(["RED", "GREEN"]) == Rag.AMBER  # half is not more than half
    assert rules.outcome_rag(["RED", "RED", "GREEN"]) == Rag.RED
    assert rules.outcome_rag(["", ""]) == Rag.NONE


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        ("2015-16", PeriodKind.FINANCIAL_YEAR, date(2016, 3, 31)),
        ("2015/16 Q4", PeriodKind.QUARTER, date(2016, 3, 31)),
        ("Quarter 1, 2016/17", PeriodKind.QUARTER, date(2016, 6, 30)),
        ("Rolling 12 months to Quarter 3, 2016/17", PeriodKind.ROLLING_12, date(2016, 12, 31)),
        ("Jan2015-Dec2015", PeriodKind.ROLLING_12, date(2015, 12, 31)),
        ("Apr-Dec 2015", PeriodKind.OTHER, date(2015, 12, 31)),
    ],
)
def test_periods_as_written(text, kind, end):
    period = parse_period(text)
    assert (period.label, period.kind, period.end) == (text, kind, end)


@pytest.mark.parametrize("text", ["2015-17", "2015/16 Q1 - 28", "Foo-Bar 2015", "soon"])
def test_words_that_are_not_periods(text):
    assert parse_period(text) is None


@pytest.mark.django_db
def test_the_page_the_pdf_and_the_export_follow_the_direction_rule_from_its_home(
    client, users, seed_dashboard, monkeypatch
):
    import io

    from openpyxl import load_workbook

    monkeypatch.setattr(rules, "direction", lambda *a, **k: Direction.WORSENING)
    client.force_login(users["clerk"])
    page = client.get(seed_dashboard.get_absolute_url()).content.decode()
    assert page.count("↓</span> Worsening") == 12
    export = client.get(reverse("performance:export", args=[seed_dashboard.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    directions = [row[5] for row in sheet.iter_rows(min_row=3, max_row=14, values_only=True)]
    assert directions == ["↓"] * 12
    from performance.board import build_board
    from performance.paper_pdf import dashboard_html

    assert dashboard_html(build_board(seed_dashboard)).count("↓ Worsening") == 12
