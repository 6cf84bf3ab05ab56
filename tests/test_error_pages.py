"""Refusals and missing pages use the service's own pages, with one <h1>."""

import pytest

pytestmark = pytest.mark.django_db


def test_forbidden_page_explains_the_refusal(client, users, recommendation):
    client.force_login(users["other_officer"])
    response = client.get(f"/actions/{recommendation.pk}/update/")
    assert response.status_code == 403
    assert b"You cannot do that" in response.content
    assert response.content.count(b"<h1") == 1


def test_missing_page_is_friendly(client, users):
    client.force_login(users["manager"])
    response = client.get("/actions/999999/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
