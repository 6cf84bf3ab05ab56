from __future__ import annotations

import pytest
from django.utils import timezone

from reports.appendix.params import AppendixParams
from reports.services import appendix_issue


@pytest.fixture
def issued_appendix(recommendation, users):
    params = AppendixParams(plan_ids=(recommendation.plan_id,), as_at=timezone.localdate())
    return appendix_issue(params=params, by=users["clerk"])
