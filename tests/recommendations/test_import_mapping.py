"""The clerk can always fix the reading in the browser: any table, the header row, every column
mapped by hand, the first rows as they will be stored, and the mapping saved for the next paper
of the same shape (through the page and through the task worker)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnership import services as directory
from partnership.models import Role
from partnership.permissions import SYSTEM
from recommendations.import_mappings import import_mapping_save, signature
from recommendations.models import ActionPlan, ImportJob, ImportMapping
from tests.recommendations.import_files import GROUPED_ROWS, grouped_headings_xlsx
from tests.recommendations.test_import_views import DONE, PREVIEW, token_from, upload

pytestmark = pytest.mark.django_db

MAPPINGS = reverse("recommendations:import-mappings")
READ_AS = {  # the headings on row 3 and what the clerk read each as
    "Ref": "reference",
    "Recommendation": "text",
    "Who will do it": "leads",
    "Target date": "target_date",
    "Where things stand": "?",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_values(page: str) -> dict[str, str]:
    """What a browser would post back from the preview form as rendered."""
    out: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if name is None or name.group(1) == "csrfmiddlewaretoken":
            continue
        if kind and kind.group(1) in {"radio", "checkbox"} and " checked" not in tag:
            continue
        out[name.group(1)] = html_lib.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        out[name] = chosen.group(1) if chosen else ""
    return out


def labels_of_selects(page: str) -> list[str]:
    found = re.findall(r'<label class="govuk-label" for="id_col_\d+">([^<]*)</label>', page)
    return [html_lib.unescape(text) for text in found]


def first_rows(page: str) -> str:
    table = re.search(r'<table[^>]*id="first-rows".*?</table>', page, re.S)
    assert table, "no table of the first rows as stored"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.group(0)))


def test_clerk_picks_the_third_row_maps_a_column_by_hand_previews_and_confirms(
    client, users, partnership
):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "safer-streets.xlsx", grouped_headings_xlsx()))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "Which row holds the column headings?" in page
    assert "Row 3: Ref | Recommendation | Who will do it | Target date | Where things stand" in page
    assert form_values(page)["header_row"] == "2"  # the reader's guess: the group headings

    posted = form_values(page) | {"header_row": "3", "action": "preview"}
    page = client.post(PREVIEW, posted).content.decode()
    assert labels_of_selects(page) == [
        "Ref",
        "Recommendation",
        "Who will do it",
        "Target date",
        "Where things stand",
    ]
    assert form_values(page)["col_2"] == "?"  # no synonym knows it: kept in the notes

    posted = form_values(page) | {"col_2": "leads", "action": "preview"}
    page = client.post(PREVIEW, posted).content.decode()
    assert form_values(page)["col_2"] == "leads"
    stored = first_rows(page)
    assert "Agree a protocol for sharing welfare concerns Housing Team" in stored
    assert "March 2026 (due by 31 March 2026)" in stored
    assert "Notes: Where things stand: Started" in stored
    assert ActionPlan.objects.count() == 0  # previews write nothing

    posted = form_values(page) | {"save_mapping": "on", "mapping_name": "Safer streets plan"}
    done = client.post(PREVIEW, posted | {"action": "confirm"})
    assert done.status_code == 302 and done["Location"] == DONE
    assert "saved as “Safer streets plan”" in client.get(DONE).content.decode()
    recs = list(ActionPlan.objects.get(name="Uploaded plan").recommendations.order_by("sort_key"))
    assert [(r.reference, r.leads_text, r.target_date_text) for r in recs] == [
        (row[0], row[2], row[3]) for row in GROUPED_ROWS
    ]
    assert "Where things stand: Started" in recs[0].notes
    for rec in recs:
        (history,) = rec.history.all()
        assert history.history_user == users["clerk"]
        assert history.history_change_reason == "imported from safer-streets.xlsx"
    saved = ImportMapping.objects.get()
    assert (saved.name, saved.partnership, saved.rows_above) == (
        "Safer streets plan",
        partnership,
        2,
    )
    assert saved.mapping == READ_AS
    assert saved.history.get().history_user == users["clerk"]


def _save_mapping(partnership, clerk) -> ImportMapping:
    from tests.recommendations.import_files import GROUPED_HEADINGS

    return import_mapping_save(
        partnership=partnership,
        name="Safer streets plan",
        headers=GROUPED_HEADINGS,
        mapping=READ_AS,
        rows_above=2,
        by=clerk,
        reason="Saved in a test",
    )


NEXT_QUARTER = [
    ["4", "Run a week of action on bike theft", "Test Police", "May 2026", "Planned"],
    ["5", "Review the night-time economy patrols", "Housing Team", "July 2026", ""],
]


def test_a_saved_mapping_reads_the_next_paper_of_the_same_shape(client, users, partnership):
    _save_mapping(partnership, users["clerk"])
    client.force_login(users["clerk"])
    token = token_from(upload(client, "next-quarter.xlsx", grouped_headings_xlsx(NEXT_QUARTER)))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "Using the saved mapping “Safer streets plan”" in page
    values = form_values(page)
    assert values["header_row"] == "3" and values["col_2"] == "leads"
    assert "Run a week of action on bike theft Test Police" in first_rows(page)

    ignored = client.post(PREVIEW, values | {"action": "ignore-saved"}).content.decode()
    assert "Using the saved mapping" not in ignored
    assert form_values(ignored)["header_row"] == "2"  # back to the reader's own guess

    client.post(PREVIEW, values | {"action": "confirm"})
    rec = ActionPlan.objects.get(name="Uploaded plan").recommendations.get(reference="4")
    assert rec.leads_text == "Test Police"


def test_a_saved_mapping_is_only_for_its_own_partnership(
    client, users, partnership, second_partnership
):
    _save_mapping(second_partnership.partnership, SYSTEM)
    client.force_login(users["clerk"])
    token = token_from(upload(client, "next-quarter.xlsx", grouped_headings_xlsx(NEXT_QUARTER)))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "Using the saved mapping" not in page


def test_a_table_no_synonym_knows_is_mapped_by_hand(client, users, partnership):
    client.force_login(users["clerk"])
    data = (
        b"Item,What needs doing,Who\n1,Fix the lights in the underpass,Council\n2,Patrol,Police\n"
    )
    token = token_from(upload(client, "list.csv", data))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "No recommendation text column" in page
    assert labels_of_selects(page) == ["Item", "What needs doing", "Who"]
    posted = form_values(page) | {"col_0": "reference", "col_1": "text", "col_2": "leads"}
    page = client.post(PREVIEW, posted | {"action": "preview"}).content.decode()
    assert "There is a problem" not in page
    assert "Fix the lights in the underpass Council" in first_rows(page)
    client.post(PREVIEW, form_values(page) | {"action": "confirm"})
    recs = ActionPlan.objects.get(name="Uploaded plan").recommendations.order_by("sort_key")
    assert [(r.reference, r.leads_text) for r in recs] == [("1", "Council"), ("2", "Police")]


def test_saving_a_mapping_needs_a_name_and_nothing_is_imported_without_one(
    client, users, partnership
):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "plan.csv", b"Ref,Recommendation\n1,Do a thing\n"))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    posted = form_values(page) | {"save_mapping": "on", "mapping_name": " ", "action": "confirm"}
    response = client.post(PREVIEW, posted)
    assert response.status_code == 200
    assert "Enter a name for the saved mapping" in response.content.decode()
    assert not ActionPlan.objects.exists() and not ImportMapping.objects.exists()


def test_the_worker_reads_the_posted_header_row_and_mapping_and_saves_it(
    client, users, partnership, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 3  # the file's five rows go to the task worker
    client.force_login(users["clerk"])
    token = token_from(upload(client, "safer-streets.xlsx", grouped_headings_xlsx()))
    job_url = client.get(f"{PREVIEW}?upload={token}")["Location"]
    page = client.get(job_url).content.decode()
    assert "Which row holds the column headings?" in page
    posted = form_values(page) | {"header_row": "3", "action": "preview"}
    page = client.get(client.post(PREVIEW, posted)["Location"]).content.decode()
    posted = form_values(page) | {"col_2": "leads", "action": "preview"}
    page = client.get(client.post(PREVIEW, posted)["Location"]).content.decode()
    assert "Housing Team" in first_rows(page)
    posted = form_values(page) | {"save_mapping": "on", "mapping_name": "Safer streets plan"}
    client.post(PREVIEW, posted | {"action": "confirm"})
    confirm = ImportJob.objects.get(action="confirm")
    assert confirm.result["mapping_saved"] == "Safer streets plan"
    recs = ActionPlan.objects.get(name="Uploaded plan").recommendations.order_by("sort_key")
    assert [r.leads_text for r in recs] == [row[2] for row in GROUPED_ROWS]
    assert ImportMapping.objects.get().mapping == READ_AS

    # The next paper's first preview, in the worker too, finds the saved mapping.
    token = token_from(upload(client, "next.xlsx", grouped_headings_xlsx(NEXT_QUARTER * 2)))
    page = client.get(client.get(f"{PREVIEW}?upload={token}")["Location"]).content.decode()
    assert "Using the saved mapping “Safer streets plan”" in page
    assert form_values(page)["col_2"] == "leads"


def test_saved_mappings_are_listed_and_deleted_with_a_reason(
    client, users, partnership, second_partnership
):
    saved = _save_mapping(partnership, users["clerk"])
    _save_mapping(second_partnership.partnership, SYSTEM)
    client.force_login(users["clerk"])
    page = client.get(MAPPINGS).content.decode()
    assert page.count("Safer streets plan") >= 1 and "Who will do it: Handed over to" in page
    assert second_partnership.partnership.name not in page
    delete = reverse("recommendations:import-mapping-delete", args=[saved.pk])
    assert client.get(delete).status_code == 405
    client.post(delete, {"reason": ""})
    assert ImportMapping.objects.filter(pk=saved.pk).exists()  # no reason, no deletion
    client.post(delete, {"reason": "The plan changed its columns"})
    assert not ImportMapping.objects.filter(pk=saved.pk).exists()
    last = ImportMapping.history.filter(id=saved.pk).latest("history_date")
    assert last.history_type == "-" and last.history_user == users["clerk"]
    assert last.history_change_reason == "The plan changed its columns"


def test_officers_and_managers_may_not_save_mappings(users, partnership):
    for role in ("officer", "manager"):
        with pytest.raises(PermissionDenied):
            _save_mapping(partnership, users[role])
    assert not ImportMapping.objects.exists()


def test_a_header_rows_signature_ignores_case_punctuation_and_trailing_blanks():
    assert signature(["Ref.", "Who will do it?", "", ""]) == signature(["ref", "WHO WILL DO IT"])
    assert signature(["Ref", "Who"]) != signature(["Who", "Ref"])


def test_a_header_under_a_long_preamble_is_offered_and_the_mapping_kept(client, users, partnership):
    preamble = "".join(f"Paper line {n} of the cover sheet\n" for n in range(1, 11))
    data = (preamble + "Ref,Recommendation,Who will do it\n1,Do a thing,Test Police\n").encode()
    client.force_login(users["clerk"])
    token = token_from(upload(client, "paper.csv", data))
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert form_values(page)["header_row"] == "11"
    posted = form_values(page) | {"col_2": "leads", "action": "preview"}
    page = client.post(PREVIEW, posted).content.decode()
    assert form_values(page)["col_2"] == "leads"  # the hand mapping is not lost


def test_the_list_of_saved_mappings_runs_the_same_few_queries_for_many(
    client, users, partnership, django_assert_max_num_queries
):
    for n in range(6):
        import_mapping_save(
            partnership=partnership,
            name=f"Shape {n}",
            headers=["Ref", "Action", f"Column {n}"],
            mapping={"Ref": "reference", "Action": "text"},
            rows_above=n,
            by=users["clerk"],
            reason="Saved in a test",
        )
    client.force_login(users["clerk"])
    with django_assert_max_num_queries(6):
        page = client.get(MAPPINGS).content.decode()
    assert page.count('class="govuk-summary-card"') == 6


def test_the_admin_shows_saved_mappings_read_only_and_deletes_through_the_service(
    client, users, partnership
):
    saved = _save_mapping(partnership, users["clerk"])
    root = directory.user_create(
        username="root", password=None, role=Role.ADMIN, is_staff=True, is_superuser=True,
        by=SYSTEM, reason="Test administrator",
    )  # fmt: skip
    client.force_login(root)
    listing = client.get(reverse("admin:recommendations_importmapping_changelist"))
    assert listing.status_code == 200 and "Safer streets plan" in listing.content.decode()
    change = reverse("admin:recommendations_importmapping_change", args=[saved.pk])
    page = client.get(change).content.decode()
    assert 'name="name"' not in page  # read-only: saved from the preview, not edited here
    assert "Safer streets plan" in page and "Change reason" not in page
    assert client.get(reverse("admin:recommendations_importmapping_add")).status_code == 403
    delete = reverse("admin:recommendations_importmapping_delete", args=[saved.pk])
    client.post(delete, {"post": "yes"})
    assert not ImportMapping.objects.filter(pk=saved.pk).exists()
    last = ImportMapping.history.filter(id=saved.pk).latest("history_date")
    assert last.history_type == "-" and last.history_user == root
    assert last.history_change_reason == "Deleted in the admin"
