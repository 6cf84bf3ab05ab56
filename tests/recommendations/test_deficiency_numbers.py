"""Deficiencies are numbered within their plan, never by the partnership-wide database id."""

from __future__ import annotations

from recommendations import services

REASON = "Workshop findings"


def _deficiency(plan, clerk, text, **fields):
    return services.deficiency_create(plan=plan, text=text, by=clerk, reason=REASON, **fields)


def test_each_plans_deficiencies_are_numbered_from_one(plan, partnership, users):
    clerk = users["clerk"]
    other = services.plan_create(
        partnership=partnership, name="Second workshops", kind="workshop", by=clerk, reason=REASON
    )
    first = [_deficiency(plan, clerk, f"Finding {n}") for n in range(3)]
    second = _deficiency(other, clerk, "Another finding")
    assert [d.number for d in first] == ["1", "2", "3"]
    assert second.number == "1"
    assert str(second) == "Deficiency 1"


def test_a_number_from_the_paper_is_kept_and_the_next_follows_it(plan, users):
    clerk = users["clerk"]
    assert _deficiency(plan, clerk, "As numbered in the paper", number="7").number == "7"
    assert _deficiency(plan, clerk, "Unnumbered").number == "8"


def test_the_detail_page_shows_the_plans_own_number(client, plan, users, recommendation):
    clerk = users["clerk"]
    earlier = services.plan_create(
        partnership=plan.partnership, name="Earlier", kind="workshop", by=clerk, reason=REASON
    )
    _deficiency(earlier, clerk, "Found first, in another plan")  # takes database id 1
    deficiency = _deficiency(plan, clerk, "No shared referral form")
    services.recommendation_update(
        recommendation=recommendation,
        by=clerk,
        reason=REASON,
        changes={"deficiency": deficiency},
    )
    client.force_login(users["manager"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert deficiency.pk != 1
    assert "Deficiency 1</dt>" in html
