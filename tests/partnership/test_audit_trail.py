"""Every write path records a history row with the acting user and a reason."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from partnership import services as directory
from partnership.audit import AuditBypassError, history_entries
from partnership.models import Organisation, Person
from recommendations import services
from recommendations.models import ProgressUpdate, Recommendation, Section, StatusLabel

pytestmark = pytest.mark.django_db


def latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def test_directory_writes_record_user_and_reason(users, organisations):
    clerk = users["clerk"]
    org = directory.organisation_create(name="New Charity", by=clerk, reason="Joined the board")
    person = directory.person_create(
        name="Jo Wells", initials="JW", organisation=org, by=clerk, reason="New lead"
    )
    directory.organisation_update(
        organisation=org, abbreviation="NC", by=clerk, reason="Abbreviation agreed"
    )
    directory.person_update(person=person, title="Manager", by=clerk, reason="Title given")
    for obj, reason in [(org, "Abbreviation agreed"), (person, "Title given")]:
        record = latest(obj)
        assert record.history_user == clerk
        assert record.history_change_reason == reason
    assert org.history.count() == 2 and person.history.count() == 2


def test_plan_and_section_writes_record_user_and_reason(plan, users):
    clerk = users["clerk"]
    record = latest(plan)
    assert (record.history_user, record.history_change_reason) == (clerk, "Test fixture")
    status = StatusLabel.objects.filter(plan=plan).first()
    assert latest(status).history_user == clerk
    section = services.section_create(
        plan=plan, title="Vulnerable Person", kind="workshop", by=clerk, reason="From paper"
    )
    services.section_update(section=section, narrative="Held in March", by=clerk, reason="Notes")
    assert latest(section).history_change_reason == "Notes"
    services.plan_update(plan=plan, marking="OFFICIAL-SENSITIVE", by=clerk, reason="Sensitive")
    assert latest(plan).history_change_reason == "Sensitive"


def test_recommendation_create_writes_one_history_row_with_leads(recommendation, organisations):
    rows = list(recommendation.history.all())
    assert len(rows) == 1
    assert rows[0].history_type == "+"
    assert rows[0].history_user.username == "clerk"
    assert [m.organisation_id for m in rows[0].lead_organisations.all()] == [
        organisations["housing"].pk
    ]


def test_recommendation_update_records_who_what_when_why(recommendation, users, plan):
    officer = users["housing_officer"]
    in_progress = services.status_for(plan, "In Progress")
    services.recommendation_update(
        recommendation=recommendation,
        by=officer,
        reason="Meeting held with police",
        changes={"status": in_progress, "rag": "AMBER"},
        expected_version=1,
        progress_note="Met the team on 3 March.",
    )
    entries = history_entries(recommendation)
    newest = entries[0]
    assert newest.who == "Housing Tester"
    assert newest.reason == "Meeting held with police"
    assert newest.kind == "Changed"
    changed = {c.field: (c.old, c.new) for c in newest.changes}
    assert changed["Status"] == ("Pending", "In Progress")
    assert changed["RAG rating"] == ("Not rated", "Amber")
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert latest(update).history_user == officer
    assert update.author == officer


def test_lead_change_is_one_history_row_showing_old_and_new(recommendation, users, organisations):
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="Handed over to police",
        changes={"lead_organisations": [organisations["police"]]},
    )
    assert recommendation.history.count() == 2
    change = {c.field: c for c in history_entries(recommendation)[0].changes}
    assert change["Lead agencies"].old == "Housing Team"
    assert change["Lead agencies"].new == "Test Police"


def test_no_op_update_writes_no_history(recommendation, users, plan):
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="Nothing really",
        changes={"status": recommendation.status, "rag": ""},
    )
    assert recommendation.history.count() == 1
    recommendation.refresh_from_db()
    assert recommendation.version == 1


def test_reason_is_required(plan, users):
    with pytest.raises(ValueError, match="reason"):
        services.section_create(plan=plan, title="X", by=users["clerk"], reason="  ")


@pytest.mark.parametrize(
    "call",
    [
        lambda: Recommendation.objects.all().update(rag="RED"),
        lambda: Recommendation.objects.bulk_update([], ["rag"]),
        lambda: Recommendation.objects.bulk_create([]),
        lambda: Recommendation.objects.all().delete(),
        lambda: Organisation.objects.all().update(name="x"),
        lambda: Person.objects.bulk_create([]),
        lambda: Section.objects.filter(pk=1).update(title="x"),
    ],
)
def test_bulk_writes_that_skip_history_are_refused(recommendation, call):
    with pytest.raises(AuditBypassError):
        call()


def test_state_at_a_past_moment_reads_back_from_history(recommendation, users, plan):
    complete = services.status_for(plan, "Complete")
    with time_machine.travel(dt.datetime(2030, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        services.recommendation_update(
            recommendation=recommendation,
            by=users["clerk"],
            reason="In progress now",
            changes={"status": services.status_for(plan, "In Progress"), "rag": "GREEN"},
        )
    with time_machine.travel(dt.datetime(2030, 2, 10, 12, tzinfo=dt.UTC), tick=False):
        services.recommendation_update(
            recommendation=recommendation,
            by=users["clerk"],
            reason="Done",
            changes={"status": complete, "text": "Rewritten text"},
        )
    then = recommendation.history.as_of(dt.datetime(2030, 1, 31, tzinfo=dt.UTC))
    assert then.status.name == "In Progress"
    assert then.rag == "GREEN"
    assert "Withdrawn point" in then.text
    now = recommendation.history.as_of(dt.datetime(2030, 3, 1, tzinfo=dt.UTC))
    assert now.status == complete and now.text == "Rewritten text"
    as_of_all = Recommendation.history.as_of(dt.datetime(2030, 1, 31, tzinfo=dt.UTC))
    assert [r.status_id for r in as_of_all] == [services.status_for(plan, "In Progress").pk]


def test_status_of_another_plan_is_refused(recommendation, partnership, users):
    other = services.plan_create(
        partnership=partnership, name="Other", kind="case_review", by=users["clerk"], reason="x"
    )
    before = recommendation.history.count()
    with pytest.raises(ValidationError, match="not a status of"):
        services.recommendation_update(
            recommendation=recommendation,
            by=users["clerk"],
            reason="wrong",
            changes={"status": services.status_for(other, "On target")},
        )
    recommendation.refresh_from_db()
    assert recommendation.status.plan == recommendation.plan
    assert recommendation.history.count() == before


def test_reference_is_unique_within_a_plan(recommendation, plan, users):
    with pytest.raises(ValidationError):
        services.recommendation_create(
            plan=plan,
            reference="19",
            text="Duplicate",
            status=services.status_for(plan, "Pending"),
            by=users["clerk"],
            reason="dup",
        )


def test_officer_cannot_update_another_agencys_action(recommendation, users):
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=recommendation,
            by=users["other_officer"],
            reason="Not mine",
            changes={"rag": "RED"},
        )
    assert recommendation.history.count() == 1


def test_officer_of_parent_organisation_can_update_teams_action(recommendation, users):
    services.recommendation_update(
        recommendation=recommendation,
        by=users["officer"],
        reason="Council lead",
        changes={"rag": "RED"},
    )
    assert latest(recommendation).history_user == users["officer"]


def test_fuzzy_target_date_keeps_words_and_computes_due_date(recommendation):
    assert recommendation.target_date_text == "February 2017"
    assert recommendation.target_date == dt.date(2017, 2, 1)
    assert recommendation.target_date_precision == "month"
    assert recommendation.due_date == dt.date(2017, 2, 28)
    assert recommendation.is_overdue(dt.date(2017, 3, 1))
    assert not recommendation.is_overdue(dt.date(2017, 2, 28))


def test_history_tables_refuse_updates_even_from_raw_sql(recommendation):
    from django.db import DatabaseError, connection, transaction

    table = Recommendation.history.model._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET history_change_reason = 'rewritten'")
    assert recommendation.history.get().history_change_reason == "Test fixture"


def test_history_tables_refuse_deletes_on_postgresql(recommendation):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for the test runner's table flush")
    table = Recommendation.history.model._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table}")
    assert recommendation.history.count() == 1


def test_every_audited_table_is_guarded():
    from partnership.history_guard import history_tables

    tables = history_tables()
    assert "recommendations_historicalrecommendation" in tables
    assert "recommendations_historicalrecommendation_lead_organisations" in tables
    assert "partnership_historicaluser" in tables


def _churn(recommendation, plan, users, organisations, times):
    words = ["In Progress", "Pending"]
    leads = [[organisations["police"]], [organisations["housing"]]]
    for n in range(times):
        services.recommendation_update(
            recommendation=recommendation,
            by=users["clerk"],
            reason=f"Round {n}",
            changes={
                "status": services.status_for(plan, words[n % 2]),
                "lead_organisations": leads[n % 2],
            },
        )


def test_reading_history_costs_the_same_queries_however_long_it_is(
    recommendation, plan, users, organisations
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _churn(recommendation, plan, users, organisations, 2)
    with CaptureQueriesContext(connection) as short:
        assert len(history_entries(recommendation)) == 3
    _churn(recommendation, plan, users, organisations, 12)
    with CaptureQueriesContext(connection) as long:
        entries = history_entries(recommendation)
    assert len(entries) == 15
    assert len(long.captured_queries) == len(short.captured_queries)
    newest = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert newest["Lead agencies"] == ("Test Police", "Housing Team")
    assert newest["Status"] == ("In Progress", "Pending")


def test_user_role_change_is_audited_and_an_officer_needs_an_organisation(users):
    manager = users["manager"]
    with pytest.raises(ValidationError, match="organisation"):
        directory.user_update(user=manager, role="officer", by=users["admin"], reason="Moved")
    manager.refresh_from_db()
    assert manager.role == "manager" and manager.history.count() == 1
    directory.user_update(user=manager, role="clerk", by=users["admin"], reason="New job")
    record = latest(manager)
    assert (record.role, record.history_user, record.history_change_reason) == (
        "clerk",
        users["admin"],
        "New job",
    )


def test_a_history_row_written_outside_the_services_still_says_where_from(organisations, caplog):
    org = organisations["charity"]
    org.name = "Renamed without a service"
    org.save()  # what a third-party form would do
    record = latest(org)
    assert record.history_change_reason == "No reason given (changed through a command)"
    assert "without a reason" in caplog.text


def test_the_guard_finds_every_audited_model_in_every_app_without_a_list_of_apps():
    from django.apps import apps

    from partnership.history_guard import history_tables

    audited = [m for m in apps.get_models() if getattr(m, "_history_records", None)]
    assert {m._meta.app_label for m in audited} >= {"partnership", "recommendations", "meetings"}
    tables = set(history_tables())
    assert {m.history.model._meta.db_table for m in audited} <= tables
