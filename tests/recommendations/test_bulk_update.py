"""Bulk update from Find: one change, one reason, one history row per action; refused actions
are listed and left alone; a version conflict saves nothing until the user decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.forms_bulk import format_versions
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db
REASON = "Board decision, 12 March"


@pytest.fixture
def twenty(plan, organisations, users):
    """19 actions led by Housing, one by the police."""
    recs = []
    for n in range(20):
        lead = organisations["police"] if n == 7 else organisations["housing"]
        recs.append(
            services.recommendation_create(
                plan=plan,
                reference=f"B{n + 1}",
                text=f"Bulk action {n + 1}",
                status=services.status_for(plan, "Pending"),
                lead_organisations=[lead],
                target_date_text="March 2026",
                by=users["clerk"],
                reason="Set up",
            )
        )
    return recs


def _history(rec: Recommendation) -> list[str]:
    return list(rec.history.order_by("history_id").values_list("history_change_reason", flat=True))


def _post(client, recs, **data):
    body = {"versions": format_versions(recs), "reason": REASON, "querystring": "", **data}
    return client.post(reverse("recommendations:bulk-update"), body)


def test_twenty_selected_nineteen_changed_one_refused_each_with_one_history_row(
    client, users, twenty
):
    client.force_login(users["housing_officer"])
    query = "&".join(f"selected={rec.pk}" for rec in twenty)
    page = client.get(f"{reverse('recommendations:bulk-update')}?scope=selected&{query}")
    assert page.status_code == 200
    assert "Change 19 actions" in page.content.decode()
    assert "not yours to change" in page.content.decode()
    before = {rec.pk: len(_history(rec)) for rec in twenty}

    response = _post(client, twenty, action="status", status_word="In Progress")
    assert response.status_code == 302 and response["Location"] == reverse(
        "recommendations:bulk-done"
    )
    done = client.get(response["Location"]).content.decode()
    assert "19 actions changed" in done and "Left alone" in done and "B8" in done
    for rec in twenty:
        rec.refresh_from_db()
        history = _history(rec)
        if rec.reference == "B8":
            assert rec.status.name == "Pending" and len(history) == before[rec.pk]
        else:
            assert rec.status.name == "In Progress"
            assert len(history) == before[rec.pk] + 1 and history[-1] == REASON
            assert rec.history.latest().history_user == users["housing_officer"]


def test_a_version_conflict_saves_nothing_and_the_user_decides(client, users, twenty):
    client.force_login(users["clerk"])
    read = [Recommendation.objects.get(pk=rec.pk) for rec in twenty]
    services.recommendation_update(
        recommendation=twenty[3], by=users["housing_officer"], reason="Meanwhile",
        changes={"rag": "GREEN"},
    )  # fmt: skip
    response = _post(client, read, action="rag", rag="RED")
    assert response.status_code == 409
    text = response.content.decode()
    assert "Nothing has been saved" in text and "B4" in text
    assert not Recommendation.objects.filter(rag="RED").exists()

    # "Leave the changed ones alone": the other 19 change, B4 keeps the officer's GREEN.
    leave_out = response.context["versions_leaving_out"]
    response = _post(client, read, action="rag", rag="RED", versions=leave_out)
    assert response.status_code == 302
    assert Recommendation.objects.filter(rag="RED").count() == 19
    assert Recommendation.objects.get(pk=twenty[3].pk).rag == "GREEN"


def test_applying_to_the_changed_ones_too_after_seeing_the_conflict(client, users, twenty):
    client.force_login(users["clerk"])
    read = [Recommendation.objects.get(pk=rec.pk) for rec in twenty]
    services.recommendation_update(
        recommendation=twenty[0], by=users["housing_officer"], reason="Meanwhile",
        changes={"rag": "GREEN"},
    )  # fmt: skip
    conflict = _post(client, read, action="rag", rag="AMBER")
    including = conflict.context["versions_including"]
    assert _post(client, read, action="rag", rag="AMBER", versions=including).status_code == 302
    assert Recommendation.objects.filter(rag="AMBER").count() == 20


def test_all_or_nothing_when_one_allowed_action_fails_validation(client, users, twenty):
    client.force_login(users["clerk"])
    response = _post(
        client, twenty, action="revised_date", revised_date_day="31", revised_date_month="2",
        revised_date_year="2027", revised_date_reason="Board",
    )  # fmt: skip
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert not Recommendation.objects.exclude(revised_target_date_text="").exists()


def test_revised_date_and_add_lead_each_write_one_history_row(client, users, twenty, organisations):
    client.force_login(users["clerk"])
    response = _post(
        client, twenty[:3], action="revised_date", revised_date_month="9",
        revised_date_year="2027", revised_date_reason="Waiting for funding",
    )  # fmt: skip
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=twenty[0].pk)
    assert rec.revised_target_date_text == "September 2027"
    assert str(rec.due_date) == "2027-09-30" and rec.revised_date_reason == "Waiting for funding"
    police = organisations["police"]
    fresh = list(Recommendation.objects.filter(pk__in=[r.pk for r in twenty[:3]]))
    response = _post(client, fresh, action="add_lead", organisation=police.pk)
    assert response.status_code == 302
    rec = Recommendation.objects.get(pk=twenty[0].pk)
    assert {o.name for o in rec.lead_organisations.all()} == {"Housing Team", police.name}
    assert _history(rec)[-2:] == [REASON, REASON]


def test_select_all_matching_takes_every_filtered_action(client, users, twenty):
    client.force_login(users["clerk"])
    response = client.get(
        reverse("recommendations:bulk-update"), {"scope": "all", "querystring": "q=Bulk"}
    )
    assert response.status_code == 200
    assert len(response.context["editable"]) == 20


def test_find_shows_the_checkboxes_to_editors_only(client, users, twenty):
    client.force_login(users["clerk"])
    assert 'name="selected"' in client.get(reverse("recommendations:list")).content.decode()
    client.force_login(users["manager"])
    assert 'name="selected"' not in client.get(reverse("recommendations:list")).content.decode()
    assert client.get(reverse("recommendations:bulk-update")).status_code == 403


def test_missing_reason_and_choice_are_named(client, users, twenty):
    client.force_login(users["clerk"])
    response = _post(client, twenty, reason="", action="status")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the reason for the change" in text and "Choose the new status" in text


def test_bulk_update_queries_grow_with_the_actions_not_beyond(
    client, users, twenty, django_assert_max_num_queries
):
    client.force_login(users["clerk"])
    with django_assert_max_num_queries(20 + 22 * len(twenty)):  # the service, per action
        assert _post(client, twenty, action="rag", rag="GREEN").status_code == 302
