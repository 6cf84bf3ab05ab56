"""Shared fixtures: partnership -> organisations -> users per role -> plan -> recommendations.

Everything is built through the services, as the product builds it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from partnership import services as directory
from partnership.models import Role
from partnership.permissions import SYSTEM
from recommendations import services

# The five committee papers the acceptance tests read; SEEDS_DIR points elsewhere (a CI checkout).
SEEDS = Path(
    os.environ.get("SEEDS_DIR") or Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
)
SEED_PREFIXES = ["000", "001", "002", "003", "004"]
REASON = "Test fixture"


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    # A fresh cache per test: cached values are keyed on history ids, which SQLite reuses after
    # a test's transaction is rolled back.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing(what: str) -> None:
    """Something a test needs is absent: a skip on a laptop, a failure when ``CI`` is set, so a
    run can never go green by skipping."""
    if in_ci():
        pytest.fail(f"CI is set but {what}", pytrace=False)
    pytest.skip(what)


def missing_seeds() -> list[str]:
    return [f"{SEEDS}/{p}_*.txt" for p in SEED_PREFIXES if not sorted(SEEDS.glob(f"{p}_*.txt"))]


def pytest_sessionstart(session: pytest.Session) -> None:
    absent = missing_seeds()
    if in_ci() and absent:
        pytest.exit(
            "CI is set but these seed files are missing "
            "(restore ../shared/seeds or set SEEDS_DIR): " + ", ".join(absent),
            returncode=1,
        )


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (000 .. 004); skip if absent (fail in CI)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        missing(f"seed {prefix} is not in {SEEDS} (expected {SEEDS}/{prefix}_*.txt)")
    return matches[0]


@pytest.fixture
def organisations(db):
    council = directory.organisation_create(
        name="Test Borough Council", abbreviation="TBC", kind="council", by=SYSTEM, reason=REASON
    )
    housing = directory.organisation_create(
        name="Housing Team",
        abbreviation="HT",
        kind="team",
        parent=council,
        by=SYSTEM,
        reason=REASON,
    )
    police = directory.organisation_create(
        name="Test Police", abbreviation="TP", kind="police", by=SYSTEM, reason=REASON
    )
    charity = directory.organisation_create(
        name="Safe Space Charity", abbreviation="SSC", kind="charity", by=SYSTEM, reason=REASON
    )
    return {"council": council, "housing": housing, "police": police, "charity": charity}


@pytest.fixture
def partnership(organisations):
    return directory.partnership_create(
        name="Test Safer Partnership", members=organisations.values(), by=SYSTEM, reason=REASON
    )


def _user(username, role, organisation=None, partnerships=()):
    return directory.user_create(
        username=username,
        password="correct-horse-battery",
        role=role,
        organisation=organisation,
        partnerships=partnerships,
        first_name=username.capitalize(),
        last_name="Tester",
        by=SYSTEM,
        reason=REASON,
    )


@pytest.fixture
def users(organisations, partnership):
    # Officers and the clerk work in the partnership through their organisation's membership;
    # the manager, who has no organisation, is named on it explicitly.
    return {
        "officer": _user("officer", Role.OFFICER, organisations["council"]),
        "housing_officer": _user("housing", Role.OFFICER, organisations["housing"]),
        "other_officer": _user("police", Role.OFFICER, organisations["police"]),
        "clerk": _user("clerk", Role.CLERK, organisations["council"]),
        "manager": _user("manager", Role.MANAGER, partnerships=[partnership]),
        "admin": _user("admin", Role.ADMIN),
    }


@pytest.fixture
def plan(partnership, users):
    return services.plan_create(
        partnership=partnership,
        name="Test Workshop Programme",
        kind="workshop",
        by=users["clerk"],
        reason=REASON,
    )


@pytest.fixture
def recommendation(plan, organisations, users):
    return services.recommendation_create(
        plan=plan,
        reference="19",
        text="<del>1. Withdrawn point.</del> 2. Live point.",
        status=services.status_for(plan, "Pending"),
        lead_organisations=[organisations["housing"]],
        target_date_text="February 2017",
        by=users["clerk"],
        reason=REASON,
    )


def load_demo(**kwargs) -> str:
    """Run ``load_demo`` as a developer would (it refuses to run unless DEBUG is on)."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def second_partnership(db):
    """Partnership B (see :func:`build_second_partnership`)."""
    return build_second_partnership()


def build_second_partnership():
    """Partnership B in the same installation: its own council, an officer and a clerk, an
    OFFICIAL-SENSITIVE case review with one action, and a committee with a meeting, a minute
    and an update round. Nothing in it names partnership A, and every name says "Northtown"."""
    from datetime import date

    from meetings import services as meetings

    council = directory.organisation_create(
        name="Northtown Council", abbreviation="NTC", kind="council", by=SYSTEM, reason=REASON
    )
    partnership = directory.partnership_create(
        name="Northtown Safer Partnership", members=[council], by=SYSTEM, reason=REASON
    )
    officer = _user("officer_b", Role.OFFICER, council)
    clerk = _user("clerk_b", Role.CLERK, council)
    plan = services.plan_create(
        partnership=partnership,
        name="Northtown Case Review",
        kind="case_review",
        by=clerk,
        reason=REASON,
    )
    recommendation = services.recommendation_create(
        plan=plan,
        reference="NT1",
        text="Northtown: share the case chronology.",
        status=services.status_for(plan, "Not started"),
        lead_organisations=[council],
        target_date_text="March 2026",
        by=clerk,
        reason=REASON,
    )
    committee = meetings.committee_create(
        partnership=partnership, name="Northtown Board", by=clerk, reason=REASON
    )
    meeting = meetings.meeting_create(
        committee=committee, date=date(2026, 5, 4), by=clerk, reason=REASON
    )
    minute = meetings.minute_add(meeting=meeting, title="Northtown review", by=clerk, reason=REASON)
    update_round = meetings.update_round_create(
        meeting=meeting,
        plans=[plan],
        deadline=date(2026, 4, 27),
        opens_on=date(2026, 4, 1),
        message="Northtown updates, please",
        by=clerk,
        reason=REASON,
    )
    return SimpleNamespace(
        partnership=partnership,
        organisation=council,
        officer=officer,
        clerk=clerk,
        plan=plan,
        recommendation=recommendation,
        committee=committee,
        meeting=meeting,
        minute=minute,
        update_round=update_round,
    )
