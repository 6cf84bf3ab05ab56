"""The token page: list your API tokens, create one (its key shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken


def _page(request: HttpRequest, form: TokenForm, *, new_key: str = "", new_token=None, status=200):
    tokens = ApiToken.objects.visible_to(request.user).select_related("use")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": list(tokens),
            "new_key": new_key,
            "new_token": new_token,
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
            "example_url": request.build_absolute_uri(reverse("api:recommendation-list")),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
                by=request.user,
                reason="API token created on the token page",
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            # Shown in this response only (never stored, never redirected through the session).
            return _page(request, TokenForm(), new_key=key, new_token=token)
    return _page(request, form)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    services.api_token_revoke(token=token, by=request.user, reason="Revoked on the token page")
    messages.success(request, f"The token ‘{token.name}’ has been revoked: it no longer reads.")
    return redirect("api:tokens")
