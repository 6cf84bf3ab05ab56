"""Site-wide guard: every page answers every role without a crash, with one <h1>.

Runs each URL of the site (admin aside) as anonymous, two officers, a clerk, a manager and an
administrator against the demo partnership. Detailed per-role expectations live next to each
feature's tests (tests/test_permissions_matrix.py and the app folders); this catches the page
nobody thought to test.
"""

from __future__ import annotations

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.models import Meeting, Minute, UpdateRound
from partnership.models import Organisation, Person, User
from recommendations.models import ActionPlan, Recommendation

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "invitation-accept",
}
# Pages that only answer POST (GET is 405) or stream files rather than HTML.
NOT_HTML = {
    "recommendations:export-csv",
    "recommendations:export-xlsx",
    "recommendations:plan-export",
    "reports:appendix-pdf",
    "reports:issued-pdf",
    "reports:appendix-job-pdf",
    "healthz",
}


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def arguments(name: str) -> dict:
    plan = ActionPlan.objects.order_by("pk").first()
    meeting = Meeting.objects.filter(minutes__isnull=False).order_by("pk").first()
    by_name = {
        "recommendations:plan-detail": {"slug": plan.slug},
        "recommendations:plan-export": {"slug": plan.slug, "fmt": "csv"},
        "recommendations:detail": {"pk": Recommendation.objects.order_by("pk").first().pk},
        "recommendations:update": {"pk": Recommendation.objects.order_by("pk").first().pk},
        "recommendations:saved-view-delete": {"pk": 1},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "reports:appendix-job": {"pk": uuid.uuid4()},
        "reports:appendix-job-pdf": {"pk": uuid.uuid4()},
        "reports:issued-pdf": {"pk": 1},
        "meetings:resolution-add": {"pk": Minute.objects.order_by("pk").first().pk},
        "meetings:update-round-detail": {"pk": UpdateRound.objects.first().pk},
        "meetings:update-round-close": {"pk": UpdateRound.objects.first().pk},
        "invitation-accept": {"uidb64": "MQ", "token": "set-password"},
        "recommendations:edit": {"pk": Recommendation.objects.order_by("pk").first().pk},
        "recommendations:plan-statuses": {"slug": plan.slug},
        **{
            f"recommendations:status-{page}": {"slug": plan.slug, "pk": plan.statuses.first().pk}
            for page in ("edit", "move", "delete")
        },
        "directory:organisation-edit": {"pk": Organisation.objects.order_by("pk").first().pk},
        "directory:person-edit": {"pk": Person.objects.order_by("pk").first().pk},
        "directory:user-detail": {"pk": User.objects.get(username="officer").pk},
        "directory:user-resend": {"pk": User.objects.get(username="officer").pk},
    }
    if name in by_name:
        return by_name[name]
    if name.startswith("meetings:") and name not in {
        "meetings:list",
        "meetings:create",
        "meetings:committee-create",
        "meetings:update-round-create",
    }:
        return {"pk": meeting.pk}
    return {}


def test_every_url_answers_every_role_without_a_crash(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "every-url-password")
    call_command("load_demo", stdout=StringIO())
    clients = {"anonymous": Client()}
    for username in ["officer", "officer2", "clerk", "manager", "admin"]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client

    problems, checked = [], 0
    for name in url_names():
        url = reverse(name, kwargs=arguments(name))
        for role, client in clients.items():
            response = client.get(url)
            checked += 1
            status = response.status_code
            if status >= 500:
                problems.append(f"{role} GET {url}: {status}")
            sent_to_sign_in = status == 302 and "/accounts/login/" in response.get("Location", "")
            if role == "anonymous" and name not in PUBLIC | {"logout"} and not sent_to_sign_in:
                problems.append(f"anonymous GET {url}: {status}, not sent to sign in")
            if status == 200 and name not in NOT_HTML:
                h1s = response.content.count(b"<h1")
                if h1s != 1:
                    problems.append(f"{role} GET {url}: {h1s} <h1> elements")
    assert checked == len(clients) * len(url_names()) > 250
    assert not problems, "\n".join(problems)
