"""Site-wide guard: every page answers every role without a crash, with one <h1>.

Runs each URL of the site (admin aside) as anonymous, two officers, a clerk, a manager and an
administrator of the demo partnership, and an officer and a clerk of a second partnership with its
own OFFICIAL-SENSITIVE case review: 8 roles. Pages about one object are asked for with an object
of each partnership, so every page is checked both ways: none answers 500, and no page that
answers 200 shows the other partnership's name or plan names. Detailed per-role expectations
live next to each feature's tests (tests/test_permissions_matrix.py and the app folders); this
catches the page nobody thought to test.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.models import Meeting, Minute, UpdateRound
from partnership.models import Organisation, Partnership, Person, User
from performance.models import Dashboard, Indicator, Outcome
from recommendations.models import ActionPlan, Recommendation
from tests.conftest import build_second_partnership, load_demo

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "invitation-accept",
    "api:schema",  # describes shapes, never data
}
# Pages that only answer POST (GET is 405) or stream files rather than HTML.
NOT_HTML = {
    "recommendations:export-csv",
    "recommendations:export-xlsx",
    "recommendations:plan-export",
    "reports:appendix-pdf",
    "reports:issued-pdf",
    "reports:appendix-job-pdf",
    "reports:appendix-thumbnail",
    "reports:export-job-file",
    "healthz",
    "meetings:agenda-pdf",
    "meetings:minutes-pdf",
    "performance:export",
    "performance:pdf",
    "performance:issued-pdf",
    "api:schema",
    "api:token-revoke",
}
# The read API answers JSON: a request without a token or session is a 401 (a BI tool has no
# sign-in page to be sent to). Its schema is public; its reference and token pages are pages.
API_PAGES = {"api:docs", "api:tokens", "api:token-revoke"}


def answers_401(name: str) -> bool:
    return name.startswith("api:") and name not in API_PAGES | {"api:schema"}


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


def _first(model, **lookup):
    found = model.objects.filter(**lookup).order_by("pk").first()
    return found.pk if found is not None else 0


def meeting_record_arguments(meeting: Meeting) -> dict:
    """The meetings pages that take a committee, agenda item, attendance row, minute,
    resolution or declaration (a declaration is added if the demo has none)."""
    from meetings import records
    from meetings.models import AgendaItem, Attendance, Declaration, Resolution
    from partnership.permissions import SYSTEM

    partnership = meeting.committee.partnership
    if not Declaration.objects.filter(meeting__committee__partnership=partnership).exists():
        records.declaration_add(
            meeting=meeting, name="A. Member", interest="Trustee", by=SYSTEM, reason="Every URL"
        )
    first = {
        "agenda": _first(AgendaItem, meeting__committee__partnership=partnership),
        "attendance": _first(Attendance, meeting__committee__partnership=partnership),
        "minute": _first(Minute, meeting__committee__partnership=partnership),
        "resolution": _first(Resolution, minute__meeting__committee__partnership=partnership),
        "declaration": _first(Declaration, meeting__committee__partnership=partnership),
    }
    return {
        "meetings:committee-update": {"pk": meeting.committee_id},
        "meetings:schedule-add": {"pk": meeting.committee_id},
        "meetings:agenda-update": {"pk": first["agenda"]},
        "meetings:agenda-remove": {"pk": first["agenda"]},
        "meetings:attendance-update": {"pk": first["attendance"]},
        "meetings:attendance-remove": {"pk": first["attendance"]},
        "meetings:minute-update": {"pk": first["minute"]},
        "meetings:minute-remove": {"pk": first["minute"]},
        "meetings:resolution-update": {"pk": first["resolution"]},
        "meetings:resolution-remove": {"pk": first["resolution"]},
        "meetings:declaration-remove": {"pk": first["declaration"]},
    }


def api_arguments(side, plan, rec, meeting) -> dict:
    """The read API's records of the partnerships ``side``."""
    from recommendations.models import ProgressUpdate, Section

    section = _first(Section, plan__partnership__in=side)
    update = _first(ProgressUpdate, recommendation__plan__partnership__in=side)
    return {
        "api:plan-detail": {"pk": plan.pk},
        "api:section-detail": {"pk": section},
        "api:recommendation-detail": {"pk": rec.pk},
        "api:recommendation-history": {"pk": rec.pk},
        "api:progress-update-detail": {"pk": update},
        "api:meeting-detail": {"pk": meeting.pk},
        "api:paper-detail": {"pk": 1},
        "api:paper-pdf": {"pk": 1},
        "api:token-revoke": {"pk": 1},
    }


