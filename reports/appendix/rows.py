"""The appendix's rows as they stood at the end of the "as at" day, read back from the audit trail.

Everything printed comes from history tables (``Model.history.as_of(end of day)``): the
recommendations, their status words, sections, deficiencies, plans, organisations and people, and
the many-to-many leads stored with each historical recommendation. So the same appendix generated
next year gives the same rows and words. One query per table, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q

from partnership.models import Organisation, Person
from recommendations.markings import Marking
from recommendations.models import (
    OUTSTANDING_LIFECYCLES,
    ActionPlan,
    Deficiency,
    PlanKind,
    ProgressUpdate,
    Recommendation,
    Section,
    StatusLabel,
)
from reports.appendix.layouts import COLUMNS, LAYOUTS, Layout
from reports.appendix.params import AppendixParams

_M2M = Recommendation._history_records.m2m_models  # type: ignore[attr-defined]
LEAD_ORGANISATIONS = next(m for f, m in _M2M.items() if f.name == "lead_organisations")
LEAD_PEOPLE = next(m for f, m in _M2M.items() if f.name == "lead_people")


@dataclass
class AppendixRow:
    rec: Any  # a Recommendation instance rebuilt from its history row
    plan: Any
    section: Any
    deficiency: Any
    status: Any
    leads: list[str]
    is_outstanding: bool
    is_overdue: bool
    latest_update: Any = None
    cells: list = field(default_factory=list)
    first_in_section: bool = True


@dataclass
class AppendixGroup:
    title: str
    narrative: str
    rows: list[AppendixRow]


@dataclass
class Appendix:
    params: AppendixParams
    layout: Layout
    columns: list[tuple[str, str, float]]  # key, heading, width %
    plans: list[Any]
    marking: str
    groups: list[AppendixGroup]
    outstanding: int
    total: int

    @property
    def rows(self) -> list[AppendixRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def shown(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def as_at_text(self) -> str:
        return self.params.as_at.strftime("%d/%m/%Y")

    @property
    def title(self) -> str:
        which = "" if self.params.include_completed else "outstanding "
        return f"Appendix A – Current list of {which}recommendations as at {self.as_at_text}"

    @property
    def summary(self) -> str:
        text = f"{self.outstanding} outstanding of {self.total}"
        if self.shown != self.outstanding:
            text += f"; {self.shown} shown"
        return text

    @property
    def has_withdrawn_points(self) -> bool:
        return any("<del>" in row.rec.text or "<s>" in row.rec.text for row in self.rows)


def _as_of(model: type, params: AppendixParams, **filters: Any) -> dict[int, Any]:
    return {obj.pk: obj for obj in model.history.as_of(params.cutoff).filter(**filters)}


def _fill_missing(model: type, found: dict[int, Any], wanted: set[Any]) -> None:
    """Current rows for ids the history does not know at the cut-off (rows written before the
    audit trail existed): one query, and only when some are missing."""
    missing = {pk for pk in wanted if pk is not None and pk not in found}
    if missing:
        found.update({obj.pk: obj for obj in model.objects.filter(pk__in=missing)})


def _descendants(root_ids: tuple[int, ...], organisations: dict[int, Any]) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for org in organisations.values():
        children[org.parent_id].append(org.pk)
    found, stack = set(), list(root_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def choose_layout(params: AppendixParams, plans: list[Any]) -> Layout:
    if params.layout:
        return LAYOUTS[params.layout]
    return LAYOUTS[plans[0].kind if plans else PlanKind.WORKSHOP]


def current_markings(params: AppendixParams) -> list[str]:
    """The plans' markings today (one query): a plan marked up since the as-at date is printed
    at its new marking."""
    return list(ActionPlan.objects.filter(pk__in=params.plan_ids).values_list("marking", flat=True))


def choose_marking(params: AppendixParams, plans: list[Any], current: list[str]) -> str:
    """The clerk's marking when it is at least the plans' (raising is allowed), else the most
    protective marking of the plans printed, as at the date or now: never lower."""
    floor = Marking.highest([*(p.marking for p in plans), *current])
    if params.marking and Marking.rank(params.marking) >= Marking.rank(floor):
        return params.marking
    return floor


def _columns(params: AppendixParams, layout: Layout) -> list[tuple[str, str, float]]:
    chosen = {k for k in params.columns if k in COLUMNS}
    # Chosen columns print in the layout's order, then the others in the picker's order.
    order = [*layout.columns, *(k for k in COLUMNS if k not in layout.columns)]
    keys = [k for k in order if k in chosen] or layout.columns
    total = sum(COLUMNS[k].weight for k in keys)
    return [(k, layout.heading(k), round(100 * COLUMNS[k].weight / total, 2)) for k in keys]


def _leads_by_history(history_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Lead organisation and person ids stored with each historical row: one query each."""
    orgs: dict[int, list[int]] = defaultdict(list)
    people: dict[int, list[int]] = defaultdict(list)
    for hid, org_id in LEAD_ORGANISATIONS.objects.filter(history_id__in=history_ids).values_list(
        "history_id", "organisation_id"
    ):
        orgs[hid].append(org_id)
    for hid, person_id in LEAD_PEOPLE.objects.filter(history_id__in=history_ids).values_list(
        "history_id", "person_id"
    ):
        people[hid].append(person_id)
    return orgs, people


