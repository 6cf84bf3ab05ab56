"""Each Find filter against a hand-built data set with a known answer (test_find_data.py)."""

from __future__ import annotations

import pytest
import time_machine

from tests.recommendations import test_find_data as find_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


@pytest.fixture
def manager_client(client, users):
    client.force_login(users["manager"])
    return client


def refs(client, query: str = "") -> list[str]:
    with time_machine.travel(find_data.TODAY, tick=False):
        response = client.get(f"/actions/?{query}")
    assert response.status_code == 200
    return sorted(rec.reference for rec in response.context["page_obj"].object_list)


def test_no_filters_lists_every_action_across_plans(manager_client, data):
    assert refs(manager_client) == ["C1", "C2", "W1", "W2", "W3"]


def test_lead_agency_includes_the_agencys_teams(manager_client, data, organisations):
    assert refs(manager_client, f"agency={organisations['council'].pk}") == ["W1", "W3"]
    assert refs(manager_client, f"agency={organisations['housing'].pk}") == ["W1"]
    assert refs(manager_client, f"agency={organisations['police'].pk}") == ["W2", "W3"]


def test_lead_agency_includes_actions_led_by_its_people(manager_client, data, organisations):
    assert refs(manager_client, f"agency={organisations['charity'].pk}") == ["C1"]


def test_lead_person(manager_client, data):
    assert refs(manager_client, f"person={data['alice'].pk}") == ["C1"]


def test_plan(manager_client, data):
    assert refs(manager_client, f"plan={data['case'].pk}") == ["C1", "C2"]


def test_plan_kind(manager_client, data):
    assert refs(manager_client, "kind=case_review") == ["C1", "C2"]
    assert refs(manager_client, "kind=workshop") == ["W1", "W2", "W3"]


def test_section_or_workshop(manager_client, data):
    assert refs(manager_client, f"section={data['section'].pk}") == ["W1"]


def test_status_lifecycle_accepts_several(manager_client, data):
    assert refs(manager_client, "lifecycle=in_progress") == ["C2", "W2"]
    assert refs(manager_client, "lifecycle=complete&lifecycle=withdrawn") == ["C1", "W3"]


def test_plans_own_status_word_in_any_case(manager_client, data):
    assert refs(manager_client, "status=ON+TARGET") == ["C2"]


def test_outstanding_only(manager_client, data):
    assert refs(manager_client, "outstanding=on") == ["C2", "W1", "W2"]


def test_rag_accepts_several_and_not_rated(manager_client, data):
    assert refs(manager_client, "rag=RED&rag=AMBER") == ["W1", "W2"]
    assert refs(manager_client, "rag=none") == ["C2"]


def test_overdue_only_counts_outstanding_actions_past_their_date(manager_client, data):
    # C1 is past its date too, but complete.
    assert refs(manager_client, "overdue=on") == ["W1"]


def test_target_date_between(manager_client, data):
    assert refs(manager_client, "due_after=2024-01-01&due_before=2024-12-31") == ["W1"]
    assert refs(manager_client, "due_before=2024-12-31") == ["C1", "W1"]
    assert refs(manager_client, "due_after=2025-01-01") == ["W2"]


def test_changed_since(manager_client, data):
    assert refs(manager_client, "changed_since=2024-01-15") == ["W2"]
    assert refs(manager_client, "changed_since=2023-12-31") == ["C1", "C2", "W1", "W2", "W3"]


def test_free_text_matches_any_field_and_all_words(manager_client, data):
    assert refs(manager_client, "q=referral") == ["C2", "W1"]
    assert refs(manager_client, "q=housing+referral") == ["W1"]
    assert refs(manager_client, "q=booked") == ["W2"]  # the notes field


def test_filters_combine(manager_client, data, organisations):
    police = organisations["police"].pk
    assert refs(manager_client, f"agency={police}&outstanding=on&rag=AMBER") == ["W2"]


def test_invalid_values_are_reported_not_crashed_on(manager_client, data):
    response = manager_client.get("/actions/?due_after=not-a-date&rag=PURPLE")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert response.content.count(b"<h1") == 1


def test_counts_beside_each_choice_ignore_that_choices_own_filter(manager_client, data):
    with time_machine.travel(find_data.TODAY, tick=False):
        response = manager_client.get("/actions/?rag=RED&outstanding=on")
    facets = response.context["facets"]
    rag = {option.value: option.count for option in facets["rag"]}
    assert rag == {"RED": 1, "AMBER": 1, "GREEN": 0, "BLUE": 0, "none": 1}
    lifecycle = {option.value: option.count for option in facets["lifecycle"]}
    assert lifecycle["not_started"] == 1 and lifecycle["in_progress"] == 0
    assert [o.count for o in facets["outstanding"]] == [1]
    assert "Red (1)" in response.content.decode()


def test_agency_counts_include_teams_once(manager_client, data, organisations):
    response = manager_client.get("/actions/")
    agency = {option.label: option.count for option in response.context["facets"]["agency"]}
    assert agency["Test Borough Council (TBC)"] == 2  # W1 via Housing Team, W3 directly
    assert agency["Test Police (TP)"] == 2
    assert agency["Safe Space Charity (SSC)"] == 1  # through Alice Fox


def test_sorting_by_rag_then_reversed(manager_client, data):
    response = manager_client.get("/actions/?sort=rag")
    assert [r.reference for r in response.context["page_obj"]] == ["W1", "W2", "C1", "W3", "C2"]
    response = manager_client.get("/actions/?sort=-rag")
    assert [r.reference for r in response.context["page_obj"]][0] == "C2"
    assert b'aria-sort="descending"' in response.content


def test_the_whole_state_is_in_the_links(manager_client, data, organisations):
    police = organisations["police"].pk
    response = manager_client.get(f"/actions/?agency={police}&rag=AMBER&sort=due")
    html = response.content.decode()
    assert f"/actions/export.csv?agency={police}&amp;rag=AMBER&amp;sort=due" in html
    assert f"agency={police}&amp;rag=AMBER&amp;sort=-due" in html  # the sort toggle keeps filters
