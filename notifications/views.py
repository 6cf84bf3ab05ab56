"""Pages: my email preferences, a round's outbox (clerks), and "Send reminders" (clerks)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings.models import UpdateRound
from notifications import rounds, services
from notifications.forms import PreferenceForm
from notifications.models import Notification, Status
from notifications.permissions import require_read_outbox, require_send_reminders
from notifications.templatetags.notifications_tags import reminder_interval_text


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preference_update(
            user=request.user,
            by=request.user,
            reason="Email preferences changed",
            **{name: form.cleaned_data[name] for name in form.fields},
        )
        messages.success(request, "Your email preferences have been saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@login_required
@require_GET
def outbox(request: HttpRequest, pk: int) -> HttpResponse:
    require_read_outbox(request.user)
    update_round = get_object_or_404(UpdateRound.objects.visible_to(request.user), pk=pk)
    rows = (
        Notification.objects.visible_to(request.user)
        .filter(update_round=update_round)
        .select_related("recipient__organisation")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    counts = {s: 0 for s in Status}
    for status in rows.values_list("status", flat=True):
        counts[status] += 1
    return render(
        request,
        "notifications/outbox.html",
        {"round": update_round, "page_obj": page, "counts": counts, "Status": Status},
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    require_send_reminders(request.user)
    update_round = get_object_or_404(UpdateRound.objects.visible_to(request.user), pk=pk)
    if not update_round.is_open:
        messages.error(request, "This update round is closed: reminders were not sent.")
        return redirect("meetings:update-round-detail", update_round.pk)
    done = rounds.send_reminders(update_round, by=request.user)
    messages.success(request, _reminders_message(done))
    return redirect("meetings:update-round-detail", update_round.pk)


def _officers(n: int) -> str:
    return f"{n} officer{'s' if n != 1 else ''}"


def _reminders_message(done: rounds.Reminders) -> str:
    """How many reminders go, and who was skipped and why."""
    queued = f"Reminders will be sent to {_officers(done.queued)}"
    parts = [queued if done.queued else "No reminders were sent"]
    if done.recently_reminded:
        names = ", ".join(u.display_name() for u in done.recently_reminded)
        parts.append(
            f"{_officers(len(done.recently_reminded))} skipped ({names}): they were sent the "
            f"update request or a reminder in the last {reminder_interval_text()}"
        )
    if done.recorded.skipped:
        names = ", ".join(n.recipient.display_name() for n in done.recorded.skipped)
        parts.append(f"not sent to {names}: no email address")
    return "; ".join(parts) + "."
