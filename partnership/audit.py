"""The audit trail: one place that knows how history is written and read.

django-simple-history writes a full copy of a row on every ``save()`` and ``delete()``. It writes
nothing for ``QuerySet.update()``, ``bulk_create()``, ``bulk_update()`` or a queryset ``delete()``
issued without a user and reason, so audited models use :class:`AuditedQuerySet`, which refuses
those calls. Services call :func:`audited_save` / :func:`audited_delete`, which put the acting user
and the reason on the history row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnership import textdiff
from partnership.permissions import history_user

logger = logging.getLogger(__name__)


M = TypeVar("M", bound=models.Model)
# Set only inside audited_bulk_create / audited_bulk_update, which write the history rows too.
_BULK_WITH_HISTORY: ContextVar[bool] = ContextVar("bulk_with_history", default=False)


class AuditBypassError(RuntimeError):
    """Raised when code tries a write that would leave no history row."""


class AuditedQuerySet(models.QuerySet):
    """Refuses the writes that leave no history row.

    There is deliberately no generic ``visible_to``: each model's QuerySet says who may read it
    (its own rule, or its parent's), so a model that forgets has no read method at all and a
    page using it fails loudly in the tests instead of showing everything.
    """

    def _refuse(self, what: str) -> None:
        raise AuditBypassError(
            f"{self.model.__name__}.objects.{what}() writes no history; "
            "save each object through its service instead."
        )

    def update(self, **kwargs: Any) -> int:
        if _BULK_WITH_HISTORY.get():  # bulk_update's own statements, history written with them
            return super().update(**kwargs)
        self._refuse("update")
        return 0

    def bulk_create(self, *args: Any, **kwargs: Any) -> list:
        if _BULK_WITH_HISTORY.get():
            return super().bulk_create(*args, **kwargs)
        self._refuse("bulk_create")
        return []

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        if _BULK_WITH_HISTORY.get():
            return super().bulk_update(*args, **kwargs)
        self._refuse("bulk_update")
        return 0

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse("delete")
        return 0, {}

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)


class AuditHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that leaves a handle on the model, so services can write a row."""

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        super().contribute_to_class(cls, name)
        cls._history_records = self  # type: ignore[attr-defined]


def fill_missing_reason(sender, history_instance, **kwargs) -> None:
    """A history row written outside the services (Django's own forms, the admin's password
    page) still says where it came from, and the gap is logged so it can be closed."""
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    where = f"{request.method} {request.path}" if request is not None else "a command"
    history_instance.history_change_reason = f"No reason given (changed through {where})"
    logger.warning("History row for %s written without a reason via %s", sender.__name__, where)


def audit_history(**kwargs: Any) -> HistoricalRecords:
    """The history every audited model carries: user, a free-text reason, indexed dates."""
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    return AuditHistoricalRecords(**kwargs)


@contextmanager
def _marked(instance: models.Model, by: Any, reason: str) -> Iterator[None]:
    """Put who and why on ``instance`` for the history row(s) written inside the block.

    They are taken off again afterwards: left behind, a later plain ``save()`` of the same object
    would quietly repeat an old reason.
    """
    if not reason or not reason.strip():
        raise ValueError("A reason is required for every audited change.")
    instance._history_user = history_user(by)  # type: ignore[attr-defined]
    instance._change_reason = reason.strip()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del instance._history_user  # type: ignore[attr-defined]
        del instance._change_reason  # type: ignore[attr-defined]


def audited_save(instance: M, *, by: Any, reason: str) -> M:
    """Save one audited object, recording who and why on its history row."""
    with _marked(instance, by, reason):
        instance.save()
    return instance


def audited_update(
    instance: models.Model,
    *,
    by: Any,
    reason: str,
    changes: dict[str, Any],
    validate_exclude: list[str] | None = None,
) -> bool:
    """Apply ``changes``; if any value differs, validate and save with who and why.

    A save that changes nothing writes no history row (simple-history would copy the row anyway).
    Returns whether anything changed.
    """
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, changes[name])
    if changed:
        instance.full_clean(exclude=validate_exclude)
        audited_save(instance, by=by, reason=reason)
    return bool(changed)


