"""Lead names in a file -> organisations and people in the directory; report, never guess.

A file of ours carries a "Linked leads" column ("Organisation 12: Police; Person 7: Jo Bloggs
(JB)"): those are the links themselves, checked by number and name, so an unedited export links
exactly what it was exported with. Other files give names, resolved against the directory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from partnership.models import Organisation, Person
from recommendations.exports import ORGANISATION_LINK, PERSON_LINK
from recommendations.plan_import.read import ImportProblem, ParsedRow, split_leads

from .context import ImportContext

Lead = Organisation | Person
LINKED = re.compile(r"(?i)^\s*(organisation|person)\s+(\d+)\s*:\s*(.*?)\s*$")


def linked_label(obj: Lead) -> str:
    """How the export writes one linked lead: kind, number and name (read back by the import)."""
    return (ORGANISATION_LINK if isinstance(obj, Organisation) else PERSON_LINK)(obj)


class Directory:
    """Organisations and people by every name they are known by (case-insensitive), and by
    number; two queries for the whole import."""

    def __init__(self) -> None:
        self.index: dict[str, list[Lead]] = {}
        self.names: set[str] = set()
        self.by_pk: dict[tuple[str, int], Lead] = {}
        for org in Organisation.objects.all():
            self.by_pk[("organisation", org.pk)] = org
            for name in org.names():
                self.add(name, org)
        for person in Person.objects.select_related("organisation"):
            self.by_pk[("person", person.pk)] = person
            self.add(person.name, person)
            if person.initials:
                self.add(person.initials, person)

    def add(self, name: str, obj: Lead) -> None:
        key = " ".join(name.split()).casefold()
        if not key:
            return
        found = self.index.setdefault(key, [])
        if obj not in found:
            found.append(obj)
        self.names.add(name.strip())

    def organisation(self, text: str) -> Organisation | None:
        found = [o for o in self.resolve(text) if isinstance(o, Organisation)]
        return found[0] if len(found) == 1 else None

    def resolve(self, token: str) -> list[Lead]:
        return self.index.get(" ".join(token.split()).casefold(), [])

    def linked(self, token: str) -> Lead | None:
        """The lead a "Linked leads" entry names, when its number and name agree."""
        match = LINKED.match(token)
        if not match:
            return None
        found = self.by_pk.get((match[1].casefold(), int(match[2])))
        if found is None or " ".join(linked_label(found).split()) != " ".join(token.split()):
            return None
        return found


def describe(obj: Lead) -> str:
    if isinstance(obj, Organisation):
        return f"the organisation {obj.display_name}"
    org = f" ({obj.organisation.name})" if obj.organisation_id else ""
    return f"{obj.name}{org}"


class LeadProblems:
    """Reports a lead that cannot be linked, naming the row and column."""

    def __init__(self, row: ParsedRow, ctx: ImportContext, column: str | None) -> None:
        self.row, self.ctx, self.column = row, ctx, column

    def __call__(self, token: str, why: str) -> None:
        self.ctx.report.lead_problems.append(
            ImportProblem(
                self.row.source_row,
                self.column,
                f'Recommendation {self.row.reference}: "{token}" {why}; '
                "not linked (the words are kept)",
            )
        )


def resolve_leads(row: ParsedRow, ctx: ImportContext) -> tuple[list[Organisation], list[Person]]:
    """The row's leads: its "Linked leads" when the file has them, else its names resolved."""
    linked = _from_links(row, ctx) if "linked_leads" in row.fields else _from_names(row, ctx)
    orgs = [o for o in linked if isinstance(o, Organisation)]
    people = [p for p in linked if isinstance(p, Person)]
    return unique(orgs), unique(people)


def _from_links(row: ParsedRow, ctx: ImportContext) -> list[Lead]:
    report = LeadProblems(row, ctx, ctx.column("linked_leads"))
    linked: list[Lead] = []
    for token in filter(None, (t.strip() for t in row.fields["linked_leads"].split(";"))):
        found = ctx.directory.linked(token)
        if found is None:
            match = LINKED.match(token)
            name = re.sub(r"\s*\([^)]*\)$", "", match[3]) if match else token
            candidates = ctx.directory.resolve(name)
            if len(candidates) != 1:
                report(token, "is not an organisation or person in the directory")
                continue
            found = candidates[0]
        linked.append(found)
    return linked


def _from_names(row: ParsedRow, ctx: ImportContext) -> list[Lead]:
    """Resolve each lead token against the directory; report, never guess, the rest."""
    linked: list[Lead] = []
    report = LeadProblems(row, ctx, ctx.column("leads"))
    for token in split_leads(row.fields.get("leads", "")):
        token = re.sub(r"(?i)^(and|&)\s+", "", token).strip()
        if token.casefold() == "all":
            continue  # everyone: no one lead; the words stay in "Handed over to"
        found = ctx.directory.resolve(token)
        if len(found) == 1:
            linked.append(found[0])
            continue
        if found:
            report(token, "could be " + " or ".join(describe(o) for o in found))
            continue
        # Names run together ("DCCS Housing City Police"): accept a split by directory names
        # only when every piece is one known organisation or person, else it is a guess.
        pieces = split_leads(token, known=ctx.directory.names)
        resolved = [ctx.directory.resolve(p) for p in pieces]
        if len(pieces) > 1 and all(len(r) == 1 for r in resolved):
            linked.extend(r[0] for r in resolved)
        else:
            report(token, "is not an organisation or person in the directory")
    return linked


def unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    seen: set[Any] = set()
    for item in items:
        key = (type(item), item.pk)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