def _latest_updates(params: AppendixParams, rec_ids: list[int]) -> dict[int, Any]:
    latest: dict[int, Any] = {}
    updates = ProgressUpdate.history.as_of(params.cutoff).filter(recommendation_id__in=rec_ids)
    for update in sorted(updates, key=lambda u: (u.written_on, u.created_at, u.pk)):
        latest[update.recommendation_id] = update
    return latest


def build_appendix(params: AppendixParams) -> Appendix:
    """The appendix as it stood at the end of ``params.as_at`` (Europe/London)."""
    plans_by_id = _as_of(ActionPlan, params, id__in=params.plan_ids)
    plans = sorted(plans_by_id.values(), key=lambda p: (p.name.casefold(), p.pk))
    layout = choose_layout(params, plans)
    columns = _columns(params, layout)
    statuses = _as_of(StatusLabel, params, plan_id__in=params.plan_ids)
    sections = _as_of(Section, params, plan_id__in=params.plan_ids)
    deficiencies = _as_of(Deficiency, params, plan_id__in=params.plan_ids)
    organisations = _as_of(Organisation, params)
    people = _as_of(Person, params)
    recs = list(Recommendation.history.as_of(params.cutoff).filter(plan_id__in=params.plan_ids))
    org_leads, person_leads = _leads_by_history([r._history.history_id for r in recs])
    _fill_missing(StatusLabel, statuses, {r.status_id for r in recs})
    _fill_missing(Section, sections, {r.section_id for r in recs})
    _fill_missing(Deficiency, deficiencies, {r.deficiency_id for r in recs})
    _fill_missing(Organisation, organisations, {i for ids in org_leads.values() for i in ids})
    _fill_missing(Person, people, {i for ids in person_leads.values() for i in ids})
    wanted_keys = {key for key, _, _ in columns}
    latest = _latest_updates(params, [r.pk for r in recs]) if "latest_update" in wanted_keys else {}

    lead_filter = (
        _descendants(params.lead_organisation_ids, organisations)
        if params.lead_organisation_ids
        else None
    )
    rags = {"" if r == "NONE" else r for r in params.rags}
    plan_rank = {p.pk: n for n, p in enumerate(plans)}
    rows: list[AppendixRow] = []
    outstanding = total = 0
    for rec in recs:
        if rec.plan_id not in plans_by_id:
            continue
        hid = rec._history.history_id
        lead_orgs = [organisations[i] for i in org_leads.get(hid, []) if i in organisations]
        lead_people = [people[i] for i in person_leads.get(hid, []) if i in people]
        if lead_filter is not None and not (
            any(o.pk in lead_filter for o in lead_orgs)
            or any(p.organisation_id in lead_filter for p in lead_people)
        ):
            continue
        if rags and rec.rag not in rags:
            continue
        status = statuses.get(rec.status_id)
        is_outstanding = status is not None and status.lifecycle in OUTSTANDING_LIFECYCLES
        total += 1
        outstanding += is_outstanding
        is_overdue = is_outstanding and rec.due_date is not None and rec.due_date < params.as_at
        if not params.include_completed and not is_outstanding:
            continue
        if params.statuses and (status is None or status.name.casefold() not in params.statuses):
            continue
        if params.overdue_only and not is_overdue:
            continue
        names = sorted(o.name for o in lead_orgs) + sorted(
            p.initials or p.name for p in lead_people
        )
        rows.append(
            AppendixRow(
                rec=rec,
                plan=plans_by_id[rec.plan_id],
                section=sections.get(rec.section_id),
                deficiency=deficiencies.get(rec.deficiency_id),
                status=status,
                leads=names,
                is_outstanding=is_outstanding,
                is_overdue=is_overdue,
                latest_update=latest.get(rec.pk),
            )
        )

    def order(row: AppendixRow) -> tuple:
        section = row.section
        return (
            plan_rank[row.plan.pk],
            section.order if section else 10**9,
            section.pk if section else 0,
            row.rec.order,
            row.rec.sort_key,
            row.rec.pk,
        )

    rows.sort(key=order)
    groups = _group(rows, layout, several_plans=len(plans) > 1)
    for row in rows:
        row.cells = [(key, COLUMNS[key].render(row)) for key, _, _ in columns]
    return Appendix(
        params=params,
        layout=layout,
        columns=columns,
        plans=plans,
        marking=choose_marking(params, plans, current_markings(params)),
        groups=groups,
        outstanding=outstanding,
        total=total,
    )