def audited_delete(instance: models.Model, *, by: Any, reason: str) -> None:
    """Delete one audited object; its history keeps a final row with who and why."""
    with _marked(instance, by, reason):
        instance.delete()


@contextmanager
def history_paused(instance: models.Model) -> Iterator[None]:
    """Saves and many-to-many changes of ``instance`` inside the block write no history rows.

    Used to build one change out of several steps (save, then set leads) and then write a single
    row for it with :func:`record_history` or :func:`save_with_m2m`.
    """
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]


def set_m2m(instance: models.Model, name: str, values: Iterable[Any]) -> bool:
    """Set a many-to-many field without a history row of its own; True when it changed."""
    wanted = {value.pk for value in values}
    manager = getattr(instance, name)
    if {value.pk for value in manager.all()} == wanted:
        return False
    with history_paused(instance):
        manager.set(list(wanted))
    return True


def save_with_m2m(
    instance: models.Model,
    *,
    m2m: dict[str, Iterable[Any]],
    by: Any,
    reason: str,
    created: bool = True,
) -> bool:
    """Save ``instance`` and set its many-to-many fields as ONE history row.

    On an update with nothing changed (``created=False`` and no m2m change), only the quiet save
    happens. Returns whether any many-to-many field changed.
    """
    with history_paused(instance):
        instance.save()
    changed = [set_m2m(instance, name, values) for name, values in m2m.items()]
    if created or any(changed):
        record_history(instance, by=by, reason=reason, created=created)
    return any(changed)


def history_records_for(model: type[models.Model]) -> HistoricalRecords:
    """The HistoricalRecords object registered for ``model`` (to write a row by hand)."""
    records = getattr(model, "_history_records", None)
    if records is None:
        raise LookupError(f"{model.__name__} has no registered history")
    return records


def record_history(instance: models.Model, *, by: Any, reason: str, created: bool) -> None:
    """Write one history row now (used after many-to-many changes made without history)."""
    with _marked(instance, by, reason):
        history_records_for(type(instance)).create_historical_record(
            instance, "+" if created else "~"
        )


@contextmanager
def _bulk_with_history() -> Iterator[None]:
    token = _BULK_WITH_HISTORY.set(True)
    try:
        yield
    finally:
        _BULK_WITH_HISTORY.reset(token)


BULK_BATCH = 500


def audited_bulk_create(
    objs: Sequence[M], *, by: Any, reason: str, m2m: dict[str, list[list[Any]]] | None = None
) -> list[M]:
    """Create many audited objects of one model in a few statements, each with ONE history row
    carrying who and why (django-simple-history's ``bulk_create_with_history``).

    ``m2m`` maps a many-to-many field to each object's values (in the order of ``objs``); they
    are set, and copied onto the history rows, without a history row of their own.
    """
    if not objs:
        return []
    model, when = type(objs[0]), timezone.now()
    with transaction.atomic(), _bulk_with_history():
        created = bulk_create_with_history(
            list(objs),
            model,
            batch_size=BULK_BATCH,
            default_user=history_user(by),
            default_change_reason=_reason(reason),
            default_date=when,
        )
        for name, values in (m2m or {}).items():
            _set_through(model, name, created, values)
        _copy_m2m_history(model, created, when)
    return created


def audited_bulk_update(objs: Sequence[M], *, fields: list[str], by: Any, reason: str) -> None:
    """Save ``fields`` of many audited objects of one model in a few statements, each with ONE
    new history row carrying who and why (``bulk_update_with_history``); their many-to-many
    values, unchanged, are copied onto the new history rows as a single save would."""
    if not objs:
        return
    model, when = type(objs[0]), timezone.now()
    with transaction.atomic(), _bulk_with_history():
        bulk_update_with_history(
            list(objs),
            model,
            fields,
            batch_size=BULK_BATCH,
            default_user=history_user(by),
            default_change_reason=_reason(reason),
            default_date=when,
        )
        _copy_m2m_history(model, objs, when)


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise ValueError("A reason is required for every audited change.")
    return reason.strip()


