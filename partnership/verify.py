"""Drift checks for the audit trail: does every current row equal its latest history row?

Used by ``manage.py verify_history`` (and the backup round-trip test). A row changed behind the
services' back (raw SQL, a console session) shows up here as drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max

HISTORY_ONLY = {"history_id", "history_date", "history_user", "history_type", "history_relation"}


@dataclass
class Drift:
    model: str
    pk: object
    problem: str

    def __str__(self) -> str:
        return f"{self.model} #{self.pk}: {self.problem}"


def audited_models() -> list[type]:
    return [m for m in apps.get_models() if hasattr(m, "_history_records")]


def _compared_fields(model: type) -> list[str]:
    historical = model.history.model
    names = {f.attname for f in historical._meta.concrete_fields} - HISTORY_ONLY
    names -= {"history_change_reason", "history_user_id"}
    return sorted(n for n in names if n in {f.attname for f in model._meta.concrete_fields})


def _latest_history(model: type, fields: list[str]) -> dict[object, dict]:
    historical = model.history.model
    pk = model._meta.pk.attname
    latest = historical.objects.values(pk).annotate(last=Max("history_id")).values("last")
    rows = historical.objects.filter(history_id__in=latest).values(*fields, "history_type")
    return {row[pk]: row for row in rows}


def model_drift(model: type) -> Iterator[Drift]:
    """Every current row of ``model`` that differs from (or lacks) its latest history row."""
    fields = _compared_fields(model)
    pk = model._meta.pk.attname
    history = _latest_history(model, fields)
    for row in model._base_manager.values(*fields).iterator(chunk_size=2000):
        last = history.get(row[pk])
        label = model._meta.label
        if last is None:
            yield Drift(label, row[pk], "no history row")
        elif last["history_type"] == "-":
            yield Drift(label, row[pk], "history says deleted, but the row exists")
        else:
            changed = [name for name in fields if row[name] != last[name]]
            if changed:
                yield Drift(label, row[pk], f"differs from its history in {', '.join(changed)}")


def paper_drift() -> Iterator[Drift]:
    """Every issued paper whose bytes no longer match their SHA-256."""
    issued = apps.get_model("reports", "IssuedAppendix")
    for paper in issued.objects.only("pk", "pdf", "sha256").iterator(chunk_size=50):
        if not paper.checksum_matches():
            yield Drift("reports.IssuedAppendix", paper.pk, "PDF bytes do not match SHA-256")


def all_drift() -> Iterator[Drift]:
    for model in audited_models():
        yield from model_drift(model)
    yield from paper_drift()
