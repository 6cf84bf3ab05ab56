"""Account pages: password change with errors people can act on."""

import pytest

pytestmark = pytest.mark.django_db


def test_empty_password_change_says_what_to_enter(client, users):
    client.force_login(users["officer"])
    response = client.post("/accounts/password_change/", {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter your current password" in body
    assert "Enter a new password" in body
    assert "Enter your new password again" in body
    assert "This field is required" not in body


def test_officer_changes_their_password(client, users):
    client.force_login(users["officer"])
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    assert response.status_code == 302
    users["officer"].refresh_from_db()
    assert users["officer"].check_password("a-much-longer-passphrase-2026")


def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signing_in_records_last_login_without_a_history_row(client, users):
    officer = users["officer"]
    rows = officer.history.count()
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.last_login is not None
    assert officer.history.count() == rows


def test_password_change_is_in_the_history_without_the_password(client, users):
    officer = users["officer"]
    client.force_login(officer)
    client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    record = officer.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (
        officer,
        "Password changed by its owner",
    )
    assert not hasattr(record, "password")
