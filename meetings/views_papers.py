"""Committee business and papers: chair and schedule, matters arising, minutes confirmed and
corrected, and the agenda pack and minutes as PDF downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from meetings import business, papers
from meetings import forms_records as forms
from meetings.models import Committee, Meeting, Minute
from meetings.permissions import (
    can_confirm_minutes,
    can_correct_meeting_records,
    require_confirm_minutes,
    require_correct_meeting_records,
)
from meetings.views import GET_POST, _apply_errors, _data, _form_page
from meetings.views_records import _save, meeting_url, visible
from partnership.models import Person


def _committee(request: HttpRequest, pk: int) -> Committee:
    return get_object_or_404(
        Committee.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )


@login_required
@GET_POST
def committee_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    committee = _committee(request, pk)
    people = Person.objects.visible_to(request.user).select_related("organisation")
    initial = {
        "chair": committee.chair_id,
        "chair_elected_at": committee.chair_elected_at_id,
        "vice_chair": committee.vice_chair_id,
        "vice_chair_elected_at": committee.vice_chair_elected_at_id,
        "members": list(committee.members.values_list("pk", flat=True)),
        "enquiries_contact": committee.enquiries_contact,
        "marking": committee.marking,
    }
    form = forms.CommitteeUpdateForm(
        _data(request), initial=initial, committee=committee, people=people.order_by("name")
    )

    def change(data: dict) -> None:
        reason = data.pop("reason")
        business.committee_update(committee=committee, by=request.user, reason=reason, **data)

    return _save(
        request,
        form,
        change,
        f"{committee} saved.",
        reverse("meetings:list"),
        title=f"Chair, members and papers of {committee}",
        submit="Save",
    )


@login_required
@GET_POST
def schedule_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    committee = _committee(request, pk)
    form = forms.ScheduleForm(_data(request))
    if form.is_valid():
        try:
            dates = business.parse_schedule(form.cleaned_data["dates"])
            added = business.schedule_add(
                committee=committee,
                dates=dates,
                time=form.cleaned_data["time"],
                venue=form.cleaned_data["venue"],
                by=request.user,
                reason="Schedule of meetings added",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{len(added)} meetings of {committee} added.")
            return redirect("meetings:list")
    return _form_page(
        request, form, title=f"Add future meetings of {committee}", submit="Add meetings"
    )


@login_required
@GET_POST
def matters_arising(request: HttpRequest, pk: int) -> HttpResponse:
    require_correct_meeting_records(request.user)
    meeting = visible(Meeting, request, pk, "committee")
    rows = business.matters_arising(meeting, request.user)
    form = forms.MattersArisingForm(_data(request), rows=rows)
    if form.is_valid():
        try:
            business.matters_arising_record(
                meeting=meeting,
                outcomes=form.outcomes(),
                by=request.user,
                reason=f"Matters arising recorded at {meeting}",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Matters arising recorded.")
            return redirect(meeting_url(meeting.pk, "matters-arising"))
    return render(
        request,
        "meetings/matters_arising.html",
        {"meeting": meeting, "form": form, "back_url": meeting_url(meeting.pk)},
    )


@login_required
@GET_POST
def minutes_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require_confirm_minutes(request.user)
    meeting = visible(Meeting, request, pk, "committee")
    try:
        business.require_held(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting_url(meeting.pk, "minutes"))
    minutes = Minute.objects.visible_to(request.user)
    form = forms.ConfirmForm(_data(request), meeting=meeting, minutes=minutes)
    return _save(
        request,
        form,
        lambda data: business.minutes_confirm(
            meeting=meeting,
            at_minute=data["at_minute"],
            by=request.user,
            reason="Minutes confirmed as a correct record",
        ),
        "Minutes confirmed as a correct record and frozen.",
        meeting_url(meeting.pk, "minutes"),
        title="Record the minutes as confirmed",
        submit="Confirm and freeze the minutes",
        meeting=meeting,
    )


@login_required
@GET_POST
def correction_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_confirm_minutes(request.user)
    meeting = visible(Meeting, request, pk, "committee")
    form = forms.CorrectionForm(_data(request), meeting=meeting)

    def add(data: dict) -> None:
        business.correction_add(meeting=meeting, by=request.user, **data)

    return _save(
        request,
        form,
        add,
        "Correction recorded.",
        meeting_url(meeting.pk, "minutes"),
        title="Record a correction to confirmed minutes",
        submit="Record correction",
        meeting=meeting,
    )


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible(Meeting, request, pk, "committee")
    pdf, _pages, _rows = papers.agenda_pack(meeting)
    return _pdf(pdf, f"agenda-{meeting.date:%Y-%m-%d}.pdf")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible(Meeting, request, pk, "committee")
    return _pdf(papers.minutes_document(meeting), f"minutes-{meeting.date:%Y-%m-%d}.pdf")


def papers_context(meeting: Meeting, user) -> dict:
    """What the meeting page shows of committee business: declarations, matters arising,
    confirmation and corrections (all read through ``visible_to``)."""
    from meetings.models import ConfirmedMinutes, Declaration, MinutesCorrection

    confirmation = (
        ConfirmedMinutes.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("confirmed_at_minute__meeting", "confirmed_by")
        .defer("pdf")
        .first()
    )
    return {
        "confirmation": confirmation,
        "declarations": Declaration.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("agenda_item"),
        "matters": business.matters_arising(meeting, user),
        "corrections": MinutesCorrection.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("minute"),
        "can_correct": can_correct_meeting_records(user) and confirmation is None,
        "can_confirm": can_confirm_minutes(user),
    }
