"""Find's filters as a querystring, read back for work done away from the Find page (bulk
update's "select all N matching", large exports in the task worker)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django.http import QueryDict

from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation


def filter_data(querystring: str) -> QueryDict:
    """The known filter parameters (and the sort) of a querystring; anything else is dropped."""
    data = QueryDict(mutable=True)
    for key, value in parse_qsl(querystring.lstrip("?")):
        if key in RecommendationFilter.base_filters or key == "sort":
            data.appendlist(key, value)
    return data


def find_for(user: Any, querystring: str, *, export: bool = False) -> RecommendationFilter:
    """Find over what ``user`` may read (or, for an export, take out in bulk)."""
    objects = Recommendation.objects
    scope = objects.exportable_by(user) if export else objects.visible_to(user)
    return RecommendationFilter(filter_data(querystring), queryset=scope)
