"""Every page this feature adds (and the sign-in pages) as every role: the expected status."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

# Six roles of partnership A, then an officer and a clerk of partnership B (second_partnership).
ROLES = [
    "anonymous",
    "housing_officer",
    "other_officer",
    "clerk",
    "manager",
    "admin",
    "officer_b",
    "clerk_b",
]
ALL_SIGNED_IN = dict.fromkeys(ROLES, 200) | {"anonymous": 302}
# A's action and plan do not exist for B's people.
A_ONLY = ALL_SIGNED_IN | {"officer_b": 404, "clerk_b": 404}


def _dashboard(rec):
    """A small dashboard of A's partnership whose one indicator the action's lead agency (the
    housing team) is responsible for; issued once so its paper can be asked for."""
    from partnership.models import User
    from partnership.permissions import SYSTEM
    from performance import services as performance
    from performance.models import Dashboard, IssuedDashboard

    dashboard = Dashboard.objects.filter(partnership=rec.plan.partnership).first()
    if dashboard is None:
        dashboard = performance.dashboard_create(
            partnership=rec.plan.partnership, title="Matrix dashboard", by=SYSTEM, reason="Matrix"
        )
        outcome = performance.outcome_create(
            dashboard=dashboard, name="Less harm", by=SYSTEM, reason="Matrix"
        )
        indicator = performance.indicator_create(
            outcome=outcome,
            name="Harm",
            responsible_organisation=rec.lead_organisations.first(),
            by=SYSTEM,
            reason="Matrix",
        )
        performance.value_create(
            indicator=indicator,
            period_label="2025-26",
            period_end=date(2026, 3, 31),
            value=1,
            by=SYSTEM,
            reason="Matrix",
        )
        performance.dashboard_issue(
            dashboard=dashboard, as_at=None, by=User.objects.get(username="clerk")
        )
    dashboard.indicator = dashboard.outcomes.get().indicators.get()
    dashboard.paper = IssuedDashboard.objects.get(dashboard=dashboard)
    return dashboard


PRINTS = A_ONLY | {"housing_officer": 403, "other_officer": 403, "officer_b": 403}
# (name, url builder, expected status per role). The housing officer works for the lead
# organisation; the other officer for the police, who do not lead the action.
PAGES = [
    ("home", lambda rec: "/", ALL_SIGNED_IN),
    ("login", lambda rec: "/accounts/login/", dict.fromkeys(ROLES, 200)),
    ("password-change", lambda rec: "/accounts/password_change/", ALL_SIGNED_IN),
    ("my-actions", lambda rec: reverse("recommendations:my-actions"), ALL_SIGNED_IN),
    ("plan-list", lambda rec: reverse("recommendations:plan-list"), ALL_SIGNED_IN),
    ("plan-detail", lambda rec: rec.plan.get_absolute_url(), A_ONLY),
    ("detail", lambda rec: rec.get_absolute_url(), A_ONLY),
    (
        "update",
        lambda rec: reverse("recommendations:update", args=[rec.pk]),
        A_ONLY | {"other_officer": 403, "manager": 403},
    ),
    (
        "plan-export",
        lambda rec: reverse("recommendations:plan-export", args=[rec.plan.slug, "csv"]),
        A_ONLY,
    ),
    (
        "plan-access",
        lambda rec: reverse("recommendations:plan-access", args=[rec.plan.slug]),
        A_ONLY | {"housing_officer": 403, "other_officer": 403, "manager": 403},
    ),
    (
        "compare",
        lambda rec: reverse("reports:compare"),
        ALL_SIGNED_IN | {"housing_officer": 403, "other_officer": 403, "officer_b": 403},
    ),
    (
        "slippage",
        lambda rec: reverse("reports:slippage"),
        ALL_SIGNED_IN | {"housing_officer": 403, "other_officer": 403, "officer_b": 403},
    ),
    (
        "issue-confirm",
        lambda rec: (
            f"{reverse('reports:appendix-issue-confirm')}?plans={rec.plan_id}&as_at={date.today()}"
        ),
        # B's clerk: A's plan is not a choice they have, the same answer as a plan that does
        # not exist (400, "select a valid choice"), so nothing of A is revealed.
        ALL_SIGNED_IN
        | {
            "housing_officer": 403,
            "other_officer": 403,
            "manager": 403,
            "officer_b": 403,
            "clerk_b": 400,
        },
    ),
    ("email-preferences", lambda rec: reverse("notifications:preferences"), ALL_SIGNED_IN),
    ("performance", lambda rec: reverse("performance:list"), ALL_SIGNED_IN),
    ("perf-dashboard", lambda rec: _dashboard(rec).get_absolute_url(), A_ONLY),
    ("perf-indicator", lambda rec: _dashboard(rec).indicator.get_absolute_url(), A_ONLY),
    (
        "perf-value-add",
        lambda rec: reverse("performance:value-add", args=[_dashboard(rec).indicator.pk]),
        A_ONLY | {"other_officer": 403, "manager": 403},
    ),
    (
        "perf-indicator-settings",
        lambda rec: reverse("performance:indicator-settings", args=[_dashboard(rec).indicator.pk]),
        A_ONLY | {"housing_officer": 403, "other_officer": 403, "manager": 403},
    ),
    (
        "perf-outcome-rag",
        lambda rec: reverse("performance:outcome-rag", args=[_dashboard(rec).outcomes.get().pk]),
        A_ONLY | {"housing_officer": 403, "other_officer": 403, "manager": 403},
    ),
    (
        "perf-import",
        lambda rec: reverse("performance:import"),
        ALL_SIGNED_IN
        | {"housing_officer": 403, "other_officer": 403, "manager": 403, "officer_b": 403},
    ),
    ("perf-export", lambda rec: reverse("performance:export", args=[_dashboard(rec).pk]), PRINTS),
    ("perf-pdf", lambda rec: reverse("performance:pdf", args=[_dashboard(rec).pk]), PRINTS),
    (
        "perf-issue",
        lambda rec: reverse("performance:issue", args=[_dashboard(rec).pk]),
        A_ONLY | {"housing_officer": 403, "other_officer": 403, "manager": 403},
    ),
    (
        "perf-issued-pdf",
        lambda rec: reverse("performance:issued-pdf", args=[_dashboard(rec).paper.pk]),
        PRINTS,
    ),
    ("api-tokens", lambda rec: reverse("api:tokens"), ALL_SIGNED_IN),
    ("api-docs", lambda rec: reverse("api:docs"), ALL_SIGNED_IN),
    ("api-schema", lambda rec: reverse("api:schema"), dict.fromkeys(ROLES, 200)),
    *[
        (name, build, expected | {"anonymous": 401})
        for name, build, expected in [
            ("api-root", lambda rec: "/api/v1/", ALL_SIGNED_IN),
            ("api-recommendations", lambda rec: "/api/v1/recommendations/", ALL_SIGNED_IN),
            ("api-recommendation", lambda rec: f"/api/v1/recommendations/{rec.pk}/", A_ONLY),
            (
                "api-history",
                lambda rec: f"/api/v1/recommendations/{rec.pk}/history/",
                A_ONLY,
            ),
            ("api-plan", lambda rec: f"/api/v1/plans/{rec.plan_id}/", A_ONLY),
        ]
    ],
    *[
        (
            name,
            build,
            expected | dict.fromkeys(["housing_officer", "other_officer", "manager"], 403),
        )
        for name, build, expected in [
            # Officers are refused before any action is looked up; B's clerk finds no A action.
            (
                "correct",
                lambda rec: reverse("recommendations:edit", args=[rec.pk]),
                A_ONLY | {"officer_b": 403},
            ),
            (
                "statuses",
                lambda rec: reverse("recommendations:plan-statuses", args=[rec.plan.slug]),
                A_ONLY | {"officer_b": 403},
            ),
            *[
                (name, build, ALL_SIGNED_IN | {"officer_b": 403})
                for name, build in [
                    ("leads-to-link", lambda rec: reverse("recommendations:leads-to-link")),
                    ("import-mappings", lambda rec: reverse("recommendations:import-mappings")),
                    ("directory", lambda rec: reverse("directory:organisations")),
                    ("people", lambda rec: reverse("directory:people")),
                    ("bulk-add", lambda rec: reverse("directory:bulk-add")),
                    ("users", lambda rec: reverse("directory:users")),
                    ("invite", lambda rec: reverse("directory:user-invite")),
                ]
            ],
        ]
    ],
]

CASES = [
    pytest.param(build, role, expected[role], id=f"{name}-{role}")
    for name, build, expected in PAGES
    for role in ROLES
]


def _login(client, users, second_partnership, role):
    people = users | {"officer_b": second_partnership.officer, "clerk_b": second_partnership.clerk}
    if role != "anonymous":
        client.force_login(people[role])


@pytest.mark.parametrize(("build", "role", "expected"), CASES)
def test_page_answers_each_role_as_expected(
    client, users, recommendation, second_partnership, build, role, expected
):
    _login(client, users, second_partnership, role)
    response = client.get(build(recommendation))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    is_page = response.get("Content-Type", "").startswith("text/html")
    if expected == 200 and not response.streaming and is_page:  # not a file, not JSON
        assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("housing_officer", 200),  # re-rendered: the empty form has nothing to save
        ("other_officer", 403),
        ("clerk", 200),
        ("manager", 403),
        ("admin", 200),
        ("officer_b", 404),
        ("clerk_b", 404),
    ],
)
def test_posting_an_update_answers_each_role_as_expected(
    client, users, recommendation, second_partnership, role, expected
):
    _login(client, users, second_partnership, role)
    url = reverse("recommendations:update", args=[recommendation.pk])
    assert client.post(url, {"version": 1}).status_code == expected


API_CASES = [
    pytest.param(build, role, expected[role], id=f"{name}-{role}")
    for name, build, expected in PAGES
    if name.startswith("api-") and name not in {"api-tokens", "api-docs", "api-schema"}
    for role in ROLES
    if role != "anonymous"
]


@pytest.mark.parametrize(("build", "role", "expected"), API_CASES)
def test_the_api_answers_each_role_with_a_token_as_with_a_session(
    client, users, recommendation, second_partnership, build, role, expected
):
    from api.services import api_token_create

    people = users | {"officer_b": second_partnership.officer, "clerk_b": second_partnership.clerk}
    _token, key = api_token_create(
        user=people[role], name="Matrix", lifetime_days=30, by=people[role], reason="Matrix"
    )
    response = client.get(build(recommendation), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("housing_officer", 200),  # leads it: one action to change
        ("other_officer", 200),  # reads it, may not change it: listed as left alone
        ("clerk", 200),
        ("manager", 403),  # managers read; they change nothing
        ("admin", 200),
        ("officer_b", "find"),  # A's action is not theirs to see: back to Find, nothing named
        ("clerk_b", "find"),
    ],
)
def test_bulk_update_page_answers_each_role_as_expected(
    client, users, recommendation, second_partnership, role, expected
):
    _login(client, users, second_partnership, role)
    url = f"{reverse('recommendations:bulk-update')}?scope=selected&selected={recommendation.pk}"
    response = client.get(url)
    if expected == "find":
        assert response.status_code == 302
        assert response["Location"] == reverse("recommendations:list")
        return
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    if expected == 200:
        text = response.content.decode()
        assert text.count("<h1") == 1
        editable = role != "other_officer"
        assert ("Change 1 action" in text) is editable
        assert ("not yours to change" in text) is not editable
    post = client.post(reverse("recommendations:bulk-update"), {"versions": ""})
    assert post.status_code == {200: 400, 403: 403, 302: 302}[expected]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),  # to sign in
        ("housing_officer", 403),
        ("other_officer", 403),
        ("clerk", "deleted"),
        ("manager", 403),  # managers read; they do not import
        ("admin", "deleted"),
        ("officer_b", 403),
        ("clerk_b", 404),  # A's mapping does not exist for B's clerk
    ],
)
def test_deleting_a_saved_import_mapping_answers_each_role_as_expected(
    client, users, partnership, second_partnership, role, expected
):
    from recommendations.import_mappings import import_mapping_save
    from recommendations.models import ImportMapping

    saved = import_mapping_save(
        partnership=partnership,
        name="Matrix mapping",
        headers=["Ref", "Action"],
        mapping={"Ref": "reference", "Action": "text"},
        rows_above=0,
        by=users["clerk"],
        reason="Matrix",
    )
    _login(client, users, second_partnership, role)
    url = reverse("recommendations:import-mapping-delete", args=[saved.pk])
    response = client.post(url, {"reason": "Matrix"})
    still_there = ImportMapping.objects.filter(pk=saved.pk).exists()
    if expected == "deleted":
        assert response.status_code == 302 and not still_there
        return
    assert response.status_code == expected and still_there
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
