"""Find's filters carried to the appendix, so "Print as the PDF appendix" prints what Find listed.

Filters the appendix has its own choice for (plan, lead agency, RAG, status word, overdue,
outstanding) become that choice, read as at the appendix's date. Every other Find filter (search
words, lead person, plan kind, section, lifecycle, dates) travels as ``find``: Find's own
querystring, re-encoded through its FilterSet, and the appendix keeps only the actions that
Find lists for it now (:func:`find_ids`). No filter is dropped.
"""

from __future__ import annotations

from django.http import QueryDict

from partnership.models import Person
from recommendations.filters import NOT_RATED, RecommendationFilter
from recommendations.models import Recommendation, Section

# Find's filter -> the appendix form's own field.
OWN_FIELDS = {"plan": "plans", "agency": "lead_organisations", "rag": "rags", "status": "statuses"}
# Find filters the appendix expresses itself (as at its date), so they never travel in ``find``.
EXPRESSED = {*OWN_FIELDS, "overdue", "outstanding", "sort", "page"}


FROM_FIND = "find"  # ?from=find: the link on Find, even when no filter is chosen


def arrived_from_find(query: QueryDict) -> bool:
    return query.get("from") == FROM_FIND or any(
        k in RecommendationFilter.base_filters for k in query
    )


def _find(query: QueryDict, user) -> RecommendationFilter:
    return RecommendationFilter(query, queryset=Recommendation.objects.visible_to(user))


def remaining_querystring(query: QueryDict) -> str:
    """Find's filters that the appendix has no field for, as Find's own querystring."""
    rest = QueryDict(mutable=True)
    for key in query:
        if key not in EXPRESSED and key in RecommendationFilter.base_filters:
            rest.setlist(key, query.getlist(key))
    return RecommendationFilter(rest).querystring(sort=None) if rest else ""


def initial_from_find(query: QueryDict, user) -> dict:
    """The appendix form's starting values for a visitor arriving from Find with ``query``."""
    initial: dict = {}
    for find_name, name in OWN_FIELDS.items():
        values = query.getlist(find_name)
        if values:
            initial[name] = values
    if "rags" in initial:
        initial["rags"] = ["NONE" if v == NOT_RATED else v.upper() for v in initial["rags"]]
    if "statuses" in initial:
        initial["statuses"] = [" ".join(v.split()).casefold() for v in initial["statuses"]]
    initial["overdue_only"] = bool(query.get("overdue"))
    # Find lists completed actions too unless "Outstanding" is ticked: so must the appendix.
    initial["include_completed"] = not query.get("outstanding")
    initial["find"] = remaining_querystring(query)
    if "plans" not in initial:
        # No plan chosen on Find means every plan Find lists an action from.
        plan_ids = _find(query, user).qs.order_by().values_list("plan_id", flat=True).distinct()
        initial["plans"] = [str(pk) for pk in sorted(set(plan_ids))]
    return initial


def find_ids(querystring: str) -> set[int] | None:
    """The ids of the actions Find lists now for ``querystring`` (None: no restriction)."""
    if not querystring:
        return None
    find = RecommendationFilter(QueryDict(querystring), queryset=Recommendation.objects.all())
    return set(find.qs.order_by().values_list("id", flat=True))


def describe(querystring: str) -> list[str]:
    """Find's filters in ``querystring`` as people read them ("Search words: referral")."""
    if not querystring:
        return []
    find = RecommendationFilter(QueryDict(querystring))
    if not find.form.is_valid():
        return []
    described = []
    for name, value in find.form.cleaned_data.items():
        if value in (None, "", [], False) or name in EXPRESSED:
            continue
        field = find.form.fields[name]
        values = value if isinstance(value, list | tuple) else [value]
        choices = dict(getattr(field, "choices", []) or [])
        shown = [_shown(name, v, choices) for v in values]
        described.append(f"{field.label}: {', '.join(shown)}")
    return described


def _shown(name: str, value, choices: dict) -> str:
    if name == "person":
        person = Person.objects.filter(pk=int(value)).first()
        return person.name if person else str(value)
    if name == "section":
        section = Section.objects.filter(pk=int(value)).first()
        return str(section) if section else str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(choices.get(value, value))
