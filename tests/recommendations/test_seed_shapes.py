"""Every table of seeds 000, 002, 003 and the delivery plan in 004 fits the model without loss.

A few real rows are read from the seed files and built through the service layer, one column to
one field; each test then reads every column back from the database.
"""

from __future__ import annotations

import datetime as dt

import pytest

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.models import Lifecycle, Recommendation
from tests.conftest import seed_path

pytestmark = pytest.mark.django_db
R = "Seed shape test"


def tab_row(prefix: str, starts_with: str) -> list[str]:
    for line in seed_path(prefix).read_text(encoding="utf-8").splitlines():
        if line.startswith(starts_with):
            return line.split("\t")
    raise AssertionError(f"no row starting {starts_with!r} in seed {prefix}")


def org(name: str, **kw):
    return directory.organisation_create(name=name, by=SYSTEM, reason=R, **kw)


def test_workshop_row_of_seed_000_keeps_every_column(partnership):
    no, workshop, deficiency, text, handed, unassigned, status = tab_row("000", "19\t")
    plan = services.plan_create(
        partnership=partnership,
        name="Workshops",
        kind="workshop",
        by=SYSTEM,
        reason=R,
        marking="NOT PROTECTIVELY MARKED",
    )
    section = services.section_create(
        plan=plan, title=workshop, kind="workshop", by=SYSTEM, reason=R
    )
    found = services.deficiency_create(
        plan=plan, section=section, number=no, text=deficiency, by=SYSTEM, reason=R
    )
    fib = org("Fraud and Investigation Bureau", abbreviation="FIB")
    rec = services.recommendation_create(
        plan=plan,
        section=section,
        deficiency=found,
        reference=no,
        text=text,
        lead_organisations=[fib],
        leads_text=handed,
        unassigned_note=unassigned,
        status=services.status_for(plan, status),
        by=SYSTEM,
        reason=R,
    )
    rec = Recommendation.objects.with_related().get(pk=rec.pk)
    assert (rec.reference, rec.section.title, rec.deficiency.text) == (no, workshop, deficiency)
    assert rec.text == text and rec.text.count("<del>") == 2  # points 1 and 3 withdrawn, kept
    assert rec.leads_text == handed and list(rec.lead_organisations.all()) == [fib]
    assert rec.unassigned_note == unassigned
    assert rec.status.name == "Pending" and rec.status.lifecycle == Lifecycle.NOT_STARTED
    assert rec.plan.marking == "NOT PROTECTIVELY MARKED"


def test_workshop_row_without_lead_is_unassigned(partnership):
    no, workshop, deficiency, text, handed, *_ = tab_row("000", "41\t")
    plan = services.plan_create(
        partnership=partnership, name="Workshops", kind="workshop", by=SYSTEM, reason=R
    )
    rec = services.recommendation_create(
        plan=plan,
        reference=no,
        text=text,
        leads_text=handed,
        status=services.status_for(plan, "In Progress"),
        by=SYSTEM,
        reason=R,
    )
    assert handed == "" and rec.is_unassigned
    assert Recommendation.objects.unassigned().get() == rec


def test_case_review_row_of_seed_002_keeps_every_column(partnership):
    text = seed_path("002").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| <p>1. Victim Support"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    recommendation, lead, work, target, status = cells
    plan = services.plan_create(
        partnership=partnership, name="Case review", kind="case_review", by=SYSTEM, reason=R
    )
    leads = [org("Victim Support"), org("City of London Police", abbreviation="CoLP")]
    rec = services.recommendation_create(
        plan=plan,
        reference="1",
        text=recommendation,
        lead_organisations=leads,
        leads_text=lead,
        work_to_date=work + " support is on offer in the City.",
        target_date_text=target.removeprefix("<p>").removesuffix("</p>"),
        status=services.status_for(plan, "On target"),
        by=SYSTEM,
        reason=R,
    )
    rec.refresh_from_db()
    assert rec.work_to_date.endswith("support is on offer in the City.")
    assert rec.target_date_text == "February 2017"
    assert (rec.target_date, rec.target_date_precision) == (dt.date(2017, 2, 1), "month")
    assert rec.due_date == dt.date(2017, 2, 28)
    assert {o.name for o in rec.lead_organisations.all()} == {
        "Victim Support",
        "City of London Police",
    }
    assert rec.status.name == "On target" and rec.is_outstanding
    assert status == "<p>On target</p>"


def test_strategy_row_of_seed_003_keeps_every_column(partnership):
    action, deadline, outcome, lead, notes, rag = tab_row("003", "Compulsory training")
    plan = services.plan_create(
        partnership=partnership, name="VAWG", kind="strategy", by=SYSTEM, reason=R
    )
    priority = services.section_create(
        plan=plan,
        number="1",
        title="People are prevented from becoming victims of VAWG.",
        narrative="Appropriate education and training...",
        kind="priority",
        by=SYSTEM,
        reason=R,
    )
    people = [
        directory.person_create(name="A F", initials="AF", by=SYSTEM, reason=R),
        directory.person_create(name="L G", initials="LG", by=SYSTEM, reason=R),
    ]
    rec = services.recommendation_create(
        plan=plan,
        section=priority,
        reference="1.2",
        text=action,
        target_date_text=deadline,
        outcome=outcome,
        leads_text=lead,
        lead_people=people,
        notes=notes,
        status=services.status_for(plan, rag),
        by=SYSTEM,
        reason=R,
    )
    rec.refresh_from_db()
    assert rec.target_date_text == "February 2020 COMPLETE"
    assert (rec.target_date, rec.target_date_precision) == (dt.date(2020, 2, 1), "month")
    assert (rec.outcome, rec.leads_text, rec.notes) == (outcome, "AF and LG", notes)
    assert rec.status.lifecycle == Lifecycle.COMPLETE and not rec.is_outstanding
    assert rec.section.narrative.startswith("Appropriate education")
    services.recommendation_update(recommendation=rec, by=SYSTEM, reason=R, changes={"rag": "BLUE"})
    rec.refresh_from_db()
    assert rec.get_rag_display() == "Blue"


def test_delivery_plan_row_of_seed_004_keeps_every_column(partnership):
    area, action, lead, milestone, commentary = tab_row("004", "<p><b>1. Increase")
    plan = services.plan_create(
        partnership=partnership, name="DV delivery plan", kind="delivery", by=SYSTEM, reason=R
    )
    section = services.section_create(
        plan=plan, title=area, kind="priority_area", by=SYSTEM, reason=R
    )
    rec = services.recommendation_create(
        plan=plan,
        section=section,
        reference="1.1",
        text=action,
        leads_text=lead,
        next_milestone=milestone,
        next_milestone_date=dt.date(2015, 12, 1),
        commentary=commentary,
        status=services.status_for(plan, "ON HOLD"),
        by=SYSTEM,
        reason=R,
    )
    services.recommendation_update(
        recommendation=rec,
        by=SYSTEM,
        reason="Revised",
        changes={
            "revised_target_date_text": "8th November 2016",
            "revised_date_reason": "Await 100 days before support",
        },
    )
    rec.refresh_from_db()
    assert (rec.section.title, rec.text, rec.leads_text) == (area, action, lead)
    assert (rec.next_milestone, rec.commentary) == (milestone, commentary)
    assert rec.revised_target_date == dt.date(2016, 11, 8)
    assert rec.revised_target_date_precision == "day"
    assert rec.due_date == dt.date(2016, 11, 8)
    assert rec.status.lifecycle == Lifecycle.ON_HOLD and rec.is_outstanding
