"""A plan exported (CSV or XLSX) reads back into the same plan with no changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.permissions import SYSTEM
from recommendations.plan_import.read import parse_file
from recommendations.plan_import.write import plan_import
from tests.recommendations.test_import_command import audited_counts, import_seed

pytestmark = pytest.mark.django_db


def export_url(plan, fmt: str) -> str:
    return reverse("recommendations:plan-export", args=[plan.slug, fmt])


def reimport(plan, data: bytes, filename: str):
    # No mapping: the importer itself knows the export's own columns (Version, Linked leads, and
    # the XLSX's worked-out Due by and Overdue).
    return plan_import(
        result=parse_file(data, filename),
        plan_name=plan.name,
        kind="",
        partnership=plan.partnership,
        by=SYSTEM,
        filename=filename,
        dry_run=False,
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("seed", ["002", "000", "003"])
def test_an_exported_plan_reimports_with_no_changes(client, users, partnership, seed, fmt):
    plan = import_seed(seed, partnership).plan
    client.force_login(users["manager"])
    response = client.get(export_url(plan, fmt))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    before = audited_counts()
    report = reimport(plan, data, f"{plan.slug}.{fmt}")
    assert report.ok, report.errors
    assert report.counts["new"] == 0 and report.counts["changed"] == 0, [
        (r.reference, r.changes) for r in report.rows if r.action == "changed"
    ]
    assert report.counts["unchanged"] == plan.recommendations.count()
    assert report.warnings == [] or all("not recognised" not in w.message for w in report.warnings)
    assert audited_counts() == before


def test_an_edited_export_updates_the_plan(client, users, partnership):
    openpyxl = pytest.importorskip("openpyxl")
    import io

    plan = import_seed("002", partnership).plan
    client.force_login(users["clerk"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Status") + 1, value="Complete")
    out = io.BytesIO()
    book.save(out)
    report = reimport(plan, out.getvalue(), "edited.xlsx")
    assert report.counts["changed"] == 1
    [changed] = [r for r in report.rows if r.action == "changed"]
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("Status", "On target", "Complete")
    ]
    rec = plan.recommendations.get(reference=changed.reference)
    assert rec.status.name == "Complete"
    assert rec.history.first().history_change_reason == "imported from edited.xlsx"


def test_export_needs_sign_in_and_is_get_only(client, users, plan, recommendation):
    response = client.get(export_url(plan, "csv"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(users["other_officer"])  # every signed-in user reads every plan
    response = client.get(export_url(plan, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == plan.marking  # the protective marking comes first
    assert text.splitlines()[1].startswith("Plan,Plan kind,Section,No.")
    assert client.post(export_url(plan, "csv")).status_code == 405
    assert (
        client.get(reverse("recommendations:plan-export", args=["nope", "xlsx"])).status_code == 404
    )


def test_export_runs_a_fixed_number_of_queries(
    client, users, partnership, django_assert_max_num_queries
):
    plan = import_seed("003", partnership).plan
    client.force_login(users["manager"])
    with django_assert_max_num_queries(13):  # the export log entry included
        response = client.get(export_url(plan, "xlsx"))
        assert response.status_code == 200


def test_formula_like_cells_survive_the_round_trip(client, users, partnership, tmp_path):
    data = b'Ref,Recommendation,Status\n1,"=HYPERLINK(""x"")",Pending\n2,-minus,Pending\n'
    report = plan_import(
        result=parse_file(data, "f.csv"), plan_name="Formulas", kind="workshop",
        partnership=partnership, by=SYSTEM, filename="f.csv", dry_run=False,
    )  # fmt: skip
    plan = report.plan
    client.force_login(users["clerk"])
    for fmt in ("csv", "xlsx"):
        response = client.get(export_url(plan, fmt))
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        again = reimport(plan, raw, f"f.{fmt}")
        assert again.counts["unchanged"] == 2, [(r.reference, r.changes) for r in again.rows]
    assert plan.recommendations.get(reference="1").text == '=HYPERLINK("x")'
