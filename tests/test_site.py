"""Site-wide guards: migrations, the demo loader, sign-in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnership.models import Partnership, User
from partnership.permissions import SYSTEM
from partnership.services import user_create
from recommendations.models import ActionPlan, Recommendation
from tests.conftest import load_demo

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_load_demo_builds_a_realistic_partnership_and_is_idempotent(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    assert "demo-password-1" in load_demo()
    counts = (ActionPlan.objects.count(), Recommendation.objects.count())
    history_rows = Recommendation.history.count()
    load_demo()
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


def test_the_demo_history_spans_two_years_of_updates_by_named_officers(monkeypatch):

    from recommendations.models import ProgressUpdate
    from reports.dashboard import outstanding_over_time

    load_demo()
    rows = Recommendation.history.all()
    assert not rows.filter(history_user__isnull=True).exists()  # no "System" update
    updates = rows.filter(history_type="~")
    writers = set(updates.values_list("history_user__username", flat=True))
    assert {"officer", "officer2", "jwhitfield", "pnair", "clerk"} <= writers
    dates = sorted(updates.values_list("history_date", flat=True))
    assert (dates[-1] - dates[0]).days > 600
    assert ProgressUpdate.objects.filter(author__isnull=True).count() == 0
    assert Recommendation.objects.exclude(revised_target_date_text="").count() >= 5  # slippage
    manager = User.objects.get(username="manager")  # reads every demo plan
    counts = [bar.count for bar in outstanding_over_time(manager, months=24)]
    assert counts[0] > 0 and len(set(counts)) >= 6  # the trend moves across the two years
    assert max(counts) - min(counts) >= 15


def test_load_demo_refuses_to_run_with_debug_off_and_writes_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("load_demo", stdout=StringIO())
    assert not Partnership.objects.exists() and not User.objects.exists()


def test_load_demo_refuses_a_database_with_a_real_partnership_and_leaves_passwords_alone(
    partnership, users
):
    before = {u.pk: u.password for u in User.objects.all()}
    with pytest.raises(CommandError) as refused:
        load_demo()
    assert "holds more than the demo" in str(refused.value)
    assert partnership.name in str(refused.value)
    assert {u.pk: u.password for u in User.objects.all()} == before
    assert list(Partnership.objects.all()) == [partnership]


def test_load_demo_refuses_once_a_real_account_is_added_to_the_demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    load_demo()
    real = user_create(
        username="jsmith",
        password="her-own-pass-1",
        role="manager",
        by=SYSTEM,
        reason="A real manager",
    )
    clerk_password = User.objects.get(username="clerk").password
    monkeypatch.setenv("DEMO_PASSWORD", "another-password")
    with pytest.raises(CommandError, match="jsmith"):
        load_demo()
    assert User.objects.get(username="clerk").password == clerk_password
    real.refresh_from_db()
    assert real.check_password("her-own-pass-1")


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
