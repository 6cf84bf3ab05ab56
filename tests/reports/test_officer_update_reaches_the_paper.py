"""Whatever an officer types in the update form appears in the next appendix of that plan, in the
column a reader expects; and no layout prints a column that no role can fill."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import OFFICER_FIELDS, PlanKind
from recommendations.services import EDITABLE_FIELDS, M2M_FIELDS
from reports.appendix.layouts import COLUMN_FIELDS, LAYOUTS
from reports.appendix.params import AppendixParams
from reports.appendix.render import appendix_pdf_bytes
from reports.appendix.rows import build_appendix

pytestmark = pytest.mark.django_db

# Per layout: the form field the officer fills in, the words, and the column they must land in.
EXPECTED = {
    PlanKind.WORKSHOP: [("progress_note", "Met the estates team on Tuesday", "latest_update")],
    PlanKind.CASE_REVIEW: [("work_to_date", "Training delivered to all GPs", "work_to_date")],
    PlanKind.STRATEGY: [
        ("notes", "Funding agreed with the trust", "notes"),
        ("outcome", "Fewer repeat referrals", "outcome"),
    ],
    PlanKind.DELIVERY: [
        ("next_milestone", "Board sign-off of the protocol", "next_milestone"),
        ("commentary", "Recruitment paused over summer", "commentary"),
    ],
    PlanKind.MINUTES: [("progress_note", "Letter sent to the minister", "latest_update")],
}


def pdftotext(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it, words joined by single spaces."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _action(partnership, organisations, users, kind):
    plan = services.plan_create(
        partnership=partnership, name=f"Plan {kind}", kind=kind, by=users["clerk"], reason="t"
    )
    return services.recommendation_create(
        plan=plan,
        reference="4",
        text="Agree a shared referral route.",
        status=plan.statuses.first(),
        lead_organisations=[organisations["housing"]],
        by=users["clerk"],
        reason="t",
    )


def _post(client, rec, **fields):
    data = {
        "version": rec.version,
        "status": rec.status_id,
        "rag": rec.rag,
        "revised_target_date_text": "",
        "revised_date_reason": "",
        "reason": "",
        "progress_note": "",
        **fields,
    }
    return client.post(reverse("recommendations:update", args=[rec.pk]), data)


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_an_officers_update_appears_in_the_right_column_of_the_next_appendix(
    client, partnership, organisations, users, kind
):
    rec = _action(partnership, organisations, users, kind)
    client.force_login(users["housing_officer"])
    fields = {name: words for name, words, _ in EXPECTED[kind]}
    if "progress_note" not in fields:
        fields["progress_note"] = "Update for the committee"
    response = _post(client, rec, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]

    appendix = build_appendix(AppendixParams(plan_ids=(rec.plan_id,), as_at=date.today()))
    [row] = appendix.rows
    cells = dict(row.cells)
    headings = {key: heading for key, heading, _ in appendix.columns}
    text = pdftotext(appendix_pdf_bytes(appendix)[0])
    for _, words, column in EXPECTED[kind]:
        assert words in cells[column], (column, cells)
        assert headings[column] in text
        assert words in text
    # Nowhere else: the words print once, in their own column.
    for _, words, column in EXPECTED[kind]:
        assert [key for key, html in row.cells if words in html] == [column]


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_the_update_form_offers_exactly_the_fields_the_layout_prints(
    client, partnership, organisations, users, kind
):
    rec = _action(partnership, organisations, users, kind)
    client.force_login(users["housing_officer"])
    form = client.get(reverse("recommendations:update", args=[rec.pk])).context["form"]
    printed = {f for key in LAYOUTS[kind].columns for f in COLUMN_FIELDS[key]}
    offered = {name for name in form.fields if name in EDITABLE_FIELDS}
    assert set(OFFICER_FIELDS[kind]) <= offered
    # Every progress column the layout prints is one the officer can fill in.
    progress_columns = {"work_to_date", "notes", "next_milestone", "commentary", "outcome"}
    assert printed & progress_columns <= offered
    assert offered - {"status", "rag", "revised_target_date_text", "revised_date_reason"} <= printed


@pytest.mark.parametrize("kind", list(LAYOUTS))
def test_no_layout_prints_a_column_that_no_role_can_fill(kind):
    fillable = EDITABLE_FIELDS | M2M_FIELDS | {"plan", "progress"}
    for key in LAYOUTS[kind].columns:
        assert set(COLUMN_FIELDS[key]) <= fillable, key
    progress = {"work_to_date", "notes", "next_milestone", "commentary", "outcome"}
    printed = {f for key in LAYOUTS[kind].columns for f in COLUMN_FIELDS[key]}
    # Lead officers fill what the paper reports on; with no such field it prints the progress log.
    assert printed & progress <= set(OFFICER_FIELDS[kind])
    assert OFFICER_FIELDS[kind] or "progress" in printed


def test_an_officers_text_is_escaped_and_kept_on_several_lines(
    client, partnership, organisations, users
):
    rec = _action(partnership, organisations, users, PlanKind.CASE_REVIEW)
    client.force_login(users["housing_officer"])
    _post(client, rec, work_to_date="A & B met.\n\n<script>x</script> Next step.")
    rec.refresh_from_db()
    assert (
        rec.work_to_date == "<p>A &amp; B met.</p><p>&lt;script&gt;x&lt;/script&gt; Next step.</p>"
    )
    form = client.get(reverse("recommendations:update", args=[rec.pk])).context["form"]
    assert form.initial["work_to_date"] == "A & B met.\n<script>x</script> Next step."