def _set_through(
    model: type[models.Model], name: str, objs: Sequence[models.Model], values: list[list[Any]]
) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[union-attr]
    rows = [
        through(**{f"{source}_id": obj.pk, f"{target}_id": value.pk})
        for obj, wanted in zip(objs, values, strict=True)
        for value in wanted
    ]
    through.objects.bulk_create(rows, batch_size=BULK_BATCH)


def _copy_m2m_history(model: type[models.Model], objs: Sequence[models.Model], when) -> None:
    """The many-to-many rows of ``objs`` as they stand, onto their history rows dated ``when``."""
    records = history_records_for(model)
    if not records.m2m_models:
        return
    pks = [obj.pk for obj in objs]
    history_ids: dict[Any, Any] = {}
    for start in range(0, len(pks), BULK_BATCH):
        chunk = pks[start : start + BULK_BATCH]
        rows = model.history.filter(id__in=chunk, history_date=when)  # type: ignore[attr-defined]
        history_ids.update(rows.values_list("id", "history_id"))
    for m2m_field, history_model in records.m2m_models.items():
        through = m2m_field.remote_field.through
        source = m2m_field.m2m_field_name()
        names = [f.attname for f in through._meta.fields]
        copies = []
        for start in range(0, len(pks), BULK_BATCH):
            chunk = pks[start : start + BULK_BATCH]
            for values in through.objects.filter(**{f"{source}__in": chunk}).values(*names):
                owner = values[f"{source}_id"]
                copies.append(history_model(history_id=history_ids[owner], **values))
        history_model.objects.bulk_create(copies, batch_size=BULK_BATCH)


# ---------------------------------------------------------------------------------------------
# Reading history as "who changed what, from what, to what, when, why"
# ---------------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: str
    new: str
    diff: str = ""  # a long text's word-level difference, as safe HTML (partnership/textdiff.py)


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    reason: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Derived or bookkeeping fields: shown through the fields they come from, not on their own.
HIDDEN_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "sort_key",
    "search_text",
    "search_vector",
    "due_date",
    "target_date_precision",
    "revised_target_date_precision",
    # Read from the words: shown through "Target date (as written)", with its due date.
    "target_date",
    "revised_target_date",
}
# Dates as written print with the day they are due by ("Q4 2026/27, due by 31 March 2027").
DATE_AS_WRITTEN_FIELDS = {"target_date_text", "revised_target_date_text"}


def _display(model: type[models.Model], name: str, value: Any) -> str:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a removed field: show the raw value
        model_field = None
    if model_field is not None and getattr(model_field, "choices", None):
        choices = dict(getattr(model_field, "flatchoices", ()))
        return str(choices.get(value, value)) or "(blank)"
    if value is None or value == "":
        return "(blank)"
    if name in DATE_AS_WRITTEN_FIELDS:
        from recommendations.dates import as_written_with_due

        return as_written_with_due(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


def field_label(model: type[models.Model], name: str) -> str:
    """The one label of a field, wherever it is shown (history, forms, importer reports): the
    model's ``verbose_name``, capitalised; a field no longer on the model keeps its name."""
    try:
        return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))


