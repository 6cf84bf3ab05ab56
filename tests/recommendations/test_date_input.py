"""The GOV.UK date input (day, month, year boxes) on Find, the update form and the appendix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from recommendations.date_input import DateInputField
from recommendations.models import Recommendation


def _field(**kwargs):
    return DateInputField(label="Target date from", required=False, **kwargs)


def test_three_boxes_make_a_date_and_one_iso_value_still_works():
    assert _field().clean(["7", "3", "2026"]) == dt.date(2026, 3, 7)
    assert _field().clean("2026-03-07") == dt.date(2026, 3, 7)
    assert _field().clean(["", "", ""]) is None


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["", "3", "2026"], "Target date from must include a day"),
        (["7", "", ""], "Target date from must include a month and a year"),
        (["31", "2", "2026"], "Target date from must be a real date"),
        (["7", "March", "2026"], "Target date from must be a real date, for example 27 3 2026"),
        (["7", "3", "26"], "Target date from must include a year with 4 numbers"),
    ],
)
def test_mistakes_are_named_in_govuk_words(parts, message):
    with pytest.raises(Exception) as error:
        _field().clean(parts)
    assert message in str(error.value)


def test_a_month_and_year_alone_is_a_month_when_the_day_is_optional():
    month = _field(day_optional=True).clean(["", "3", "2027"])
    assert (month.text, month.date, month.precision) == ("March 2027", dt.date(2027, 3, 1), "month")
    day = _field(day_optional=True).clean(["31", "3", "2027"])
    assert (day.text, day.precision) == ("31/03/2027", "day")


def test_find_reads_the_boxes_and_links_keep_one_iso_date(client, users, recommendation):
    client.force_login(users["manager"])
    html = client.get("/actions/?due_after_day=1&due_after_month=1&due_after_year=2017").content
    html = html.decode()
    assert 'type="date"' not in html
    assert re.search(r'name="due_after_day" type="text" inputmode="numeric"[^>]*value="1"', html)
    assert "due_after=2017-01-01" in html  # the sort links and exports carry the ISO date
    assert client.get("/actions/?due_after=2017-01-01").context["page_obj"].paginator.count == 1
    response = client.get("/actions/?due_after_day=30&due_after_month=2&due_after_year=2017")
    assert "Target date from must be a real date" in response.content.decode()


def test_the_update_form_takes_a_revised_month_from_the_boxes(client, users, recommendation):
    client.force_login(users["housing_officer"])
    url = reverse("recommendations:update", args=[recommendation.pk])
    html = client.get(url).content.decode()
    assert 'name="revised_date_month"' in html and 'type="date"' not in html
    response = client.post(
        url,
        {
            "version": recommendation.version,
            "status": recommendation.status_id,
            "rag": "",
            "revised_date_day": "",
            "revised_date_month": "9",
            "revised_date_year": "2027",
            "revised_date_reason": "Waiting for the providers to sign.",
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=recommendation.pk)
    assert rec.revised_target_date_text == "September 2027"
    assert rec.due_date == dt.date(2027, 9, 30)
    html = client.get(url).content.decode()  # shown again in the boxes
    assert re.search(r'name="revised_date_month"[^>]*value="9"', html)


def test_the_update_form_refuses_a_date_in_the_boxes_and_other_words(client, users, recommendation):
    client.force_login(users["housing_officer"])
    url = reverse("recommendations:update", args=[recommendation.pk])
    response = client.post(
        url,
        {
            "version": recommendation.version,
            "status": recommendation.status_id,
            "revised_date_month": "9",
            "revised_date_year": "2027",
            "revised_target_date_text": "Ongoing",
            "revised_date_reason": "Providers",
        },
    )
    assert response.status_code == 200
    assert "in the boxes or in words, not both" in response.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).revised_target_date_text == ""
