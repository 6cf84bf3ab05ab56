"""Build a synthetic partnership for benchmarks: BENCHMARK ONLY, never on a real database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_find \
        python manage.py seed_bench --recommendations 10000

The directory, plans, status words and sections always go through the services. For the
recommendations and their ~100,000 history rows there are two paths:

* ``--via-services``: every create and update through ``recommendation_create`` /
  ``recommendation_update`` (the audit rule: no QuerySet.update or bulk_* on audited models), the
  clock travelled (time-machine, a development dependency) to each event's moment. Faithful, but
  measured on the 2-core machine at about 20 queries and 60-125 ms per event: 100,000 events take
  1.5-3.5 hours (docs/performance.md).
* default, the BENCHMARK-ONLY bulk path: the same events are simulated in memory and written with
  plain ``bulk_create`` on a bare QuerySet, deliberately stepping round ``AuditedQuerySet``'s
  guard, plus history rows built field for field as simple-history's ``bulk_history_create``
  would (user None, this command's reason, the event's date). It skips only the historical
  many-to-many rows (leads do not change after creation here). It exists because the faithful
  path is far over the 10-minute budget; it must never be copied into product code.
"""

from __future__ import annotations

import contextlib
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from partnership import services as directory
from partnership.models import Partnership
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.models import PlanKind

REASON = "Benchmark data (seed_bench)"
NAME = "Benchmark Safer Partnership"
VERBS = ["Improve", "Review", "Publish", "Train staff on", "Audit", "Agree", "Map", "Pilot"]
TOPICS = [
    "the housing referral pathway",
    "domestic abuse risk assessment",
    "information sharing between agencies",
    "the anti-social behaviour case review",
    "safeguarding training for front-line staff",
    "coercive control awareness",
    "the night-time economy plan",
    "hate crime reporting",
    "the vulnerable person panel",
    "victim support signposting",
]
NOTES = [
    "Meeting held with partners; draft agreed.",
    "Awaiting sign-off by the board.",
    "Delayed due to staffing; new date agreed.",
    "Training delivered to 40 staff.",
    "Pilot running in two wards.",
]


