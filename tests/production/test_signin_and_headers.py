"""Sign-in throttling, sign-in logging and the security headers."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _sign_in(client, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": "officer", "password": password}, REMOTE_ADDR=address)


def test_the_throttle_engages_after_five_failures_and_releases(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "wrong").status_code == 200  # the form again, with its error
    assert _sign_in(client, "wrong").status_code == 429  # the fifth failure locks the pair
    locked = _sign_in(client, "correct-horse-battery")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _sign_in(client, "correct-horse-battery").status_code == 302


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _sign_in(client, "wrong", address="203.0.113.9")
    assert _sign_in(client, "correct-horse-battery", address="10.0.0.1").status_code == 302


def test_sign_ins_are_logged_without_passwords(client, users, caplog):
    with caplog.at_level(logging.INFO, logger="partnership.signin"):
        _sign_in(client, "not-the-password-123")
        _sign_in(client, "correct-horse-battery")
    lines = [r.getMessage() for r in caplog.records if r.name == "partnership.signin"]
    assert any("sign-in failed user=officer" in line for line in lines)
    assert any("sign-in ok user=officer" in line for line in lines)
    assert not any("not-the-password-123" in line or "correct-horse" in line for line in lines)


def test_every_page_carries_a_strict_content_security_policy(client, users):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    client.force_login(users["manager"])
    assert "default-src 'self'" in client.get("/actions/")["Content-Security-Policy"]


def test_no_page_template_has_inline_script_or_style(settings):
    """The CSP allows no inline script or style: a template that had one would break in browsers.
    (PDF templates are rendered by WeasyPrint and emails by mail clients, not under our CSP, and
    may style inline.)"""
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        parts = set(path.relative_to(root).parts)
        if parts & {"pdf", "email", "emails", "mail"} or "email" in path.name:
            continue
        text = path.read_text()
        if ' style="' in text or "<style" in text:
            offenders.append(f"{path.relative_to(root)}: style")
        for tag in text.split("<script")[1:]:
            if "src=" not in tag.split(">", 1)[0]:
                offenders.append(f"{path.relative_to(root)}: inline script")
    assert offenders == []
