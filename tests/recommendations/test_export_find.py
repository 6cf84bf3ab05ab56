"""CSV and Excel exports of the filtered list: the importer's columns, guarded cells, any role."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import time_machine

from recommendations.exports import HEADERS, guard, unguard
from tests.recommendations import test_find_data as find_data

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = [
    "Plan", "Plan kind", "Section", "No.", "Deficiency", "Recommendation", "Lead agency",
    "Lead people", "Handed over to (as written)", "Target date", "Revised target date",
    "Reason for revised date", "Outcome", "Status", "RAG rating", "Anything still unassigned",
    "Work to date", "Notes", "Next milestone", "Performance commentary", "Last updated",
    "Version", "Linked leads",
]  # fmt: skip


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _csv(response) -> list[dict]:
    """The rows under the headings; the first line is the protective marking."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    marking, rest = text.split("\r\n", 1)
    assert marking in {"OFFICIAL", "OFFICIAL-SENSITIVE", "NOT PROTECTIVELY MARKED"}
    return list(csv.DictReader(io.StringIO(rest)))


def test_headers_are_the_ones_the_importer_reads_back():
    assert HEADERS == EXPECTED_HEADERS


def test_csv_export_streams_the_filtered_list_with_every_column(client, users, data):
    client.force_login(users["manager"])
    with time_machine.travel(find_data.TODAY, tick=False):
        response = client.get("/actions/export.csv?outstanding=on&rag=RED")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert [row["No."] for row in rows] == ["W1"]
    row = rows[0]
    assert list(row) == EXPECTED_HEADERS
    assert row["Plan"] == "Test Workshop Programme"
    assert row["Plan kind"] == "Workshop programme"
    assert row["Section"] == "Housing workshop"
    assert row["Lead agency"] == "Housing Team"
    assert row["Target date"] == "January 2024"
    assert (
        row["Status"] == "Pending" and row["RAG rating"] == "Red"
    )  # as the pages and Excel write it
    assert row["Last updated"] == "01/01/2024 09:00"


def test_csv_cells_that_look_like_formulas_are_guarded(client, users, data):
    client.force_login(users["manager"])
    rows = _csv(client.get("/actions/export.csv?q=referral+form"))
    assert rows[0]["Work to date"] == '\'=HYPERLINK("http://example.com")'
    assert unguard(rows[0]["Work to date"]) == '=HYPERLINK("http://example.com")'


@pytest.mark.parametrize("value", ["=1+1", "+44", "-2", "@SUM(A1)", "\tx"])
def test_guard_prefixes_formula_starts_and_unguard_reverses_it(value):
    assert guard(value) == "'" + value
    assert unguard(guard(value)) == value
    assert guard("Plain text") == "Plain text"


def test_people_and_withdrawn_points_survive_the_export(client, users, data):
    client.force_login(users["manager"])
    rows = {row["No."]: row for row in _csv(client.get("/actions/export.csv"))}
    assert rows["C1"]["Lead people"] == "Alice Fox (AF)"
    assert rows["W3"]["Recommendation"] == "<del>Set up a joint tasking group</del>"
    assert rows["W3"]["Lead agency"] == "Test Borough Council; Test Police"


def test_xlsx_export_has_the_same_rows_and_columns(client, users, data):
    # Case reviews are OFFICIAL-SENSITIVE: exported in bulk by clerks and managers.
    client.force_login(users["clerk"])
    response = client.get("/actions/export.xlsx?kind=case_review")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*EXPECTED_HEADERS, "Due by", "Overdue"]
    assert sorted(row[3] for row in rows[1:]) == ["C1", "C2"]
    work = {row[3]: row[16] for row in rows[1:]}
    assert work["C2"].startswith("'=")  # text, never a live formula


def test_export_runs_a_fixed_number_of_queries(client, users, data, django_assert_max_num_queries):
    client.force_login(users["manager"])
    # The rows, their leads, the user's partnerships, and the export log entry (a count per
    # plan, their markings, three writes and two savepoints).
    with django_assert_max_num_queries(13):
        response = client.get("/actions/export.csv")
        assert len(_csv(response)) == 5


@pytest.mark.parametrize("url", ["/actions/export.csv", "/actions/export.xlsx"])
def test_exports_need_sign_in_and_get(client, users, url):
    assert client.get(url).status_code == 302
    client.force_login(users["other_officer"])
    assert client.post(url).status_code == 405
    assert client.get(url).status_code == 200
