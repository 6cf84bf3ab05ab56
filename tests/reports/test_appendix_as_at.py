"""The appendix as at a date is rebuilt from the audit history: later changes never show."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from recommendations import services
from recommendations.models import Recommendation
from reports.appendix.params import AppendixParams
from reports.appendix.rows import build_appendix
from reports.services import appendix_cache_key

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REASON = "Test"


def _row(appendix, reference):
    return next(row for row in appendix.rows if row.rec.reference == reference)


def _cells(appendix, reference):
    return {key: str(cell) for key, cell in _row(appendix, reference).cells}


@pytest.fixture
def history(partnership, organisations, users):
    """A recommendation created on 1 June 2025, changed on 10 June (late evening) and 20 June."""
    with time_machine.travel(datetime(2025, 6, 1, 10, tzinfo=LONDON), tick=False):
        plan = services.plan_create(
            partnership=partnership,
            name="Workshops 2025",
            kind="workshop",
            by=users["clerk"],
            reason=REASON,
        )
        rec = services.recommendation_create(
            plan=plan,
            reference="7",
            text="Agree a referral route.",
            status=services.status_for(plan, "Pending"),
            lead_organisations=[organisations["housing"]],
            by=users["clerk"],
            reason=REASON,
        )
        services.recommendation_create(
            plan=plan,
            reference="8",
            text="Train front-line staff.",
            status=services.status_for(plan, "In Progress"),
            by=users["clerk"],
            reason=REASON,
        )
    # 23:30 in London is 22:30 UTC in June: still 10 June for the clerk.
    with time_machine.travel(datetime(2025, 6, 10, 23, 30, tzinfo=LONDON), tick=False):
        services.recommendation_update(
            recommendation=rec,
            by=users["clerk"],
            reason=REASON,
            changes={"status": services.status_for(plan, "In Progress")},
        )
    with time_machine.travel(datetime(2025, 6, 20, 9, tzinfo=LONDON), tick=False):
        services.recommendation_update(
            recommendation=Recommendation.objects.get(pk=rec.pk),
            by=users["clerk"],
            reason=REASON,
            changes={
                "status": services.status_for(plan, "Complete"),
                "text": "Agree a referral route with the police.",
                "lead_organisations": [organisations["police"]],
            },
        )
    return plan


def test_appendix_as_at_a_date_shows_the_status_before_a_later_change(history):
    before = build_appendix(AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 9)))
    assert _cells(before, "7")["status"] == "Pending"


def test_a_change_late_in_the_evening_counts_for_that_day_in_london(history):
    that_day = build_appendix(AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 10)))
    assert _cells(that_day, "7")["status"] == "In Progress"


def test_words_and_leads_are_those_of_the_as_at_date(history, organisations):
    old = build_appendix(AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 15)))
    cells = _cells(old, "7")
    assert cells["text"] == "Agree a referral route."
    assert cells["leads"] == organisations["housing"].name
    assert old.summary == "2 outstanding of 2"


def test_a_recommendation_completed_later_is_outstanding_as_at_an_earlier_date(history):
    now = build_appendix(AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 25)))
    assert [row.rec.reference for row in now.rows] == ["8"]
    assert now.summary == "1 outstanding of 2"

    with_completed = build_appendix(
        AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 25), include_completed=True)
    )
    cells = _cells(with_completed, "7")
    assert cells["status"] == "Complete"
    assert cells["leads"] == "Test Police"
    assert "with the police" in cells["text"]


def test_nothing_exists_before_the_plan_was_written(history):
    empty = build_appendix(AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 5, 31)))
    assert empty.rows == [] and empty.summary == "0 outstanding of 0"


def test_filters_by_lead_agency_include_its_teams_and_use_the_leads_of_the_day(
    history, organisations
):
    council = (organisations["council"].pk,)
    early = build_appendix(
        AppendixParams(
            plan_ids=(history.pk,), as_at=date(2025, 6, 15), lead_organisation_ids=council
        )
    )
    assert [row.rec.reference for row in early.rows] == ["7"]  # led by the council's housing team
    late = build_appendix(
        AppendixParams(
            plan_ids=(history.pk,),
            as_at=date(2025, 6, 25),
            lead_organisation_ids=council,
            include_completed=True,
        )
    )
    assert late.rows == []


def test_status_and_rag_filters(history):
    params = dict(plan_ids=(history.pk,), as_at=date(2025, 6, 15))
    pending = build_appendix(AppendixParams(**params, statuses=("pending",)))
    assert pending.rows == []
    in_progress = build_appendix(AppendixParams(**params, statuses=("In progress",)))
    assert [row.rec.reference for row in in_progress.rows] == ["7", "8"]
    not_rated = build_appendix(AppendixParams(**params, rags=("NONE",)))
    assert len(not_rated.rows) == 2
    red = build_appendix(AppendixParams(**params, rags=("RED",)))
    assert red.rows == []


def test_the_appendix_runs_the_same_few_queries_however_many_rows(
    history, users, django_assert_max_num_queries
):
    with time_machine.travel(datetime(2025, 6, 21, 9, tzinfo=LONDON), tick=False):
        for n in range(20):
            services.recommendation_create(
                plan=history,
                reference=f"10.{n}",
                text="Another action.",
                status=services.status_for(history, "Pending"),
                by=users["clerk"],
                reason=REASON,
            )
    params = AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 25))
    # Ten tables read back from history, the latest progress updates the workshop prints, and
    # the plans' markings today (the marking floor).
    with django_assert_max_num_queries(12):
        appendix = build_appendix(params)
    assert len(appendix.rows) == 21


def test_the_cache_key_changes_with_any_change_up_to_the_as_at_day_and_only_then(history, users):
    params = AppendixParams(plan_ids=(history.pk,), as_at=date(2025, 6, 15))
    key = appendix_cache_key(params=params)
    assert appendix_cache_key(params=params) == key
    # A change after the as-at day cannot alter that appendix: same key.
    services.recommendation_update(
        recommendation=Recommendation.objects.get(reference="8"),
        by=users["clerk"],
        reason=REASON,
        changes={"rag": "RED"},
    )
    assert appendix_cache_key(params=params) == key

    today = AppendixParams(plan_ids=(history.pk,), as_at=date.today())
    today_key = appendix_cache_key(params=today)
    services.recommendation_update(
        recommendation=Recommendation.objects.get(reference="8"),
        by=users["clerk"],
        reason=REASON,
        changes={"rag": "AMBER"},
    )
    assert appendix_cache_key(params=today) != today_key
    other = AppendixParams(plan_ids=(history.pk,), as_at=date.today(), include_completed=True)
    assert appendix_cache_key(params=other) != appendix_cache_key(params=today)
