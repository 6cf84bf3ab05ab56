"""What a browser review of the clerk's import journey found: the kind (and so the marking) of a
new plan, two columns read as one field, the saved mapping's count of rows above the headings,
the preview's wording and its table on a phone."""

from __future__ import annotations

import html as htmllib
import io
import re

import pytest
from django.urls import reverse

from recommendations.models import ActionPlan, ImportMapping
from tests.recommendations.test_import_views import _mapping, token_from, upload

pytestmark = pytest.mark.django_db

PREVIEW = reverse("recommendations:import-preview")
MAPPINGS = reverse("recommendations:import-mappings")

HEADINGS = ["Ref", "Recommendation", "Lead agency", "Target date", "Status", "Progress"]
ROWS = [
    ["1", "Refresh the partnership's information-sharing agreement", "TP", "31/03/2026",
     "On track", "Draft circulated to members"],
    ["2", "Run two community engagement days in the town centre", "TBC", "30/06/2026",
     "Not started", ""],
]  # fmt: skip


def plan_xlsx(
    headings=HEADINGS, rows=ROWS, *, above=("Community safety action plan", "Version 3", None)
) -> bytes:
    """A workbook as a clerk keeps it: a title, a version line and a blank row above the table."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Action plan"
    for line in above:
        ws.append([line] if line else [])
    ws.append(list(headings))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _preview(client, data: bytes, name: str = "plan.xlsx", **fields) -> tuple[str, str]:
    token = token_from(upload(client, name, data, **fields))
    return token, client.get(f"{PREVIEW}?upload={token}").content.decode()


def _text(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _plan_row(html: str) -> str:
    return _text(re.search(r"<dt[^>]*>Plan</dt>.*?</dd>", html, re.S).group(0))


# 1. The kind of a new plan ----------------------------------------------------------------------


def test_a_progress_column_alone_does_not_make_a_need_to_know_case_review(client, users):
    client.force_login(users["clerk"])
    token, html = _preview(client, plan_xlsx())
    text = _text(html)
    assert "This will be a new delivery plan, marked OFFICIAL:" in text
    assert "every officer of the partnership will be able to read all of its actions" in text
    assert _plan_row(html) == "Plan Uploaded plan (a new delivery plan, OFFICIAL)"
    client.post(PREVIEW, {"upload": token, "action": "confirm", **_mapping(html)})
    plan = ActionPlan.objects.get(name="Uploaded plan")
    assert (plan.kind, plan.marking) == ("delivery", "OFFICIAL")


def test_a_paper_that_says_it_is_a_domestic_homicide_review_is_a_case_review(client, users):
    client.force_login(users["clerk"])
    above = ("Action plan following the domestic homicide review of Adult K", None)
    _, html = _preview(client, plan_xlsx(above=above))
    text = _text(html)
    assert (
        "This will be a new case review, marked OFFICIAL-SENSITIVE: partner officers will see "
        "only their own organisation's actions" in text
    )
    assert _plan_row(html) == "Plan Uploaded plan (a new case review, OFFICIAL-SENSITIVE)"


def test_the_clerk_changes_the_kind_on_the_preview_before_confirming(client, users):
    client.force_login(users["clerk"])
    token, html = _preview(client, plan_xlsx())
    assert re.search(r'<select[^>]*name="kind"', html)
    changed = client.post(
        PREVIEW, {"upload": token, "action": "preview", "kind": "case_review", **_mapping(html)}
    )
    assert "This will be a new case review, marked OFFICIAL-SENSITIVE" in _text(
        changed.content.decode()
    )
    client.post(
        PREVIEW, {"upload": token, "action": "confirm", "kind": "case_review", **_mapping(html)}
    )
    plan = ActionPlan.objects.get(name="Uploaded plan")
    assert (plan.kind, plan.marking) == ("case_review", "OFFICIAL-SENSITIVE")


# 2. Two columns read as the same field ----------------------------------------------------------


def test_two_columns_chosen_as_the_lead_are_named_in_an_error_and_nothing_is_imported(
    client, users
):
    client.force_login(users["clerk"])
    headings = ["Ref", "Recommendation", "Lead agency", "Lead officer", "Status"]
    rows = [["1", "Audit the referral pathway", "TP", "Housing Team", "On track"]]
    token, html = _preview(client, plan_xlsx(headings, rows, above=()))
    mapping = _mapping(html)
    assert mapping["col_3"] != "leads"
    mapping["col_3"] = "leads"
    post = {"upload": token, "mapped_table": "0", "save_mapping": "on", "mapping_name": "Ours"}
    shown = client.post(PREVIEW, {**post, "action": "confirm", **mapping}).content.decode()
    text = _text(shown)
    assert "There is a problem" in text
    message = "“Lead agency” and “Lead officer” are both imported as"
    assert text.count(message) == 2  # in the summary and by the select
    assert 'class="govuk-error-message"' in shown
    assert _mapping(shown)["col_3"] == "leads"  # the choice is kept, to be corrected
    assert not ActionPlan.objects.filter(name="Uploaded plan").exists()
    assert not ImportMapping.objects.exists()  # nor saved as a mapping the importer ignores


# 3. Rows above the headings ---------------------------------------------------------------------


def test_the_saved_mapping_counts_the_rows_above_the_headings(client, users):
    client.force_login(users["clerk"])
    token, html = _preview(client, plan_xlsx())
    post = {"upload": token, "save_mapping": "on", "mapping_name": "Our tracker"}
    client.post(PREVIEW, {**post, "action": "confirm", **_mapping(html)})
    saved = ImportMapping.objects.get()
    assert saved.rows_above == 3  # a title, a version line and a blank row; headings on row 4
    assert "Rows above the headings 3" in _text(client.get(MAPPINGS).content.decode())


# 4. Wording and the phone -----------------------------------------------------------------------


def test_one_recommendation_is_one_and_a_title_row_is_not_another_table(client, users):
    client.force_login(users["clerk"])
    _, html = _preview(client, plan_xlsx(rows=ROWS[:1]))
    assert "The first recommendation as it will be stored" in html
    assert "The first 1 recommendations" not in html
    assert "several tables" not in html
    assert "Which table holds the recommendations?" not in html


def test_what_happens_and_status_come_first_in_the_preview_table(client, users):
    client.force_login(users["clerk"])
    _, html = _preview(client, plan_xlsx())
    table = re.search(r'aria-label="Recommendations".*?</thead>', html, re.S).group(0)
    headings = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert headings[:3] == ["What happens", "No.", "Status"]
    assert "Section" not in headings  # no sections in the file: no empty column


# 5. A changed target date is a revision ---------------------------------------------------------


def _import(client, data: bytes, **fields) -> str:
    token, html = _preview(client, data, **fields)
    client.post(PREVIEW, {"upload": token, "action": "confirm", **_mapping(html)})
    return html


def test_a_re_import_that_moves_the_target_date_keeps_the_original_as_revised(client, users):
    client.force_login(users["clerk"])
    _import(client, plan_xlsx())
    plan = ActionPlan.objects.get(name="Uploaded plan")
    moved = [[*ROWS[0][:3], "31/12/2026", *ROWS[0][4:]], ROWS[1]]
    preview = _import(client, plan_xlsx(rows=moved), plan=str(plan.pk), new_plan_name="")
    assert "Revised target date : (blank) → 31/12/2026" in _text(preview)
    assert "31/03/2026, revised to 31/12/2026 (due by 31 December 2026)" in _text(preview)
    rec = plan.recommendations.get(reference="1")
    assert (rec.target_date_text, str(rec.target_date)) == ("31/03/2026", "2026-03-31")
    assert (rec.revised_target_date_text, str(rec.revised_target_date)) == (
        "31/12/2026",
        "2026-12-31",
    )
    assert str(rec.due_date) == "2026-12-31"
    assert rec.history.count() == 2  # imported, then revised: through the services
    page = _text(client.get(rec.get_absolute_url()).content.decode())
    assert "Target date 31/03/2026" in page
    assert "Revised target date 31/12/2026" in page


def test_a_file_with_its_own_revised_column_says_which_date_is_which(client, users):
    client.force_login(users["clerk"])
    headings = ["Ref", "Recommendation", "Target date", "Revised target date", "Status"]
    rows = [["1", "Audit the referral pathway", "31/03/2026", "", "On track"]]
    _import(client, plan_xlsx(headings, rows, above=()))
    plan = ActionPlan.objects.get(name="Uploaded plan")
    rows = [["1", "Audit the referral pathway", "30/06/2026", "", "On track"]]
    _import(client, plan_xlsx(headings, rows, above=()), plan=str(plan.pk), new_plan_name="")
    rec = plan.recommendations.get(reference="1")
    assert (rec.target_date_text, rec.revised_target_date_text) == ("30/06/2026", "")
