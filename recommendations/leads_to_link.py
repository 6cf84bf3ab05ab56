"""Which actions' written leads ("Handed over to") are not yet linked to the directory.

A written lead is split into names (``split_leads``, the importer's own rule). A name is linked
when one of the action's lead organisations or people goes by it (name, abbreviation, other
name, initials or job title). A name that matches nobody also counts as dealt with once the
action has a lead, linked by hand, that goes by none of its written names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partnership.models import Organisation, Person
from recommendations.importing import split_leads
from recommendations.models import Recommendation

Lead = Organisation | Person
EVERYONE = {"all", "all partners", "all agencies"}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def lead_names(lead: Lead) -> list[str]:
    if isinstance(lead, Organisation):
        return lead.names()
    return [n for n in (lead.name, lead.initials, lead.title) if n]


class Directory:
    """Every organisation and person by each name they go by (case-insensitive)."""

    def __init__(self) -> None:
        self.index: dict[str, list[Lead]] = {}
        leads: list[Lead] = [
            *Organisation.objects.all(),
            *Person.objects.select_related("organisation"),
        ]
        for lead in leads:
            for name in lead_names(lead):
                found = self.index.setdefault(_key(name), [])
                if lead not in found:
                    found.append(lead)
        self.known = [name for lead in leads for name in lead_names(lead)]

    def candidates(self, name: str) -> list[Lead]:
        return self.index.get(_key(name), [])


def lead_value(lead: Lead) -> str:
    """How a lead is named in a form: "org-3" or "person-7"."""
    return f"{'org' if isinstance(lead, Organisation) else 'person'}-{lead.pk}"


def lead_label(lead: Lead) -> str:
    if isinstance(lead, Organisation):
        return lead.display_name
    return f"{lead}, {lead.organisation.name}" if lead.organisation_id else str(lead)


def lead_from_value(value: str) -> Lead | None:
    """The organisation or person a form value ("org-3", "person-7") names, else None."""
    kind, _, pk = value.partition("-")
    model = {"org": Organisation, "person": Person}.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()


@dataclass
class NameToLink:
    name: str
    candidates: list[Lead]

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(lead_value(lead), lead_label(lead)) for lead in self.candidates]

    @property
    def problem(self) -> str:
        if len(self.candidates) > 1:
            return "matches several"
        if self.candidates:
            return "matches one, not linked"
        return "matches nobody"


@dataclass
class ActionToLink:
    rec: Recommendation
    names: list[NameToLink] = field(default_factory=list)


def names_to_link(rec: Recommendation, directory: Directory) -> list[NameToLink]:
    """The names in ``rec``'s written lead that none of its leads goes by."""
    linked: list[Lead] = [*rec.lead_organisations.all(), *rec.lead_people.all()]
    names = [
        n for n in split_leads(rec.leads_text, known=directory.known) if _key(n) not in EVERYONE
    ]
    explained: set[Lead] = set()
    missing = []
    for name in names:
        candidates = directory.candidates(name)
        explained.update(candidates)
        if not any(lead in linked for lead in candidates):
            missing.append(NameToLink(name, candidates))
    by_hand = [lead for lead in linked if lead not in explained]
    if by_hand:
        missing = [n for n in missing if n.candidates]
    return missing


def actions_to_link(recs) -> list[ActionToLink]:
    """Every action in ``recs`` with a written lead that is not linked yet, in plan order."""
    directory = Directory()
    found = []
    for rec in recs.exclude(leads_text="").with_related().in_source_order():
        missing = names_to_link(rec, directory)
        if missing:
            found.append(ActionToLink(rec, missing))
    return found
