"""Saved column mappings of the browser import: the services that save and delete them (with who
and why on their history) and the read that finds one for the next upload of the same shape.

A mapping is found by its header row: the signature of the row's normalised texts. The next
upload's tables are searched row by row (``TableCandidate.first_rows``), so a saved mapping also
finds its header row when the reader guessed another one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.audit import audited_delete, audited_save, audited_update
from partnership.models import Partnership
from partnership.permissions import Actor, history_user
from recommendations.models import ImportMapping
from recommendations.permissions import require_manage_import_mapping
from recommendations.plan_import.read import TableCandidate
from recommendations.plan_import.read.columns import normalise_header

CELL_CHARS = 120  # header cells are compared as far as the preview lists them


def signature(cells: list[str]) -> str:
    """The fingerprint of a header row: its normalised texts, trailing blanks dropped."""
    texts = [normalise_header(c[:CELL_CHARS]) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()


@dataclass
class SavedMatch:
    """A saved mapping and where it applies in this upload."""

    saved: ImportMapping
    table: int
    header_row: int  # the line of the file holding the header


def find_saved(
    user: Any, partnership_id: int | None, tables: list[TableCandidate]
) -> SavedMatch | None:
    """The saved mapping (of the upload's partnership) whose header row is in one of the
    tables' first rows, or None. One query."""
    if partnership_id is None:
        return None
    places = {
        signature(cells): (t.index, line)
        for t in reversed(tables)
        for line, cells in reversed(t.first_rows)
        if any(c.strip() for c in cells)
    }
    if not places:
        return None
    found = (
        ImportMapping.objects.visible_to(user)
        .filter(partnership_id=partnership_id, signature__in=places)
        .order_by("-updated_at")
        .first()
    )
    if found is None:
        return None
    table, line = places[found.signature]
    return SavedMatch(found, table, line)


@transaction.atomic
def import_mapping_save(
    *,
    partnership: Partnership,
    name: str,
    headers: list[str],
    mapping: dict[str, str],
    rows_above: int,
    by: Actor,
    reason: str,
) -> ImportMapping:
    """Save how a shape of paper is read; a mapping already saved for the same header row is
    replaced (one per shape in a partnership)."""
    require_manage_import_mapping(by, partnership)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the mapping a name."})
    sign = signature(headers)
    fields = {"name": name[:100], "headers": headers, "mapping": mapping, "rows_above": rows_above}
    existing = (
        ImportMapping.objects.select_for_update()
        .filter(partnership=partnership, signature=sign)
        .first()
    )
    if existing is not None:
        audited_update(
            existing, by=by, reason=reason, changes={**fields, "updated_at": timezone.now()}
        )
        return existing
    user = history_user(by)
    saved = ImportMapping(partnership=partnership, signature=sign, created_by=user, **fields)
    saved.full_clean()
    return audited_save(saved, by=by, reason=reason)


@transaction.atomic
def import_mapping_delete(*, mapping: ImportMapping, by: Actor, reason: str) -> None:
    """Forget a saved mapping (its history keeps what it was)."""
    require_manage_import_mapping(by, mapping.partnership_id)
    audited_delete(mapping, by=by, reason=reason)
