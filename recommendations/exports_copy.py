"""The CSV export written by PostgreSQL itself: ``COPY (...) TO STDOUT WITH (FORMAT csv)``.

Fetching 10,000 actions into Python alone took longer than ``csv.writer`` needs to write them, so
on PostgreSQL the database writes the rows. Nothing about a column or the scope is restated:

- the exported queryset's own SQL (``visible_to`` scope, filters and order as the view built
  them) appears once, as the ids it selects, numbered in its order (``export_positions``);
- each action's cells are the column rules (``exports.COLUMNS``) rendered as SQL
  (``recommendations/export_rules.py``), read for those ids only; a lead column is the ordered
  labels of its lead rules per exported position (a window over the leads, sorted once),
  joined once for the whole export;
- the outer SELECT guards every cell (``exports.FORMULA_STARTS``, ``exports.GUARD_PREFIX``),
  each value worked out once below it, and writes an empty cell as NULL (PostgreSQL quotes an
  empty string as ``""``; csv.writer writes nothing);
- PostgreSQL's CSV quoting is csv.writer's default (QUOTE_MINIMAL: a field is quoted when it
  holds a comma, a quote or a line break, quotes doubled); each row arrives as one CopyData
  message ending in ``\\n``, which becomes csv.writer's ``\\r\\n``.

tests/recommendations/test_export_csv_copy.py proves the result byte-identical to the Python path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import F, QuerySet, RowRange, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from recommendations import exports
from recommendations.export_rules import Leads, LeadSource
from recommendations.models import Recommendation

POSITIONS = "export_positions"  # the exported ids and their order, for the whole statement
BATCH_ROWS = 500  # rows per piece of text handed to the response (fewer, larger writes)
# ascii() is the first character's code point (0 for ""): an integer test, the cheapest found.
_GUARDED = "CASE WHEN ascii({c}) IN ({starts}) THEN %s || {c} ELSE NULLIF({c}, '') END"

if any(len(start) != 1 for start in exports.FORMULA_STARTS):
    raise ValueError("the SQL guard compares one leading character")


def _lead_tables(alias: str) -> tuple[dict[tuple[int, int], str], str, list[Any]]:
    """One table per lead source, over the exported positions only: per position, the ordered
    labels of every Leads column's part. Returns where each (column, part) is, the joins and
    their parameters."""
    from django.contrib.postgres.aggregates import ArrayAgg

    per_source: dict[LeadSource, dict[str, Any]] = {}
    orders: dict[LeadSource, list[str]] = {}
    where: dict[tuple[int, int], str] = {}
    for n, (_, rule) in enumerate(exports.COLUMNS):
        if isinstance(rule, Leads):
            for part, (source, label, order) in enumerate(rule.labels()):
                per_source.setdefault(source, {})[f"lead_{n}_{part}"] = ArrayAgg(label)
                orders[source] = order
    joins, params = [], []
    for t, (source, labels) in enumerate(per_source.items()):
        sql, table_params = _lead_table(alias, source, labels, orders[source])
        joins.append(f"LEFT JOIN ({sql}) AS l{t} ON l{t}.export_pos = o.export_pos")
        params.extend(table_params)
        for name in labels:
            n, part = map(int, name.split("_")[1:])
            where[(n, part)] = f"l{t}.{name}"
    return where, " ".join(joins), params


def _lead_table(
    alias: str, source: LeadSource, labels: dict[str, Any], order: list[str]
) -> tuple[str, list[Any]]:
    """The SQL of one source's labels per exported position (``export_pos``, then the labels).

    The leads are joined to the positions (not ``IN`` the exported ids: PostgreSQL made the ids
    unique again for each source first) and told apart by position, so an action listed twice
    has its leads once in each row. The labels are aggregated over a window (a position's leads
    in the source's order, the whole partition as the frame) and one row per position kept: the
    leads are sorted once for the export; ``array_agg(... ORDER BY ...)`` sorted each action's
    leads apart, once per aggregate."""
    position = RawSQL(f"{POSITIONS}.export_pos", ())  # noqa: S611 (no input)
    window = {"partition_by": position, "order_by": order, "frame": RowRange(None, None)}
    through = connections[alias].ops.quote_name(source.through._meta.db_table)
    rows = source.through.objects.using(alias).extra(  # noqa: S610 (no input)
        tables=[POSITIONS], where=[f"{POSITIONS}.export_id = {through}.recommendation_id"]
    )
    rows = rows.order_by().annotate(
        export_pos=position,
        **{name: Window(aggregate, **window) for name, aggregate in labels.items()},
        export_first=Window(RowNumber(), **window),
    )
    table = rows.filter(export_first=1).values("export_pos", *labels)
    sql, params = table.query.sql_with_params()
    return sql, list(params)


@functools.lru_cache(maxsize=16)
def _body(alias: str, zone: str, language: str | None) -> tuple[str, tuple[Any, ...]]:
    """The SELECT after the positions: each exported action's cells, guarded, in position
    order. It does not depend on the queryset (it reads the positioned actions only), so it is
    compiled once per database, time zone (Last updated) and language (labels): compiling it
    took about 20 ms, half of csv.writer's time for the whole export."""
    annotations: dict[str, Any] = {"export_id": F("pk")}
    for n, (_, rule) in enumerate(exports.COLUMNS):
        if not isinstance(rule, Leads):
            annotations[f"export_c{n}"] = rule.expression(exports.ROW_FIELDS)
    rows = Recommendation.objects.using(alias).order_by().annotate(**annotations)
    rows_sql, rows_params = rows.values_list(*annotations).query.sql_with_params()
    where, joins, join_params = _lead_tables(alias)
    values, value_params = [], []
    for n, (_, rule) in enumerate(exports.COLUMNS):
        value, params = f"e.export_c{n}", []
        if isinstance(rule, Leads):
            value, params = rule.combine([where[(n, p)] for p in range(len(rule.parts))])
        values.append(f"{value} AS v{n}")
        value_params.extend(params)
    starts = ", ".join(str(ord(start)) for start in exports.FORMULA_STARTS)
    cells = [_GUARDED.format(c=f"x.v{n}", starts=starts) for n in range(len(exports.COLUMNS))]
    # Each value once, in a subquery the planner may not flatten (OFFSET 0): flattened, every
    # value was worked out once per mention in its guard (two or three times), 10% of the COPY.
    sql = (
        f"SELECT {', '.join(cells)} FROM (SELECT o.export_pos, {', '.join(values)}"
        f" FROM {POSITIONS} AS o JOIN ({rows_sql}) AS e ON e.export_id = o.export_id {joins}"
        " OFFSET 0) AS x ORDER BY x.export_pos"
    )
    guards = [exports.GUARD_PREFIX] * len(cells)
    return sql, (*guards, *value_params, *rows_params, *join_params)


def copy_sql(queryset: QuerySet) -> tuple[str, list[Any]]:
    """The COPY statement writing the rows of ``queryset`` (no heading), and its parameters.

    The queryset's own SQL (its scope, filters and order) appears once: as the ids it selects,
    numbered in its order by ``row_number()`` over the ordered subquery (sorting only the ids
    and their keys, not the wide rows, halved the time). Everything else reads those ids."""
    ordered = queryset.annotate(export_id=F("pk")).values_list("export_id")
    positions, position_params = ordered.query.sql_with_params()
    body, body_params = _body(
        queryset.db, timezone.get_current_timezone_name(), translation.get_language()
    )
    sql = (
        f"COPY (WITH {POSITIONS} AS (SELECT o.export_id, row_number() OVER () AS export_pos"
        f" FROM ({positions}) AS o) {body}) TO STDOUT WITH (FORMAT csv)"
    )
    return sql, [*position_params, *body_params]


def csv_rows(queryset: QuerySet, *, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The CSV rows of ``queryset`` as PostgreSQL writes them, in runs of ``BATCH_ROWS`` lines.

    The connection is busy with the COPY until the last run is handed over: make no other query
    on it while iterating. ``progress`` is therefore told the row count once, at the end."""
    try:
        sql, params = copy_sql(queryset)
    except EmptyResultSet:  # a queryset that can match nothing (.none(), pk__in=[])
        return
    connection = connections[queryset.db]
    batch: list[Any] = []
    count = 0
    with (
        transaction.atomic(using=queryset.db, savepoint=False),
        connection.cursor() as cursor,
    ):
        # The planner cannot see how many ids the positions hold and over-estimates the
        # statement's cost; JIT compilation then took 2 s of a 0.16 s export. Off for this
        # transaction only.
        cursor.execute("SET LOCAL jit = off")
        with (
            _logged(cursor, sql, params),
            connection.wrap_database_errors,
            cursor.cursor.copy(sql, params) as copy,
        ):
            for count, data in enumerate(copy, start=1):  # noqa: B007 (the count is used after)
                if data[-1:] != b"\n":
                    raise ValueError("COPY sent a piece that is not one whole row")
                batch.append(data[:-1])
                if len(batch) == BATCH_ROWS:
                    yield _lines(batch)
                    batch = []
    if batch:
        yield _lines(batch)
    if progress is not None:
        progress(count)


def _lines(batch: list[Any]) -> str:
    return (b"\r\n".join(batch) + b"\r\n").decode("utf-8")


def _logged(cursor: Any, sql: str, params: list[Any]) -> Any:
    """Record the COPY where Django records queries (debug and tests count it)."""
    from contextlib import nullcontext

    debug_sql = getattr(cursor, "debug_sql", None)
    return debug_sql(sql, params) if debug_sql is not None else nullcontext()