class Command(BaseCommand):
    help = "Build a synthetic partnership of N recommendations for benchmarks (through services)."

    def add_arguments(self, parser):
        parser.add_argument("--recommendations", type=int, default=10_000)
        parser.add_argument("--organisations", type=int, default=50)
        parser.add_argument(
            "--partnerships",
            type=int,
            default=3,
            help="Spread agencies and plans over this many partnerships (scoping is measured)",
        )
        parser.add_argument("--updates", type=int, default=9, help="History rows per action")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--via-services",
            action="store_true",
            help="Write every action and update through the services (slow: hours at 10,000)",
        )

    def handle(self, *args, **options):
        try:
            import time_machine
        except ImportError as exc:  # pragma: no cover - dev dependency
            raise CommandError("seed_bench needs time-machine (a development dependency)") from exc
        if Partnership.objects.filter(name=NAME).exists():
            raise CommandError(f"{NAME!r} already exists: use a fresh database")
        rng = random.Random(options["seed"])
        started = time.monotonic()
        now = timezone.now()
        origin = now - timedelta(days=730)

        with time_machine.travel(origin, tick=False), transaction.atomic():
            orgs, people, plans = self._directory_and_plans(rng, options)
        self.stdout.write(f"directory and {len(plans)} plans: {time.monotonic() - started:.0f}s")

        events = action_events(rng, options["recommendations"], options["updates"], origin, now)
        if not options["via_services"]:
            count = write_in_bulk(rng, events, plans, orgs, people, options["updates"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {options['recommendations']} recommendations and {count} history "
                    f"rows (bulk benchmark path) in {time.monotonic() - started:.0f}s"
                )
            )
            return
        recs: dict[int, object] = {}
        batch = 500
        for start in range(0, len(events), batch):
            with transaction.atomic():
                for when, n, step in events[start : start + batch]:
                    with time_machine.travel(when, tick=False):
                        if step == 0:
                            recs[n] = self._create(rng, n, plans, orgs, people)
                        else:
                            recs[n] = self._update(rng, recs[n], step, options["updates"])
            if (start // batch) % 20 == 0:
                done = start + batch
                self.stdout.write(
                    f"{min(done, len(events))}/{len(events)} events, "
                    f"{time.monotonic() - started:.0f}s"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(recs)} recommendations and {len(events)} history events "
                f"in {time.monotonic() - started:.0f}s"
            )
        )

    def _directory_and_plans(self, rng, options):
        kinds = ["police", "council", "nhs", "charity", "business"]
        tops = []
        top_count = max(options["organisations"] // 5, 1)
        for n in range(top_count):
            tops.append(
                directory.organisation_create(
                    name=f"Bench Agency {n + 1:02d}",
                    abbreviation=f"BA{n + 1}",
                    kind=kinds[n % len(kinds)],
                    by=SYSTEM,
                    reason=REASON,
                )
            )
        orgs = list(tops)
        for n in range(options["organisations"] - top_count):
            orgs.append(
                directory.organisation_create(
                    name=f"Bench Team {n + 1:02d}",
                    abbreviation=f"BT{n + 1}",
                    kind="team",
                    parent=tops[n % len(tops)],
                    by=SYSTEM,
                    reason=REASON,
                )
            )
        # Agencies (with their teams) and plans are dealt round the partnerships; every third
        # plan is a case review (OFFICIAL-SENSITIVE by default).
        count = max(options["partnerships"], 1)
        top_index = {org.pk: n % count for n, org in enumerate(tops)}
        partnerships = [
            directory.partnership_create(
                name=NAME if p == 0 else f"{NAME} {p + 1}",
                members=[o for o in orgs if top_index[o.parent_id or o.pk] == p],
                by=SYSTEM,
                reason=REASON,
            )
            for p in range(count)
        ]
        people = [
            directory.person_create(
                name=f"Bench Person {n + 1}",
                initials=f"P{n % 60}",
                organisation=orgs[n % len(orgs)],
                by=SYSTEM,
                reason=REASON,
            )
            for n in range(options["organisations"] * 4)
        ]
        plans = []
        self._statuses: dict[int, dict] = {}
        plan_count = max(options["recommendations"] // 100, 1)
        for n in range(plan_count):
            kind = PlanKind.values[n % len(PlanKind.values)]
            plan = services.plan_create(
                partnership=partnerships[n % count],
                name=f"Bench plan {n + 1:03d}",
                kind=kind,
                by=SYSTEM,
                reason=REASON,
            )
            sections = [
                services.section_create(
                    plan=plan, title=f"Priority {s + 1}", by=SYSTEM, reason=REASON
                )
                for s in range(5)
            ]
            statuses = list(plan.statuses.all())
            self._statuses[plan.pk] = {s.lifecycle: s for s in reversed(statuses)}
            plans.append((plan, sections, statuses))
        return orgs, people, plans

    def _create(self, rng, n, plans, orgs, people):
        plan, sections, statuses = plans[n % len(plans)]
        first = next(s for s in statuses if s.lifecycle == "not_started")
        leads = rng.sample(orgs, rng.choice([0, 1, 1, 1, 2]))
        month = timezone.localdate() + timedelta(days=rng.randint(-540, 360))
        return services.recommendation_create(
            plan=plan,
            reference=str(n // len(plans) + 1),
            text=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (action {n + 1})",
            status=first,
            section=sections[n % len(sections)],
            lead_organisations=leads,
            lead_people=rng.sample(people, rng.choice([0, 0, 1])),
            leads_text=", ".join(org.abbreviation for org in leads),
            target_date_text=month.strftime("%B %Y"),
            outcome="Fewer repeat referrals",
            by=SYSTEM,
            reason=REASON,
        )

    def _update(self, rng, rec, step, updates):
        statuses = self._statuses[rec.plan_id]
        changes: dict = {"rag": rng.choice(["RED", "AMBER", "GREEN", "AMBER", "GREEN"])}
        if step == 1:
            changes["status"] = statuses.get("in_progress", rec.status)
        elif step == updates and rng.random() < 0.45:
            changes["status"] = statuses.get("complete", rec.status)
            changes["rag"] = "BLUE"
        else:
            changes["work_to_date"] = rng.choice(NOTES)
        if step == 3 and rng.random() < 0.2:
            changes["revised_target_date_text"] = (
                timezone.localdate() + timedelta(days=rng.randint(-200, 300))
            ).strftime("%B %Y")
            changes["revised_date_reason"] = "Delayed by partner capacity"
        return services.recommendation_update(
            recommendation=rec, by=SYSTEM, reason=REASON, changes=changes
        )


def action_events(rng, count: int, updates: int, origin, now) -> list[tuple]:
    """``(moment, action number, step)`` for ``count`` actions created between ``origin`` and
    ``now`` (step 0) and ``updates`` later changes to each, in time order."""
    events = []
    span = (now - origin).total_seconds()
    for n in range(count):
        created = origin + timedelta(seconds=rng.uniform(0, span * 0.8))
        rest = (now - created).total_seconds()
        moments = sorted(rng.uniform(60, rest - 60) for _ in range(updates))
        events.append((created, n, 0))
        events.extend(
            (created + timedelta(seconds=s), n, step + 1) for step, s in enumerate(moments)
        )
    events.sort(key=lambda event: event[0])
    return events


# -- the BENCHMARK-ONLY bulk path (see the module docstring) -------------------------------------


def write_in_bulk(rng, events, plans, orgs, people, updates: int) -> int:
    """BENCHMARK AND TEST DATA ONLY: the actions and history rows of ``events``
    (:func:`action_events`) over ``plans`` (each ``(plan, sections, statuses)``, sections never
    empty), led by some of ``orgs`` and ``people``, written in bulk round the audit guard (see
    the module docstring). Returns the number of history rows written."""
    from recommendations.dates import parse_fuzzy_date
    from recommendations.models import Recommendation, reference_sort_key

    by_lifecycle = {plan.pk: {s.lifecycle: s for s in reversed(st)} for plan, _, st in plans}
    fields = [f.attname for f in Recommendation._meta.concrete_fields]
    recs: dict[int, Recommendation] = {}
    leads: dict[int, tuple[list, list]] = {}
    snapshots: list[tuple[int, dict, str, object]] = []
    for when, n, step in events:
        if step == 0:
            plan, sections, statuses = plans[n % len(plans)]
            first = next(s for s in statuses if s.lifecycle == "not_started")
            lead_orgs = rng.sample(orgs, rng.choice([0, 1, 1, 1, 2]))
            month = timezone.localdate() + timedelta(days=rng.randint(-540, 360))
            target = parse_fuzzy_date(month.strftime("%B %Y"))
            reference = str(n // len(plans) + 1)
            rec = Recommendation(
                plan=plan,
                section=sections[n % len(sections)],
                reference=reference,
                sort_key=reference_sort_key(reference),
                text=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (action {n + 1})",
                status=first,
                leads_text=", ".join(org.abbreviation for org in lead_orgs),
                target_date_text=target.text,
                target_date=target.date,
                target_date_precision=target.precision,
                outcome="Fewer repeat referrals",
                created_at=when,
                updated_at=when,
            )
            rec.due_date = rec.compute_due_date()
            recs[n] = rec
            leads[n] = (lead_orgs, rng.sample(people, rng.choice([0, 0, 1])))
            kind = "+"
        else:
            rec = recs[n]
            statuses = by_lifecycle[rec.plan_id]
            rec.rag = rng.choice(["RED", "AMBER", "GREEN", "AMBER", "GREEN"])
            if step == 1:
                rec.status = statuses.get("in_progress", rec.status)
            elif step == updates and rng.random() < 0.45:
                rec.status = statuses.get("complete", rec.status)
                rec.rag = "BLUE"
            else:
                rec.work_to_date = rng.choice(NOTES)
            if step == 3 and rng.random() < 0.2:
                revised = parse_fuzzy_date(
                    (timezone.localdate() + timedelta(days=rng.randint(-200, 300))).strftime(
                        "%B %Y"
                    )
                )
                rec.revised_target_date_text = revised.text
                rec.revised_target_date = revised.date
                rec.revised_target_date_precision = revised.precision
                rec.revised_date_reason = "Delayed by partner capacity"
                rec.due_date = rec.compute_due_date()
            rec.version += 1
            rec.updated_at = when
            kind = "~"
        snapshots.append((n, {f: getattr(rec, f) for f in fields if f != "id"}, kind, when))

    _write(recs, leads, snapshots)
    return len(snapshots)


def _write(recs: dict, leads: dict, snapshots: list) -> None:
    """Write the generated actions, their leads and history rows in bulk."""
    from recommendations.models import Recommendation

    history_model = Recommendation.history.model
    with transaction.atomic(), _indexes_built_after(Recommendation, history_model):
        _insert_actions(Recommendation, list(recs.values()))
        org_through = Recommendation.lead_organisations.through
        person_through = Recommendation.lead_people.through
        org_through.objects.bulk_create(
            [
                org_through(recommendation_id=recs[n].pk, organisation_id=org.pk)
                for n, (lead_orgs, _) in leads.items()
                for org in lead_orgs
            ],
            batch_size=5000,
        )
        person_through.objects.bulk_create(
            [
                person_through(recommendation_id=recs[n].pk, person_id=person.pk)
                for n, (_, lead_people) in leads.items()
                for person in lead_people
            ],
            batch_size=5000,
        )
        if connection.vendor == "postgresql":
            _copy_history(history_model, recs, snapshots)
            return
        rows = (
            history_model(
                id=recs[n].pk,
                history_date=when,
                history_type=kind,
                history_user=None,
                history_change_reason=REASON,
                **state,
            )
            for n, state, kind, when in snapshots
        )
        batch: list = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                history_model.objects.bulk_create(batch)
                batch = []
        history_model.objects.bulk_create(batch)


def _insert_actions(model, recs: list) -> None:
    """The actions, their ids set. On PostgreSQL the ids are drawn from the table's sequence
    and the rows streamed with COPY (a 50,000-row ``bulk_create`` spent most of its time
    preparing 1.5 million values one by one); elsewhere ``bulk_create``."""
    if connection.vendor != "postgresql":
        # A bare QuerySet on purpose: AuditedQuerySet refuses bulk_create (benchmark only).
        models.QuerySet(model).bulk_create(recs, batch_size=1000)
        return
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(recs)],
        )
        for rec, (pk,) in zip(recs, sorted(cursor.fetchall()), strict=True):
            rec.pk = pk
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
        ) as copy:
            for rec in recs:
                copy.write_row([getattr(rec, f.attname) for f in fields])


def _copy_history(history_model, recs: dict, snapshots: list) -> None:
    """The same history rows as the bulk_create path, streamed with PostgreSQL's COPY: no
    model instance and no INSERT statement per row (500,000 rows at 50,000 actions)."""
    fields = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    extra = {"history_user_id": None, "history_change_reason": REASON}
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(history_model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for n, state, kind, when in snapshots:
            row = {**defaults, **state, **extra, "id": recs[n].pk}
            row["history_date"], row["history_type"] = when, kind
            copy.write_row([row[f.attname] for f in fields])


@contextlib.contextmanager
def _indexes_built_after(*tables):
    """On PostgreSQL, the tables' secondary indexes are dropped before the bulk load and
    built again from their own definitions after it, in the same transaction (one sorted
    build each instead of updating 14 indexes for every one of 500,000 rows). Indexes that
    back a constraint (the primary key, unique references) stay."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [[model._meta.db_table for model in tables]],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # Deferred foreign-key checks must run first: PostgreSQL builds no index on a table
        # with trigger events pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
