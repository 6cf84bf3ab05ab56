"""Correcting meeting records: edit and remove agenda items, attendance, minutes, resolutions;
attendance as a list; declarations of interest.

Every change is audited with who and why. Once a meeting's minutes are confirmed (see
meetings.business.minutes_confirm) its attendance, declarations, minutes and resolutions refuse
changes: a recorded correction (meetings.business.correction_add) is the only way to amend them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceKind,
    ConfirmedMinutes,
    Declaration,
    Meeting,
    Minute,
    Resolution,
)
from meetings.permissions import require_correct_meeting_records
from partnership.audit import audited_delete, audited_save, audited_update
from partnership.models import Person
from partnership.permissions import Actor

AGENDA_FIELDS = {
    "number",
    "title",
    "purpose",
    "kind",
    "presenter",
    "page_from",
    "page_to",
    "report_of",
    "author",
    "is_public",
    "summary",
    "appendix",
}
ATTENDANCE_FIELDS = {"kind", "name", "detail", "representing", "in_the_chair"}


def confirmation_of(meeting: Meeting) -> ConfirmedMinutes | None:
    return (
        ConfirmedMinutes.objects.filter(meeting=meeting)
        .select_related("confirmed_at_minute__meeting")
        .defer("pdf")
        .first()
    )


def require_unconfirmed(meeting: Meeting) -> None:
    """Refuse a change to a meeting whose minutes are confirmed (a correction is needed)."""
    confirmed = confirmation_of(meeting)
    if confirmed is not None:
        at = confirmed.confirmed_at_minute
        raise ValidationError(
            f"The minutes of this meeting were confirmed as a correct record at minute "
            f"{at.number} on {at.meeting.date:%-d %B %Y}; record a correction instead of "
            "changing them."
        )


def _check_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say why you are making this change"})
    return reason.strip()


def _unknown(changes: dict[str, Any], allowed: set[str], what: str) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Unknown {what} fields: {', '.join(sorted(unknown))}")


# ---------------------------------------------------------------------------------------------
# Agenda items
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: Actor, reason: str, **changes: Any) -> AgendaItem:
    """Change an agenda item (a save that changes nothing writes no history)."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    _unknown(changes, AGENDA_FIELDS, "agenda item")
    first = changes.get("page_from", item.page_from)
    last = changes.get("page_to", item.page_to)
    if first and last and last < first:
        raise ValidationError({"page_to": "The last page must be after the first page."})
    audited_update(item, by=by, reason=reason, changes=changes, validate_exclude=["report_pdf"])
    return item


@transaction.atomic
def agenda_item_attach_report(
    *, item: AgendaItem, pdf: bytes, filename: str, by: Actor, reason: str
) -> AgendaItem:
    """Attach (or replace) the report PDF bound into the agenda pack after the item."""
    from meetings.papers import pdf_page_count

    require_correct_meeting_records(by)
    pdf_page_count(pdf, field="report")  # refuses anything that is not a readable PDF
    item.report_pdf = pdf
    item.report_filename = filename[:200]
    return audited_save(item, by=by, reason=_check_reason(reason))


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Actor, reason: str) -> None:
    """Remove an agenda item (refused while a declaration of interest names it)."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    if item.declarations.exists():
        raise ValidationError(
            f"Item {item.number} has declarations of interest against it; remove those first."
        )
    audited_delete(item, by=by, reason=reason)


# ---------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_update(*, row: Attendance, by: Actor, reason: str, **changes: Any) -> Attendance:
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(row.meeting)
    _unknown(changes, ATTENDANCE_FIELDS, "attendance")
    for key in ("name", "detail", "representing"):
        if key in changes:
            changes[key] = changes[key].strip()
    if not changes.get("name", row.name) and row.person_id is None:
        raise ValidationError({"name": "Enter the name as written in the minutes"})
    audited_update(row, by=by, reason=reason, changes=changes)
    return row


@transaction.atomic
def attendance_remove(*, row: Attendance, by: Actor, reason: str) -> None:
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(row.meeting)
    audited_delete(row, by=by, reason=reason)


@dataclass
class PastedName:
    """One line of a pasted attendance list: "Name<tab or comma>organisation or role"."""

    line: int
    name: str
    detail: str


def parse_pasted_names(text: str) -> list[PastedName]:
    """Split a pasted list into names; a line too long is an error naming its line."""
    rows, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, _, detail = line.partition("\t") if "\t" in line else line.partition(",")
        name, detail = name.strip(), " ".join(detail.split())
        if len(name) > 200 or len(detail) > 300:
            errors.append(f"Line {number}: the name or its organisation is too long")
        rows.append(PastedName(number, name, detail))
    if errors:
        raise ValidationError({"names": errors})
    return rows


@transaction.atomic
def attendance_add_list(
    *,
    meeting: Meeting,
    kind: str,
    by: Actor,
    reason: str,
    people: Iterable[Person] = (),
    names: str = "",
) -> list[Attendance]:
    """Record many attendees at once: members picked from the committee and pasted names."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(meeting)
    if kind not in AttendanceKind.values:
        raise ValidationError({"kind": "Choose how they attended"})
    pasted = parse_pasted_names(names)
    people = list(people)
    if not people and not pasted:
        raise ValidationError({"names": "Pick at least one member or paste at least one name"})
    rows = []
    for person in people:
        detail = person.organisation.name if person.organisation_id else ""
        rows.append(Attendance(meeting=meeting, kind=kind, person=person, detail=detail))
    rows += [Attendance(meeting=meeting, kind=kind, name=p.name, detail=p.detail) for p in pasted]
    for row in rows:
        row.full_clean()
        audited_save(row, by=by, reason=reason)
    return rows