def arguments(name: str, side) -> dict:
    """The URL's arguments, naming objects of the partnerships ``side``."""
    plan = ActionPlan.objects.filter(partnership__in=side).order_by("pk").first()
    rec = Recommendation.objects.filter(plan__partnership__in=side).order_by("pk").first()
    meetings = Meeting.objects.filter(committee__partnership__in=side)
    meeting = meetings.filter(minutes__isnull=False).order_by("pk").first()
    minute = Minute.objects.filter(meeting__committee__partnership__in=side).order_by("pk").first()
    update_round = UpdateRound.objects.filter(plans__partnership__in=side).order_by("pk").first()
    dashboard = _first(Dashboard, partnership__in=side)
    indicator = _first(Indicator, outcome__dashboard__partnership__in=side)
    by_name = {
        **{
            f"performance:{page}": {"pk": dashboard}
            for page in ("dashboard", "export", "pdf", "issue")
        },
        "performance:indicator": {"pk": indicator},
        "performance:value-add": {"pk": indicator},
        "performance:indicator-settings": {"pk": indicator},
        "performance:outcome-rag": {"pk": _first(Outcome, dashboard__partnership__in=side)},
        "performance:issued-pdf": {"pk": 1},
        **api_arguments(side, plan, rec, meeting),
        "recommendations:plan-detail": {"slug": plan.slug},
        "recommendations:plan-access": {"slug": plan.slug},
        "recommendations:plan-export": {"slug": plan.slug, "fmt": "csv"},
        "recommendations:detail": {"pk": rec.pk},
        "recommendations:update": {"pk": rec.pk},
        "recommendations:saved-view-delete": {"pk": 1},
        "recommendations:import-mapping-delete": {"pk": 1},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "reports:appendix-job": {"pk": uuid.uuid4()},
        "recommendations:import-job": {"pk": uuid.uuid4()},
        "reports:appendix-job-pdf": {"pk": uuid.uuid4()},
        "reports:export-job": {"pk": uuid.uuid4()},
        "reports:export-job-file": {"pk": uuid.uuid4()},
        "reports:issued-pdf": {"pk": 1},
        "meetings:resolution-add": {"pk": minute.pk},
        "meetings:update-round-detail": {"pk": update_round.pk},
        "meetings:update-round-close": {"pk": update_round.pk},
        **meeting_record_arguments(meeting),
        "meetings:update-round-issue": {"pk": update_round.pk},
        "recommendations:closure": {"pk": rec.pk},
        "notifications:outbox": {"pk": update_round.pk},
        "notifications:remind": {"pk": update_round.pk},
        "invitation-accept": {"uidb64": "MQ", "token": "set-password"},
        "recommendations:edit": {"pk": rec.pk},
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


# The demo partnership's roles, then partnership B's officer and clerk (8 roles with anonymous).
ROLES_A = ["officer", "officer2", "clerk", "manager", "admin"]
ROLES_B = ["officer_b", "clerk_b"]


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check(problems, role, url, response, *, public, other_names, api=False) -> None:
    """No 500; anonymous sent to sign in (refused with a 401 by the API); one <h1>; nothing of
    the other partnership."""
    status = response.status_code
    if status >= 500:
        problems.append(f"{role} GET {url}: {status}")
    sent_to_sign_in = status == 302 and "/accounts/login/" in response.get("Location", "")
    if role == "anonymous" and api:
        if status != 401:
            problems.append(f"anonymous GET {url}: {status}, not 401")
    elif role == "anonymous" and not public and not sent_to_sign_in:
        problems.append(f"anonymous GET {url}: {status}, not sent to sign in")
    if status == 200:
        body = _body(response)
        if not response.streaming and "<html" in body and body.count("<h1") != 1:
            problems.append(f"{role} GET {url}: {body.count('<h1')} <h1> elements")
        leaked = [name for name in other_names if name in body]
        if leaked:
            problems.append(f"{role} GET {url}: shows the other partnership's {leaked[:3]}")


def _names_of(partnerships) -> list[str]:
    """Words only partnership A (or B) uses: its name and its plans' names."""
    plans = ActionPlan.objects.filter(partnership__in=partnerships)
    return [*partnerships.values_list("name", flat=True), *plans.values_list("name", flat=True)]


def _save_import_mappings(partnerships) -> None:
    """A saved import mapping per partnership, so the list of them is checked for leaks."""
    from partnership.permissions import SYSTEM
    from recommendations.import_mappings import import_mapping_save

    for partnership in partnerships:
        import_mapping_save(
            partnership=partnership,
            name=f"Mapping of {partnership.name}",
            headers=["Ref", "Action"],
            mapping={"Ref": "reference", "Action": "text"},
            rows_above=0,
            by=SYSTEM,
            reason="Every URL",
        )


def test_every_url_answers_every_role_without_a_crash_or_a_leak(monkeypatch, db):
    monkeypatch.setenv("DEMO_PASSWORD", "every-url-password")
    load_demo()  # first: load_demo refuses a database that holds anything but the demo
    second_partnership = build_second_partnership()
    b = Partnership.objects.filter(pk=second_partnership.partnership.pk)
    a = Partnership.objects.exclude(pk=second_partnership.partnership.pk)
    _save_import_mappings(Partnership.objects.all())
    names = {"A": _names_of(a), "B": _names_of(b)}
    clients = {"anonymous": Client()}
    for username in ROLES_A + ROLES_B:
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client

    problems, checked = [], 0
    for name in url_names():
        # Pages about one object are built for an object of A and of B: both ways.
        sides = ["A", "B"] if arguments(name, a) != {} else ["A"]
        for side in sides:
            url = reverse(name, kwargs=arguments(name, a if side == "A" else b))
            for role, client in clients.items():
                own = "B" if role in ROLES_B else "A"
                # Administrators see every partnership; everyone else only their own.
                other = [] if role in {"admin", "anonymous"} else names["A" if own == "B" else "B"]
                _check(
                    problems,
                    role,
                    url,
                    client.get(url),
                    public=name in PUBLIC | {"logout"},
                    other_names=other,
                    api=answers_401(name),
                )
                checked += 1
    assert len(clients) == 8
    assert checked > len(clients) * len(url_names()) > 250
    assert not problems, "\n".join(problems)


def test_every_admin_page_answers_an_administrator_without_a_crash(monkeypatch):
    """The admin's list, add and change pages of every registered model, the user pages among
    them (they were a FieldError 500 once)."""
    from django.contrib import admin

    monkeypatch.setenv("DEMO_PASSWORD", "every-url-password")
    load_demo()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="admin")
    problems, checked = [], 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        first = model._default_manager.order_by("pk").first()
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        for url in urls:
            checked += 1
            status = client.get(url).status_code
            if status != 200:
                problems.append(f"admin GET {url}: {status}")
    assert client.get("/admin/partnership/user/add/").status_code == 200
    officer = User.objects.get(username="officer")
    assert client.get(f"/admin/partnership/user/{officer.pk}/change/").status_code == 200
    assert checked > 30
    assert not problems, "\n".join(problems)
