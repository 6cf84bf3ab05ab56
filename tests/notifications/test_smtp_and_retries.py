"""The SMTP path for real (aiosmtpd on loopback), failures retried with backoff, EMAIL_URL."""

from __future__ import annotations

import asyncio
import email
import socket
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from notifications.delivery import backoff
from notifications.models import Notification, Status
from partnership.email_url import parse_email_url
from tests.notifications.conftest import SITE, send

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self, delay: float = 0):
        self.messages = []
        self.delay = delay  # seconds per message: a slow server keeps two senders busy together

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    controller.start()
    yield inbox, port
    controller.stop()


def test_update_requests_go_through_a_real_smtp_server(smtp, update_round, actions):
    inbox, _ = smtp
    send()

    received = {tuple(to): message for to, message in inbox.messages}
    assert set(received) == {
        ("officer@example.test",),
        ("housing@example.test",),
        ("police@example.test",),
    }
    message = received[("police@example.test",)]
    assert message["Subject"] == "Please update your actions by 20 November 2026"
    assert message["From"] == "tracker@example.test"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = SITE + reverse("recommendations:update", args=[actions["police"].pk])
    assert link in text and link in html
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_failed_send_is_retried_with_backoff_and_recorded_once(
    smtp, update_round, settings, time_machine
):
    inbox, port = smtp
    settings.EMAIL_PORT = free_port()  # nothing listens there: the mail server is down
    assert send() == []
    rows = Notification.objects.filter(update_round=update_round)
    assert rows.count() == 3
    first = rows.first()
    assert first.status == Status.PENDING and first.attempts == 1
    assert "Connection refused" in first.last_error or "Errno" in first.last_error
    assert first.next_attempt_at == pytest.approx(
        timezone.now() + backoff(1), abs=timedelta(seconds=5)
    )

    send()  # too soon: nothing is tried again
    assert set(rows.values_list("attempts", flat=True)) == {1}

    settings.EMAIL_PORT = port  # the server is back
    time_machine.shift(backoff(1) + timedelta(seconds=1))
    send()
    assert len(inbox.messages) == 3
    assert rows.count() == 3
    assert set(rows.values_list("status", "attempts")) == {(Status.SENT, 2)}


def test_after_the_last_attempt_the_failure_and_its_reason_are_kept(
    smtp, update_round, settings, time_machine
):
    settings.EMAIL_PORT = free_port()
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    send()
    time_machine.shift(backoff(1) + timedelta(seconds=1))
    send()
    time_machine.shift(backoff(2) + timedelta(days=1))
    send()
    rows = Notification.objects.filter(update_round=update_round)
    assert set(rows.values_list("status", "attempts")) == {(Status.FAILED, 2)}
    assert all(row.last_error for row in rows)


def test_backoff_doubles_from_the_base(settings):
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:p%40ss@smtp.example.gov.uk:587?tls=true",
            {
                "EMAIL_HOST": "smtp.example.gov.uk",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://relay.example.gov.uk", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://relay", {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_sets_djangos_email_settings(url, expected):
    parsed = parse_email_url(url)
    assert {key: parsed[key] for key in expected} == expected


def test_a_malformed_email_url_is_refused_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with"):
        parse_email_url("smpt://typo")
