"""Bad input gets a field error and writes nothing; it never crashes."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from recommendations import services
from recommendations.dates import parse_fuzzy_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text", ["Q4 9999", "March 0000", "Winter 9999", "2026-13-45", "31/02/2025", "June 1850-13-01"]
)
def test_the_date_parser_never_accepts_an_impossible_or_out_of_range_date(text):
    parsed = parse_fuzzy_date(text)
    assert parsed.date is None and parsed.due is None
    assert "between 1990 and 2100" in parsed.problem


@pytest.mark.parametrize(
    "text", ["March 2027", "Q4 2026/27", "Ongoing", "TBC when bill is published"]
)
def test_real_dates_and_words_are_still_read(text):
    assert parse_fuzzy_date(text).problem == ""


@pytest.mark.parametrize("revised", ["Q4 9999", "March 0000", "Winter 9999", "2026-13-45"])
def test_an_impossible_revised_date_is_a_field_error_that_keeps_the_note(
    client, users, recommendation, revised
):
    client.force_login(users["housing_officer"])
    rows = recommendation.history.count()
    url = reverse("recommendations:update", args=[recommendation.pk])
    response = client.post(
        url,
        {
            "version": recommendation.version,
            "status": recommendation.status_id,
            "rag": recommendation.rag,
            "progress_note": "Met the landlord forum on Tuesday.",
            "revised_target_date_text": revised,
            "revised_date_reason": "Waiting for the new contract",
            "reason": "Quarterly update",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "is not a date the tracker can use" in body
    assert "Met the landlord forum on Tuesday." in body  # what they typed comes back
    assert recommendation.history.count() == rows
    assert recommendation.updates.count() == 0


def test_a_service_call_with_an_impossible_date_names_the_field(recommendation, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.recommendation_update(
            recommendation=recommendation,
            by=users["clerk"],
            reason="t",
            changes={"target_date_text": "Q4 9999"},
        )
    assert "target_date_text" in error.value.message_dict


def test_an_xlsx_export_of_a_plan_whose_name_has_a_slash_opens(client, users, plan, recommendation):
    services.plan_update(plan=plan, by=users["clerk"], reason="t", name="Strategy 2025/26")
    client.force_login(users["clerk"])
    response = client.get(reverse("recommendations:plan-export", args=[plan.slug, "xlsx"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "/" not in workbook.sheetnames[0]


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "abc"])
def test_an_out_of_range_id_filter_is_a_field_error_not_a_500(client, users, recommendation, value):
    client.force_login(users["manager"])
    response = client.get(reverse("recommendations:list"), {"agency": value})
    assert response.status_code == 200
    export = client.get(reverse("recommendations:export-csv"), {"agency": value, "plan": value})
    assert export.status_code == 200
    rows = b"".join(export.streaming_content if export.streaming else [export.content])
    assert b"19" in rows  # the whole export, not one broken off mid-stream


def test_an_anonymous_oversized_post_is_refused_before_it_is_read(client):
    response = client.post(
        "/accounts/login/", {"username": "x"}, CONTENT_LENGTH=str(100 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert b"too large" in response.content


def test_a_signed_in_body_over_the_upload_ceiling_is_refused_too(client, users):
    client.force_login(users["clerk"])
    response = client.post(
        reverse("recommendations:import"), {}, CONTENT_LENGTH=str(100 * 1024 * 1024)
    )
    assert response.status_code == 413


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/reports/appendix/?plans={HUGE}&as_at=2026-01-01&lead_organisations={HUGE}",
        f"/reports/appendix/pdf/?plans={HUGE}&as_at=2026-01-01",
        f"/actions/?plan={HUGE}&section={HUGE}&person={HUGE}&agency={HUGE}",
        f"/actions/export.xlsx?agency={HUGE}",
        f"/actions/{HUGE}/",
        f"/meetings/?committee={HUGE}",
    ],
)
def test_no_page_fails_on_an_id_too_large_for_the_database(client, users, recommendation, url):
    client.force_login(users["clerk"])
    assert client.get(url).status_code in {200, 400, 404}
