"""Forms of the browser import: the upload, then the preview (table choice and column mapping)."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.models import Partnership
from recommendations.models import ActionPlan, PlanKind
from recommendations.plan_import.read import MAX_BYTES, TableCandidate
from recommendations.plan_import.read.columns import (
    DERIVED_FIELDS,
    FIELDS,
    KEEP_AS_NOTE,
    ROUND_TRIP_FIELDS,
    map_columns,
)
from recommendations.plan_import.read.formats import FORMATS
from recommendations.plan_import.read.limits import current_limits

IGNORE = "-"
FORMAT_LABELS = {
    "csv": "CSV",
    "tsv": "Tab-separated text",
    "markdown": "Markdown tables",
    "text": "Text (tab-separated or Markdown)",
    "html": "HTML page",
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "pdf": "PDF (.pdf)",
}
MAPPING_CHOICES = [
    (KEEP_AS_NOTE, "Not recognised: keep in the notes"),
    (IGNORE, "Ignore this column"),
    *[(name, label) for name, label in FIELDS.items()],
    *[(name, f"{label} (read, not imported)") for name, label in DERIVED_FIELDS.items()],
    *[(name, f"{label} (from an export of this app)") for name, label in ROUND_TRIP_FIELDS.items()],
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="Excel (.xlsx), Word (.docx), PDF, CSV, text or HTML, up to "
        f"{MAX_BYTES // 1048576} MB. You can choose the header row on the next page.",
    )
    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label="A new plan",
        label="Import into",
        help_text="Recommendations already in the plan are matched by their number.",
    )
    new_plan_name = forms.CharField(label="Name of the new plan", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind of plan (new plans only)",
        required=False,
        choices=[("", "Work it out from the columns"), *PlanKind.choices],
    )
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="Choose a partnership",
        label="Partnership (new plans only)",
    )
    fmt = forms.ChoiceField(
        label="File format",
        required=False,
        choices=[("", "Work it out from the file"), *[(f, FORMAT_LABELS[f]) for f in FORMATS]],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A clerk imports only into the partnerships they serve.
        self.fields["plan"].queryset = ActionPlan.objects.managed_by(user).order_by("name")
        self.fields["partnership"].queryset = Partnership.objects.managed_by(user).order_by("name")
        partnerships = list(self.fields["partnership"].queryset[:2])
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        max_bytes = current_limits().max_bytes
        if upload.size > max_bytes:
            raise forms.ValidationError(
                f"The file must be smaller than {max_bytes / 1048576:.0f} MB; split it up."
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("plan") is None:
            if not (data.get("new_plan_name") or "").strip():
                self.add_error(
                    "new_plan_name",
                    "Enter a name for the new plan, or choose a plan to import into",
                )
            if data.get("partnership") is None and self.fields["partnership"].queryset.count() > 1:
                self.add_error("partnership", "Choose the partnership the new plan belongs to")
        return data

    def options(self) -> dict[str, Any]:
        """What the preview needs to remember (stored in the signed upload token)."""
        data = self.cleaned_data
        plan = data.get("plan")
        partnership = plan.partnership if plan else data.get("partnership")
        return {
            "plan": plan.name if plan else data["new_plan_name"].strip(),
            "kind": "" if plan else data.get("kind", ""),
            "partnership": partnership.pk if partnership else None,
            "fmt": data.get("fmt") or None,
        }


class ImportPreviewForm(forms.Form):
    """The token, the table (any table found), its header row, a select per source column, and
    whether to save the mapping for the next paper of the same shape."""

    upload = forms.CharField(widget=forms.HiddenInput)
    mapped_table = forms.CharField(widget=forms.HiddenInput, required=False)
    mapped_header_row = forms.CharField(widget=forms.HiddenInput, required=False)
    saved_mapping = forms.CharField(widget=forms.HiddenInput, required=False)
    table = forms.TypedChoiceField(
        label="Which table holds the recommendations?",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    header_row = forms.TypedChoiceField(
        label="Which row holds the column headings?",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label="Kind of plan",
        required=False,
        choices=[("", "Work it out from the file"), *PlanKind.choices],
        help_text="The kind sets the columns the appendix prints and who may read the plan: "
        "a case review is OFFICIAL-SENSITIVE (need to know).",
    )
    save_mapping = forms.BooleanField(
        label="Save this mapping for the next paper of the same shape", required=False
    )
    mapping_name = forms.CharField(
        label="Name of the saved mapping",
        required=False,
        max_length=100,
        help_text="Saved when you import. The next upload with the same column headings is "
        "read this way.",
    )

    def __init__(
        self,
        *args: Any,
        tables: list[TableCandidate],
        headers: list[str],
        table_index: int | None,
        header_rows: list[tuple[int, list[str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.table_index = table_index
        # Errors shown by a column's select (the form shown again is unbound): name -> message.
        self.column_errors: dict[str, str] = {}
        self.fields["table"].choices = [(t.index, table_label(t)) for t in tables]
        self.fields["header_row"].choices = [
            (line, row_label(line, cells)) for line, cells in header_rows or []
        ]
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=header or f"Column {i + 1}", choices=MAPPING_CHOICES, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("save_mapping") and not (data.get("mapping_name") or "").strip():
            self.add_error("mapping_name", "Enter a name for the saved mapping")
        return data

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def column_rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each column's select with its error ("" when none)."""
        return [(f, self.column_errors.get(f.html_name, "")) for f in self.column_fields()]

    def duplicate_columns(self) -> dict[str, str]:
        """{select name: message} for a column chosen as a field another column already is: the
        importer reads a field from one column only, so the clerk is asked to choose one."""
        mapping = self.mapping()
        if not mapping:
            return {}
        headers = list(mapping)
        fields, duplicates = map_columns(headers, mapping)
        labels = dict(MAPPING_CHOICES)
        out = {}
        for header in duplicates:
            field = mapping[header]
            first = headers[fields.index(field)]
            out[f"col_{headers.index(header)}"] = (
                f"“{first}” and “{header}” are both imported as “{labels.get(field, field)}”, "
                "but only one column can be: choose one of them, and “Not recognised: keep in "
                "the notes” or “Ignore this column” for the other"
            )
        return out

    def chosen_table(self) -> int | None:
        if not self.is_valid():
            return None
        return self.cleaned_data.get("table")

    def mapping(self) -> dict[str, str] | None:
        """{header: field, "" to ignore, "?" to keep as a note}, or None for the defaults."""
        self.is_valid()  # a field in error (the mapping's name, say) keeps the others' values
        data = getattr(self, "cleaned_data", {})
        if data.get("mapped_table") != str(self.table_index):
            return None  # the table changed: its columns are new, start from the synonyms
        if data.get("mapped_header_row") != self.data.get("header_row", ""):
            return None  # so did the header row
        out = {}
        for i, header in enumerate(self.headers):
            value = data.get(f"col_{i}") or KEEP_AS_NOTE
            out[header] = "" if value == IGNORE else value
        return out

    def save_as(self) -> str:
        """The name to save the mapping under ("" when not asked to save it)."""
        if not self.is_valid() or not self.cleaned_data.get("save_mapping"):
            return ""
        return self.cleaned_data["mapping_name"].strip()


