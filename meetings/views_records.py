"""Correcting meeting records: edit and remove agenda items, attendance, minutes, resolutions and
declarations; attendance as a list. Every read starts from ``visible_to(request.user)``; every
write goes through meetings.records with the clerk's reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from meetings import forms_records as forms
from meetings import records
from meetings.models import AgendaItem, Attendance, Declaration, Meeting, Minute, Resolution
from meetings.permissions import require_correct_meeting_records
from meetings.views import GET_POST, _apply_errors, _data, _form_page


def visible(model: type[models.Model], request: HttpRequest, pk: int, *related: str):
    """One record the user may read, else 404 (records are read through their meeting)."""
    if model is Meeting:
        queryset = Meeting.objects.visible_to(request.user)
    elif model is Resolution:
        meetings = Meeting.objects.visible_to(request.user)
        queryset = Resolution.objects.visible_to(request.user).filter(minute__meeting__in=meetings)
    else:
        meetings = Meeting.objects.visible_to(request.user)
        queryset = model.objects.visible_to(request.user).filter(meeting__in=meetings)
    return get_object_or_404(queryset.select_related(*related), pk=pk)


def meeting_url(meeting_id: int, anchor: str = "") -> str:
    return reverse("meetings:detail", args=[meeting_id]) + (f"#{anchor}" if anchor else "")


def _save(request, form, action: Callable[[dict], Any], done: str, url: str, **page: Any):
    """Validate, call the service, and either redirect with a message or show the errors."""
    if form.is_valid():
        try:
            action(dict(form.cleaned_data))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(url)
    return _form_page(request, form, **page)


def _remove_page(request, *, thing: str, meeting: Meeting, remove: Callable, url: str, **page):
    form = forms.RemoveForm(_data(request))
    return _save(
        request,
        form,
        lambda data: remove(reason=data["reason"]),
        f"{thing[0].upper()}{thing[1:]} removed.",
        url,
        title=f"Remove {thing}",
        submit="Remove",
        warning=True,
        meeting=meeting,
        **page,
    )


# ---------------------------------------------------------------------------------------------
# Agenda items
# ---------------------------------------------------------------------------------------------


def _item_initial(item: AgendaItem) -> dict[str, Any]:
    names = ["number", "title", "purpose", "kind", "presenter", "page_from", "page_to"]
    names += ["report_of", "author", "is_public", "summary", "appendix"]
    return {name: getattr(item, name) for name in names}


def attach_report(request: HttpRequest, item: AgendaItem, upload, reason: str) -> None:
    """Store an uploaded report PDF on the item (refusals come back as a "report" error)."""
    if upload is not None:
        records.agenda_item_attach_report(
            item=item, pdf=upload.read(), filename=upload.name, by=request.user, reason=reason
        )


@login_required
@GET_POST
def agenda_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    item = visible(AgendaItem, request, pk, "meeting__committee")
    form = forms.AgendaItemEditForm(
        _data(request), request.FILES or None, initial=_item_initial(item), meeting=item.meeting
    )

    def change(data: dict) -> None:
        reason, upload = data.pop("reason"), data.pop("report")
        records.agenda_item_update(item=item, by=request.user, reason=reason, **data)
        attach_report(request, item, upload, reason)

    return _save(
        request,
        form,
        change,
        f"Agenda item {item.number} saved.",
        meeting_url(item.meeting_id, "agenda"),
        title=f"Change agenda item {item.number}",
        submit="Save",
        meeting=item.meeting,
    )


@login_required
@GET_POST
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    item = visible(AgendaItem, request, pk, "meeting__committee")
    return _remove_page(
        request,
        thing=f"agenda item {item.number}",
        meeting=item.meeting,
        remove=lambda reason: records.agenda_item_remove(item=item, by=request.user, reason=reason),
        url=meeting_url(item.meeting_id, "agenda"),
        removing=str(item),
    )


# ---------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------


@login_required
@GET_POST
def attendance_list(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    meeting = visible(Meeting, request, pk, "committee")
    form = forms.AttendanceListForm(_data(request), meeting=meeting)

    def add(data: dict) -> None:
        records.attendance_add_list(
            meeting=meeting, by=request.user, reason="Attendance recorded", **data
        )

    return _save(
        request,
        form,
        add,
        "Attendance recorded.",
        meeting_url(meeting.pk, "attendance"),
        title="Record attendance",
        submit="Add to attendance",
        meeting=meeting,
    )


@login_required
@GET_POST
def attendance_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    row = visible(Attendance, request, pk, "meeting__committee", "person")
    names = ["kind", "name", "detail", "representing", "in_the_chair"]
    initial = {name: getattr(row, name) for name in names}
    initial["name"] = initial["name"] or (row.person.name if row.person_id else "")
    form = forms.AttendanceEditForm(_data(request), initial=initial)

    def change(data: dict) -> None:
        reason = data.pop("reason")
        records.attendance_update(row=row, by=request.user, reason=reason, **data)

    return _save(
        request,
        form,
        change,
        "Attendance saved.",
        meeting_url(row.meeting_id, "attendance"),
        title="Change attendance",
        submit="Save",
        meeting=row.meeting,
    )


@login_required
@GET_POST
def attendance_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    row = visible(Attendance, request, pk, "meeting__committee", "person")
    return _remove_page(
        request,
        thing="an attendance entry",
        meeting=row.meeting,
        remove=lambda reason: records.attendance_remove(row=row, by=request.user, reason=reason),
        url=meeting_url(row.meeting_id, "attendance"),
        removing=str(row),
    )


# ---------------------------------------------------------------------------------------------
# Minutes, resolutions, declarations
# ---------------------------------------------------------------------------------------------


@login_required
@GET_POST
def minute_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    minute = visible(Minute, request, pk, "meeting__committee")
    initial = {
        "number": minute.number,
        "title": minute.title,
        "text": minute.text,
        "refers_to": minute.refers_to_id,
    }
    form = forms.MinuteEditForm(
        _data(request), initial=initial, meeting=minute.meeting, minute=minute
    )

    def change(data: dict) -> None:
        reason = data.pop("reason")
        records.minute_update(minute=minute, by=request.user, reason=reason, **data)

    return _save(
        request,
        form,
        change,
        f"Minute {minute.number} saved.",
        meeting_url(minute.meeting_id, f"minute-{minute.pk}"),
        title=f"Change minute {minute.number}",
        submit="Save",
        meeting=minute.meeting,
    )


@login_required
@GET_POST
def minute_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    minute = visible(Minute, request, pk, "meeting__committee")
    return _remove_page(
        request,
        thing=f"minute {minute.number}",
        meeting=minute.meeting,
        remove=lambda reason: records.minute_remove(minute=minute, by=request.user, reason=reason),
        url=meeting_url(minute.meeting_id, "minutes"),
        removing=str(minute),
    )


@login_required
@GET_POST
def resolution_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    resolution = visible(Resolution, request, pk, "minute__meeting__committee")
    initial = {"letter": resolution.letter, "text": resolution.text}
    form = forms.ResolutionEditForm(_data(request), initial=initial)

    def change(data: dict) -> None:
        reason = data.pop("reason")
        records.resolution_update(resolution=resolution, by=request.user, reason=reason, **data)

    minute = resolution.minute
    return _save(
        request,
        form,
        change,
        f"Resolution {resolution} saved.",
        meeting_url(minute.meeting_id, f"minute-{minute.pk}"),
        title=f"Change resolution {resolution}",
        submit="Save",
        meeting=minute.meeting,
    )


@login_required
@GET_POST
def resolution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    resolution = visible(Resolution, request, pk, "minute__meeting__committee", "action")
    minute = resolution.minute
    return _remove_page(
        request,
        thing=f"resolution {resolution}",
        meeting=minute.meeting,
        remove=lambda reason: records.resolution_remove(
            resolution=resolution, by=request.user, reason=reason
        ),
        url=meeting_url(minute.meeting_id, f"minute-{minute.pk}"),
        removing=resolution.text,
    )


@login_required
@GET_POST
def declaration_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    meeting = visible(Meeting, request, pk, "committee")
    form = forms.DeclarationForm(_data(request), meeting=meeting)
    return _save(
        request,
        form,
        lambda data: records.declaration_add(
            meeting=meeting, by=request.user, reason="Declaration of interest recorded", **data
        ),
        "Declaration of interest recorded.",
        meeting_url(meeting.pk, "declarations"),
        title="Record a declaration of interest",
        submit="Record declaration",
        meeting=meeting,
    )


@login_required
@GET_POST
def declaration_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    declaration = visible(Declaration, request, pk, "meeting__committee")
    return _remove_page(
        request,
        thing="a declaration of interest",
        meeting=declaration.meeting,
        remove=lambda reason: records.declaration_remove(
            declaration=declaration, by=request.user, reason=reason
        ),
        url=meeting_url(declaration.meeting_id, "declarations"),
        removing=str(declaration),
    )
