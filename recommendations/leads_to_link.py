"""Which actions' written leads ("Handed over to") are not yet linked to the directory.

A written lead is split into names (``split_leads``, the importer's own rule). A name is linked
when one of the action's lead organisations or people goes by it (name, abbreviation, other
name, initials or job title). A name that matches nobody also counts as dealt with once the
action has a lead, linked by hand, that goes by none of its written names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from partnership import services as directory_services
from partnership.models import Organisation, Person
from recommendations import services
from recommendations.models import Recommendation
from recommendations.plan_import.read import split_leads

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

    def __init__(self, user) -> None:
        self.index: dict[str, list[Lead]] = {}
        leads: list[Lead] = [
            *Organisation.objects.visible_to(user),
            *Person.objects.visible_to(user).select_related("organisation"),
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


def lead_from_value(value: str, user) -> Lead | None:
    """The organisation or person ``user`` may see that a form value ("org-3", "person-7")
    names, else None."""
    kind, _, pk = value.partition("-")
    model = {"org": Organisation, "person": Person}.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.visible_to(user).filter(pk=int(pk)).first()


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
    others: int = 0  # how many other listed actions wait on one of the same names


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


def actions_to_link(recs, user) -> list[ActionToLink]:
    """Every action in ``recs`` with a written lead that is not linked yet, in plan order,
    against the directory ``user`` may see."""
    directory = Directory(user)
    found = []
    for rec in recs.exclude(leads_text="").with_related().in_source_order():
        missing = names_to_link(rec, directory)
        if missing:
            found.append(ActionToLink(rec, missing))
    keys = [{_key(n.name) for n in item.names} for item in found]
    for item, mine in zip(found, keys, strict=True):
        item.others = sum(1 for theirs in keys if theirs is not mine and mine & theirs)
    return found


def _resolve(choices: dict[str, str], *, by, reference: str, partnership) -> dict[str, Lead]:
    """Each written name's chosen lead; "new-org" adds the name to the directory first."""
    resolved: dict[str, Lead] = {}
    for name, value in choices.items():
        if value == "new-org":
            reason = f"Added from action {reference}'s lead"
            org = directory_services.organisation_create(name=name, by=by, reason=reason)
            directory_services.partnership_add_members(
                partnership=partnership, organisations=[org], by=by, reason=reason
            )
            resolved[_key(name)] = org
        elif (lead := lead_from_value(value, by)) is not None:
            resolved[_key(name)] = lead
    return resolved


def _add_leads(rec: Recommendation, leads: list[Lead], *, by, version: int) -> None:
    orgs = [*rec.lead_organisations.all(), *(x for x in leads if isinstance(x, Organisation))]
    people = [*rec.lead_people.all(), *(x for x in leads if isinstance(x, Person))]
    services.recommendation_update(
        recommendation=rec,
        by=by,
        reason=f"Linked the written lead “{rec.leads_text}”",
        # The words as written stay as written; only the links change.
        changes={"lead_organisations": orgs, "lead_people": people, "leads_text": rec.leads_text},
        expected_version=version,
    )


@transaction.atomic
def leads_link(
    *, rec: Recommendation, choices: dict[str, str], by, version: int, others=None
) -> list[Recommendation]:
    """Link ``rec``'s written names to the chosen leads (all or nothing). With ``others`` (the
    actions the user may change), link the same names the same way wherever they still wait."""
    directory = Directory(by)
    wanted = {n.name: choices[n.name] for n in names_to_link(rec, directory) if choices.get(n.name)}
    if not wanted:
        return []
    resolved = _resolve(wanted, by=by, reference=rec.reference, partnership=rec.plan.partnership)
    _add_leads(rec, list(resolved.values()), by=by, version=version)
    linked = [rec]
    for item in actions_to_link(others.exclude(pk=rec.pk), by) if others is not None else []:
        leads = [resolved[_key(n.name)] for n in item.names if _key(n.name) in resolved]
        if leads:
            _add_leads(item.rec, leads, by=by, version=item.rec.version)
            linked.append(item.rec)
    return linked
