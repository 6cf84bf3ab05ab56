"""The audit trail: one place that knows how history is written and read.

django-simple-history writes a full copy of a row on every ``save()`` and ``delete()``. It writes
nothing for ``QuerySet.update()``, ``bulk_create()``, ``bulk_update()`` or a queryset ``delete()``
issued without a user and reason, so audited models use :class:`AuditedQuerySet`, which refuses
those calls. Services call :func:`audited_save` / :func:`audited_delete`, which put the acting user
and the reason on the history row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords


class AuditBypassError(RuntimeError):
    """Raised when code tries a write that would leave no history row."""


class AuditedQuerySet(models.QuerySet):
    def _refuse(self, what: str) -> None:
        raise AuditBypassError(
            f"{self.model.__name__}.objects.{what}() writes no history; "
            "save each object through its service instead."
        )

    def update(self, **kwargs: Any) -> int:
        self._refuse("update")
        return 0

    def bulk_create(self, *args: Any, **kwargs: Any) -> list:
        self._refuse("bulk_create")
        return []

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
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


def audit_history(**kwargs: Any) -> HistoricalRecords:
    """The history every audited model carries: user, a free-text reason, indexed dates."""
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    return AuditHistoricalRecords(**kwargs)


def _mark(instance: models.Model, by: Any, reason: str) -> None:
    if not reason or not reason.strip():
        raise ValueError("A reason is required for every audited change.")
    instance._history_user = by  # type: ignore[attr-defined]
    instance._change_reason = reason.strip()  # type: ignore[attr-defined]


def audited_save(instance: models.Model, *, by: Any, reason: str) -> models.Model:
    """Save one audited object, recording who and why on its history row."""
    _mark(instance, by, reason)
    instance.save()
    return instance


def audited_delete(instance: models.Model, *, by: Any, reason: str) -> None:
    """Delete one audited object; its history keeps a final row with who and why."""
    _mark(instance, by, reason)
    instance.delete()


def history_records_for(model: type[models.Model]) -> HistoricalRecords:
    """The HistoricalRecords object registered for ``model`` (to write a row by hand)."""
    records = getattr(model, "_history_records", None)
    if records is None:
        raise LookupError(f"{model.__name__} has no registered history")
    return records


def record_history(instance: models.Model, *, by: Any, reason: str, created: bool) -> None:
    """Write one history row now (used after many-to-many changes made without history)."""
    _mark(instance, by, reason)
    history_records_for(type(instance)).create_historical_record(instance, "+" if created else "~")


# ---------------------------------------------------------------------------------------------
# Reading history as "who changed what, from what, to what, when, why"
# ---------------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


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
}


def _display(model: type[models.Model], name: str, value: Any) -> str:
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an m2m or removed field: show the raw value
        model_field = None
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value)) or "(blank)"
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list | tuple | set):  # many-to-many: list of through rows or ids
        labels = []
        for item in value:
            if isinstance(item, dict):
                target = [v for k, v in item.items() if k != model._meta.model_name]
                labels.append(str(target[0]) if target else str(item))
            else:
                labels.append(str(item))
        return ", ".join(sorted(labels)) or "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except Exception:  # noqa: BLE001
        return capfirst(name.replace("_", " "))


def history_entry(record: Any, previous: Any | None) -> HistoryEntry:
    """One history row as people read it: who, when, why, and each field from what to what."""
    model = record.instance_type
    user = record.history_user
    entry = HistoryEntry(
        when=record.history_date,
        who=(user.get_full_name() or user.get_username()) if user else "System",
        reason=record.history_change_reason or "",
        kind=KIND.get(record.history_type, record.history_type),
    )
    if previous is not None:
        delta = record.diff_against(previous, foreign_keys_are_objs=True)
        for change in delta.changes:
            if change.field in HIDDEN_FIELDS:
                continue
            entry.changes.append(
                FieldChange(
                    field=_label(model, change.field),
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
            )
    return entry


def history_entries(obj: models.Model, *, newest_first: bool = True) -> list[HistoryEntry]:
    """Every history row of ``obj`` with the fields it changed, as people read them."""
    records = obj.history.all().select_related("history_user").order_by("history_date")
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        entry = history_entry(record, previous)
        previous = record
        if record.history_type == "~" and not entry.changes:
            continue  # a save that changed nothing visible
        entries.append(entry)
    if newest_first:
        entries.reverse()
    return entries
