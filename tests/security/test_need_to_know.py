"""Need to know: partnerships kept apart, sensitive plans restricted, markings that cannot be
lowered, every export logged. Through the pages and through the services."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services as meetings
from partnership import services as directory
from partnership.audit import AuditBypassError
from partnership.models import Role
from partnership.permissions import SYSTEM, MissingActorError
from recommendations import services
from recommendations.markings import Marking
from recommendations.models import ActionPlan, Recommendation
from reports import services as reports
from reports.appendix.params import AppendixParams
from reports.models import ExportRecord, FrozenRecordError

REASON = "Test"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sensitive(partnership, organisations, users):
    """A case review (OFFICIAL-SENSITIVE by default) in partnership A: one action led by the
    housing team, one led by the charity, and the charity on its access list."""
    plan = services.plan_create(
        partnership=partnership,
        name="Case Review Q",
        kind="case_review",
        by=users["clerk"],
        reason=REASON,
    )
    status = services.status_for(plan, "Not started")
    housing = services.recommendation_create(
        plan=plan,
        reference="CR1",
        text="Quietly review the housing chronology.",
        status=status,
        lead_organisations=[organisations["housing"]],
        by=users["clerk"],
        reason=REASON,
    )
    charity = services.recommendation_create(
        plan=plan,
        reference="CR2",
        text="Zebra safeguarding referral.",
        status=status,
        lead_organisations=[organisations["charity"]],
        by=users["clerk"],
        reason=REASON,
    )
    services.plan_access_update(
        plan=plan,
        organisations=[organisations["charity"]],
        users=[],
        listed=False,
        by=users["clerk"],
        reason="Charity supports the family",
    )
    return {"plan": plan, "housing": housing, "charity": charity}


@pytest.fixture
def charity_officer(organisations):
    return directory.user_create(
        username="charity",
        password=None,
        role=Role.OFFICER,
        organisation=organisations["charity"],
        by=SYSTEM,
        reason=REASON,
    )


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_case_reviews_are_official_sensitive_by_default(sensitive):
    assert sensitive["plan"].marking == Marking.OFFICIAL_SENSITIVE


def test_markings_have_one_order_and_the_highest_wins():
    assert Marking.values == ["NOT PROTECTIVELY MARKED", "OFFICIAL", "OFFICIAL-SENSITIVE"]
    assert Marking.highest(["OFFICIAL", "NOT PROTECTIVELY MARKED"]) == Marking.OFFICIAL
    assert Marking.highest(["OFFICIAL", "OFFICIAL-SENSITIVE"]) == Marking.OFFICIAL_SENSITIVE
    assert Marking.highest([]) == Marking.OFFICIAL
    with pytest.raises(ValidationError, match="cannot be OFFICIAL: the plans in it are marked"):
        Marking.refuse_below("OFFICIAL", "OFFICIAL-SENSITIVE")
    Marking.refuse_below("OFFICIAL-SENSITIVE", "OFFICIAL")  # raising is allowed


def test_an_officer_outside_the_access_list_finds_nothing_of_a_sensitive_plan(
    client, users, sensitive
):
    police = users["other_officer"]
    plan, rec = sensitive["plan"], sensitive["housing"]
    assert _get(client, police, rec.get_absolute_url()).status_code == 404
    assert _get(client, police, plan.get_absolute_url()).status_code == 404
    for fmt in ("csv", "xlsx"):
        url = reverse("recommendations:plan-export", args=[plan.slug, fmt])
        assert _get(client, police, url).status_code == 404
    found = _get(client, police, reverse("recommendations:list"), q="chronology")
    assert "CR1" not in found.content.decode() and "0 actions" in found.content.decode()
    facets = _get(client, police, reverse("recommendations:list"), plan=plan.pk).content.decode()
    assert "Case Review Q" not in facets  # not even as a facet choice
    csv = b"".join(_get(client, police, reverse("recommendations:export-csv")).streaming_content)
    assert b"Quietly" not in csv and b"Zebra" not in csv
    assert (
        "Case Review Q"
        not in _get(client, police, reverse("recommendations:plan-list")).content.decode()
    )


def test_the_dashboard_counts_only_what_the_user_may_read(client, users, sensitive):
    police = _get(client, users["other_officer"], reverse("reports:dashboard")).context
    clerk = _get(client, users["clerk"], reverse("reports:dashboard")).context
    assert clerk["headline"]["total"] == police["headline"]["total"] + 2
    assert not any(row.plan == sensitive["plan"] for row in police["rag_rows"])
    assert police["over_time"][-1].count == clerk["over_time"][-1].count - 2


def test_a_lead_officer_reads_only_their_own_actions_of_a_sensitive_plan(client, users, sensitive):
    housing = users["housing_officer"]
    assert _get(client, housing, sensitive["housing"].get_absolute_url()).status_code == 200
    assert _get(client, housing, sensitive["charity"].get_absolute_url()).status_code == 404
    page = _get(client, housing, sensitive["plan"].get_absolute_url()).content.decode()
    assert "CR1" in page and "CR2" not in page and "only the actions your organisation" in page
    # Reading some of it is not bulk export.
    url = reverse("recommendations:plan-export", args=[sensitive["plan"].slug, "csv"])
    assert _get(client, housing, url).status_code == 404


def test_the_access_list_reads_the_plan_but_bulk_export_is_for_clerks_and_managers(
    client, users, sensitive, charity_officer
):
    plan = sensitive["plan"]
    assert _get(client, charity_officer, sensitive["housing"].get_absolute_url()).status_code == 200
    url = reverse("recommendations:plan-export", args=[plan.slug, "csv"])
    assert _get(client, charity_officer, url).status_code == 403
    find = b"".join(
        _get(client, charity_officer, reverse("recommendations:export-csv")).streaming_content
    )
    assert b"CR1" not in find
    for role in ("clerk", "manager"):
        response = _get(client, users[role], url)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert body.splitlines()[0] == "OFFICIAL-SENSITIVE" and "CR1" in body


def test_a_listed_sensitive_plan_shows_its_name_only(client, users, sensitive):
    services.plan_access_update(
        plan=sensitive["plan"],
        organisations=[],
        users=[],
        listed=True,
        by=users["clerk"],
        reason="Board asked that partners know it exists",
    )
    page = _get(client, users["other_officer"], reverse("recommendations:plan-list"))
    html = page.content.decode()
    assert "Case Review Q" in html and "Need to know" in html
    assert sensitive["plan"].get_absolute_url() not in html
    assert (
        _get(client, users["other_officer"], sensitive["plan"].get_absolute_url()).status_code
        == 404
    )


def test_every_page_of_a_sensitive_plan_carries_the_marking_banner(client, users, sensitive):
    for url in (
        sensitive["plan"].get_absolute_url(),
        sensitive["housing"].get_absolute_url(),
        reverse("recommendations:update", args=[sensitive["housing"].pk]),
        reverse("recommendations:plan-access", args=[sensitive["plan"].slug]),
    ):
        html = _get(client, users["clerk"], url).content.decode()
        assert 'class="app-marking-banner"' in html and "OFFICIAL-SENSITIVE</strong>" in html


def test_an_official_plan_carries_no_banner(client, users, recommendation):
    html = _get(client, users["clerk"], recommendation.get_absolute_url()).content.decode()
    assert "app-marking-banner" not in html


def test_clerks_change_the_access_list_with_a_reason_and_it_is_audited(
    client, users, sensitive, charity_officer, organisations
):
    url = reverse("recommendations:plan-access", args=[sensitive["plan"].slug])
    client.force_login(users["clerk"])
    refused = client.post(url, {"users": [charity_officer.pk]})
    assert refused.status_code == 200 and "Enter why you are changing" in refused.content.decode()
    response = client.post(
        url, {"organisations": [organisations["police"].pk], "listed": "on", "reason": "DHR panel"}
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(pk=sensitive["plan"].pk)
    assert list(plan.access_organisations.all()) == [organisations["police"]]
    assert plan.listed
    newest = plan.history.latest("history_id")
    assert newest.history_user == users["clerk"] and newest.history_change_reason == "DHR panel"
    assert _get(client, users["other_officer"], plan.get_absolute_url()).status_code == 200
    assert _get(client, users["housing_officer"], url).status_code == 403


def test_partnership_b_clerk_cannot_read_anything_of_a_through_the_pages(
    client, users, sensitive, recommendation, second_partnership
):
    clerk_b = second_partnership.clerk
    for url in (
        recommendation.get_absolute_url(),
        recommendation.plan.get_absolute_url(),
        reverse("recommendations:update", args=[recommendation.pk]),
        reverse("recommendations:plan-access", args=[recommendation.plan.slug]),
        reverse("recommendations:plan-export", args=[recommendation.plan.slug, "xlsx"]),
        sensitive["housing"].get_absolute_url(),
    ):
        assert _get(client, clerk_b, url).status_code == 404, url
    client.force_login(clerk_b)
    update = reverse("recommendations:update", args=[recommendation.pk])
    assert client.post(update, {"version": 1, "rag": "RED"}).status_code == 404
    assert Recommendation.objects.get(pk=recommendation.pk).rag == ""
    html = client.get(reverse("recommendations:list")).content.decode()
    assert "Test Workshop Programme" not in html and "Northtown Case Review" in html
    dashboard = client.get(reverse("reports:dashboard")).context["headline"]
    assert dashboard["total"] == 1  # B's own action only
    appendix = client.get(reverse("reports:appendix")).content.decode()
    assert "Test Workshop Programme" not in appendix
    imports = client.get(reverse("recommendations:import")).content.decode()
    assert "Test Safer Partnership" not in imports and "Test Workshop Programme" not in imports


def test_partnership_b_clerk_cannot_change_anything_of_a_through_the_services(
    users, sensitive, recommendation, partnership, second_partnership
):
    clerk_b, plan = second_partnership.clerk, recommendation.plan
    attempts = [
        lambda: services.recommendation_update(
            recommendation=sensitive["housing"],
            by=clerk_b,
            reason="x",
            changes={"status": services.status_for(sensitive["plan"], "Complete")},
        ),
        lambda: services.progress_update_add(recommendation=recommendation, by=clerk_b, text="x"),
        lambda: services.plan_update(plan=plan, by=clerk_b, reason="x", name="Renamed"),
        lambda: services.status_label_create(
            plan=plan, name="Done", lifecycle="complete", by=clerk_b, reason="x"
        ),
        lambda: services.section_create(plan=plan, title="New", by=clerk_b, reason="x"),
        lambda: services.deficiency_create(plan=plan, text="x", by=clerk_b, reason="x"),
        lambda: services.recommendation_create(
            plan=plan,
            reference="99",
            text="x",
            status=plan.statuses.first(),
            by=clerk_b,
            reason="x",
        ),
        lambda: services.plan_create(
            partnership=partnership, name="Sneaky", kind="workshop", by=clerk_b, reason="x"
        ),
        lambda: services.plan_access_update(
            plan=sensitive["plan"],
            organisations=[],
            users=[clerk_b],
            listed=True,
            by=clerk_b,
            reason="x",
        ),
        lambda: meetings.committee_create(
            partnership=partnership, name="Sneaky Board", by=clerk_b, reason="x"
        ),
        lambda: reports.appendix_request(
            params=AppendixParams(plan_ids=(plan.pk,), as_at=date.today()), by=clerk_b
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Recommendation.objects.get(pk=sensitive["housing"].pk).status.name == "Not started"
    assert not sensitive["plan"].access_users.exists()


def test_issuing_an_appendix_below_its_plans_marking_is_refused_with_a_clear_message(
    client, users, sensitive
):
    client.force_login(users["clerk"])
    data = {
        "plans": [sensitive["plan"].pk],
        "as_at": date.today().isoformat(),
        "marking": "NOT PROTECTIVELY MARKED",
    }
    response = client.post(reverse("reports:appendix-issue"), data)
    assert response.status_code == 400
    assert (
        "The marking cannot be NOT PROTECTIVELY MARKED: the plans in it are marked "
        "OFFICIAL-SENSITIVE" in response.content.decode()
    )
    params = AppendixParams(
        plan_ids=(sensitive["plan"].pk,), as_at=date.today(), marking="OFFICIAL"
    )
    with pytest.raises(ValidationError, match="cannot be OFFICIAL"):
        reports.appendix_issue(params=params, by=users["clerk"])
    # Left to the plan's marking, the paper is marked OFFICIAL-SENSITIVE.
    issued = reports.appendix_issue(
        params=AppendixParams(plan_ids=(sensitive["plan"].pk,), as_at=date.today()),
        by=users["clerk"],
    )
    assert issued.marking == "OFFICIAL-SENSITIVE"


def test_every_export_is_logged_and_the_log_cannot_be_changed(client, users, sensitive):
    client.force_login(users["manager"])
    response = client.get(reverse("recommendations:export-csv"), {"rag": "none"})
    b"".join(response.streaming_content)
    record = ExportRecord.objects.get()
    assert (record.user, record.kind, record.what) == (users["manager"], "csv", "Find")
    assert record.filters == "rag=none" and record.marking == "OFFICIAL-SENSITIVE"
    assert record.row_count == 2 and list(record.plans.all()) == [sensitive["plan"]]
    assert record.history.get().history_user == users["manager"]
    with pytest.raises(FrozenRecordError):
        record.save()
    with pytest.raises(AuditBypassError):
        ExportRecord.objects.update(row_count=0)
    admin_url = reverse("admin:reports_exportrecord_changelist")
    root = directory.user_create(
        username="root",
        password=None,
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
        by=SYSTEM,
        reason=REASON,
    )
    assert _get(client, root, admin_url).status_code == 200
    assert _get(client, users["clerk"], admin_url).status_code in {302, 403}


def test_a_service_called_without_an_actor_fails(partnership, users, recommendation):
    plan = recommendation.plan
    for call in (
        lambda: services.recommendation_update(
            recommendation=recommendation, by=None, reason="x", changes={"rag": "RED"}
        ),
        lambda: services.status_label_create(
            plan=plan, name="Done", lifecycle="complete", by=None, reason="x"
        ),
        lambda: services.section_create(plan=plan, title="New", by=None, reason="x"),
        lambda: services.plan_create(
            partnership=partnership, name="P", kind="workshop", by=None, reason="x"
        ),
        lambda: directory.organisation_create(name="Nobody's", by=None, reason="x"),
        lambda: meetings.committee_create(partnership=partnership, name="B", by=None, reason="x"),
    ):
        with pytest.raises(MissingActorError):
            call()
    assert Recommendation.objects.get(pk=recommendation.pk).rag == ""


def test_no_view_or_service_passes_by_none():
    files = [*ROOT.glob("*/services.py"), *ROOT.glob("*/views*.py"), *ROOT.glob("*/services/*.py")]
    assert len(files) >= 8
    offenders = [str(f) for f in files if re.search(r"\bby\s*=\s*None\b", f.read_text())]
    assert offenders == []


def test_an_imported_seed_000_plan_is_marked_not_protectively_marked(partnership):
    from recommendations.plan_import.read import parse_file
    from recommendations.plan_import.write import plan_import
    from tests.conftest import seed_path

    path = seed_path("000")
    report = plan_import(
        result=parse_file(path.read_bytes(), path.name),
        plan_name="Seed 000",
        kind="",
        partnership=partnership,
        by=SYSTEM,
        filename=path.name,
        dry_run=False,
    )
    assert report.plan.marking == Marking.NOT_PROTECTIVELY_MARKED
