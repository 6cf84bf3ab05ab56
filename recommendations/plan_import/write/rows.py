"""One recommendation of the file: the values it gives, then created or updated (or unchanged)."""

from __future__ import annotations

import html
import re
from typing import Any

from partnership.audit import FieldChange
from recommendations import services
from recommendations.models import Deficiency, Recommendation, Section, StatusLabel
from recommendations.plan_import.read import ImportProblem, ParsedRow, clean_html, plain

from .context import _column, _Context, _norm, _short
from .leads import _leads
from .plan import _status
from .report import RowOutcome
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


def _deficiency(row: ParsedRow, section: Section | None, ctx: _Context) -> Deficiency | None:
    text = row.deficiency or row.fields.get("deficiency", "")
    if not plain(text):
        return None
    if ctx.deficiencies is None:
        ctx.deficiencies = {(d.section_id, _norm(d.text)): d for d in ctx.plan.deficiencies.all()}
    key = (section.pk if section else None, _norm(text))
    found = ctx.deficiencies.get(key)
    if found is None:
        found = services.deficiency_create(
            plan=ctx.plan, text=text, section=section, by=ctx.by, reason=ctx.reason
        )
        ctx.deficiencies[key] = found
    return found


def _wanted(row: ParsedRow, ctx: _Context) -> tuple[dict[str, Any], str, str | None]:
    """The values the file gives this row, the status word, and the RAG word when not a RAG."""
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
        wanted["lead_organisations"], wanted["lead_people"] = _leads(row, ctx)
    if "target_date" in f:
        wanted["target_date_text"] = plain(f["target_date"])[:300]
    if "revised_target_date" in f:
        wanted["revised_target_date_text"] = plain(f["revised_target_date"])[:300]
    for name in COPIED_FIELDS:
        if name in f:
            wanted[name] = f[name]
    status_word = plain(f.get("status", ""))
    if "rag" in f:
        rag_word = plain(f["rag"])
        rag = rag_value(rag_word)
        if rag is None and (
            ctx.statuses.get(rag_word.casefold())
            or (ctx.report.plan_created and guess_lifecycle(rag_word))
        ):
            # A RAG column that says COMPLETE: the status, not a colour.
            status_word = status_word or rag_word
            rag = ""
        elif rag is None:
            ctx.report.warnings.append(
                ImportProblem(
                    row.source_row,
                    _column(ctx, "rag"),
                    f'"{rag_word}" is not a RAG rating (RED, AMBER, GREEN, BLUE); '
                    "kept in the notes",
                )
            )
            extra_notes[_column(ctx, "rag") or "RAG rating"] = html.escape(rag_word, quote=False)
            rag = ""
        wanted["rag"] = rag
    notes = _notes(row, extra_notes)
    if notes is not None:
        wanted["notes"] = notes
    return wanted, status_word, _column(ctx, "status") if f.get("status") else _column(ctx, "rag")


def _same(name: str, old: Any, new: Any) -> bool:
    if name in ("lead_organisations", "lead_people"):
        return {o.pk for o in old} == {o.pk for o in new}
    if name in ("section", "deficiency", "status"):
        return (old.pk if old else None) == (new.pk if new else None)
    return _norm(old) == _norm(new)


def _display(name: str, value: Any) -> str:
    if name in ("lead_organisations", "lead_people"):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    if value is None or value == "":
        return "(blank)"
    if name in ("section", "status"):
        return str(value)
    if name == "deficiency":
        return _short(value.text, 80)
    return _short(str(value), 80)


def _current(rec: Recommendation, name: str) -> Any:
    if name in ("lead_organisations", "lead_people"):
        return list(getattr(rec, name).all())
    return getattr(rec, name)


def _row(row: ParsedRow, order: int, rec: Recommendation | None, ctx: _Context) -> None:
    wanted, status_word, status_column = _wanted(row, ctx)
    outcome = RowOutcome(
        row.source_row,
        row.reference,
        "new",
        section=str(wanted["section"]) if wanted.get("section") else "",
        summary=_short(row.text),
    )
    ctx.report.rows.append(outcome)
    status: StatusLabel | None = None
    if status_word:
        status = _status(status_word, row, status_column, ctx)
        if status is None:
            outcome.action = "error"
            return
        wanted["status"] = status
    if rec is None:
        if status is None:
            status = ctx.statuses.get(ctx.report.default_status.casefold())
            outcome.status_defaulted = True
            if status is None:
                ctx.report.errors.append(
                    ImportProblem(row.source_row, None, "no status, and the plan has no default")
                )
                outcome.action = "error"
                return
        wanted.pop("status", None)
        outcome.status = status.name
        services.recommendation_create(
            plan=ctx.plan,
            reference=row.reference,
            status=status,
            by=ctx.by,
            reason=ctx.reason,
            order=order,
            **wanted,
        )
        return
    outcome.status = (status or rec.status).name
    changes = {k: v for k, v in wanted.items() if not _same(k, _current(rec, k), v)}
    if not changes:
        outcome.action = "unchanged"
        return
    outcome.action = "changed"
    outcome.changes = [
        FieldChange(FIELD_LABELS.get(k, k), _display(k, _current(rec, k)), _display(k, v))
        for k, v in changes.items()
    ]
    services.recommendation_update(
        recommendation=rec, by=ctx.by, reason=ctx.reason, changes=changes
    )
