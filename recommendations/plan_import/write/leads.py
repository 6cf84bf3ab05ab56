"""Lead names in a file -> organisations and people in the directory; report, never guess."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from partnership.models import Organisation, Person
from recommendations.plan_import.read import ImportProblem, ParsedRow, split_leads

from .context import _column, _Context


class _Directory:
    """Organisations and people by every name they are known by (case-insensitive)."""

    def __init__(self) -> None:
        self.index: dict[str, list[Organisation | Person]] = {}
        self.names: set[str] = set()
        for org in Organisation.objects.all():
            for name in org.names():
                self._add(name, org)
        for person in Person.objects.select_related("organisation"):
            self._add(person.name, person)
            if person.initials:
                self._add(person.initials, person)

    def _add(self, name: str, obj: Organisation | Person) -> None:
        key = " ".join(name.split()).casefold()
        if not key:
            return
        found = self.index.setdefault(key, [])
        if obj not in found:
            found.append(obj)
        self.names.add(name.strip())

    def organisation(self, text: str) -> Organisation | None:
        found = [o for o in self.index.get(" ".join(text.split()).casefold(), []) if _is_org(o)]
        return found[0] if len(found) == 1 else None

    def resolve(self, token: str) -> list[Organisation | Person]:
        return self.index.get(" ".join(token.split()).casefold(), [])


def _is_org(obj: object) -> bool:
    return isinstance(obj, Organisation)


def _describe(obj: Organisation | Person) -> str:
    if isinstance(obj, Organisation):
        return f"the organisation {obj.display_name}"
    org = f" ({obj.organisation.name})" if obj.organisation_id else ""
    return f"{obj.name}{org}"


def _leads(row: ParsedRow, ctx: _Context) -> tuple[list[Organisation], list[Person]]:
    """Resolve each lead token against the directory; report, never guess, the rest."""
    linked: list[Organisation | Person] = []
    column = _column(ctx, "leads")

    def report(token: str, why: str) -> None:
        ctx.report.lead_problems.append(
            ImportProblem(
                row.source_row,
                column,
                f'Recommendation {row.reference}: "{token}" {why}; not linked (the words are kept)',
            )
        )

    for token in split_leads(row.fields.get("leads", "")):
        token = re.sub(r"(?i)^(and|&)\s+", "", token).strip()
        if token.casefold() == "all":
            continue  # everyone: no one lead; the words stay in "Handed over to"
        found = ctx.directory.resolve(token)
        if len(found) == 1:
            linked.append(found[0])
            continue
        if found:
            report(token, "could be " + " or ".join(_describe(o) for o in found))
            continue
        # Names run together ("DCCS Housing City Police"): accept a split by directory names
        # only when every piece is one known organisation or person, else it is a guess.
        pieces = split_leads(token, known=ctx.directory.names)
        resolved = [ctx.directory.resolve(p) for p in pieces]
        if len(pieces) > 1 and all(len(r) == 1 for r in resolved):
            linked.extend(r[0] for r in resolved)
        else:
            report(token, "is not an organisation or person in the directory")
    orgs = [o for o in linked if isinstance(o, Organisation)]
    people = [p for p in linked if isinstance(p, Person)]
    return _unique(orgs), _unique(people)


def _unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
