"""Directory pages for clerks and administrators: organisations (a tree), people, and users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership import services
from partnership.access import organisation_and_ancestors
from partnership.audit import history_entries
from partnership.forms_directory import DeactivateForm, InviteForm, OrganisationForm, PersonForm
from partnership.invitations import invitation_path, invitation_send
from partnership.models import Organisation, Partnership, Person, User
from partnership.permissions import require_manage_directory


def posted(request: HttpRequest):
    """The posted data, even when empty (an empty POST must show "Enter ..." errors)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when there is one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _organisations(request: HttpRequest):
    return Organisation.objects.visible_to(request.user)


def organisation_tree(organisations) -> list[dict]:
    """Top-level organisations, each with its teams beneath it (nested dicts)."""
    children: dict[int | None, list[Organisation]] = {}
    for org in organisations:
        children.setdefault(org.parent_id, []).append(org)
    known = {org.pk for org in organisations}

    def node(org: Organisation, seen: frozenset) -> dict:
        below = [node(c, seen | {org.pk}) for c in children.get(org.pk, []) if c.pk not in seen]
        return {"org": org, "children": below}

    roots = [o for o in organisations if o.parent_id is None or o.parent_id not in known]
    return [node(org, frozenset()) for org in roots]


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    organisations = list(
        _organisations(request)
        .annotate(people_count=Count("people", distinct=True), users_count=Count("users"))
        .order_by("name")
    )
    return render(
        request, "partnership/organisation_list.html", {"tree": organisation_tree(organisations)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def organisation_add(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    form = OrganisationForm(
        posted(request), organisations=_organisations(request), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"] or "Added to the directory"
        try:
            org = services.organisation_create(by=request.user, reason=reason, **form.changes())
            for partnership in form.cleaned_data["partnerships"]:
                services.partnership_add_members(
                    partnership=partnership, organisations=[org], by=request.user, reason=reason
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{org.name} added to the directory")
            return redirect("directory:organisations")
    return render(request, "partnership/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_directory(request.user)
    org = get_object_or_404(_organisations(request), pk=pk)
    initial = {f: getattr(org, f) for f in ("name", "abbreviation", "kind", "aliases", "is_active")}
    form = OrganisationForm(
        posted(request),
        organisations=_organisations(request),
        user=request.user,
        organisation=org,
        initial={**initial, "parent": org.parent_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=org,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{org.name} saved")
            return redirect("directory:organisations")
    context = {"form": form, "org": org, "history": history_entries(org)}
    return render(request, "partnership/organisation_form.html", context)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    people = Person.objects.visible_to(request.user).select_related("organisation")
    return render(request, "partnership/person_list.html", {"people": people})


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    form = PersonForm(posted(request), organisations=_organisations(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"] or "Added to the directory"
        try:
            person = services.person_create(by=request.user, reason=reason, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.name} added to the directory")
            return redirect("directory:people")
    return render(request, "partnership/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_directory(request.user)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    initial = {f: getattr(person, f) for f in ("name", "initials", "title", "email")}
    form = PersonForm(
        posted(request),
        organisations=_organisations(request),
        person=person,
        initial={**initial, "organisation": person.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **form.changes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.name} saved")
            return redirect("directory:people")
    context = {"form": form, "person": person, "history": history_entries(person)}
    return render(request, "partnership/person_form.html", context)


def _users(request: HttpRequest):
    return User.objects.visible_to(request.user)


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    users = _users(request).select_related("organisation").order_by("-is_active", "username")
    return render(request, "partnership/user_list.html", {"users": users})


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    organisations = _organisations(request)
    initial = {"organisation": request.GET.get("organisation")}
    form = InviteForm(
        posted(request), organisations=organisations, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reason = f"Invited as {dict(form.fields['role'].choices)[data['role']].lower()}"
        try:
            invited = services.user_invite(
                by=request.user,
                reason=reason,
                partnerships=_invited_partnerships(request.user, data.get("organisation")),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _send(request, invited)
            return redirect("directory:users")
    return render(request, "partnership/user_invite.html", {"form": form})


def _invited_partnerships(inviter: User, organisation: Organisation | None) -> list[Partnership]:
    """The inviter's own partnerships that the invited person's organisation is not a member of,
    so the new account works where it was invited (through "also serves")."""
    own = Partnership.objects.filter(
        Q(members__in=organisation_and_ancestors(inviter)) | Q(staff=inviter)
    ).distinct()
    if not own.exists():
        own = Partnership.objects.visible_to(inviter)
        own = own if own.count() == 1 else own.none()
    if organisation is not None:
        chain = [organisation.pk, *(org.pk for org in organisation.ancestors())]
        own = own.exclude(members__in=chain)
    return list(own)


def _send(request: HttpRequest, invited: User) -> None:
    link = request.build_absolute_uri(invitation_path(invited))
    invitation_send(user=invited, link=link, invited_by=request.user.display_name())
    messages.success(request, f"Invitation sent to {invited.email}")


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_directory(request.user)
    account = get_object_or_404(_users(request).select_related("organisation"), pk=pk)
    form = DeactivateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        change = services.user_reactivate if not account.is_active else services.user_deactivate
        try:
            change(user=account, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            state = "active" if account.is_active else "deactivated"
            messages.success(request, f"{account.username} is now {state}")
            return redirect("directory:user-detail", pk=account.pk)
    context = {"account": account, "form": form, "history": history_entries(account)}
    return render(request, "partnership/user_detail.html", context)


@login_required
@require_POST
def user_resend(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_directory(request.user)
    account = get_object_or_404(_users(request), pk=pk, is_active=True)
    if account.has_usable_password():
        messages.error(request, f"{account.username} has already set a password")
    else:
        _send(request, account)
    return redirect("directory:user-detail", pk=account.pk)