def _group(rows: list[AppendixRow], layout: Layout, *, several_plans: bool) -> list[AppendixGroup]:
    groups: list[AppendixGroup] = []
    current_key: object = object()
    for row in rows:
        if layout.section_headings:
            key: object = (row.plan.pk, row.section.pk if row.section else None)
            if row.section:
                number = f"{row.section.number}. " if row.section.number else ""
                title, narrative = f"{number}{row.section.title}", row.section.narrative
            else:
                title, narrative = "Other actions", ""
            if several_plans:
                title = f"{row.plan.name}: {title}"
        else:
            key = row.plan.pk if several_plans else None
            title, narrative = (row.plan.name if several_plans else ""), ""
        if key != current_key:
            groups.append(AppendixGroup(title=title, narrative=narrative, rows=[]))
            current_key = key
        groups[-1].rows.append(row)
    if layout.section_once:
        previous = None
        for row in rows:
            marker = (row.plan.pk, row.section.pk if row.section else None)
            row.first_in_section = marker != previous
            previous = marker
    return groups


def data_fingerprint(params: AppendixParams) -> str:
    """What the audit trail holds up to the cut-off for everything an appendix may print.

    History rows are only ever added, so (count, last id, last date) per table changes whenever
    anything visible at the cut-off changes; rows written after the cut-off are ignored, as
    ``as_of`` ignores them.
    """
    ids = params.plan_ids
    rec_ids = Recommendation.history.filter(plan_id__in=ids).values("id")
    scopes = [
        (Recommendation, Q(plan_id__in=ids)),
        (StatusLabel, Q(plan_id__in=ids)),
        (Section, Q(plan_id__in=ids)),
        (Deficiency, Q(plan_id__in=ids)),
        (ActionPlan, Q(id__in=ids)),
        (Organisation, Q()),
        (Person, Q()),
        (ProgressUpdate, Q(recommendation_id__in=rec_ids)),
    ]
    parts = []
    for model, scope in scopes:
        agg = model.history.filter(scope, history_date__lte=params.cutoff).aggregate(
            n=Count("history_id"), last=Max("history_id"), when=Max("history_date")
        )
        when = agg["when"].isoformat() if agg["when"] else "-"
        parts.append(f"{model.__name__}:{agg['n']}:{agg['last']}:{when}")
    return "|".join(parts)
