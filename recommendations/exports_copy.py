"""The CSV export written by PostgreSQL itself: ``COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)``.

Fetching 10,000 actions into Python alone took longer than ``csv.writer`` needs to write them, so
on PostgreSQL the database writes the rows. Nothing about a column is restated here:

- the SELECT is the exported queryset's own SQL (``visible_to`` scoping, filters and order as
  the view built them), annotated with each column's rule rendered as an expression
  (``exports.COLUMNS``, ``recommendations/export_rules.py``);
- an outer SELECT guards every cell (``exports.FORMULA_STARTS``, ``exports.GUARD_PREFIX``) once
  it is worked out, so no rule is evaluated twice, and writes an empty cell as NULL (PostgreSQL
  quotes an empty string as ``""``; Python's csv module writes nothing);
- PostgreSQL's CSV quoting is csv.writer's default (QUOTE_MINIMAL: a field is quoted when it
  holds a comma, a quote or a line break, quotes doubled); each row arrives as one CopyData
  message ending in ``\\n``, which becomes csv.writer's ``\\r\\n``.

tests/recommendations/test_export_csv_copy.py proves the result byte-identical to the Python path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet

from recommendations import exports
from recommendations.export_rules import Leads

BATCH_ROWS = 500  # rows per piece of text handed to the response (fewer, larger writes)
# ascii() is the first character's code point (0 for ""): an integer test, the cheapest found.
_GUARDED = "CASE WHEN ascii({c}) IN ({starts}) THEN %s || {c} ELSE NULLIF({c}, '') END"

if any(len(start) != 1 for start in exports.FORMULA_STARTS):
    raise ValueError("the SQL guard compares one leading character")


def _lead_tables(queryset: QuerySet) -> tuple[dict[tuple[int, int], str], str, list[Any]]:
    """One aggregate per lead source: for each exported action, the ordered array of labels of
    every Leads column's part. Returns where each (column, part) array is, the joins, params."""
    per_source: dict[exports.LeadSource, dict[str, Any]] = {}
    where: dict[tuple[int, int], str] = {}
    for n, (_, rule) in enumerate(exports.COLUMNS):
        if isinstance(rule, Leads):
            for part, (source, aggregate) in enumerate(rule.aggregates()):
                arrays = per_source.setdefault(source, {})
                name = f"lead_{n}_{part}"
                arrays[name] = aggregate
                where[(n, part)] = name
    joins, params = [], []
    ids = queryset.order_by().values("id")
    for t, (source, arrays) in enumerate(per_source.items()):
        rows = source.through.objects.filter(recommendation_id__in=ids).order_by()
        table = rows.values("recommendation_id").annotate(**arrays)
        sql, table_params = table.query.sql_with_params()
        joins.append(f"LEFT JOIN ({sql}) AS l{t} ON l{t}.recommendation_id = e.export_id")
        params.extend(table_params)
        for key, name in where.items():
            if name in arrays:
                where[key] = f"l{t}.{name}"
    return where, " ".join(joins), params


def copy_sql(queryset: QuerySet) -> tuple[str, list[Any]]:
    """The COPY statement writing the rows of ``queryset`` (no heading), and its parameters.

    ``o`` numbers the queryset's ids in its own order (``row_number()`` over the ordered
    subquery: sorting only the ids and their keys, not the wide rows, halved the time); ``e`` is
    the same queryset, unordered, with a column per rule (leads apart); the lead arrays are
    joined on; the outer SELECT joins the arrays, guards every cell and keeps o's order."""
    ordered = queryset.annotate(export_id=F("pk")).values_list("export_id")
    positions, position_params = ordered.query.sql_with_params()
    annotations: dict[str, Any] = {"export_id": F("pk")}
    for n, (_, rule) in enumerate(exports.COLUMNS):
        if not isinstance(rule, Leads):
            annotations[f"export_c{n}"] = rule.expression(exports.ROW_FIELDS)
    rows = queryset.order_by().annotate(**annotations).values_list(*annotations)
    inner, inner_params = rows.query.sql_with_params()
    where, joins, join_params = _lead_tables(queryset)
    cells, cell_params = [], []
    starts = ", ".join(str(ord(start)) for start in exports.FORMULA_STARTS)
    for n, (_, rule) in enumerate(exports.COLUMNS):
        value, value_params = f"e.export_c{n}", []
        if isinstance(rule, Leads):
            value, value_params = rule.combine([where[(n, p)] for p in range(len(rule.parts))])
        cells.append(_GUARDED.format(c=value, starts=starts))
        cell_params.extend([*value_params, exports.GUARD_PREFIX, *value_params, *value_params])
    sql = (
        f"COPY (SELECT {', '.join(cells)}"
        f" FROM (SELECT o.*, row_number() OVER () AS export_pos FROM ({positions}) AS o) AS o"
        f" JOIN ({inner}) AS e ON e.export_id = o.export_id {joins}"
        " ORDER BY o.export_pos) TO STDOUT WITH (FORMAT csv)"
    )
    return sql, [*cell_params, *position_params, *inner_params, *join_params]


def csv_rows(queryset: QuerySet, *, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The CSV rows of ``queryset`` as PostgreSQL writes them, in runs of ``BATCH_ROWS`` lines.
    ``progress`` is told the rows written so far every 5,000 rows."""
    try:
        sql, params = copy_sql(queryset)
    except EmptyResultSet:  # a queryset that can match nothing (.none(), pk__in=[])
        return
    connection = connections[queryset.db]
    batch: list[Any] = []
    with (
        connection.cursor() as cursor,
        _logged(cursor, sql, params),
        connection.wrap_database_errors,
        cursor.cursor.copy(sql, params) as copy,
    ):
        for count, data in enumerate(copy, start=1):
            if data[-1:] != b"\n":
                raise ValueError("COPY sent a piece that is not one whole row")
            batch.append(data[:-1])
            if len(batch) == BATCH_ROWS:
                yield _lines(batch)
                batch = []
            if progress is not None and count % 5000 == 0:
                progress(count)
    if batch:
        yield _lines(batch)


def _lines(batch: list[Any]) -> str:
    return (b"\r\n".join(batch) + b"\r\n").decode("utf-8")


def _logged(cursor: Any, sql: str, params: list[Any]) -> Any:
    """Record the COPY where Django records queries (debug and tests count it)."""
    from contextlib import nullcontext

    debug_sql = getattr(cursor, "debug_sql", None)
    return debug_sql(sql, params) if debug_sql is not None else nullcontext()
