"""Bulk add to the directory from a pasted list or CSV: read, check every row, then write all
or nothing.

    rows = bulk_read(text, kind="organisations")   # BulkRow per line, problems named
    bulk_apply(rows, kind="organisations", by=user, reason="...")   # only when none has a problem

A plain list (no commas or tabs) is one name per line. A CSV or tab-separated table needs a header
row; the columns it understands are in ``COLUMNS``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from partnership import services
from partnership.models import Organisation, OrganisationKind, Person
from partnership.permissions import Actor

MAX_ROWS = 1000
COLUMNS = {
    "organisations": {
        "name": {"name", "organisation", "organisation name"},
        "abbreviation": {"abbreviation", "abbr", "short name"},
        "kind": {"kind", "type"},
        "parent": {"within", "sits within", "parent", "part of"},
        "aliases": {"aliases", "other names", "also known as"},
    },
    "people": {
        "name": {"name", "person", "full name"},
        "initials": {"initials"},
        "title": {"title", "job title", "role"},
        "organisation": {"organisation", "agency", "lead agency"},
        "email": {"email", "email address"},
    },
}
KINDS = {v.casefold(): v for v in OrganisationKind.values} | {
    label.casefold(): value for value, label in OrganisationKind.choices
}


@dataclass
class BulkRow:
    line: int
    values: dict[str, str]
    action: str = "add"  # "add" | "skip"
    problems: list[str] = field(default_factory=list)


def _table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        return [], []
    if not any(sep in lines[0][1] for sep in (",", "\t")):
        return ["name"], [(n, [line.strip()]) for n, line in lines]
    dialect = "excel-tab" if "\t" in lines[0][1] else "excel"
    parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in lines)), dialect))
    numbered = [(lines[i][0], cells) for i, cells in enumerate(parsed)]
    return [h.strip().casefold() for h in numbered[0][1]], numbered[1:]


def _header_fields(headers: list[str], kind: str) -> tuple[list[str | None], list[str]]:
    names = COLUMNS[kind]
    fields = [next((f for f, words in names.items() if h in words), None) for h in headers]
    unknown = [h for h, f in zip(headers, fields, strict=True) if f is None and h]
    return fields, unknown


def bulk_read(text: str, *, kind: str, user: Any) -> tuple[list[BulkRow], list[str]]:
    """Every row with what would happen to it (parents and organisations are found among those
    ``user`` may see); and problems with the whole list."""
    headers, body = _table(text)
    if not body:
        return [], ["Paste at least one row (and a header row for a CSV)"]
    if len(body) > MAX_ROWS:
        return [], [f"Add at most {MAX_ROWS} rows at a time (this list has {len(body)})"]
    fields, unknown = _header_fields(headers, kind)
    if "name" not in fields:
        return [], ["The header row needs a Name column"]
    if unknown:
        return [], ["Columns not understood: " + ", ".join(unknown)]
    rows = []
    for line, cells in body:
        values = {f: " ".join(c.split()) for f, c in zip(fields, cells, strict=False) if f}
        rows.append(BulkRow(line=line, values=values))
    (_check_organisations if kind == "organisations" else _check_people)(rows, user)
    return rows, []


def _known_organisations(user: Any) -> dict[str, Organisation]:
    known: dict[str, Organisation] = {}
    for org in Organisation.objects.visible_to(user):
        for name in org.names():
            known.setdefault(name.casefold(), org)
    return known


def _check_organisations(rows: list[BulkRow], user: Any) -> None:
    existing = {o.name.casefold() for o in Organisation.objects.all()}
    known, seen = _known_organisations(user), set()
    for row in rows:
        name, v = row.values.get("name", ""), row.values
        if not name:
            row.problems.append("Enter a name")
        elif name.casefold() in existing:
            row.action = "skip"
        elif name.casefold() in seen:
            row.problems.append(f"{name} is listed twice")
        if v.get("kind") and v["kind"].casefold() not in KINDS:
            row.problems.append(f'"{v["kind"]}" is not a kind of organisation')
        parent = v.get("parent", "")
        if parent and parent.casefold() not in known and parent.casefold() not in seen:
            row.problems.append(f'"{parent}" is not in the directory or earlier in this list')
        if len(v.get("abbreviation", "")) > 30:
            row.problems.append("The abbreviation must be 30 characters or fewer")
        seen.add(name.casefold())


def _check_people(rows: list[BulkRow], user: Any) -> None:
    known = _known_organisations(user)
    existing = {
        (p.name.casefold(), p.initials.casefold()) for p in Person.objects.only("name", "initials")
    }
    for row in rows:
        v = row.values
        if not v.get("name"):
            row.problems.append("Enter a name")
        elif (v["name"].casefold(), v.get("initials", "").casefold()) in existing:
            row.action = "skip"
        if v.get("organisation") and v["organisation"].casefold() not in known:
            row.problems.append(f'"{v["organisation"]}" is not an organisation in the directory')
        if len(v.get("initials", "")) > 10:
            row.problems.append("Initials must be 10 characters or fewer")
        if v.get("email"):
            try:
                validate_email(v["email"])
            except ValidationError:
                row.problems.append(f'"{v["email"]}" is not an email address')
        existing.add((v.get("name", "").casefold(), v.get("initials", "").casefold()))


@transaction.atomic
def bulk_apply(
    rows: list[BulkRow], *, kind: str, by: Actor, reason: str, partnerships: Iterable = ()
) -> int:
    """Add every row marked "add" (refused if any row has a problem); returns how many.

    New organisations become members of ``partnerships``."""
    if any(row.problems for row in rows):
        raise ValidationError("Some rows have problems; nothing was added.")
    known, added = _known_organisations(by), 0
    for row in (r for r in rows if r.action == "add"):
        v = row.values
        if kind == "organisations":
            org = services.organisation_create(
                name=v["name"],
                abbreviation=v.get("abbreviation", ""),
                kind=KINDS.get(v.get("kind", "").casefold(), OrganisationKind.OTHER),
                parent=known.get(v.get("parent", "").casefold()),
                aliases="\n".join(a.strip() for a in v.get("aliases", "").split(";") if a.strip()),
                by=by,
                reason=reason,
            )
            known.setdefault(org.name.casefold(), org)
            for partnership in partnerships:
                services.partnership_add_members(
                    partnership=partnership, organisations=[org], by=by, reason=reason
                )
        else:
            services.person_create(
                name=v["name"],
                initials=v.get("initials", ""),
                title=v.get("title", ""),
                organisation=known.get(v.get("organisation", "").casefold()),
                email=v.get("email", ""),
                by=by,
                reason=reason,
            )
        added += 1
    return added
