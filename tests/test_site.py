"""Site-wide guards: migrations, the demo loader, sign-in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from partnership.models import User
from recommendations.models import ActionPlan, Recommendation

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_load_demo_builds_a_realistic_partnership_and_is_idempotent(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "demo-password-1" in out.getvalue()
    counts = (ActionPlan.objects.count(), Recommendation.objects.count())
    history_rows = Recommendation.history.count()
    call_command("load_demo", stdout=StringIO())
    assert (ActionPlan.objects.count(), Recommendation.objects.count()) == counts
    assert Recommendation.history.count() == history_rows

    assert len({p.kind for p in ActionPlan.objects.all()}) >= 3
    assert Recommendation.objects.count() >= 60
    lifecycles = set(Recommendation.objects.values_list("status__lifecycle", flat=True))
    assert {"not_started", "in_progress", "on_hold", "complete", "withdrawn"} <= lifecycles
    assert {"RED", "AMBER", "GREEN", "BLUE", ""} <= set(
        Recommendation.objects.values_list("rag", flat=True)
    )
    assert Recommendation.objects.overdue().exists()
    assert Recommendation.objects.unassigned().exists()
    assert history_rows > Recommendation.objects.count()  # some actions have been updated
    for username in ["officer", "clerk", "manager", "admin"]:
        assert User.objects.get(username=username).check_password("demo-password-1")


def test_login_page_is_served(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


def test_home_sends_anonymous_users_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signed_in_user_sees_home(client, users):
    client.force_login(users["manager"])
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign out" in response.content


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}
