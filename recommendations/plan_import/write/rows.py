"""One recommendation of the file: the values it gives, compared with what is stored, and what
writing it would do (new, changed, unchanged, a conflict or an error). Nothing here writes a
recommendation: :mod:`.save` writes the whole file's at once."""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from partnership.audit import FieldChange
from partnership.models import Organisation, Person
from recommendations import services
from recommendations.models import Deficiency, Recommendation, Section, StatusLabel
from recommendations.permissions import closure_needs_agreement, require_edit
from recommendations.plan_import.read import ImportProblem, ParsedRow, clean_html, plain

from .context import ImportContext, norm, short
from .leads import resolve_leads
from .plan import status_for_word
from .report import RowOutcome, StoredRow
from .words import guess_lifecycle, rag_value

# Fields copied from the file as they are (rich ones are already sanitised HTML).
COPIED_FIELDS = (
    "revised_date_reason",
    "outcome",
    "unassigned_note",
    "work_to_date",
    "next_milestone",
    "commentary",
)
LEAD_FIELDS = ("lead_organisations", "lead_people")
FIELD_LABELS = {
    "text": "Recommendation",
    "section": "Section",
    "deficiency": "Deficiency",
    "leads_text": "Handed over to",
    "lead_organisations": "Lead agencies",
    "lead_people": "Lead people",
    "target_date_text": "Target date",
    "revised_target_date_text": "Revised target date",
    "revised_date_reason": "Reason for revised date",
    "outcome": "Outcome",
    "status": "Status",
    "rag": "RAG rating",
    "unassigned_note": "Anything still unassigned",
    "work_to_date": "Work to date",
    "notes": "Notes",
    "next_milestone": "Next significant milestone",
    "commentary": "Performance commentary",
}


@dataclass
class PendingRow:
    """A row ready to write: a prepared new recommendation, or a stored one and its changes."""

    outcome: RowOutcome
    rec: Recommendation  # new and prepared, or a prepared copy of the stored one
    leads: tuple[list[Organisation], list[Person]] = ([], [])
    changes: dict[str, Any] = field(default_factory=dict)  # for a stored one
    one_by_one: bool = False  # leads or closure change: through recommendation_update
    created: bool = False  # a new recommendation (its pk is set once it is written)


