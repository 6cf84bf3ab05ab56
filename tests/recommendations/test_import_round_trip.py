"""The round trip and the bulk write: an export reads back exactly; a stale export is a conflict
the clerk settles, never a silent revert; imported history rows say who and why; the number of
queries an import runs does not grow with its rows."""

from __future__ import annotations

import csv
import io
import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.models import ActionPlan, Recommendation
from recommendations.plan_import.read import parse_file, uploads
from recommendations.plan_import.write import plan_import
from tests.recommendations.test_import_views import PREVIEW, _mapping, token_from, upload

pytestmark = pytest.mark.django_db
HEADERS = ["No.", "Recommendation", "Lead agency", "Target date", "Status", "RAG rating"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def plan_csv(count: int, *, status: str = "Ongoing", lead: str = "Test Police") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for i in range(1, count + 1):
        writer.writerow(
            [
                str(i),
                f"Action {i}: walk the estate with residents",
                lead,
                "March 2027",
                status,
                "AMBER",
            ]
        )
    return out.getvalue().encode()


def run_import(data: bytes, filename: str, *, by, partnership, plan="Safer streets", **kw):
    return plan_import(
        result=parse_file(data, filename),
        plan_name=plan,
        kind=kw.pop("kind", "strategy"),
        partnership=partnership,
        by=by,
        filename=filename,
        dry_run=kw.pop("dry_run", False),
        **kw,
    )


def test_imported_history_rows_carry_user_and_reason(users, partnership, organisations):
    clerk = users["clerk"]
    report = run_import(plan_csv(30), "streets.csv", by=clerk, partnership=partnership)
    assert report.ok and report.counts["new"] == 30, report.errors
    plan = ActionPlan.objects.get(name="Safer streets")
    for rec in plan.recommendations.all():
        rows = list(rec.history.values_list("history_type", "history_change_reason", "version"))
        assert len(rows) == 1, rows
        row = rec.history.get()  # one history row per action
        assert row.history_user == clerk
        assert row.history_change_reason == "imported from streets.csv"
        assert [o.organisation for o in row.lead_organisations.all()] == [organisations["police"]]
        assert list(rec.lead_organisations.all()) == [organisations["police"]]
    assert plan.recommendations.get(reference="7").due_date.isoformat() == "2027-03-31"

    edited = plan_csv(30).replace(b"11,Action 11", b"11,Action 11 (revised)")
    report = run_import(edited, "streets-v2.csv", by=clerk, partnership=partnership)
    assert report.counts == {**report.counts, "changed": 1, "unchanged": 29, "new": 0}
    rec = plan.recommendations.get(reference="11")
    assert rec.version == 2 and "(revised)" in rec.text
    newest = rec.history.first()
    assert rec.history.count() == 2
    assert (newest.history_user, newest.history_change_reason) == (
        clerk,
        "imported from streets-v2.csv",
    )
    assert newest.history_type == "~"
    # The new history row still shows the leads (a bulk save must not look like removing them).
    assert [o.organisation for o in newest.lead_organisations.all()] == [organisations["police"]]


def test_a_dry_run_compares_without_writing(users, partnership):
    run_import(plan_csv(10), "streets.csv", by=users["clerk"], partnership=partnership)
    counts = Recommendation.history.count()
    report = run_import(
        plan_csv(12, status="Complete"), "v2.csv", by=users["clerk"], partnership=partnership,
        dry_run=True,
    )  # fmt: skip
    assert report.ok and report.counts["new"] == 2 and report.counts["changed"] == 10
    assert Recommendation.objects.count() == 10 and Recommendation.history.count() == counts


@pytest.mark.parametrize("what", ["new", "changed"])
def test_the_queries_an_import_runs_do_not_grow_with_its_rows(users, partnership, what):
    def queries(count: int, name: str) -> int:
        if what == "changed":
            run_import(
                plan_csv(count), "a.csv", by=users["clerk"], partnership=partnership, plan=name
            )
        data = plan_csv(count, status="Complete" if what == "changed" else "Ongoing")
        with CaptureQueriesContext(connection) as seen:
            report = run_import(
                data, "b.csv", by=users["clerk"], partnership=partnership, plan=name
            )
        assert report.written and report.counts[what] == count
        return len(seen)

    small, large = queries(20, "Small plan"), queries(400, "Large plan")
    # A batch of rows is one statement: on PostgreSQL all 400 fit in one; SQLite caps a statement
    # at 999 parameters, so there a batch is a few dozen rows (about 40 columns each) and the
    # action and history inserts take one statement per batch.
    per_statement = connection.features.max_query_params
    batches = math.ceil(400 / (per_statement // 40)) if per_statement else 1
    assert large <= small + 4 + 2 * batches, (small, large)


def _export(client, plan) -> bytes:
    response = client.get(reverse("recommendations:plan-export", args=[plan.slug, "xlsx"]))
    assert response.status_code == 200
    return response.content


def test_an_unedited_export_links_exactly_the_leads_it_was_exported_with(
    client, users, partnership, organisations
):
    plan = services.plan_create(
        partnership=partnership, name="Estates", kind="strategy", by=SYSTEM, reason="test"
    )
    council = organisations["council"]
    # Two people of the same name: only the number says which one leads.
    jo_council = directory.person_create(
        name="Jo Smith", initials="JS", title="", organisation=council, by=SYSTEM, reason="t"
    )
    directory.person_create(
        name="Jo Smith", initials="JS", title="", organisation=organisations["police"],
        by=SYSTEM, reason="t",
    )  # fmt: skip
    rec = services.recommendation_create(
        plan=plan,
        reference="1",
        text="Light the underpass",
        status=services.status_for(plan, "Ongoing"),
        leads_text="Test Police",  # as the paper wrote it; the officer since re-assigned it
        lead_organisations=[organisations["charity"]],
        lead_people=[jo_council],
        by=SYSTEM,
        reason="test",
    )
    client.force_login(users["clerk"])
    data = _export(client, plan)
    report = run_import(
        data, "estates.xlsx", by=users["clerk"], partnership=partnership, plan="Estates"
    )
    assert report.ok, report.errors
    assert report.counts["unchanged"] == 1 and report.counts["changed"] == 0, report.rows[0].changes
    assert report.lead_problems == []
    assert list(rec.lead_organisations.all()) == [organisations["charity"]]
    assert list(rec.lead_people.all()) == [jo_council]
    assert rec.history.count() == 1


def _stale_export(client, users, partnership, organisations):
    """An export taken by the clerk, then an officer's RAG change saved after it."""
    run_import(
        plan_csv(5, lead="Test Borough Council"), "first.csv", by=users["clerk"],
        partnership=partnership,
    )  # fmt: skip
    plan = ActionPlan.objects.get(name="Safer streets")
    client.force_login(users["clerk"])
    exported = _export(client, plan)
    rec = plan.recommendations.get(reference="2")
    services.recommendation_update(
        recommendation=rec, by=users["officer"], reason="Progress", changes={"rag": "RED"}
    )
    return plan, exported


def _preview(client, data: bytes):
    response = upload(client, "old-export.xlsx", data, plan="", new_plan_name="Safer streets")
    token = token_from(response)
    return token, client.get(response["Location"]).content.decode()


def test_a_stale_export_is_a_conflict_and_nothing_is_reverted_unless_chosen(
    client, users, partnership, organisations
):
    plan, exported = _stale_export(client, users, partnership, organisations)
    rec = plan.recommendations.get(reference="2")
    token, html = _preview(client, exported)
    assert "Changed since the file was exported" in html
    assert re.search(r"RAG rating</strong>: now RED; the file says AMBER", html)
    assert "exported at version 1, now version 2" in html
    assert html.count("Changed since export</strong>") == 1  # only the officer's action
    theirs = re.search(r'name="(conflict-\d+)" type="radio" value="theirs:2" checked', html)
    assert theirs, html

    # Confirm with the choices as shown: theirs is kept; nothing is reverted.
    form = {"upload": token, "action": "confirm", "mapped_table": "0", **_mapping(html)}
    done = client.post(PREVIEW, {**form, theirs[1]: "theirs:2"})
    assert done.status_code == 302, done.content.decode()[:3000]
    rec.refresh_from_db()
    assert rec.rag == "RED" and rec.version == 2 and rec.history.count() == 2

    # Again, choosing the file's values for it: now (and only now) it goes back to AMBER.
    token, html = _preview(client, exported)
    form = {"upload": token, "action": "confirm", "mapped_table": "0", **_mapping(html)}
    name = re.search(r'name="(conflict-\d+)" type="radio" value="mine:2"', html)[1]
    done = client.post(PREVIEW, {**form, name: "mine:2"})
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.rag == "AMBER" and rec.version == 3
    newest = rec.history.first()
    assert (newest.history_user, newest.history_change_reason) == (
        users["clerk"],
        "imported from old-export.xlsx",
    )
    assert list(uploads.folder().glob("*.bin")) == []