def table_label(t: TableCandidate) -> str:
    known = "" if t.qualifies else "; no recommendation column recognised"
    return (
        f"{t.title or 'Table ' + str(t.index + 1)} "
        f"({t.row_count} row{'' if t.row_count == 1 else 's'}{known}: "
        f"{', '.join(h for h in t.headers if h)[:120]})"
    )


def row_label(line: int, cells: list[str]) -> str:
    """ "Row 3: Ref | Recommendation | Who will do it" (each cell and the whole cut short)."""
    texts = [c if len(c) <= 30 else c[:29].rstrip() + "…" for c in cells if c.strip()]
    words = " | ".join(texts) or "(blank)"
    return f"Row {line}: {words if len(words) <= 110 else words[:109].rstrip() + '…'}"


def table_headers(table: TableCandidate | None) -> list[str]:
    """The table's headers as the parser names them (a blank heading is "Column N")."""
    return [h or f"Column {i + 1}" for i, h in enumerate(table.headers)] if table else []


def initial_mapping(table: TableCandidate | None, mapping: dict[str, str] | None) -> dict:
    """The select values to show: what the user chose, else what the synonyms found."""
    if table is None:
        return {}
    out = {}
    for i, header in enumerate(table_headers(table)):
        if mapping is not None and header in mapping:
            value = mapping[header]
            out[f"col_{i}"] = IGNORE if value == "" else value
        else:
            out[f"col_{i}"] = table.columns.get(header) or KEEP_AS_NOTE
    return out


def initial_mapping_values(table: TableCandidate) -> dict[str, str]:
    """The mapping the synonyms found, as the form posts it ("" ignore, "?" keep in the notes)."""
    return {h: table.columns.get(h) or KEEP_AS_NOTE for h in table_headers(table)}
