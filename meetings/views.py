"""The clerk's meetings pages: committees, meetings, agendas, minutes, resolutions, update rounds.

Everyone signed in reads; clerks and administrators write (recommendations.permissions).
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import forms as meeting_forms
from meetings import services
from meetings.chase import chase_list
from meetings.models import (
    AttendanceKind,
    Committee,
    Meeting,
    Minute,
    Resolution,
    UpdateRound,
)
from notifications.models import OFFICERS_ROUND_MAIL, Status
from recommendations.permissions import can_manage_plans, require_manage_plans
from reports.models import AppendixJob
from reports.permissions import can_issue_appendix

log = logging.getLogger(__name__)

GET_POST = require_http_methods(["GET", "POST"])

# The headings minutes use for each part of the attendance, in the order they print them.
ATTENDANCE_HEADINGS = {
    AttendanceKind.PRESENT: "Present",
    AttendanceKind.OFFICER: "Officers",
    AttendanceKind.OTHER: "Others",
    AttendanceKind.APOLOGY: "Apologies for absence",
}


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _data(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, form: forms.Form, **context: Any) -> HttpResponse:
    meeting = context.get("meeting")
    back_url = (
        reverse("meetings:detail", args=[meeting.pk]) if meeting else reverse("meetings:list")
    )
    return render(request, "meetings/form.html", {"form": form, "back_url": back_url, **context})


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meetings = Meeting.objects.visible_to(request.user).select_related("committee__partnership")
    return get_object_or_404(meetings, pk=pk)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    meetings = (
        Meeting.objects.visible_to(user)
        .select_related("committee")
        .annotate(minute_count=Count("minutes", distinct=True))
    )
    committees = (
        Committee.objects.visible_to(user)
        .select_related("actions_plan", "partnership", "chair", "vice_chair")
        .annotate(meeting_count=Count("meetings", distinct=True))
    )
    return render(
        request,
        "meetings/list.html",
        {
            "committees": committees,
            "upcoming": meetings.filter(date__gte=today).order_by("date", "time"),
            "past": meetings.filter(date__lt=today).order_by("-date", "-time")[:50],
            "open_rounds": UpdateRound.objects.visible_to(user)
            .filter(closed_at__isnull=True)
            .select_related("meeting__committee")
            .order_by("deadline"),
            "can_manage": can_manage_plans(request.user),
        },
    )


def _issued_appendices(meeting: Meeting, user: Any) -> list:
    """Appendices the reports app issued for this meeting that the user may read."""
    manager = getattr(meeting, "appendices", None)
    if manager is None:
        return []
    try:
        queryset = manager.visible_to(user)
        # The reports app's listing() leaves the stored PDFs unread.
        listing = getattr(queryset, "listing", None)
        return list(listing() if callable(listing) else queryset.select_related("issued_by"))
    except Exception:  # another app's model: never break the meeting page
        log.exception("Could not list the appendices of meeting %s", meeting.pk)
        return []


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from meetings.views_papers import papers_context  # it builds on this module's helpers

    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(
            "committee__partnership", "committee__chair", "committee__vice_chair"
        ),
        pk=pk,
    )
    resolutions = Resolution.objects.select_related("action__status").order_by("letter")
    minutes = (
        meeting.minutes.select_related("refers_to__meeting")
        .prefetch_related("corrections")
        .prefetch_related(
            Prefetch("resolutions", queryset=resolutions),
            Prefetch("matters_arising", queryset=Minute.objects.select_related("meeting")),
        )
        .order_by("number")
    )
    attendance: dict[str, list] = {kind: [] for kind in ATTENDANCE_HEADINGS}
    for row in meeting.attendance.select_related("person__organisation").order_by("pk"):
        attendance[row.kind].append(row)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.select_related("appendix")
            .defer("report_pdf", "appendix__pdf")
            .order_by("pk"),
            "attendance": [
                (heading, attendance[kind]) for kind, heading in ATTENDANCE_HEADINGS.items()
            ],
            "has_attendance": any(attendance.values()),
            "minutes": minutes,
            "update_rounds": meeting.update_rounds.order_by("-deadline"),
            "appendices": _issued_appendices(meeting, request.user),
            "can_manage": can_manage_plans(request.user),
            **papers_context(meeting, request.user),
        },
    )


@login_required
@require_GET
def update_round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    update_round = get_object_or_404(
        UpdateRound.objects.visible_to(request.user).select_related(
            "meeting__committee", "requested_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "meetings/update_round_detail.html",
        {
            "round": update_round,
            "chase": chase_list(update_round, request.user),
            "can_manage": can_manage_plans(request.user),
            "can_issue": can_issue_appendix(request.user),
            "deadline_reached": update_round.deadline <= timezone.localdate(),
            "issued": list(update_round.appendices.listing()),
        },
    )


# ---------------------------------------------------------------------------------------------
# Writing (clerks and administrators)
# ---------------------------------------------------------------------------------------------


@login_required
@GET_POST
def committee_create(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    form = meeting_forms.CommitteeForm(_data(request), user=request.user)
    if form.is_valid():
        try:
            committee = services.committee_create(
                **form.cleaned_data, by=request.user, reason="Committee added"
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{committee} added, with a plan for its actions arising.")
            return redirect("meetings:list")
    return _form_page(request, form, title="Add a committee", submit="Add committee")


@login_required
@GET_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    initial = {"committee": request.GET.get("committee")}
    form = meeting_forms.MeetingForm(_data(request), initial=initial, user=request.user)
    if form.is_valid():
        meeting = services.meeting_create(
            **form.cleaned_data, by=request.user, reason="Meeting added"
        )
        messages.success(request, f"Meeting added: {meeting}.")
        return redirect("meetings:detail", meeting.pk)
    return _form_page(request, form, title="Add a meeting", submit="Add meeting")


@login_required
@GET_POST
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    meeting = _meeting(request, pk)
    initial = {"date": meeting.date, "time": meeting.time, "venue": meeting.venue}
    form = meeting_forms.MeetingUpdateForm(_data(request), initial=initial)
    if form.is_valid():
        reason = form.cleaned_data.pop("reason")
        services.meeting_update(
            meeting=meeting, by=request.user, reason=reason, **form.cleaned_data
        )
        messages.success(request, "Meeting details saved.")
        return redirect("meetings:detail", meeting.pk)
    return _form_page(request, form, title="Change meeting details", submit="Save", meeting=meeting)


@login_required
@GET_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    meeting = _meeting(request, pk)
    initial = {"number": services.next_agenda_number(meeting)}
    form = meeting_forms.AgendaItemForm(
        _data(request), request.FILES or None, initial=initial, meeting=meeting
    )
    if form.is_valid():
        from meetings.views_records import attach_report

        data = dict(form.cleaned_data)
        upload = data.pop("report")
        try:
            with transaction.atomic():
                item = services.agenda_item_add(
                    meeting=meeting, **data, by=request.user, reason="Agenda item added"
                )
                attach_report(request, item, upload, "Report attached")
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Agenda item {item.number} added.")
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
    return _form_page(request, form, title="Add an agenda item", submit="Add item", meeting=meeting)


@login_required
@GET_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    meeting = _meeting(request, pk)
    form = meeting_forms.AttendanceForm(_data(request))
    if form.is_valid():
        services.attendance_add(
            meeting=meeting, **form.cleaned_data, by=request.user, reason="Attendance recorded"
        )
        messages.success(request, f"{form.cleaned_data['name']} added to the attendance.")
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")
    return _form_page(
        request, form, title="Record attendance", submit="Add to attendance", meeting=meeting
    )


@login_required
@GET_POST
def minute_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    meeting = _meeting(request, pk)
    initial = {"number": services.next_minute_number(meeting.committee)}
    form = meeting_forms.MinuteForm(_data(request), initial=initial, meeting=meeting)
    if form.is_valid():
        try:
            minute = services.minute_add(
                meeting=meeting, **form.cleaned_data, by=request.user, reason="Minute added"
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Minute {minute.number} added.")
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#minute-{minute.pk}")
    return _form_page(request, form, title="Add a minute", submit="Add minute", meeting=meeting)


@login_required
@GET_POST
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    minute = get_object_or_404(
        Minute.objects.visible_to(request.user).select_related("meeting__committee__partnership"),
        pk=pk,
    )
    form = meeting_forms.ResolutionForm(
        _data(request),
        initial={"letter": services.next_resolution_letter(minute)},
        partnership=minute.meeting.committee.partnership,
    )
    if form.is_valid():
        try:
            resolution = services.resolution_add(
                minute=minute, **form.cleaned_data, by=request.user, reason="Resolution recorded"
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            tracked = " and tracked as an action" if resolution.action_id else ""
            messages.success(request, f"Resolution {resolution} recorded{tracked}.")
            url = reverse("meetings:detail", args=[minute.meeting_id]) + f"#minute-{minute.pk}"
            return redirect(url)
    return _form_page(
        request,
        form,
        title=f"Record a resolution on minute {minute.number}",
        submit="Record resolution",
        meeting=minute.meeting,
        minute=minute,
    )


@login_required
@GET_POST
def update_round_create(request: HttpRequest) -> HttpResponse:
    require_manage_plans(request.user)
    today = timezone.localdate()
    initial: dict[str, Any] = {}
    wanted = request.GET.get("meeting", "")
    visible = Meeting.objects.visible_to(request.user)
    meeting = visible.filter(pk=wanted).first() if wanted.isdigit() else None
    if meeting is not None:  # started from a meeting: suggest its committee's actions
        initial = {"meeting": meeting, "plans": [meeting.committee.actions_plan_id]}
    form = meeting_forms.UpdateRoundForm(
        _data(request), initial=initial, today=today, user=request.user
    )
    if form.is_valid():
        try:
            update_round = services.update_round_create(
                **form.cleaned_data, by=request.user, reason="Update round started"
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Update round started.")
            return redirect("meetings:update-round-detail", update_round.pk)
    return _form_page(request, form, title="Start an update round", submit="Start update round")


@login_required
@require_POST
def update_round_issue(request: HttpRequest, pk: int) -> HttpResponse:
    update_round = get_object_or_404(UpdateRound.objects.visible_to(request.user), pk=pk)
    try:
        result = services.update_round_issue(update_round=update_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:update-round-detail", update_round.pk)
    if isinstance(result, AppendixJob):
        return redirect(result)
    messages.success(request, f"Issued: {result.title}. The round is closed.")
    return redirect("meetings:update-round-detail", update_round.pk)


@login_required
@GET_POST
def update_round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "are you sure" (closing cannot be undone); POST closes the round."""
    require_manage_plans(request.user)
    update_round = get_object_or_404(
        UpdateRound.objects.visible_to(request.user).select_related("meeting__committee"), pk=pk
    )
    if request.method == "GET" and update_round.is_open:
        waiting = update_round.notifications.filter(
            kind__in=OFFICERS_ROUND_MAIL, status=Status.PENDING
        ).count()
        return render(
            request, "meetings/update_round_close.html", {"round": update_round, "waiting": waiting}
        )
    if request.method == "POST":
        services.update_round_close(
            update_round=update_round, by=request.user, reason="Update round closed"
        )
        messages.success(request, "Update round closed. Emails still waiting were not sent.")
    return redirect("meetings:update-round-detail", update_round.pk)
