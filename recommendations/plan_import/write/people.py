"""An attendance list's people, added to the directory unless already there."""

from __future__ import annotations

from partnership import services as directory
from partnership.models import Person
from partnership.permissions import Actor
from recommendations.plan_import.read import ImportProblem, ParseResult

from .leads import _Directory
from .report import ImportReport, PersonOutcome


def _people(result: ParseResult, report: ImportReport, *, by: Actor, reason: str) -> None:
    """Add an attendance list's people to the directory, skipping those already there."""
    if not result.people:
        return
    names = _Directory()
    existing = {
        (p.name.casefold(), p.initials.casefold()) for p in Person.objects.only("name", "initials")
    }
    for parsed in result.people:
        name = " ".join(parsed.name.split())[:200]
        initials = parsed.initials.strip()[:10]
        key = (name.casefold(), initials.casefold())
        if key in existing:
            report.people.append(PersonOutcome(name, initials, parsed.organisation, "exists"))
            continue
        organisation = names.organisation(parsed.organisation) if parsed.organisation else None
        title = parsed.title.strip()
        if parsed.organisation and organisation is None:
            title = ", ".join(t for t in (title, parsed.organisation.strip()) if t)
            report.warnings.append(
                ImportProblem(
                    parsed.source_row or None,
                    None,
                    f'{name}: "{parsed.organisation}" is not an organisation in the directory; '
                    "kept in their title",
                )
            )
        directory_person = directory.person_create(
            name=name,
            initials=initials,
            title=title[:200],
            organisation=organisation,
            by=by,
            reason=reason,
        )
        existing.add(key)
        report.people.append(
            PersonOutcome(
                directory_person.name,
                initials,
                parsed.organisation,
                "new",
                organisation.name if organisation else "",
            )
        )
