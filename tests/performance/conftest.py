"""Fixtures of the performance tests: seed 004's dashboard imported through the services."""

from __future__ import annotations

import pytest

from partnership.permissions import SYSTEM
from performance import services
from performance.paper import read_paper
from tests.conftest import seed_path


@pytest.fixture
def seed_dashboard(partnership):
    parsed = read_paper(seed_path("004").read_text(encoding="utf-8"))
    return services.dashboard_import(
        partnership=partnership, parsed=parsed, by=SYSTEM, reason="Seed 004 appendix 3"
    )
