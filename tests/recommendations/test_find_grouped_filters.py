"""Find's lead agencies as ticked checkboxes, and status words grouped by lifecycle stage."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.recommendations import test_find_data as find_data
from tests.recommendations.test_find_filters import refs


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


@pytest.fixture
def manager_client(client, users):
    client.force_login(users["manager"])
    return client


def _html(client, query=""):
    with time_machine.travel(find_data.TODAY, tick=False):
        return client.get(f"/actions/?{query}").content.decode()


def test_several_lead_agencies_can_be_ticked(manager_client, data, organisations):
    query = f"agency={organisations['housing'].pk}&agency={organisations['charity'].pk}"
    assert refs(manager_client, query) == ["C1", "W1"]


def test_lead_agencies_are_checkboxes_that_need_no_ctrl_key(manager_client, data, organisations):
    html = _html(manager_client, f"agency={organisations['police'].pk}")
    assert '<select class="govuk-select app-find-select" id="id_agency"' not in html
    ticked = re.findall(r'name="agency" type="checkbox" value="(\d+)" checked', html)
    assert ticked == [str(organisations["police"].pk)]
    assert "Ctrl" not in html
    # The search box is for JavaScript only: hidden until the script shows it.
    assert '<div class="app-checkbox-filter__search" hidden>' in html


def test_a_bad_agency_is_an_error_not_a_crash(manager_client, data):
    with time_machine.travel(find_data.TODAY, tick=False):
        response = manager_client.get("/actions/?agency=police")
    assert response.status_code == 200
    assert "Choose from the list" in response.content.decode()


def test_several_status_words_can_be_ticked_in_any_case(manager_client, data):
    assert refs(manager_client, "status=pending&status=ON+TARGET") == ["C2", "W1"]


def test_status_words_are_listed_beneath_their_lifecycle_stage(manager_client, data):
    html = _html(manager_client)
    fieldset = html[html.index("<legend") : html.index("RAG rating</legend>")]
    stages = [m.start() for m in re.finditer(r'name="lifecycle"', fieldset)]
    in_progress = fieldset.index('value="in_progress"')
    next_stage = min(s for s in stages if s > in_progress)
    beneath = fieldset[in_progress:next_stage]
    assert 'value="On target"' in beneath and 'value="In Progress"' in beneath
    assert 'value="Pending"' not in beneath
    assert "a plan's word for In progress" in beneath
    # One choice per word, however the plans spell it.
    assert len(re.findall(r'name="status" type="checkbox" value="Complete"', fieldset)) == 1


def test_a_chosen_word_no_plan_uses_is_still_shown_so_it_can_be_unticked(manager_client, data):
    html = _html(manager_client, "status=Parked")
    assert re.search(r'name="status" type="checkbox" value="Parked" checked', html)
    assert "Other words chosen" in html
