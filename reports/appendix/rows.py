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
from django.utils.html import format_html

from partnership.models import Organisation, Person
from recommendations.markings import Marking
from recommendations.models import (
    ActionPlan,
    Deficiency,
    PlanKind,
    ProgressUpdate,
    Recommendation,
    Section,
    StatusLabel,
    is_outstanding_lifecycle,
    is_overdue,
)
from reports.appendix.changes import (
    Baseline,
    Change,
    Snapshot,
    compare,
    last_papers,
    marks_html,
    paper_baseline,
    snapshots,
    summary_line,
)
from reports.appendix.from_find import find_ids
from reports.appendix.layouts import COLUMNS, LAYOUTS, Layout
from reports.appendix.params import AppendixParams
from reports.models import IssuedAppendix

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
    change: Change | None = None
    proposed: Any = None  # the closing status the lead proposed, awaiting agreement


@dataclass
class AppendixGroup:
    title: str
    narrative: str
    rows: list[AppendixRow]


@dataclass
class PlanSection:
    """One plan of a paper: its own layout, columns, headings and counts."""

    plan: Any
    layout: Layout
    columns: list[tuple[str, str, float]]  # key, heading, width %
    groups: list[AppendixGroup] = field(default_factory=list)
    outstanding: int = 0
    total: int = 0
    # Why nothing is printed: the as-at date is before the plan's records begin.
    before_records: str = ""
    baseline: Baseline | None = None
    closed_since: list[Change] = field(default_factory=list)

    @property
    def rows(self) -> list[AppendixRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def shown(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def summary(self) -> str:
        text = f"{self.outstanding} outstanding of {self.total}"
        if self.shown != self.outstanding:
            text += f"; {self.shown} shown"
        return text

    @property
    def changes(self) -> list[Change]:
        marked = [row.change for row in self.rows if row.change]
        return marked + self.closed_since

    @property
    def changes_summary(self) -> str:
        return summary_line(self.changes, self.baseline) if self.baseline else ""


@dataclass
class Appendix:
    params: AppendixParams
    plans: list[Any]
    marking: str
    sections: list[PlanSection]

    @property
    def layout(self) -> Layout:
        """The first plan's layout (the whole paper's, when the clerk chose one)."""
        return self.sections[0].layout if self.sections else choose_layout(self.params, [])

    @property
    def columns(self) -> list[tuple[str, str, float]]:
        return self.sections[0].columns if self.sections else []

    @property
    def groups(self) -> list[AppendixGroup]:
        return [group for section in self.sections for group in section.groups]

    @property
    def rows(self) -> list[AppendixRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def shown(self) -> int:
        return sum(section.shown for section in self.sections)

    @property
    def outstanding(self) -> int:
        return sum(section.outstanding for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    @property
    def several_plans(self) -> bool:
        return len(self.sections) > 1

    @property
    def before_records(self) -> list[str]:
        """Per plan, why the as-at date is too early; a paper with any cannot be issued."""
        return [s.before_records for s in self.sections if s.before_records]

    @property
    def can_be_issued(self) -> bool:
        return not self.before_records

    @property
    def as_at_text(self) -> str:
        return self.params.as_at.strftime("%d/%m/%Y")

    @property
    def title(self) -> str:
        return self.params.title

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


def _descendants(root_ids: tuple[int, ...], organisations: dict[int, Any]) -> set[int] | None:
    """The lead filter's agencies and their teams, in the directory as it stood then (None: no
    lead filter)."""
    if not root_ids:
        return None
    return Organisation.subtree_ids(((o.pk, o.parent_id) for o in organisations.values()), root_ids)


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


@dataclass
class _Records:
    """Everything the audit trail held at the cut-off for the plans asked for."""

    plans: dict[int, Any]
    statuses: dict[int, Any]
    sections: dict[int, Any]
    deficiencies: dict[int, Any]
    organisations: dict[int, Any]
    people: dict[int, Any]
    recs: list[Any]
    org_leads: dict[int, list[int]]
    person_leads: dict[int, list[int]]
    latest: dict[int, Any] = field(default_factory=dict)


def _load(params: AppendixParams) -> _Records:
    """One query per table, never one per row."""
    ids = params.plan_ids
    recs = list(Recommendation.history.as_of(params.cutoff).filter(plan_id__in=ids))
    org_leads, person_leads = _leads_by_history([r._history.history_id for r in recs])
    records = _Records(
        plans=_as_of(ActionPlan, params, id__in=ids),
        statuses=_as_of(StatusLabel, params, plan_id__in=ids),
        sections=_as_of(Section, params, plan_id__in=ids),
        deficiencies=_as_of(Deficiency, params, plan_id__in=ids),
        organisations=_as_of(Organisation, params),
        people=_as_of(Person, params),
        recs=recs,
        org_leads=org_leads,
        person_leads=person_leads,
    )
    _fill_missing(StatusLabel, records.statuses, {r.status_id for r in recs})
    _fill_missing(Section, records.sections, {r.section_id for r in recs})
    _fill_missing(Deficiency, records.deficiencies, {r.deficiency_id for r in recs})
    _fill_missing(Organisation, records.organisations, {i for v in org_leads.values() for i in v})
    _fill_missing(Person, records.people, {i for v in person_leads.values() for i in v})
    return records


def _before_records(plan: ActionPlan, as_at) -> str:
    begins = plan.records_begin()
    return (
        f"{plan.name}: its records begin on {begins.on:%d/%m/%Y} ({begins.how}). There is "
        f"nothing to print as at {as_at:%d/%m/%Y}; choose a date on or after "
        f"{begins.on:%d/%m/%Y}."
    )


def too_early(params: AppendixParams) -> list[str]:
    """Per plan whose records begin after the as-at date, why nothing can be printed for it."""
    plans = ActionPlan.objects.filter(pk__in=params.plan_ids).order_by("name")
    return [
        _before_records(plan, params.as_at)
        for plan in plans
        if plan.records_begin().on > params.as_at
    ]


def build_appendix(params: AppendixParams) -> Appendix:
    """The appendix as it stood at the end of ``params.as_at`` (Europe/London), plan by plan."""
    records = _load(params)
    missing = set(params.plan_ids) - records.plans.keys()
    # Plans not yet in the audit trail at the cut-off: read now, only to say why.
    current = {p.pk: p for p in ActionPlan.objects.filter(pk__in=missing)} if missing else {}
    plans = sorted(
        [*records.plans.values(), *current.values()], key=lambda p: (p.name.casefold(), p.pk)
    )
    sections = [PlanSection(plan=p, layout=choose_layout(params, [p]), columns=[]) for p in plans]
    for section in sections:
        section.columns = _columns(params, section.layout)
        if section.plan.pk not in records.plans:
            section.before_records = _before_records(current[section.plan.pk], params.as_at)
    if any(k == "latest_update" for s in sections for k, _, _ in s.columns):
        records.latest = _latest_updates(params, [r.pk for r in records.recs])
    changes = _changes(params, records) if params.mark_changes else {}
    for section in sections:
        if not section.before_records:
            _fill_section(section, params, records, changes.get(section.plan.pk))
    return Appendix(
        params=params,
        plans=[s.plan for s in sections if not s.before_records],
        marking=choose_marking(params, plans, current_markings(params)),
        sections=sections,
    )


def _changes(params: AppendixParams, records: _Records) -> dict[int, tuple[Baseline, dict]]:
    """Per plan with an earlier issued paper: that paper's baseline and what changed since."""
    baselines = {
        pk: paper_baseline(p) for pk, p in last_papers(params.plan_ids, params.as_at).items()
    }
    after_all: dict[int, dict[int, Snapshot]] = defaultdict(dict)
    for rec in records.recs:
        status = records.statuses.get(rec.status_id)
        outstanding = is_outstanding_lifecycle(status.lifecycle if status is not None else None)
        after_all[rec.plan_id][rec.pk] = Snapshot(rec=rec, status=status, outstanding=outstanding)
    by_moment: dict[Any, list[int]] = defaultdict(list)
    for pk, baseline in baselines.items():
        by_moment[baseline.moment].append(pk)
    result = {}
    for moment, plan_ids in by_moment.items():
        before_all = snapshots(plan_ids, moment)
        for pk in plan_ids:
            before = {k: v for k, v in before_all.items() if v.rec.plan_id == pk}
            result[pk] = (baselines[pk], compare(before, after_all[pk]))
    return result


def _lead_names(rec: Any, records: _Records, lead_filter: set[int] | None) -> list[str] | None:
    """The row's lead names, or None when the lead filter leaves it out."""
    hid = rec._history.history_id
    orgs = [
        records.organisations[i]
        for i in records.org_leads.get(hid, [])
        if i in records.organisations
    ]
    people = [records.people[i] for i in records.person_leads.get(hid, []) if i in records.people]
    if lead_filter is not None and not (
        any(o.pk in lead_filter for o in orgs)
        or any(p.organisation_id in lead_filter for p in people)
    ):
        return None
    return sorted(o.name for o in orgs) + sorted(p.initials or p.name for p in people)


def _fill_section(
    section: PlanSection,
    params: AppendixParams,
    records: _Records,
    changes: tuple[Baseline, dict] | None,
) -> None:
    """The plan's rows, counts, change marks and closed-since list."""
    lead_filter = _descendants(params.lead_organisation_ids, records.organisations)
    rags = {"" if r == "NONE" else r for r in params.rags}
    listed_on_find = find_ids(params.find)
    if changes is not None:
        section.baseline = changes[0]
    marked = changes[1] if changes else {}
    rows: list[AppendixRow] = []
    for rec in records.recs:
        if rec.plan_id != section.plan.pk:
            continue
        if listed_on_find is not None and rec.pk not in listed_on_find:
            continue
        names = _lead_names(rec, records, lead_filter)
        if names is None or (rags and rec.rag not in rags):
            continue
        status = records.statuses.get(rec.status_id)
        lifecycle = status.lifecycle if status is not None else None
        is_outstanding = is_outstanding_lifecycle(lifecycle)
        section.total += 1
        section.outstanding += is_outstanding
        overdue = is_overdue(lifecycle, rec.due_date, params.as_at)
        change = marked.get(rec.pk)
        if (
            (not params.include_completed and not is_outstanding)
            or (
                params.statuses
                and (status is None or status.name.casefold() not in params.statuses)
            )
            or (params.overdue_only and not overdue)
        ):
            if change and "closed" in change.kinds and not params.overdue_only:
                section.closed_since.append(change)
            continue
        rows.append(
            AppendixRow(
                rec=rec,
                plan=section.plan,
                section=records.sections.get(rec.section_id),
                deficiency=records.deficiencies.get(rec.deficiency_id),
                status=status,
                leads=names,
                is_outstanding=is_outstanding,
                is_overdue=overdue,
                latest_update=records.latest.get(rec.pk),
                change=change,
                proposed=records.statuses.get(getattr(rec, "proposed_status_id", None)),
            )
        )
    rows.sort(key=_row_order)
    section.closed_since.sort(key=lambda c: (c.rec.order, c.rec.sort_key, c.rec.pk))
    section.groups = _group(rows, section.layout)
    for row in rows:
        row.cells = [(key, COLUMNS[key].render(row)) for key, _, _ in section.columns]
        if row.change and row.cells:
            key, html = row.cells[0]
            row.cells[0] = (key, format_html("{}{}", marks_html(row.change), html))


def _row_order(row: AppendixRow) -> tuple:
    section = row.section
    return (
        section.order if section else 10**9,
        section.pk if section else 0,
        row.rec.order,
        row.rec.sort_key,
        row.rec.pk,
    )


def _group(rows: list[AppendixRow], layout: Layout) -> list[AppendixGroup]:
    groups: list[AppendixGroup] = []
    current_key: object = object()
    for row in rows:
        if layout.section_headings:
            key: object = row.section.pk if row.section else None
            if row.section:
                number = f"{row.section.number}. " if row.section.number else ""
                title, narrative = f"{number}{row.section.title}", row.section.narrative
            else:
                title, narrative = "Other actions", ""
        else:
            key, title, narrative = None, "", ""
        if key != current_key:
            groups.append(AppendixGroup(title=title, narrative=narrative, rows=[]))
            current_key = key
        groups[-1].rows.append(row)
    if layout.section_once:
        previous = None
        for row in rows:
            marker = row.section.pk if row.section else None
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
    if params.mark_changes:
        # A newly issued paper moves the baseline the marks compare with.
        papers = IssuedAppendix.objects.filter(issued_at__lte=params.cutoff)
        parts.append(f"IssuedAppendix:{papers.aggregate(last=Max('id'))['last']}")
    if params.find:  # Find's filters read the actions as they are now, after the cut-off too
        parts.append(f"find:{Recommendation.history.aggregate(last=Max('history_id'))['last']}")
    return "|".join(parts)