# ---------------------------------------------------------------------------------------------
# Declarations of interest
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def declaration_add(
    *,
    meeting: Meeting,
    name: str,
    interest: str,
    by: Actor,
    reason: str,
    agenda_item: AgendaItem | None = None,
) -> Declaration:
    require_correct_meeting_records(by)
    require_unconfirmed(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That item is on another meeting's agenda."})
    row = Declaration(
        meeting=meeting, name=name.strip(), interest=interest.strip(), agenda_item=agenda_item
    )
    row.full_clean()
    return audited_save(row, by=by, reason=_check_reason(reason))


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by: Actor, reason: str) -> None:
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(declaration.meeting)
    audited_delete(declaration, by=by, reason=reason)


# ---------------------------------------------------------------------------------------------
# Minutes and resolutions
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def minute_update(*, minute: Minute, by: Actor, reason: str, **changes: Any) -> Minute:
    """Change a minute's number, title, text or the earlier minute it refers back to."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(minute.meeting)
    _unknown(changes, {"number", "title", "text", "refers_to"}, "minute")
    committee_id = minute.meeting.committee_id
    number = changes.get("number", minute.number)
    clash = Minute.objects.filter(meeting__committee_id=committee_id, number=number)
    if clash.exclude(pk=minute.pk).exists():
        raise ValidationError({"number": f"Minute {number} already exists for this committee."})
    refers_to = changes.get("refers_to", minute.refers_to)
    if refers_to is not None and (
        refers_to.meeting.committee_id != committee_id or refers_to.pk == minute.pk
    ):
        raise ValidationError({"refers_to": "Choose an earlier minute of this committee."})
    for key in ("title", "text"):
        if key in changes:
            changes[key] = changes[key].strip()
    audited_update(minute, by=by, reason=reason, changes=changes)
    return minute


@transaction.atomic
def minute_remove(*, minute: Minute, by: Actor, reason: str) -> None:
    """Remove a minute and its untracked resolutions.

    Refused while any of its resolutions created an action (the action is on the record), while a
    later minute refers back to it, or once the meeting's minutes are confirmed.
    """
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(minute.meeting)
    tracked = [r for r in minute.resolutions.all() if r.action_id]
    if tracked:
        refs = ", ".join(f"{r.action.reference}" for r in tracked)
        raise ValidationError(
            f"Minute {minute.number} cannot be removed: its resolutions created actions ({refs})."
        )
    if minute.matters_arising.exists() or minute.confirms.exists():
        raise ValidationError(
            f"Minute {minute.number} cannot be removed: later minutes refer to it."
        )
    for resolution in minute.resolutions.all():
        audited_delete(resolution, by=by, reason=reason)
    audited_delete(minute, by=by, reason=reason)


@transaction.atomic
def resolution_update(
    *, resolution: Resolution, by: Actor, reason: str, **changes: Any
) -> Resolution:
    """Change a resolution's letter or wording (its action, if any, keeps its own record)."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(resolution.minute.meeting)
    _unknown(changes, {"letter", "text"}, "resolution")
    if "letter" in changes:
        changes["letter"] = changes["letter"].strip().strip("()").lower()
        if not changes["letter"]:
            raise ValidationError({"letter": "Enter the resolution's letter"})
        letter = changes["letter"]
        siblings = resolution.minute.resolutions.exclude(pk=resolution.pk)
        if siblings.filter(letter=letter).exists():
            number = resolution.minute.number
            raise ValidationError({"letter": f"Minute {number} already has a ({letter})."})
    if "text" in changes:
        changes["text"] = changes["text"].strip()
    audited_update(resolution, by=by, reason=reason, changes=changes)
    return resolution


@transaction.atomic
def resolution_remove(*, resolution: Resolution, by: Actor, reason: str) -> None:
    """Remove a resolution; refused while the action it created exists."""
    require_correct_meeting_records(by)
    reason = _check_reason(reason)
    require_unconfirmed(resolution.minute.meeting)
    if resolution.action_id:
        raise ValidationError(
            f"Resolution {resolution} created action {resolution.action.reference}; "
            "it cannot be removed while the action exists."
        )
    audited_delete(resolution, by=by, reason=reason)
