"""The performance pages: dashboards, the dashboard by outcome, an indicator, a new value, an
outcome's RAG set by hand. Reads start from ``visible_to``; writes go through the services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnership.audit import history_entries
from performance import permissions, rules, services
from performance.board import build_board, indicator_row
from performance.charts import trend_chart
from performance.forms import OutcomeRagForm, ValueForm
from performance.models import Dashboard, Indicator, Outcome


def _as_at(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("as_at", ""))
    except ValueError:
        return None


def chart_for(row) -> str:
    points = [(v.period_label, float(v.value), v.shown) for v in row.series if v.value is not None]
    return trend_chart(f"trend-{row.indicator.pk}", f"Trend: {row.indicator.name}", points)


@login_required
@require_GET
def dashboard_list(request: HttpRequest) -> HttpResponse:
    dashboards = Dashboard.objects.visible_to(request.user).select_related("partnership")
    return render(
        request,
        "performance/dashboard_list.html",
        {
            "dashboards": dashboards,
            "issued": services.issued_for(request.user),
            "can_import": permissions.can_manage_dashboard(request.user),
        },
    )


@login_required
@require_GET
def dashboard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = get_object_or_404(Dashboard.objects.visible_to(request.user), pk=pk)
    board = build_board(dashboard, as_at=_as_at(request))
    user = request.user
    for row in board.indicator_rows:
        row.chart = chart_for(row)  # type: ignore[attr-defined]
        row.can_enter = permissions.can_enter_value(user, row.indicator)  # type: ignore[attr-defined]
    context = {
        "board": board,
        "dashboard": dashboard,
        "rules": rules,
        "can_manage": permissions.can_manage_dashboard(user),
        "can_print": permissions.can_print_dashboard(user),
    }
    return render(request, "performance/dashboard.html", context)


@login_required
@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("outcome__dashboard"), pk=pk
    )
    values = list(indicator.values.select_related("footnote", "entered_by").order_by("period_end"))
    row = indicator_row(indicator, values, None)
    series = []
    for n, value in enumerate(values):
        step = indicator_row(indicator, values[: n + 1], None)
        series.append((value, step.direction, step.rag))
    history = [(indicator.name, e) for e in history_entries(indicator)]
    for value in reversed(values):
        history += [(value.period_label, e) for e in history_entries(value)]
    history.sort(key=lambda item: item[1].when, reverse=True)
    context = {
        "indicator": indicator,
        "dashboard": indicator.outcome.dashboard,
        "row": row,
        "chart": chart_for(row),
        "series": list(reversed(series)),
        "history": history,
        "can_enter": permissions.can_enter_value(request.user, indicator),
        "can_manage": permissions.can_manage_dashboard(request.user),
        "rules": rules,
    }
    return render(request, "performance/indicator.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def value_add(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("outcome__dashboard"), pk=pk
    )
    if not permissions.can_enter_value(request.user, indicator):
        raise PermissionDenied("Only the responsible officer or a clerk can enter values.")
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.value_create(
                indicator=indicator,
                period_label=data["period_label"],
                period_kind=data["period_kind"],
                period_end=data["period_end"],
                value=data["value"],
                by=request.user,
                reason=f"Value for {data['period_label']} entered",
                **form.service_options(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{indicator.name}: value for {data['period_label']} saved.")
            return redirect(indicator.outcome.dashboard.get_absolute_url() + f"#ind-{indicator.pk}")
    last = indicator.values.order_by("-period_end").first()
    return render(
        request, "performance/value_form.html", {"indicator": indicator, "form": form, "last": last}
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_rag(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(
        Outcome.objects.visible_to(request.user).select_related("dashboard"), pk=pk
    )
    if not permissions.can_manage_dashboard(request.user):
        raise PermissionDenied("Only committee clerks and administrators can set a RAG by hand.")
    form = OutcomeRagForm(request.POST or None, initial={"rag": outcome.rag_set})
    if request.method == "POST" and form.is_valid():
        services.outcome_rag_set(
            outcome=outcome,
            rag=form.cleaned_data["rag"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Overall progress RAG of “{outcome.name}” saved.")
        return redirect(outcome.dashboard.get_absolute_url())
    board = build_board(outcome.dashboard)
    computed = next(o for o in board.outcomes if o.outcome.pk == outcome.pk)
    return render(
        request,
        "performance/outcome_rag.html",
        {"outcome": outcome, "form": form, "computed": computed, "rules": rules},
    )


SETTINGS = (
    "higher_is_better",
    "tolerance",
    "unit",
    "responsible_organisation",
    "source",
    "geography",
)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_settings(request: HttpRequest, pk: int) -> HttpResponse:
    from partnership.models import Organisation
    from performance.forms import IndicatorSettingsForm

    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("outcome__dashboard"), pk=pk
    )
    if not permissions.can_manage_dashboard(request.user):
        raise PermissionDenied("Only committee clerks and administrators can change an indicator.")
    members = Organisation.objects.visible_to(request.user).order_by("name")
    initial = {name: getattr(indicator, name) for name in SETTINGS}
    initial["higher_is_better"] = str(indicator.higher_is_better)
    form = IndicatorSettingsForm(request.POST or None, initial=initial, organisations=members)
    if request.method == "POST" and form.is_valid():
        services.indicator_update(
            indicator=indicator,
            changes=form.changes(),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Settings of {indicator.name} saved.")
        return redirect(indicator)
    return render(
        request, "performance/indicator_settings.html", {"indicator": indicator, "form": form}
    )