def _m2m_history(
    sample: Any, rows: list[Any]
) -> tuple[dict[str, dict[int, tuple]], dict[str, type[models.Model]]]:
    """Many-to-many history: {field name: {history_id: sorted target ids}} and each field's target
    model, one query per field."""
    m2m: dict[str, dict[int, tuple]] = {}
    m2m_targets: dict[str, type[models.Model]] = {}
    for m2m_field in getattr(sample, "_history_m2m_fields", []):
        through = getattr(sample, m2m_field.name).model
        target = next(
            f
            for f in through._meta.fields
            if f.is_relation and f.related_model is m2m_field.related_model and f.name != "history"
        )
        m2m_targets[m2m_field.name] = m2m_field.related_model
        grouped: dict[int, list] = {}
        for history_id, target_id in through.objects.filter(
            history_id__in=[r.history_id for r in rows]
        ).values_list("history_id", target.attname):
            grouped.setdefault(history_id, []).append(target_id)
        m2m[m2m_field.name] = {hid: tuple(sorted(ids)) for hid, ids in grouped.items()}
    return m2m, m2m_targets


def _entries(records: list[Any], previous: Any | None = None) -> list[HistoryEntry]:
    """Readable entries for consecutive history rows of one object, oldest first.

    Compares rows field by field in Python and looks up related names and many-to-many rows in
    one query per related model, so a long history costs a fixed number of queries.
    """
    if not records:
        return []
    model = records[0].instance_type
    rows = ([previous] if previous is not None else []) + list(records)
    tracked = {f.attname for f in type(records[0])._meta.concrete_fields}  # not excluded_fields
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in HIDDEN_FIELDS and not f.primary_key and f.attname in tracked
    ]
    fk_fields = [f for f in fields if f.is_relation]

    m2m, m2m_targets = _m2m_history(records[0], rows)

    # Every related object any row points at, fetched once per related model.
    wanted: dict[type[models.Model], set] = {}
    for f in fk_fields:
        wanted.setdefault(f.related_model, set()).update(
            getattr(r, f.attname) for r in rows if getattr(r, f.attname) is not None
        )
    for name, target_model in m2m_targets.items():
        wanted.setdefault(target_model, set()).update(i for ids in m2m[name].values() for i in ids)
    names = {
        related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(ids).items()}
        for related, ids in wanted.items()
        if ids
    }

    def related_name(related: type[models.Model], pk: Any) -> str:
        if pk is None:
            return "(blank)"
        return names.get(related, {}).get(pk, f"(deleted {related._meta.verbose_name} {pk})")

    entries = []
    before = previous
    for record in records:
        user = record.history_user
        entry = HistoryEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.get_username()) if user else "System",
            reason=record.history_change_reason or "",
            kind=KIND.get(record.history_type, record.history_type),
        )
        if before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old == new:
                    continue
                if f.is_relation:
                    shown = related_name(f.related_model, old), related_name(f.related_model, new)
                else:
                    shown = _display(model, f.name, old), _display(model, f.name, new)
                change = FieldChange(field_label(model, f.name), *shown)
                if textdiff.should_diff(old, new, long_field=isinstance(f, models.TextField)):
                    change.diff = textdiff.diff_html(old, new)
                entry.changes.append(change)
            for name, by_history in m2m.items():
                old_ids = by_history.get(before.history_id, ())
                new_ids = by_history.get(record.history_id, ())
                if old_ids != new_ids:
                    target_model = m2m_targets[name]
                    entry.changes.append(
                        FieldChange(
                            field_label(model, name),
                            ", ".join(sorted(related_name(target_model, i) for i in old_ids))
                            or "(none)",
                            ", ".join(sorted(related_name(target_model, i) for i in new_ids))
                            or "(none)",
                        )
                    )
        entries.append(entry)
        before = record
    return entries


def history_entries(obj: models.Model, *, newest_first: bool = True) -> list[HistoryEntry]:
    """Every history row of ``obj`` with the fields it changed, as people read them."""
    records = list(
        obj.history.all()  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = [
        entry
        for entry, record in zip(_entries(records), records, strict=True)
        # A save that changed nothing visible is noise in a timeline.
        if not (record.history_type == "~" and not entry.changes)
    ]
    if newest_first:
        entries.reverse()
    return entries


def history_entries_after(records: list[Any], previous: Any | None) -> list[HistoryEntry]:
    """Entries for ``records`` (consecutive rows, oldest first) following ``previous``."""
    return _entries(records, previous)
