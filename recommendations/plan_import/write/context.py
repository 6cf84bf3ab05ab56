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
    from .leads import _Directory


@dataclass
class _Context:
    report: ImportReport
    plan: ActionPlan
    by: Actor
    reason: str
    headers: dict[str, str]  # canonical field -> header as written
    directory: _Directory
    statuses: dict[str, StatusLabel]
    sections: dict[int, Section] = field(default_factory=dict)
    deficiencies: dict[tuple[int | None, str], Deficiency] | None = None


def _column(ctx: _Context, name: str) -> str | None:
    return ctx.headers.get(name)


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _short(value: str, limit: int = 140) -> str:
    text = plain(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
