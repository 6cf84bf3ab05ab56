"""Invitations: a clerk invites an officer by email; the officer sets their own password from a
signed, one-time, expiring link; accounts are deactivated, never deleted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.audit import history_entries
from partnership.models import Role, User

pytestmark = pytest.mark.django_db


def signs_in(client, username: str, password: str) -> bool:
    """Sign in through the login form (django-axes needs the request), as a person does."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


PASSWORDS = {"new_password1": "kettle-harbour-violet-9", "new_password2": "kettle-harbour-violet-9"}


def invite(client, organisations, **extra):
    data = {
        "email": "Jo.Bloggs@Police.example",
        "first_name": "Jo",
        "last_name": "Bloggs",
        "role": Role.OFFICER,
        "organisation": organisations["police"].pk,
    }
    return client.post(reverse("directory:user-invite"), data | extra)


def sent_link() -> str:
    return re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)


def test_a_clerk_invites_an_officer_who_sets_a_password_and_signs_in(client, users, organisations):
    client.force_login(users["clerk"])
    assert invite(client, organisations).status_code == 302
    officer = User.objects.get(username="jo.bloggs@police.example")
    assert (officer.role, officer.organisation) == (Role.OFFICER, organisations["police"])
    assert not officer.has_usable_password()
    assert history_entries(officer)[0].who == "Clerk Tester"

    message = mail.outbox[0]
    assert message.to == ["jo.bloggs@police.example"]
    assert "Clerk Tester has invited you" in message.body and "Test Police" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "Set your password" in html

    invitee = Client()
    landed = invitee.get(sent_link(), follow=True).redirect_chain[-1][0]
    assert invitee.post(landed, PASSWORDS).status_code == 302
    assert signs_in(invitee, "jo.bloggs@police.example", PASSWORDS["new_password1"])
    newest = officer.history.order_by("-history_date", "-history_id").first()
    assert newest.history_change_reason == "Password set from an invitation"


def test_the_link_expires(client, users, organisations, settings):
    client.force_login(users["clerk"])
    invite(client, organisations)
    link = sent_link()
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later, tick=False):
        response = Client().get(link, follow=True)
    assert b"The invitation link has expired" in response.content


def test_a_password_reset_link_is_not_an_invitation(client, users, organisations):
    from django.contrib.auth.tokens import default_token_generator

    client.force_login(users["clerk"])
    invite(client, organisations)
    officer = User.objects.get(username="jo.bloggs@police.example")
    uidb64 = sent_link().split("/")[3]
    forged = reverse(
        "invitation-accept", args=[uidb64, default_token_generator.make_token(officer)]
    )
    assert b"The invitation link has expired" in Client().get(forged, follow=True).content


def test_an_officer_needs_an_organisation_and_an_email_only_once(client, users, organisations):
    client.force_login(users["clerk"])
    response = invite(client, organisations, organisation="")
    assert "Choose the organisation the officer acts for" in response.content.decode()
    invite(client, organisations)
    again = invite(client, organisations, email="jo.bloggs@police.example")
    assert "There is already an account for jo.bloggs@police.example" in again.content.decode()
    assert len(mail.outbox) == 1


def test_clerks_invite_officers_but_only_administrators_invite_other_roles(
    client, users, organisations
):
    client.force_login(users["clerk"])
    response = invite(client, organisations, role=Role.ADMIN, email="boss@example.gov.uk")
    assert response.status_code == 200 and not User.objects.filter(username="boss@example.gov.uk")
    client.force_login(users["admin"])
    assert (
        invite(client, organisations, role=Role.MANAGER, email="m@example.gov.uk").status_code
        == 302
    )
    assert User.objects.get(username="m@example.gov.uk").role == Role.MANAGER


def test_officers_and_managers_cannot_invite(client, users, organisations):
    for role in ("officer", "manager"):
        client.force_login(users[role])
        assert invite(client, organisations).status_code == 403
    assert not mail.outbox


def test_an_account_is_deactivated_with_a_reason_and_kept(client, users):
    client.force_login(users["admin"])
    officer = users["other_officer"]
    url = reverse("directory:user-detail", args=[officer.pk])
    assert "Enter the reason" in client.post(url, {}).content.decode()
    assert client.post(url, {"reason": "Left the force"}).status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    assert history_entries(officer)[0].reason == "Left the force"
    assert not signs_in(Client(), "police", "correct-horse-battery")
    client.post(url, {"reason": "Came back"})
    officer.refresh_from_db()
    assert officer.is_active


def test_nobody_deactivates_their_own_account(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("directory:user-detail", args=[users["admin"].pk]), {"reason": "Oops"}
    )
    assert "You cannot deactivate your own account" in response.content.decode()
    users["admin"].refresh_from_db()
    assert users["admin"].is_active


def test_the_invitation_can_be_sent_again_until_a_password_is_set(client, users, organisations):
    client.force_login(users["clerk"])
    invite(client, organisations)
    officer = User.objects.get(username="jo.bloggs@police.example")
    client.post(reverse("directory:user-resend", args=[officer.pk]))
    assert len(mail.outbox) == 2
    client.post(reverse("directory:user-resend", args=[users["officer"].pk]))
    assert len(mail.outbox) == 2  # already has a password: nothing sent
