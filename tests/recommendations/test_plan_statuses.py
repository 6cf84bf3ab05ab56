"""A plan's status words, managed by clerks on the plan's page: add, rename, map onto the
lifecycle, reorder; a word in use cannot be removed."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from recommendations.models import Lifecycle, StatusLabel

pytestmark = pytest.mark.django_db


def url(plan, name="plan-statuses", status=None):
    args = [plan.slug] if status is None else [plan.slug, status.pk]
    return reverse(f"recommendations:{name}", args=args)


def words(plan):
    return list(plan.statuses.values_list("name", flat=True))


def test_the_plan_page_links_clerks_to_its_status_words(client, users, plan):
    client.force_login(users["clerk"])
    assert url(plan) in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(users["officer"])
    assert url(plan) not in client.get(plan.get_absolute_url()).content.decode()


def test_a_clerk_adds_a_word_mapped_onto_the_lifecycle(client, users, plan):
    client.force_login(users["clerk"])
    response = client.post(url(plan), {"name": "Awaiting funding", "lifecycle": "on_hold"})
    assert response.status_code == 302
    added = plan.statuses.get(name="Awaiting funding")
    assert added.lifecycle == Lifecycle.ON_HOLD and added.is_outstanding
    assert words(plan)[-1] == "Awaiting funding"


def test_a_duplicate_word_is_a_field_error(client, users, plan):
    client.force_login(users["clerk"])
    response = client.post(url(plan), {"name": "pending", "lifecycle": "not_started"})
    assert "This plan already has the status word pending" in response.content.decode()


def test_renaming_and_remapping_keeps_the_actions_status(client, users, plan, recommendation):
    client.force_login(users["clerk"])
    pending = recommendation.status
    response = client.post(
        url(plan, "status-edit", pending),
        {"name": "Not yet started", "lifecycle": "not_started", "reason": "Plan's own word"},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status.name == "Not yet started"
    assert pending.history.order_by("-history_date").first().history_change_reason == (
        "Plan's own word"
    )


def test_reordering_moves_a_word_up(client, users, plan):
    client.force_login(users["clerk"])
    before = words(plan)
    second = plan.statuses.get(name=before[1])
    client.post(url(plan, "status-move", second), {"direction": "up"})
    assert words(plan) == [before[1], before[0], *before[2:]]


def test_a_word_in_use_cannot_be_removed_but_an_unused_one_can(client, users, plan, recommendation):
    client.force_login(users["clerk"])
    used = recommendation.status
    response = client.post(url(plan, "status-delete", used), follow=True)
    assert "is the status of 1 action" in unescape(response.content.decode())
    assert StatusLabel.objects.filter(pk=used.pk).exists()
    withdrawn = plan.statuses.get(name="Withdrawn")
    client.post(url(plan, "status-delete", withdrawn))
    assert not StatusLabel.objects.filter(pk=withdrawn.pk).exists()
    assert withdrawn.history.filter(history_type="-").exists()


def test_another_plans_word_is_not_found_here(client, users, plan, partnership):
    from recommendations import services

    other = services.plan_create(
        partnership=partnership, name="Other", kind="strategy", by=users["clerk"], reason="t"
    )
    client.force_login(users["clerk"])
    foreign = other.statuses.first()
    assert client.get(url(plan, "status-edit", foreign)).status_code == 404


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_officers_and_managers_cannot_manage_status_words(client, users, plan, role):
    client.force_login(users[role])
    assert client.get(url(plan)).status_code == 403
    assert client.post(url(plan), {"name": "X", "lifecycle": "closed"}).status_code == 403
    assert "X" not in words(plan)
