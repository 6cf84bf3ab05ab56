"""Each business rule lives in one home; change it there and every page that shows it follows.

Every test builds the same small plan, then changes one rule in its home (monkeypatch, as a
future change to the rule would) and checks My actions, Find, the dashboard and the appendix
still agree with each other and with the changed rule, for the same clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache

from partnership.models import Organisation
from partnership.permissions import SYSTEM
from recommendations import models as rules
from recommendations import services
from recommendations.filters import RAG_CHOICES
from recommendations.models import Lifecycle, Rag
from reports.appendix.params import AppendixParams
from reports.appendix.rows import build_appendix
from reports.dashboard import RAG_SERIES

pytestmark = pytest.mark.django_db

TODAY = date(2021, 4, 10)
CLOCK = datetime(2021, 4, 10, 12, 0)


@pytest.fixture
def plan(partnership, users):
    with time_machine.travel(datetime(2021, 1, 4, 9, 0), tick=False):
        return services.plan_create(
            partnership=partnership, name="Rules plan", kind="workshop", by=SYSTEM, reason="Test"
        )


@pytest.fixture
def actions(plan, organisations, users):
    """Housing's four actions at 10 April 2021: due 31 January, due 31 March, on hold and due
    31 March, and complete; plus one for the council itself."""
    cache.clear()
    rows = [
        ("1", "January 2021", "Pending", organisations["housing"]),
        ("2", "March 2021", "In Progress", organisations["housing"]),
        ("3", "March 2021", "On hold", organisations["housing"]),
        ("4", "January 2021", "Complete", organisations["housing"]),
        ("5", "December 2021", "Pending", organisations["council"]),
    ]
    with time_machine.travel(datetime(2021, 1, 5, 9, 0), tick=False):
        return {
            ref: services.recommendation_create(
                plan=plan,
                reference=ref,
                text=f"Action {ref}",
                status=services.status_for(plan, word),
                lead_organisations=[lead],
                target_date_text=target,
                by=users["clerk"],
                reason="Rules test",
            )
            for ref, target, word, lead in rows
        }


def pages(client, users, plan, organisation: Organisation | None = None):
    """What each page says, for the same clock: overdue and outstanding references."""
    with time_machine.travel(CLOCK, tick=False):
        client.force_login(users["housing_officer"])
        mine = client.get("/actions/mine/").context
        client.force_login(users["manager"])
        find_overdue = client.get("/actions/", {"overdue": "on"}).context
        find_outstanding = client.get("/actions/", {"outstanding": "on"}).context
        headline = client.get("/reports/dashboard/").context["headline"]
        over_time = client.get("/reports/dashboard/").context["over_time"]
        appendix = build_appendix(AppendixParams(plan_ids=(plan.pk,), as_at=TODAY))
        overdue_appendix = build_appendix(
            AppendixParams(plan_ids=(plan.pk,), as_at=TODAY, overdue_only=True)
        )
    housing = {"1", "2", "3", "4"}
    return {
        "my actions overdue": sorted(r.reference for r in mine["recommendations"] if r.overdue),
        "find overdue": sorted(
            r.reference for r in find_overdue["page_obj"].object_list if r.overdue
        ),
        "find overdue (filter)": sorted(r.reference for r in find_overdue["page_obj"].object_list),
        "appendix overdue": sorted(row.rec.reference for row in overdue_appendix.rows),
        "dashboard overdue": headline["overdue"],
        "my actions outstanding": sorted(r.reference for r in mine["recommendations"]),
        "find outstanding": sorted(
            r.reference for r in find_outstanding["page_obj"].object_list if r.reference in housing
        ),
        "appendix outstanding": sorted(
            row.rec.reference for row in appendix.rows if row.rec.reference in housing
        ),
        "dashboard outstanding": headline["outstanding"],
        "trend this month": over_time[-1].count,
        "trend last month": over_time[-2].count,
    }


def test_overdue_is_one_rule_on_my_actions_find_dashboard_and_appendix(
    client, users, plan, actions, monkeypatch
):
    before = pages(client, users, plan)
    assert before["my actions overdue"] == ["1", "2", "3"]  # outstanding, due before today
    assert before["find overdue"] == before["find overdue (filter)"] == ["1", "2", "3"]
    assert before["appendix overdue"] == ["1", "2", "3"]
    assert before["dashboard overdue"] == 3

    # The rule changes in its one home: a 30-day grace period before an action counts as late.
    monkeypatch.setattr(rules, "overdue_cutoff", lambda today: today - timedelta(days=30))
    after = pages(client, users, plan)
    assert after["my actions overdue"] == ["1"]
    assert after["find overdue"] == after["find overdue (filter)"] == ["1"]
    assert after["appendix overdue"] == ["1"]
    assert after["dashboard overdue"] == 1


def test_outstanding_is_one_rule_on_my_actions_find_dashboard_appendix_and_trend(
    client, users, plan, actions, monkeypatch
):
    before = pages(client, users, plan)
    assert before["my actions outstanding"] == ["1", "2", "3"]
    assert before["find outstanding"] == before["appendix outstanding"] == ["1", "2", "3"]
    assert before["dashboard outstanding"] == 4  # the council's own action too
    assert before["trend this month"] == before["trend last month"] == 4

    # The rule changes in its one home: work on hold no longer counts as outstanding.
    monkeypatch.setattr(
        rules, "OUTSTANDING_LIFECYCLES", (Lifecycle.NOT_STARTED, Lifecycle.IN_PROGRESS)
    )
    cache.clear()
    after = pages(client, users, plan)
    assert after["my actions outstanding"] == ["1", "2"]
    assert after["find outstanding"] == after["appendix outstanding"] == ["1", "2"]
    assert after["dashboard outstanding"] == 3
    assert after["trend this month"] == after["trend last month"] == 3
    assert after["my actions overdue"] == after["appendix overdue"] == ["1", "2"]


def test_the_organisation_tree_is_one_walk_for_my_actions_find_and_the_appendix(
    client, users, plan, actions, organisations, monkeypatch
):
    council = organisations["council"]

    def led_by_council():
        with time_machine.travel(CLOCK, tick=False):
            client.force_login(users["officer"])  # the council's officer
            mine = client.get("/actions/mine/").context["recommendations"]
            client.force_login(users["manager"])
            find = client.get("/actions/", {"agency": council.pk}).context["page_obj"]
            appendix = build_appendix(
                AppendixParams(
                    plan_ids=(plan.pk,),
                    as_at=TODAY,
                    include_completed=True,
                    lead_organisation_ids=(council.pk,),
                )
            )
        return (
            sorted(r.reference for r in mine),
            sorted(r.reference for r in find.object_list),
            sorted(row.rec.reference for row in appendix.rows),
        )

    mine, find, appendix = led_by_council()
    assert mine == ["1", "2", "3", "5"]  # outstanding, the housing team's included
    assert find == appendix == ["1", "2", "3", "4", "5"]

    # The rule changes in its one home: an agency's teams no longer count as the agency.
    monkeypatch.setattr(Organisation, "subtree_ids", staticmethod(lambda pairs, roots: set(roots)))
    mine, find, appendix = led_by_council()
    assert mine == ["5"]
    assert find == appendix == ["5"]


def test_the_appendix_title_is_one_rule_for_the_preview_and_the_issued_copy(
    plan, actions, users, monkeypatch
):
    from reports.services import appendix_issue

    monkeypatch.setattr(AppendixParams, "title", property(lambda params: f"Paper {params.as_at}"))
    params = AppendixParams(plan_ids=(plan.pk,), as_at=TODAY)
    assert build_appendix(params).title == "Paper 2021-04-10"
    assert appendix_issue(params=params, by=users["clerk"]).title == "Paper 2021-04-10"


def test_rag_words_and_their_order_come_from_the_rag_enum_everywhere(client, users, actions):
    words = [rag.label for rag in Rag.rated()] + [Rag.NONE.label]
    assert [label for _, label in RAG_CHOICES] == words
    assert [label for _, label in RAG_SERIES] == words
    client.force_login(users["manager"])
    html = client.get("/actions/").content.decode()
    positions = [html.index(f">{word}") for word in words[:-1]]
    assert positions == sorted(positions)


def test_field_labels_have_one_home_on_the_model(recommendation, users):
    from recommendations.models import Recommendation

    label = Recommendation.field_label("target_date_text")
    assert label == "Target date (as written)"
    services.recommendation_update(
        recommendation=recommendation,
        by=users["clerk"],
        reason="Label check",
        changes={"target_date_text": "March 2017"},
    )
    from partnership.audit import history_entries

    entries = history_entries(recommendation)
    assert label in [change.field for entry in entries for change in entry.changes]


def test_the_trend_reads_each_months_status_words_as_they_stood_then(client, users, plan, actions):
    """Remapping a status word today changes this month, never the months already ended."""
    client.force_login(users["manager"])
    with time_machine.travel(datetime(2021, 3, 15, 9, 0), tick=False):
        services.status_label_update(
            status=services.status_for(plan, "On hold"),
            lifecycle=Lifecycle.WITHDRAWN,
            by=users["admin"],
            reason="On hold now means dropped",
        )
    with time_machine.travel(CLOCK, tick=False):
        bars = {
            bar.label: bar.count for bar in client.get("/reports/dashboard/").context["over_time"]
        }
    assert (bars["Dec 2020"], bars["Jan 2021"], bars["Feb 2021"]) == (0, 4, 4)
    assert (bars["Mar 2021"], bars["Apr 2021"]) == (3, 3)
