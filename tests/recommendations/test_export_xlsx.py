"""The Excel export people can work with: date cells in a UK format, a frozen and filtered header,
widths, wrapped text, Overdue and Due by, a link to each action, RAG words on their colours, the
marking in the header and footer, and a re-import of an unedited export that changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from openpyxl.utils import get_column_letter

from partnership.permissions import SYSTEM
from recommendations.exports_xlsx import HEADERS, RAG_COLOURS
from recommendations.models import Rag
from recommendations.plan_import import parse_file, plan_import
from tests.recommendations import test_find_data as find_data
from tests.recommendations.test_import_command import audited_counts, import_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _sheet(client, url: str):
    with time_machine.travel(find_data.TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _rows(sheet) -> dict[str, dict]:
    headers = [cell.value for cell in sheet[1]]
    return {row[3].value: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2)}


def test_dates_are_date_cells_in_a_uk_format(client, users, data):
    client.force_login(users["clerk"])
    rows = _rows(_sheet(client, "/actions/export.xlsx"))
    due = rows["W1"]["Due by"]
    assert (
        due.is_date and due.value == dt.datetime(2024, 1, 31) and due.number_format == "dd/mm/yyyy"
    )
    updated = rows["W1"]["Last updated"]
    assert updated.is_date and updated.number_format == "dd/mm/yyyy hh:mm"
    assert updated.value == dt.datetime(2024, 1, 1, 9, 0)
    # "January 2024" is what the author wrote: kept as words, its date in "Due by".
    assert rows["W1"]["Target date"].value == "January 2024"
    assert rows["W3"]["Due by"].value is None


def test_header_is_frozen_filtered_and_columns_are_wide_and_wrapped(client, users, data):
    client.force_login(users["clerk"])
    sheet = _sheet(client, "/actions/export.xlsx")
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(HEADERS))}{sheet.max_row}"
    assert sheet.column_dimensions["F"].width == 60  # Recommendation
    assert sheet[1][0].font.b
    text = _rows(sheet)["W1"]["Recommendation"]
    assert text.alignment.wrap_text and text.alignment.vertical == "top"


def test_each_action_links_to_its_page(client, users, data):
    client.force_login(users["clerk"])
    rows = _rows(_sheet(client, "/actions/export.xlsx"))
    link = rows["W1"]["No."].hyperlink
    assert (
        link is not None
        and link.target == f"http://testserver{data['recs']['W1'].get_absolute_url()}"
    )


def test_overdue_rag_words_and_fills_as_the_screen_shows_them(client, users, data):
    client.force_login(users["clerk"])
    rows = _rows(_sheet(client, "/actions/export.xlsx"))
    assert rows["W1"]["Overdue"].value == "Overdue"  # due 31/01/2024, outstanding
    assert rows["W2"]["Overdue"].value is None  # due in 2099
    assert rows["C1"]["Overdue"].value is None  # complete
    assert rows["W1"]["RAG rating"].value == "Red" == Rag.RED.label
    assert rows["W1"]["RAG rating"].fill.fgColor.rgb == "00" + RAG_COLOURS[Rag.RED][0]
    assert rows["W2"]["RAG rating"].value == "Amber"
    assert rows["C2"]["RAG rating"].value is None  # not rated


def test_version_and_leads_travel_with_each_action(client, users, data):
    client.force_login(users["clerk"])
    rows = _rows(_sheet(client, "/actions/export.xlsx"))
    assert rows["W2"]["Version"].value == data["recs"]["W2"].version == 2
    assert rows["W3"]["Lead agency"].value == "Test Borough Council; Test Police"
    assert rows["C1"]["Lead people"].value == "Alice Fox (AF)"


def test_marking_prints_in_the_header_and_footer(client, users, data):
    client.force_login(users["clerk"])
    sheet = _sheet(client, "/actions/export.xlsx?kind=case_review")
    assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize("seed", ["002", "003"])
@pytest.mark.parametrize("where", ["find", "plan"])
def test_an_unedited_export_reimports_with_no_changes(client, users, partnership, seed, where):
    plan = import_seed(seed, partnership).plan
    client.force_login(users["clerk"])
    if where == "find":
        url = f"{reverse('recommendations:export-xlsx')}?plan={plan.pk}"
    else:
        url = reverse("recommendations:plan-export", args=[plan.slug, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    before = audited_counts()
    # No mapping given: the importer reads the worked-out columns (EXTRA_HEADERS) back without
    # writing from them, and Version / Linked leads as the round trip's own.
    result = parse_file(response.content, "actions.xlsx")
    report = plan_import(
        result=result, plan_name=plan.name, kind="", partnership=plan.partnership, by=SYSTEM,
        filename="actions.xlsx", dry_run=False,
    )  # fmt: skip
    assert report.ok, report.errors
    assert report.counts["new"] == 0 and report.counts["changed"] == 0, [
        (r.reference, r.changes) for r in report.rows if r.action == "changed"
    ]
    assert report.counts["unchanged"] == plan.recommendations.count()
    assert audited_counts() == before
    book = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert any(cell.is_date for row in book.iter_rows(2) for cell in row if cell.value)


def test_a_control_character_removed_from_a_cell_cannot_uncover_a_formula(recommendation, users):
    from recommendations import exports, services
    from recommendations.models import Recommendation

    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="test",
        changes={"work_to_date": "\x01=1+1", "notes": "\x02plain"},
    )
    data = exports.xlsx_bytes(Recommendation.objects.filter(pk=recommendation.pk))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, sheet[2], strict=True))
    assert row["Work to date"].value == "'=1+1" and row["Work to date"].data_type == "s"
    assert row["Notes"].value == "plain"
