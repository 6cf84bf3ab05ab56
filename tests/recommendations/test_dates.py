import datetime as dt

import pytest

from recommendations.dates import FuzzyDate, due_date, end_of_period, parse_fuzzy_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("February 2017", D(2017, 2, 1), "month"),
        ("Feb 2017", D(2017, 2, 1), "month"),
        ("8th November 2016", D(2016, 11, 8), "day"),
        ("1st December 2015", D(2015, 12, 1), "day"),
        ("31/03/2022", D(2022, 3, 31), "day"),
        ("01/04/2022", D(2022, 4, 1), "day"),  # UK day-first
        ("11.07.16", D(2016, 7, 11), "day"),
        ("2022-03-31", D(2022, 3, 31), "day"),
        ("Ongoing", None, ""),
        ("Ongoing- quarterly updates", None, ""),
        ("Ongoing COMPLETE", None, ""),
        ("TBC when bill is published", None, ""),
        (
            "October 2021 Delayed due to COVID-19 (To be included in 2021-2023 action plan)",
            D(2021, 10, 1),
            "month",
        ),
        ("July 2021- Delayed due to COVID-19", D(2021, 7, 1), "month"),
        ("June 2020 COMPLETE", D(2020, 6, 1), "month"),
        ("Q3 2021", D(2021, 7, 1), "quarter"),
        ("Q1 2021/22", D(2021, 4, 1), "quarter"),
        ("Q4 2021/22", D(2022, 1, 1), "quarter"),
        ("2021/22", D(2021, 4, 1), "year"),
        ("Spring 2022", D(2022, 3, 1), "quarter"),
        ("end of March 2017", D(2017, 3, 1), "month"),
        ("6th September", None, ""),
        ("2019", D(2019, 1, 1), "year"),
        ("Mar-17", D(2017, 3, 1), "month"),
        ("Group agreed to be put ON HOLD 26/01/2016", D(2016, 1, 26), "day"),
        (
            "Revisit the case with Lord Bach, 100 days. 8<sup>th</sup> November 2016.",
            D(2016, 11, 8),
            "day",
        ),
        ("31/02/2022", None, ""),
        ("", None, ""),
    ],
)
def test_parse_fuzzy_date(text, date, precision):
    fd = parse_fuzzy_date(text)
    assert fd.date == date
    assert fd.precision == precision
    assert fd.text == text.strip()


def test_words_are_kept():
    fd = parse_fuzzy_date("  6th September ")
    assert fd.text == "6th September"
    assert not fd
    assert parse_fuzzy_date(None) == FuzzyDate("", None, "")


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("February 2017", D(2017, 2, 28)),
        ("February 2016", D(2016, 2, 29)),
        ("8th November 2016", D(2016, 11, 8)),
        ("Q3 2021", D(2021, 9, 30)),
        ("Q4 2021/22", D(2022, 3, 31)),
        ("2021/22", D(2022, 3, 31)),
        ("2019", D(2019, 12, 31)),
        ("Spring 2022", D(2022, 5, 31)),
        ("Winter 2022", D(2023, 2, 28)),
        ("end of March 2017", D(2017, 3, 31)),
        ("Ongoing", None),
    ],
)
def test_due_date(text, due):
    fd = parse_fuzzy_date(text)
    assert due_date(fd) == due
    assert fd.due == due


def test_end_of_period():
    assert end_of_period(D(2017, 2, 1), "month") == D(2017, 2, 28)
    assert end_of_period(D(2021, 4, 1), "year") == D(2022, 3, 31)
    assert end_of_period(D(2021, 7, 1), "quarter") == D(2021, 9, 30)
    assert end_of_period(D(2021, 7, 5), "day") == D(2021, 7, 5)
    assert end_of_period(None, "day") is None
    assert due_date(None) is None
