"""State shared by the steps of one import run, and small text helpers they all use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from partnership.permissions import Actor
from recommendations.models import ActionPlan, Deficiency, Section, StatusLabel
from recommendations.plan_import.read import plain

from .report import ImportReport

if TYPE_CHECKING:
    from .leads import Directory


@dataclass
class ImportContext:
    """What every step of one run reads: the plan, who and why, the directory, the statuses."""

    report: ImportReport
    plan: ActionPlan
    by: Actor
    reason: str
    headers: dict[str, str]  # canonical field -> header as written
    directory: Directory
    statuses: dict[str, StatusLabel]
    sections: dict[int, Section] = field(default_factory=dict)
    deficiencies: dict[tuple[int | None, str], Deficiency] | None = None
    keep_mine: frozenset[str] = frozenset()  # conflicting references the clerk's file wins

    def column(self, name: str) -> str | None:
        """The header, as the file writes it, of the column holding ``name``."""
        return self.headers.get(name)


def norm(value: Any) -> str:
    """Text compared loosely: runs of white space are one space."""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def short(value: str, limit: int = 140) -> str:
    """Plain text cut to ``limit`` characters with an ellipsis."""
    text = plain(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
