"""Shared fixtures: partnership -> organisations -> users per role -> plan -> recommendations.

Everything is built through the services, as the product builds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from partnership import services as directory
from partnership.models import Role
from partnership.permissions import SYSTEM
from recommendations import services

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
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


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (000 .. 004); skip if absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
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
