"""First run: setup_partnership creates a partnership and its administrator, idempotently."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from partnership.models import Partnership, Role, User
from recommendations.models import Recommendation
from tests.conftest import seed_path

pytestmark = pytest.mark.django_db


def signs_in(client, username: str, password: str) -> bool:
    """Sign in through the login form (django-axes needs the request), as a person does."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


ARGS = ["--name", "Riverside Safer Partnership", "--short-name", "RSP"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("setup_partnership", *args, stdout=out)
    return out.getvalue()


def link_in(output: str) -> str:
    return re.search(r"http://\S+", output).group(0)


def test_setup_creates_the_partnership_and_an_administrator_with_a_set_password_link(client):
    output = run(*ARGS, "--admin-email", "Coordinator@Example.gov.uk")
    partnership = Partnership.objects.get()
    assert (partnership.name, partnership.short_name) == ("Riverside Safer Partnership", "RSP")
    admin = User.objects.get()
    assert admin.username == "coordinator@example.gov.uk"
    assert admin.role == Role.ADMIN and admin.is_staff and not admin.has_usable_password()
    assert partnership.history.get().history_change_reason == "First run: setup_partnership"

    path = link_in(output).removeprefix("http://127.0.0.1:8000")
    form_page = client.get(path, follow=True)
    assert b"Set your password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "river-bank-lantern-42", "new_password2": "river-bank-lantern-42"},
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.check_password("river-bank-lantern-42")
    assert signs_in(Client(), admin.username, "river-bank-lantern-42")


def test_running_it_again_changes_nothing_and_prints_a_fresh_link_while_no_password_is_set():
    run(*ARGS, "--admin-email", "coordinator@example.gov.uk")
    again = run(*ARGS, "--admin-email", "coordinator@example.gov.uk")
    assert "already exists" in again and link_in(again)
    assert Partnership.objects.count() == 1 and User.objects.count() == 1
    assert Partnership.objects.get().history.count() == 1

    admin = User.objects.get()
    admin.set_password("river-bank-lantern-42")
    admin.save()
    done = run(*ARGS, "--admin-email", "coordinator@example.gov.uk")
    assert "already set a password" in done and "http://" not in done


def test_a_used_link_no_longer_works(client):
    output = run(*ARGS, "--admin-email", "coordinator@example.gov.uk")
    path = link_in(output).removeprefix("http://127.0.0.1:8000")
    landed = client.get(path, follow=True).redirect_chain[-1][0]
    passwords = {"new_password1": "river-bank-lantern-42", "new_password2": "river-bank-lantern-42"}
    client.post(landed, passwords)
    assert b"The invitation link has expired" in Client().get(path, follow=True).content


def test_a_bad_email_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="not an email address"):
        run(*ARGS, "--admin-email", "not-an-email")
    assert not Partnership.objects.exists() and not User.objects.exists()


def test_import_plan_then_works_for_the_new_partnership():
    run(*ARGS, "--admin-email", "coordinator@example.gov.uk")
    out = StringIO()
    call_command(
        "import_plan",
        str(seed_path("000")),
        "--partnership",
        "RSP",
        "--kind",
        "workshop",
        stdout=out,
    )
    assert "Imported" in out.getvalue()
    assert Recommendation.objects.filter(plan__partnership__short_name="RSP").count() == 13
