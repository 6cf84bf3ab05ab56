"""What an import did (or, for a dry run, would do): per row, per person, and in total."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from partnership.audit import FieldChange
from recommendations.markings import Marking
from recommendations.models import ActionPlan, PlanKind
from recommendations.plan_import.read import ImportProblem

FIRST_ROWS_SHOWN = 5  # rows the preview shows as they will be stored


@dataclass
class StoredRow:
    """One recommendation as the import would leave it stored (plain text, cut short)."""

    text: str
    section: str = ""
    leads_text: str = ""  # "Handed over to" as written
    linked_leads: list[str] = field(default_factory=list)  # directory organisations and people
    target_date_text: str = ""
    due_date: date | None = None  # the last day of the target (or revised) period
    status: str = ""
    rag: str = ""
    work_to_date: str = ""
    notes: str = ""


@dataclass
class RowOutcome:
    """What the import does with one recommendation of the file."""

    source_row: int
    reference: str
    action: str  # "new" | "changed" | "unchanged" | "conflict" | "error"
    section: str = ""
    summary: str = ""  # the recommendation's opening words, plain text
    status: str = ""
    status_defaulted: bool = False
    changes: list[FieldChange] = field(default_factory=list)  # stored -> the file's value
    # (version in the file, version stored) when the file was exported before the last change.
    versions: tuple[int, int] | None = None
    stored: StoredRow | None = None  # what is stored once imported (None for an error)


@dataclass
class PersonOutcome:
    """What the import does with one person of an attendance list."""

    name: str
    initials: str
    organisation: str  # as written
    action: str  # "new" | "exists"
    linked_to: str = ""  # the directory organisation it was attached to, if any


@dataclass
class ImportReport:
    """Everything an import did (or, for a dry run, would do), for the preview and the command."""

    filename: str
    plan_name: str
    plan_kind: str = ""
    plan_marking: str = ""  # the plan's protective marking (a new plan's, once created)
    plan_created: bool = False
    dry_run: bool = True
    written: bool = False
    plan: ActionPlan | None = None
    rows: list[RowOutcome] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (title, "new"/"existing")
    people: list[PersonOutcome] = field(default_factory=list)
    statuses_created: list[str] = field(default_factory=list)
    default_status: str = ""
    missing: list[str] = field(default_factory=list)  # references in the plan, not in the file
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    lead_problems: list[ImportProblem] = field(default_factory=list)
    initials_clashes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": self.count("new"),
            "changed": self.count("changed"),
            "unchanged": self.count("unchanged"),
            "conflict": self.count("conflict"),
            "missing": len(self.missing),
            "sections_new": sum(1 for _, a in self.sections if a == "new"),
            "people_new": sum(1 for p in self.people if p.action == "new"),
        }

    @property
    def conflicts(self) -> list[RowOutcome]:
        """Rows changed since the file was exported: kept as stored unless the clerk says."""
        return [r for r in self.rows if r.versions is not None]

    @property
    def plan_kind_label(self) -> str:
        return PlanKind(self.plan_kind).label.lower() if self.plan_kind else ""

    @property
    def plan_readers(self) -> str:
        """Who reads the plan, by its marking (docs/security.md), in plain words."""
        if not self.plan_marking:
            return ""
        if Marking.is_sensitive(self.plan_marking):
            return (
                "partner officers will see only their own organisation's actions, unless their "
                "organisation is put on the plan's access list"
            )
        return "every officer of the partnership will be able to read all of its actions"

    @property
    def first_stored(self) -> list[RowOutcome]:
        """The first rows of the file as they will be stored, for the preview."""
        return [r for r in self.rows if r.stored is not None][:FIRST_ROWS_SHOWN]

    @property
    def first_stored_sections(self) -> bool:
        """Whether the first rows shown belong to sections (else the column is left out)."""
        return any(r.stored and r.stored.section for r in self.first_stored)

    @property
    def rows_sections(self) -> bool:
        """Whether any row belongs to a section (else the preview leaves the column out)."""
        return any(r.section for r in self.rows)

    @property
    def defaulted_rows(self) -> list[str]:
        return [r.reference for r in self.rows if r.status_defaulted]
