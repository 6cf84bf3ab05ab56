"""Bulk add organisations or people from a pasted list or CSV: preview, then confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnership.bulk import COLUMNS, MAX_ROWS, bulk_apply, bulk_read
from partnership.forms_directory import partnerships_field
from partnership.permissions import require_manage_directory
from partnership.views_directory import posted

MAX_UPLOAD = 1024 * 1024


class BulkAddForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        widget=forms.RadioSelect,
        choices=[("organisations", "Organisations"), ("people", "People")],
        initial="organisations",
    )
    text = forms.CharField(
        label="Paste the list",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        required=False,
        max_length=MAX_UPLOAD,
        help_text="One name per line, or a table copied from a spreadsheet or CSV with a "
        "header row.",
    )
    file = forms.FileField(
        label="Or upload a CSV file", required=False, help_text=f"Up to {MAX_ROWS} rows."
    )
    reason = forms.CharField(
        label="Reason (optional)", max_length=300, required=False, help_text="Recorded in history."
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnerships"] = partnerships_field(user)
        self.fields["partnerships"].help_text = "New organisations join these partnerships."
        # People join no partnership: the choice is asked for only when organisations are added.
        self.partnerships_required = self.fields["partnerships"].required
        self.fields["partnerships"].required = False

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD:
                self.add_error("file", "The file must be smaller than 1 MB")
                return data
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file must be a CSV saved as UTF-8")
                return data
        if not data.get("text", "").strip():
            self.add_error("text", "Paste a list or choose a CSV file")
        organisations = data.get("kind") == "organisations"
        if organisations and self.partnerships_required and not data.get("partnerships"):
            self.add_error("partnerships", "Choose the partnership it is a member of")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def bulk_add(request: HttpRequest) -> HttpResponse:
    require_manage_directory(request.user)
    form = BulkAddForm(posted(request), request.FILES or None, user=request.user)
    context: dict = {"form": form, "columns": COLUMNS}
    if request.method == "POST" and form.is_valid():
        kind, text = form.cleaned_data["kind"], form.cleaned_data["text"]
        if form.cleaned_data["file"]:  # keep the file's text in the form for the confirm step
            form.data = form.data.copy()
            form.data["text"] = text
        rows, problems = bulk_read(text, kind=kind, user=request.user)
        for problem in problems:
            form.add_error("text", problem)
        if not problems and request.POST.get("action") == "confirm":
            reason = form.cleaned_data["reason"] or f"Bulk add of {kind}"
            try:
                added = bulk_apply(
                    rows,
                    kind=kind,
                    by=request.user,
                    reason=reason,
                    partnerships=form.cleaned_data["partnerships"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                noun = {"organisations": "organisation", "people": "person"}[kind]
                messages.success(request, f"Added {added} {noun if added == 1 else kind}")
                target = (
                    "directory:organisations" if kind == "organisations" else "directory:people"
                )
                return redirect(target)
        context.update(
            rows=rows,
            text=text,
            blocked=any(r.problems for r in rows),
            adding=sum(1 for r in rows if r.action == "add" and not r.problems),
        )
    return render(request, "partnership/bulk_add.html", context)
