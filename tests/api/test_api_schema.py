"""The OpenAPI schema is valid, and schemathesis, calling the real WSGI application with a token
over generated requests (valid and invalid), gets no server error from any operation."""

from __future__ import annotations

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from reports.appendix.params import AppendixParams
from reports.models import IssuedAppendix
from reports.services import appendix_issue
from tests.api.conftest import make_token

pytestmark = pytest.mark.django_db

EXAMPLES = 20  # per operation and mode: about 600 requests in all


def test_the_schema_is_valid_openapi_and_public(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)  # raises on an invalid document
    paths = document["paths"]
    for path in (
        "/api/v1/plans/",
        "/api/v1/sections/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/history/",
        "/api/v1/progress-updates/",
        "/api/v1/meetings/",
        "/api/v1/papers/",
        "/api/v1/papers/{id}/pdf/",
    ):
        assert set(paths[path]) == {"get", "parameters"} or set(paths[path]) == {"get"}, path
    names = {p["name"] for p in paths["/api/v1/recommendations/"]["get"]["parameters"]}
    assert {"q", "agency", "person", "plan", "kind", "section", "lifecycle", "status"} <= names
    assert {"outstanding", "rag", "overdue", "due_after", "due_before", "changed_since"} <= names
    assert {"cursor", "page_size"} <= names and "sort" not in names


@pytest.fixture
def wsgi_app():
    """The WSGI application inside the test's transaction (as Django's test client runs it):
    the request signals must not close the connection that holds the test data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(operation, key: str, mode: GenerationMode, problems: list[str], seen: set) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        seen.add(response.status_code)
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {case.method} {case.formatted_path} {case}")

    run()


def test_schemathesis_finds_no_server_error(wsgi_app, users, recommendation):
    params = AppendixParams(plan_ids=(recommendation.plan_id,), as_at=timezone.localdate())
    appendix_issue(params=params, by=users["clerk"])  # a real issued paper to read
    assert IssuedAppendix.objects.count() == 1
    _token, key = make_token(users["clerk"])
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    problems: list[str] = []
    seen: set[int] = set()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, key, mode, problems, seen)
    assert operations >= 14
    assert {200, 400, 404} <= seen  # it reached real rows, and refused bad input politely
    assert not problems, "\n".join(problems[:20])
