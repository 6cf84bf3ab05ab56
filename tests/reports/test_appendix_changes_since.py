"""Changes since the last paper: marks in words and a symbol, a summary line, a comparison page;
each plan in its own layout; and an as-at date before a plan's records begin."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from appendix_fixtures import pdf_pages
from django.urls import reverse

from recommendations import services
from reports import services as reports
from reports.appendix.params import AppendixParams
from reports.appendix.render import appendix_pdf_bytes
from reports.appendix.rows import build_appendix
from reports.models import IssuedAppendix

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DAY1 = datetime(2026, 11, 2, 10, tzinfo=LONDON)
ISSUED = datetime(2026, 11, 14, 10, tzinfo=LONDON)
DAY3 = datetime(2026, 11, 20, 10, tzinfo=LONDON)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(pdf_pages(pdf)).split())


@pytest.fixture
def issued_then_changed(time_machine, partnership, organisations, users):
    """Issue a paper; then close one action, add one, slip one and change one RAG."""
    clerk = users["clerk"]
    time_machine.move_to(DAY1)
    plan = services.plan_create(
        partnership=partnership, name="Workshops 2026", kind="workshop", by=clerk, reason="t"
    )
    pending = services.status_for(plan, "Pending")
    recs = {
        ref: services.recommendation_create(
            plan=plan,
            reference=ref,
            text=f"Action number {ref}.",
            status=pending,
            lead_organisations=[organisations["housing"]],
            target_date_text="October 2026",
            by=clerk,
            reason="t",
        )
        for ref in ("1", "2", "3", "4")
    }
    time_machine.move_to(ISSUED)
    paper = reports.appendix_issue(
        params=AppendixParams(plan_ids=(plan.pk,), as_at=ISSUED.date()), by=clerk
    )
    time_machine.move_to(DAY3)
    update = services.recommendation_update
    update(
        recommendation=recs["1"],
        changes={"status": services.status_for(plan, "Complete")},
        by=clerk,
        reason="Done",
    )
    services.recommendation_create(
        plan=plan, reference="5", text="A new action.", status=pending, by=clerk, reason="t"
    )
    update(
        recommendation=recs["2"],
        changes={"revised_target_date_text": "Q4 2026/27", "revised_date_reason": "Staff left"},
        by=users["housing_officer"],
        reason="Slipped",
    )
    update(recommendation=recs["3"], changes={"rag": "RED"}, by=clerk, reason="At risk")
    return plan, paper


def test_the_next_appendix_marks_exactly_the_four_changes_and_counts_them(issued_then_changed):
    plan, paper = issued_then_changed
    appendix = build_appendix(
        AppendixParams(plan_ids=(plan.pk,), as_at=DAY3.date(), mark_changes=True)
    )
    [section] = appendix.sections
    marks = {row.rec.reference: row.change.kinds for row in section.rows if row.change}
    assert marks == {"2": ["revised"], "3": ["rag"], "5": ["new"]}
    assert [c.rec.reference for c in section.closed_since] == ["1"]
    assert "4" in [row.rec.reference for row in section.rows]
    assert section.changes_summary == (
        "1 closed, 1 new, 1 slipped, 1 RAG changed since the paper issued on 14/11/2026"
    )

    text = _text(appendix_pdf_bytes(appendix)[0])
    assert "1 closed, 1 new, 1 slipped, 1 RAG changed since the paper issued on 14/11/2026" in text
    for words in ("+ New", "▲ Target revised", "● RAG changed", "■ Closed"):
        assert words in text
    assert "Closed since the paper issued on 14/11/2026" in text
    assert paper.pk


def test_without_marks_the_same_appendix_has_none(issued_then_changed):
    plan, _ = issued_then_changed
    appendix = build_appendix(AppendixParams(plan_ids=(plan.pk,), as_at=DAY3.date()))
    assert not any(row.change for row in appendix.rows)
    assert "Target revised" not in _text(appendix_pdf_bytes(appendix)[0])


def test_a_plan_with_no_earlier_paper_prints_no_marks(plan, recommendation):
    appendix = build_appendix(
        AppendixParams(plan_ids=(plan.pk,), as_at=date.today(), mark_changes=True)
    )
    assert appendix.sections[0].changes_summary == ""
    assert not any(row.change for row in appendix.rows)


def test_the_comparison_page_shows_the_same_changes_between_a_paper_and_now(
    client, users, issued_then_changed
):
    plan, paper = issued_then_changed
    client.force_login(users["clerk"])
    response = client.get(reverse("reports:compare"), {"from_paper": paper.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "1 closed, 1 new, 1 slipped, 1 RAG changed since the paper issued on 14/11/2026" in html
    [comparison] = response.context["comparisons"]
    assert {c.rec.reference: c.kinds for c in comparison.changes} == {
        "1": ["closed"],
        "2": ["revised"],
        "3": ["rag"],
        "5": ["new"],
    }


def test_the_comparison_page_compares_two_dates_and_explains_a_missing_choice(
    client, users, issued_then_changed
):
    plan, _ = issued_then_changed
    client.force_login(users["manager"])
    query = {"plans": [plan.pk], "from_date": "2026-11-01", "to_date": "2026-11-14"}
    response = client.get(reverse("reports:compare"), query)
    [comparison] = response.context["comparisons"]
    assert [c.kinds for c in comparison.changes] == [["new"]] * 4
    bad = client.get(reverse("reports:compare"), {"plans": [plan.pk]})
    assert bad.status_code == 400
    assert "Choose the paper or enter the date to compare from" in bad.content.decode()


def test_officers_cannot_open_the_comparison_page(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("reports:compare")).status_code == 403


# -- each plan in its own layout ------------------------------------------------------------


def test_a_paper_for_several_plans_prints_each_in_its_own_layout_with_the_highest_marking(
    partnership, organisations, users, plan, recommendation
):
    clerk = users["clerk"]
    services.plan_update(plan=plan, marking="NOT PROTECTIVELY MARKED", by=clerk, reason="t")
    strategy = services.plan_create(
        partnership=partnership,
        name="VAWG Strategy",
        kind="strategy",
        marking="OFFICIAL-SENSITIVE",
        by=clerk,
        reason="t",
    )
    services.recommendation_create(
        plan=strategy,
        reference="1.1",
        text="Train frontline staff.",
        status=strategy.statuses.first(),
        outcome="Staff confident to ask",
        rag="AMBER",
        by=clerk,
        reason="t",
    )
    appendix = build_appendix(AppendixParams(plan_ids=(plan.pk, strategy.pk), as_at=date.today()))
    assert [s.layout.kind for s in appendix.sections] == ["workshop", "strategy"]
    assert [s.summary for s in appendix.sections] == ["1 outstanding of 1"] * 2
    assert appendix.marking == "OFFICIAL-SENSITIVE"
    pages = pdf_pages(appendix_pdf_bytes(appendix)[0])
    text = " ".join(" ".join(pages).split())
    for heading in ("Deficiencies", "Current Status", "Key Actions", "Outcome", "RAG rating"):
        assert heading in text
    assert "Staff confident to ask" in text and "AMBER" in text
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)


# -- honest as-at ---------------------------------------------------------------------------


@pytest.fixture
def young_plan(time_machine, partnership, users):
    time_machine.move_to(datetime(2026, 11, 10, 9, tzinfo=LONDON))
    plan = services.plan_create(
        partnership=partnership,
        name="Case Review A",
        kind="case_review",
        source="Case review report, October 2026",
        by=users["clerk"],
        reason="Imported",
    )
    services.recommendation_create(
        plan=plan,
        reference="1",
        text="Review.",
        status=plan.statuses.first(),
        by=users["clerk"],
        reason="t",
    )
    time_machine.move_to(datetime(2026, 11, 20, 9, tzinfo=LONDON))
    return plan


def test_an_as_at_date_before_the_records_begin_is_explained_per_plan(young_plan, plan):
    appendix = build_appendix(
        AppendixParams(plan_ids=(young_plan.pk, plan.pk), as_at=date(2026, 11, 5))
    )
    young = next(s for s in appendix.sections if s.plan.pk == young_plan.pk)
    assert young.before_records == (
        "Case Review A: its records begin on 10/11/2026 (imported from Case review report, "
        "October 2026 on 10/11/2026). There is nothing to print as at 05/11/2026; choose a "
        "date on or after 10/11/2026."
    )
    assert not appendix.can_be_issued
    text = _text(appendix_pdf_bytes(appendix)[0])
    assert "its records begin on 10/11/2026" in text


def test_issuing_before_the_records_begin_is_refused_and_nothing_is_frozen(
    client, users, young_plan
):
    client.force_login(users["clerk"])
    data = {"plans": [young_plan.pk], "as_at": "2026-11-05", "confirmed": "yes"}
    response = client.post(reverse("reports:appendix-issue"), data)
    assert response.status_code == 400
    assert "its records begin on 10/11/2026" in response.content.decode()
    assert not IssuedAppendix.objects.exists()
    with pytest.raises(reports.TooEarlyError):
        reports.appendix_issue(
            params=AppendixParams(plan_ids=(young_plan.pk,), as_at=date(2026, 11, 5)),
            by=users["clerk"],
        )
    confirm = client.get(reverse("reports:appendix-issue-confirm"), data)
    assert "This appendix cannot be issued" in confirm.content.decode()
    assert "Issue this appendix</button>" not in confirm.content.decode()


def test_issuing_without_the_confirmation_page_only_leads_to_it(client, users, recommendation):
    client.force_login(users["clerk"])
    data = {"plans": [recommendation.plan_id], "as_at": date.today().isoformat()}
    response = client.post(reverse("reports:appendix-issue"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:appendix-issue-confirm"))
    assert not IssuedAppendix.objects.exists()
    confirm = client.get(response["Location"])
    html = confirm.content.decode()
    for words in ("Test Workshop Programme", "OFFICIAL", "Rows", "Pages", "Page 1 of the appendix"):
        assert words in html
    assert confirm.context["rendered"].page_count == 1
    thumb = client.get(reverse("reports:appendix-thumbnail"), data)
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")


def test_the_issued_list_names_the_plans_and_has_no_checksum_column(client, users, recommendation):
    reports.appendix_issue(
        params=AppendixParams(plan_ids=(recommendation.plan_id,), as_at=date.today()),
        by=users["clerk"],
    )
    client.force_login(users["manager"])
    html = client.get(reverse("reports:issued-list")).content.decode()
    assert (
        "Test Workshop Programme" in html
        and '<th scope="col" class="govuk-table__header">Plans</th>' in html
    )
    assert "SHA-256" not in html


def test_papers_issued_the_same_day_are_told_apart_where_they_are_chosen(
    client, users, recommendation, plan, time_machine
):
    """A reviewer issued three papers on one day: the compare lists named each only
    "Appendix A – … (issued 01/12/2026)"."""
    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime(2026, 12, 1, 9, 5, tzinfo=london), tick=False)
    reports.appendix_issue(
        params=AppendixParams(plan_ids=(recommendation.plan_id,), as_at=date(2026, 12, 1)),
        by=users["clerk"],
    )
    time_machine.move_to(datetime(2026, 12, 1, 14, 30, tzinfo=london), tick=False)
    reports.appendix_issue(
        params=AppendixParams(plan_ids=(recommendation.plan_id,), as_at=date(2026, 12, 1)),
        by=users["clerk"],
    )
    client.force_login(users["clerk"])
    page = client.get(reverse("reports:compare")).content.decode()
    assert "(issued 01/12/2026 09:05, 1 plan)" in page
    assert "(issued 01/12/2026 14:30, 1 plan)" in page
