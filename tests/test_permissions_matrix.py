"""Every page this feature adds (and the sign-in pages) as every role: the expected status."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["anonymous", "housing_officer", "other_officer", "clerk", "manager", "admin"]
ALL_SIGNED_IN = dict.fromkeys(ROLES, 200) | {"anonymous": 302}

# (name, url builder, expected status per role). The housing officer works for the lead
# organisation; the other officer for the police, who do not lead the action.
PAGES = [
    ("home", lambda rec: "/", ALL_SIGNED_IN),
    ("login", lambda rec: "/accounts/login/", dict.fromkeys(ROLES, 200)),
    ("password-change", lambda rec: "/accounts/password_change/", ALL_SIGNED_IN),
    ("my-actions", lambda rec: reverse("recommendations:my-actions"), ALL_SIGNED_IN),
    ("plan-list", lambda rec: reverse("recommendations:plan-list"), ALL_SIGNED_IN),
    ("plan-detail", lambda rec: rec.plan.get_absolute_url(), ALL_SIGNED_IN),
    ("detail", lambda rec: rec.get_absolute_url(), ALL_SIGNED_IN),
    (
        "update",
        lambda rec: reverse("recommendations:update", args=[rec.pk]),
        ALL_SIGNED_IN | {"other_officer": 403, "manager": 403},
    ),
    *[
        (
            name,
            build,
            ALL_SIGNED_IN | dict.fromkeys(["housing_officer", "other_officer", "manager"], 403),
        )
        for name, build in [
            ("correct", lambda rec: reverse("recommendations:edit", args=[rec.pk])),
            ("leads-to-link", lambda rec: reverse("recommendations:leads-to-link")),
            (
                "statuses",
                lambda rec: reverse("recommendations:plan-statuses", args=[rec.plan.slug]),
            ),
            ("directory", lambda rec: reverse("directory:organisations")),
            ("people", lambda rec: reverse("directory:people")),
            ("bulk-add", lambda rec: reverse("directory:bulk-add")),
            ("users", lambda rec: reverse("directory:users")),
            ("invite", lambda rec: reverse("directory:user-invite")),
        ]
    ],
]

CASES = [
    pytest.param(build, role, expected[role], id=f"{name}-{role}")
    for name, build, expected in PAGES
    for role in ROLES
]


@pytest.mark.parametrize(("build", "role", "expected"), CASES)
def test_page_answers_each_role_as_expected(client, users, recommendation, build, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(build(recommendation))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    if expected == 200:
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
    ],
)
def test_posting_an_update_answers_each_role_as_expected(
    client, users, recommendation, role, expected
):
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse("recommendations:update", args=[recommendation.pk])
    assert client.post(url, {"version": 1}).status_code == expected
