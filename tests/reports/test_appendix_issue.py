"""Issuing an appendix freezes it: the exact PDF, its parameters, checksum, who and when."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from appendix_fixtures import SEED_000_NUMBERS, build_seed_000, pdf_pages
from django.core.management import CommandError, call_command
from django.urls import reverse

from meetings import services as meeting_services
from partnership.permissions import SYSTEM
from recommendations import services as rec_services
from recommendations.models import Recommendation
from reports.models import FrozenRecordError, IssuedAppendix

pytestmark = pytest.mark.django_db
ISSUE = reverse("reports:appendix-issue")
LIST = reverse("reports:issued-list")


@pytest.fixture
def meeting(partnership, users):
    committee = meeting_services.committee_create(
        partnership=partnership, name="Safer City Partnership", by=SYSTEM, reason="Test"
    )
    return meeting_services.meeting_create(
        committee=committee, date=date(2025, 6, 30), by=SYSTEM, reason="Test"
    )


def _form(plan, **extra):
    # "confirmed": the clerk pressed "Issue this appendix" on the confirmation page.
    return {"plans": [plan.pk], "as_at": date.today().isoformat(), "confirmed": "yes", **extra}


def test_a_clerk_issues_an_appendix_for_a_meeting_and_it_is_listed(
    client, users, recommendation, meeting
):
    client.force_login(users["clerk"])
    response = client.post(ISSUE, _form(recommendation.plan, meeting=meeting.pk))
    assert response.status_code == 302 and response["Location"] == LIST

    paper = IssuedAppendix.objects.get()
    assert paper.meeting == meeting and list(meeting.appendices.all()) == [paper]
    assert paper.issued_by == users["clerk"]
    assert paper.parameters["plan_ids"] == [recommendation.plan.pk]
    assert paper.checksum_matches() and paper.size == len(bytes(paper.pdf))
    assert paper.title.endswith(f"as at {date.today():%d/%m/%Y}")

    listing = client.get(LIST)
    assert paper.title in listing.content.decode()
    assert listing.content.count(b"<h1") == 1


def test_an_issued_appendix_is_served_unchanged_after_the_data_changes(
    client, users, recommendation
):
    client.force_login(users["clerk"])
    client.post(ISSUE, _form(recommendation.plan))
    paper = IssuedAppendix.objects.get()
    first = client.get(reverse("reports:issued-pdf", args=[paper.pk]))

    rec_services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="Test",
        changes={"text": "Completely new words."},
    )
    again = client.get(reverse("reports:issued-pdf", args=[paper.pk]))
    assert again.status_code == 200 and again.content == first.content == bytes(paper.pdf)
    assert "Live point" in " ".join(pdf_pages(again.content)[0].split())


def test_a_tampered_copy_is_never_served(client, users, recommendation):
    client.force_login(users["clerk"])
    client.post(ISSUE, _form(recommendation.plan))
    paper = IssuedAppendix.objects.get()
    # Simulate corruption beneath the application: the model refuses any change and the table's
    # append-only trigger refuses UPDATE, so switch the trigger off inside this test's
    # transaction (rolled back afterwards), as only a superuser could.
    from django.db import connection

    table = IssuedAppendix._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{table}_append_only"')
        else:
            cursor.execute(f'DROP TRIGGER "{table}_no_update"')
        cursor.execute(
            f"UPDATE {IssuedAppendix._meta.db_table} SET pdf = %s WHERE id = %s",
            [b"%PDF-1.7 forged", paper.pk],
        )
    response = client.get(reverse("reports:issued-pdf", args=[paper.pk]))
    assert response.status_code == 500
    assert b"failed its integrity check" in response.content


def test_issued_appendices_cannot_be_changed_or_deleted(client, users, recommendation):
    client.force_login(users["clerk"])
    client.post(ISSUE, _form(recommendation.plan))
    paper = IssuedAppendix.objects.get()
    paper.title = "Changed"
    with pytest.raises(FrozenRecordError):
        paper.save()
    with pytest.raises(FrozenRecordError):
        paper.delete()
    with pytest.raises(FrozenRecordError):
        IssuedAppendix.objects.all().delete()
    with pytest.raises(FrozenRecordError):
        IssuedAppendix.objects.update(title="Changed")


def test_the_admin_shows_issued_appendices_read_only(client, users, recommendation):
    client.force_login(users["clerk"])
    client.post(ISSUE, _form(recommendation.plan))
    paper = IssuedAppendix.objects.get()
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:reports_issuedappendix_change", args=[paper.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Changed"})
    assert response.status_code == 403
    delete = reverse("admin:reports_issuedappendix_delete", args=[paper.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert IssuedAppendix.objects.get().title == paper.title


@pytest.mark.parametrize("role", ["manager", "officer", "other_officer"])
def test_only_clerks_and_admins_issue(client, users, recommendation, role):
    client.force_login(users[role])
    assert client.post(ISSUE, _form(recommendation.plan)).status_code == 403
    assert not IssuedAppendix.objects.exists()


def test_managers_read_issued_papers_and_officers_do_not(client, users, recommendation):
    client.force_login(users["admin"])
    client.post(ISSUE, _form(recommendation.plan))
    paper = IssuedAppendix.objects.get()
    client.force_login(users["manager"])
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("reports:issued-pdf", args=[paper.pk])).status_code == 200
    client.force_login(users["officer"])
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("reports:issued-pdf", args=[paper.pk])).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302


def test_issuing_answers_only_post_and_the_list_only_get(client, users, recommendation):
    client.force_login(users["clerk"])
    assert client.get(ISSUE).status_code == 405
    assert client.post(LIST).status_code == 405


def test_the_issued_list_runs_a_fixed_number_of_queries(
    client, users, recommendation, django_assert_max_num_queries
):
    client.force_login(users["clerk"])
    for _ in range(3):
        client.post(ISSUE, _form(recommendation.plan))
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.content.decode().count("as at") >= 3


def test_the_command_exports_seed_000_as_at_a_date(partnership, users, tmp_path):
    plan = build_seed_000(partnership=partnership, clerk=users["clerk"])
    out = tmp_path / "appendix.pdf"
    stdout = StringIO()
    call_command(
        "export_appendix",
        "--plan",
        plan.name,
        "--as-at",
        date.today().isoformat(),
        "--marking",
        "NOT PROTECTIVELY MARKED",
        "--output",
        str(out),
        stdout=stdout,
    )
    assert "13 rows" in stdout.getvalue()
    text = "\n".join(pdf_pages(out.read_bytes()))
    assert f"as at {date.today():%d/%m/%Y}" in text
    for number in SEED_000_NUMBERS:
        assert Recommendation.objects.filter(plan=plan, reference=number).exists()


def test_the_command_takes_columns_and_refuses_unknown_plans(recommendation, tmp_path):
    out = tmp_path / "a.pdf"
    call_command(
        "export_appendix",
        "--plan",
        recommendation.plan.slug,
        "--as-at",
        date.today().isoformat(),
        "--columns",
        "reference,text,status",
        "--include-completed",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    text = pdf_pages(out.read_bytes())[0]
    assert "Current Status" in text and "Handed over to" not in text
    with pytest.raises(CommandError):
        call_command(
            "export_appendix",
            "--plan",
            "No such plan",
            "--as-at",
            "2025-01-01",
            "--output",
            str(out),
        )