def plain_error(exc: Exception) -> str:
    """A validation or permission error in plain words, fields named as the user knows them."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(
                f"{FIELD_LABELS.get(k, k.replace('_', ' '))}: {' '.join(v)}"
                for k, v in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    return str(exc)


def _notes(row: ParsedRow, extra_notes: dict[str, str]) -> str | None:
    """The notes column, with every unknown column appended as "<Header>: value"."""
    extras = {**row.extra, **extra_notes}
    if "notes" not in row.fields and not extras:
        return None
    notes = row.fields.get("notes", "")
    if not extras:
        return notes
    parts = []
    if notes:
        parts.append(notes if notes.lstrip().lower().startswith("<p>") else f"<p>{notes}</p>")
    for header, value in extras.items():
        label = html.escape(header, quote=False)
        if re.search(r"(?i)<(p|ul|ol)\b", value):
            parts.append(f"<p>{label}:</p>{value}")
        else:
            parts.append(f"<p>{label}: {value}</p>")
    return clean_html("".join(parts))


def _deficiency(row: ParsedRow, section: Section | None, ctx: ImportContext) -> Deficiency | None:
    text = row.deficiency or row.fields.get("deficiency", "")
    if not plain(text):
        return None
    if ctx.deficiencies is None:
        ctx.deficiencies = {(d.section_id, norm(d.text)): d for d in ctx.plan.deficiencies.all()}
    key = (section.pk if section else None, norm(text))
    found = ctx.deficiencies.get(key)
    if found is None:
        found = services.deficiency_create(
            plan=ctx.plan, text=text, section=section, by=ctx.by, reason=ctx.reason
        )
        ctx.deficiencies[key] = found
    return found


def _rag(row: ParsedRow, ctx: ImportContext, extra_notes: dict[str, str]) -> tuple[str, str]:
    """(RAG value, status word it stands for): a RAG column that says COMPLETE is a status."""
    rag_word = plain(row.fields["rag"])
    rag = rag_value(rag_word)
    if rag is not None:
        return rag, ""
    if ctx.statuses.get(rag_word.casefold()) or (
        ctx.report.plan_created and guess_lifecycle(rag_word)
    ):
        return "", rag_word
    ctx.report.warnings.append(
        ImportProblem(
            row.source_row,
            ctx.column("rag"),
            f'"{rag_word}" is not a RAG rating (RED, AMBER, GREEN, BLUE); kept in the notes',
        )
    )
    extra_notes[ctx.column("rag") or "RAG rating"] = html.escape(rag_word, quote=False)
    return "", ""


def wanted_values(row: ParsedRow, ctx: ImportContext) -> tuple[dict[str, Any], str, str | None]:
    """The values the file gives this row, its status word, and the column that word is in."""
    f = row.fields
    wanted: dict[str, Any] = {"text": row.text}
    extra_notes: dict[str, str] = {}
    section = ctx.sections.get(row.section) if row.section is not None else None
    if "section" in f or row.section is not None:
        wanted["section"] = section
    if "deficiency" in f:
        wanted["deficiency"] = _deficiency(row, section, ctx)
    if "leads" in f:
        wanted["leads_text"] = plain(f["leads"])[:500]
    if "leads" in f or "linked_leads" in f:
        wanted["lead_organisations"], wanted["lead_people"] = resolve_leads(row, ctx)
    if "target_date" in f:
        wanted["target_date_text"] = plain(f["target_date"])[:300]
    if "revised_target_date" in f:
        wanted["revised_target_date_text"] = plain(f["revised_target_date"])[:300]
    for name in COPIED_FIELDS:
        if name in f:
            wanted[name] = f[name]
    status_word = plain(f.get("status", ""))
    if "rag" in f:
        wanted["rag"], rag_status = _rag(row, ctx, extra_notes)
        status_word = status_word or rag_status
    notes = _notes(row, extra_notes)
    if notes is not None:
        wanted["notes"] = notes
    return wanted, status_word, ctx.column("status") if f.get("status") else ctx.column("rag")


def same(name: str, old: Any, new: Any) -> bool:
    if name in LEAD_FIELDS:
        return {o.pk for o in old} == {o.pk for o in new}
    if name in ("section", "deficiency", "status"):
        return (old.pk if old else None) == (new.pk if new else None)
    return norm(old) == norm(new)


def display(name: str, value: Any) -> str:
    if name in LEAD_FIELDS:
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    if value is None or value == "":
        return "(blank)"
    if name in ("section", "status"):
        return str(value)
    if name == "deficiency":
        return short(value.text, 80)
    return short(str(value), 80)


def current(rec: Recommendation, name: str) -> Any:
    if name in LEAD_FIELDS:
        return list(getattr(rec, name).all())
    return getattr(rec, name)


def file_version(row: ParsedRow) -> int | None:
    """The version an export of ours wrote on the row (None when the file gives none)."""
    text = plain(row.fields.get("version", "")).strip()
    return int(text) if text.isdigit() else None


def plan_row(
    row: ParsedRow, order: int, rec: Recommendation | None, ctx: ImportContext
) -> PendingRow | None:
    """What writing this row would do, recorded on the report; the row to write, if any."""
    wanted, status_word, status_column = wanted_values(row, ctx)
    outcome = RowOutcome(
        row.source_row,
        row.reference,
        "new",
        section=str(wanted["section"]) if wanted.get("section") else "",
        summary=short(row.text),
    )
    ctx.report.rows.append(outcome)
    if status_word:
        status = status_for_word(status_word, row, status_column, ctx)
        if status is None:
            outcome.action = "error"
            return None
        wanted["status"] = status
    try:
        if rec is None:
            pending = _new(row, order, wanted, outcome, ctx)
        else:
            pending = _changed(row, rec, wanted, outcome, ctx)
    except (ValidationError, PermissionDenied) as exc:
        ctx.report.errors.append(ImportProblem(row.source_row, None, plain_error(exc)))
        outcome.action = "error"
        return None
    if outcome.action != "error":
        outcome.stored = stored_row(pending, rec)
    return pending


def stored_row(pending: PendingRow | None, rec: Recommendation | None) -> StoredRow | None:
    """The recommendation as it will be stored: the prepared one, else the one kept as it is."""
    if pending is not None:
        kept, (orgs, people) = pending.rec, pending.leads
        if not pending.created:
            orgs = pending.changes.get("lead_organisations", current(kept, "lead_organisations"))
            people = pending.changes.get("lead_people", current(kept, "lead_people"))
    elif rec is not None:
        kept, orgs, people = rec, current(rec, "lead_organisations"), current(rec, "lead_people")
    else:
        return None
    return StoredRow(
        text=short(kept.text, 160),
        section=str(kept.section) if kept.section else "",
        leads_text=kept.leads_text,
        linked_leads=[str(lead) for lead in [*orgs, *people]],
        target_date_text=", revised to ".join(
            t for t in (kept.target_date_text, kept.revised_target_date_text) if t
        ),
        due_date=kept.due_date,
        status=kept.status.name,
        rag=kept.rag,
        work_to_date=short(kept.work_to_date, 120),
        notes=short(kept.notes, 120),
    )


def _new(
    row: ParsedRow, order: int, wanted: dict[str, Any], outcome: RowOutcome, ctx: ImportContext
) -> PendingRow | None:
    status: StatusLabel | None = wanted.pop("status", None)
    if status is None:
        status = ctx.statuses.get(ctx.report.default_status.casefold())
        outcome.status_defaulted = True
        if status is None:
            ctx.report.errors.append(
                ImportProblem(row.source_row, None, "no status, and the plan has no default")
            )
            outcome.action = "error"
            return None
    outcome.status = status.name
    leads = (wanted.pop("lead_organisations", []), wanted.pop("lead_people", []))
    rec = Recommendation(plan=ctx.plan, reference=row.reference, status=status, order=order)
    services.recommendation_prepare(rec, wanted)
    return PendingRow(outcome, rec, leads=leads, created=True)


def _target_as_revision(
    row: ParsedRow, rec: Recommendation, wanted: dict[str, Any], ctx: ImportContext
) -> None:
    """A file with no Revised target date column that moves a stored target date revises it: the
    original target is kept and the new one is the revised target date (../shared/DOMAIN.md:
    "target date, revised target date and why"), so the appendix and the action say both."""
    new = wanted.get("target_date_text")
    if not new or "revised_target_date_text" in wanted or not rec.target_date_text:
        return
    if norm(new) == norm(rec.target_date_text):
        return
    wanted["revised_target_date_text"] = wanted.pop("target_date_text")
    if norm(new) != norm(rec.revised_target_date_text):
        ctx.report.warnings.append(
            ImportProblem(
                row.source_row,
                ctx.column("target_date"),
                f'the target date moves from "{rec.target_date_text}" to "{new}": kept as the '
                "original target date, with the new one as its revised target date (give the "
                "reason for the revised date on the action)",
            )
        )


def _changed(
    row: ParsedRow,
    rec: Recommendation,
    wanted: dict[str, Any],
    outcome: RowOutcome,
    ctx: ImportContext,
) -> PendingRow | None:
    outcome.status = (wanted.get("status") or rec.status).name
    _target_as_revision(row, rec, wanted, ctx)
    changes = {k: v for k, v in wanted.items() if not same(k, current(rec, k), v)}
    if not changes:
        outcome.action = "unchanged"
        return None
    outcome.changes = [
        FieldChange(FIELD_LABELS.get(k, k), display(k, current(rec, k)), display(k, v))
        for k, v in changes.items()
    ]
    version = file_version(row)
    if version is not None and version < rec.version:
        outcome.versions = (version, rec.version)
        if row.reference not in ctx.keep_mine:
            outcome.action = "conflict"  # someone changed it since the export: keep theirs
            return None
    outcome.action = "changed"
    require_edit(ctx.by, rec)
    prepared = copy.copy(rec)
    services.recommendation_prepare(
        prepared, {k: v for k, v in changes.items() if k not in LEAD_FIELDS}
    )
    status = changes.get("status")
    one_by_one = bool(set(LEAD_FIELDS) & changes.keys()) or (
        status is not None
        and (rec.proposed_status_id is not None or closure_needs_agreement(ctx.by, rec, status))
    )
    return PendingRow(outcome, prepared, changes=changes, one_by_one=one_by_one)
