"""Saved column mappings of the browser import: the list, and deleting one (with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from recommendations import import_mappings
from recommendations.forms_import import MAPPING_CHOICES
from recommendations.models import ImportMapping
from recommendations.permissions import require_manage_plans

FIELD_WORDS = dict(MAPPING_CHOICES) | {"": "Ignored"}


@login_required
@require_GET
def import_mapping_list(request: HttpRequest) -> HttpResponse:
    """The partnership's saved mappings, each with the columns it reads and how."""
    require_manage_plans(request.user)
    mappings = ImportMapping.objects.visible_to(request.user).select_related(
        "partnership", "created_by"
    )
    rows = [(m, _columns(m)) for m in mappings]
    return render(request, "recommendations/import_mappings.html", {"rows": rows})


@login_required
@require_POST
def import_mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_plans(request.user)
    mapping = get_object_or_404(ImportMapping.objects.visible_to(request.user), pk=pk)
    reason = " ".join(request.POST.get("reason", "").split())
    if not reason:
        messages.error(request, f"Say why “{mapping.name}” is deleted.")
        return redirect("recommendations:import-mappings")
    import_mappings.import_mapping_delete(mapping=mapping, by=request.user, reason=reason)
    messages.success(request, f"The saved mapping “{mapping.name}” was deleted.")
    return redirect("recommendations:import-mappings")


def _columns(mapping: ImportMapping) -> list[tuple[str, str]]:
    """(heading, what it is read as) in the paper's order (a JSON object keeps no order)."""
    names = [h or f"Column {i + 1}" for i, h in enumerate(mapping.headers)]
    return [(name, FIELD_WORDS.get(mapping.mapping.get(name, "?"), "?")) for name in names]
