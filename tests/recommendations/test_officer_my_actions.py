"""My actions: my organisation's outstanding actions, overdue first, with counts and requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import UpdateRound
from partnership.audit import audited_save
from recommendations import services

URL = reverse("recommendations:my-actions")
WARM_QUERIES = 18  # 12 for the page, 6 for the open round
REASON = "Test"


def _rec(plan, clerk, reference, lead, *, target="", status="Pending", rag=""):
    return services.recommendation_create(
        plan=plan,
        reference=reference,
        text=f"<p>Action {reference} text.</p>",
        status=services.status_for(plan, status),
        lead_organisations=[lead],
        target_date_text=target,
        rag=rag,
        by=clerk,
        reason=REASON,
    )


def _update_round(plan, clerk, *, closed=False, deadline_days=7):
    round_ = UpdateRound(
        message="Please update before the board meets.",
        deadline=timezone.localdate() + timedelta(days=deadline_days),
        requested_by=clerk,
        closed_at=timezone.now() if closed else None,
    )
    audited_save(round_, by=clerk, reason=REASON)
    round_.plans.add(plan)
    return round_


@pytest.fixture
def actions(plan, organisations, users):
    clerk, housing = users["clerk"], organisations["housing"]
    return {
        "later": _rec(plan, clerk, "1", housing, target="December 2099", rag="GREEN"),
        "overdue": _rec(plan, clerk, "2", housing, target="February 2017", rag="RED"),
        "undated": _rec(plan, clerk, "3", housing, target="Ongoing"),
        "sooner": _rec(plan, clerk, "4", housing, target="January 2099", status="In Progress"),
        "complete": _rec(plan, clerk, "5", housing, target="March 2017", status="Complete"),
        "police": _rec(plan, clerk, "6", organisations["police"], target="March 2017"),
    }


def test_officer_sees_their_organisations_outstanding_actions_overdue_first(
    client, users, actions, django_assert_max_num_queries
):
    client.force_login(users["officer"])  # council: the housing team sits inside it
    with django_assert_max_num_queries(15):  # a cold cache: the counts and ids computed
        response = client.get(URL)
    assert response.status_code == 200
    shown = [rec.reference for rec in response.context["recommendations"]]
    assert shown == ["2", "4", "1", "3"]
    html = response.content.decode()
    assert "Overdue" in html
    assert "Action 6 text" not in html  # another organisation's
    assert "Action 5 text" not in html  # complete


def test_my_actions_counts_by_status_and_rag(client, users, actions):
    client.force_login(users["housing_officer"])
    counts = client.get(URL).context["counts"]
    assert counts["total"] == 4
    assert counts["overdue"] == 1
    assert dict(counts["by_status"]) == {"In Progress": 1, "Pending": 3}
    assert {value: n for value, _, n in counts["by_rag"]} == {"RED": 1, "GREEN": 1, "": 2}


def test_officer_of_another_organisation_sees_only_their_own(client, users, actions):
    client.force_login(users["other_officer"])
    response = client.get(URL)
    assert [rec.reference for rec in response.context["recommendations"]] == ["6"]


def test_banner_shows_an_open_update_request_for_my_plans(client, users, actions, plan):
    _update_round(plan, users["clerk"], deadline_days=3)
    client.force_login(users["housing_officer"])
    html = client.get(URL).content.decode()
    assert "Updates requested" in html
    assert "Please update before the board meets." in html
    deadline = timezone.localdate() + timedelta(days=3)
    assert f"{deadline.day} {deadline:%B %Y}" in html


def test_no_banner_when_the_update_request_is_closed(client, users, actions, plan):
    _update_round(plan, users["clerk"], closed=True)
    client.force_login(users["housing_officer"])
    assert "Updates requested" not in client.get(URL).content.decode()


def test_user_without_an_organisation_is_pointed_to_find_actions(client, users, actions):
    client.force_login(users["manager"])
    response = client.get(URL)
    assert response.status_code == 200
    assert "not linked to an organisation" in response.content.decode()
    assert response.content.count(b"<h1") == 1


def test_my_actions_refuses_post(client, users):
    client.force_login(users["officer"])
    assert client.post(URL).status_code == 405


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _many(plan, clerk, lead, count, *, start=100, target="February 2017"):
    return [_rec(plan, clerk, str(start + n), lead, target=target) for n in range(count)]


@pytest.mark.parametrize("extra", [0, 60])
def test_my_actions_runs_a_fixed_number_of_queries_however_many_actions(
    client, users, actions, plan, organisations, extra, django_assert_max_num_queries
):
    _many(plan, users["clerk"], organisations["housing"], extra)
    _update_round(plan, users["clerk"])
    client.force_login(users["housing_officer"])
    with django_assert_max_num_queries(21):  # cold: counts and ids computed; 6 for the round
        response = client.get(URL + "?page=2")
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 4 + extra
    with django_assert_max_num_queries(WARM_QUERIES):  # warm: counts and ids from the cache
        assert client.get(URL + "?page=2").status_code == 200


def test_my_actions_counts_again_as_soon_as_an_action_changes(client, users, actions, plan):
    client.force_login(users["housing_officer"])
    assert client.get(URL).context["counts"]["total"] == 4
    services.recommendation_update(
        recommendation=actions["sooner"],
        by=users["clerk"],
        reason=REASON,
        changes={"status": services.status_for(plan, "Complete")},
    )
    response = client.get(URL)
    assert response.context["counts"]["total"] == 3
    assert "4" not in [rec.reference for rec in response.context["recommendations"]]


def test_my_actions_is_paginated_with_counts_for_the_whole_list(
    client, users, actions, plan, organisations
):
    _many(plan, users["clerk"], organisations["housing"], 30)  # overdue: 31 in all
    client.force_login(users["housing_officer"])
    first = client.get(URL)
    assert len(first.context["recommendations"]) == 25
    assert first.context["counts"]["total"] == 34
    assert first.context["counts"]["overdue"] == 31
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html
    assert "Overdue: 31 actions" in html
    second = client.get(URL + "?page=2")
    shown = [rec.reference for rec in second.context["recommendations"]]
    assert len(shown) == 9 and shown[-3:] == ["4", "1", "3"]  # overdue ones first, undated last
    html = second.content.decode()
    assert "Overdue (continued): 31 actions" in html
    assert "Due in January 2099: 1 action" in html
    assert "No target date: 1 action" in html
    assert client.get(URL + "?page=99").context["page_obj"].number == 2  # last page


def test_my_actions_grouped_by_plan_overdue_first_within_each_plan(
    client, users, actions, organisations, partnership
):
    clerk = users["clerk"]
    second_plan = services.plan_create(
        partnership=partnership, name="Another Plan", kind="workshop", by=clerk, reason=REASON
    )
    _rec(second_plan, clerk, "A1", organisations["housing"], target="December 2099")
    _rec(second_plan, clerk, "A2", organisations["housing"], target="March 2017")
    client.force_login(users["housing_officer"])
    response = client.get(URL + "?group=plan")
    groups = response.context["groups"]
    assert [g.heading for g in groups] == sorted(g.heading for g in groups)
    by_heading = {g.heading: [r.reference for r in g.recs] for g in groups}
    assert by_heading[second_plan.name] == ["A2", "A1"]
    assert [r.reference for r in groups[0].recs][0] in {"2", "A2"}  # each plan: overdue first
    assert f"{second_plan.name}: 2 actions, 1 overdue" in response.content.decode()
    assert 'href="?page=' not in response.content.decode()  # one page: no pagination


def test_my_actions_grouping_links_work_without_javascript(client, users, actions):
    client.force_login(users["housing_officer"])
    html = client.get(URL).content.decode()
    assert 'href="?group=plan"' in html
    assert '<strong aria-current="page">Target date</strong>' in html
    html = client.get(URL + "?group=nonsense").content.decode()  # unknown: the default
    assert '<strong aria-current="page">Target date</strong>' in html
