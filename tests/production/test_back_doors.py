"""The audit trail has no back doors: bulk writes, admin deletes, fixtures, TRUNCATE, drift."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.db.utils import DatabaseError

from partnership import history_guard
from partnership.audit import AuditBypassError
from partnership.models import Organisation, Person, Role, User
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_user_manager_refuses_update_that_would_write_no_history(users):
    with pytest.raises(AuditBypassError):
        User.objects.filter(username="officer").update(role=Role.ADMIN, is_superuser=True)
    with pytest.raises(AuditBypassError):
        User.objects.update(is_superuser=True)
    officer = User.objects.get(username="officer")
    assert (officer.role, officer.is_superuser) == (Role.OFFICER, False)


def test_deleting_a_lead_organisation_is_refused_and_changes_nothing(
    recommendation, organisations, users
):
    from recommendations import services

    charity = organisations["charity"]  # no user accounts: only the lead link protects it
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="t",
        changes={"lead_organisations": [charity]},
    )
    rows = recommendation.history.count()
    with pytest.raises(ProtectedError, match="deactivate"), transaction.atomic():
        charity.delete()
    recommendation.refresh_from_db()
    assert list(recommendation.lead_organisations.all()) == [charity]
    assert recommendation.history.count() == rows


def test_deleting_a_lead_person_is_refused(recommendation, organisations, users):
    from partnership import services as directory
    from partnership.permissions import SYSTEM
    from recommendations import services

    person = directory.person_create(
        name="Ann Lead", initials="AL", organisation=organisations["police"], by=SYSTEM, reason="t"
    )
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="t",
        changes={"lead_people": [person]},
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        Person.objects.get(pk=person.pk).delete()
    assert Person.objects.filter(pk=person.pk).exists()


def test_admin_offers_no_delete_for_organisations_or_people(client, users, recommendation):
    from partnership import services as directory

    admin = directory.user_update(
        user=users["admin"], by=users["admin"], reason="t", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    housing = recommendation.lead_organisations.get()
    response = client.post(f"/admin/partnership/organisation/{housing.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=housing.pk).exists()
    page = client.get(f"/admin/partnership/organisation/{housing.pk}/change/")
    assert b"/delete/" not in page.content


def test_loaddata_cannot_rewrite_an_audited_row(recommendation, settings, tmp_path):
    settings.AUDIT_ALLOW_FIXTURES = False
    fixture = tmp_path / "tamper.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "partnership.organisation",
                    "pk": recommendation.lead_organisations.get().pk,
                    "fields": {"name": "Renamed behind the record", "kind": "team"},
                }
            ]
        )
    )
    with pytest.raises((AuditBypassError, CommandError)), transaction.atomic():
        call_command("loaddata", str(fixture), stdout=StringIO())
    assert not Organisation.objects.filter(name="Renamed behind the record").exists()


def test_issued_paper_rows_refuse_update_even_from_raw_sql(issued_appendix):
    table = connection.ops.quote_name(issued_appendix._meta.db_table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET title = 'forged' WHERE id = %s", [issued_appendix.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_of_history_and_issued_papers_is_refused_on_postgresql(settings, users):
    settings.AUDIT_REFUSE_TRUNCATE = True
    tables = [User.history.model._meta.db_table, "reports_issuedappendix"]
    for table in tables:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            history_guard.install()  # with the TRUNCATE guard on, inside this transaction
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
                cursor.execute(f'TRUNCATE "{table}" CASCADE')
    assert User.history.count() > 0


def test_verify_history_passes_on_clean_data_and_names_drift(recommendation):
    out = StringIO()
    call_command("verify_history", stdout=out)
    assert out.getvalue().startswith("OK")
    table = connection.ops.quote_name(Recommendation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET rag = 'RED' WHERE id = %s", [recommendation.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="1 row"):
        call_command("verify_history", stdout=StringIO(), stderr=err)
    assert f"recommendations.Recommendation #{recommendation.pk}" in err.getvalue()
    assert "rag" in err.getvalue()


def test_changepassword_is_recorded_with_a_reason(users, monkeypatch):
    answers = iter(["a-much-longer-passphrase-2026", "a-much-longer-passphrase-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("changepassword", "officer", stdout=StringIO())
    officer = User.objects.get(username="officer")
    assert officer.check_password("a-much-longer-passphrase-2026")
    newest = officer.history.first()
    assert newest.history_change_reason == "Password changed with manage.py changepassword"
