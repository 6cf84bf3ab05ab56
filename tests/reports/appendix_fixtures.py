"""Test-only helpers for the appendix: seed 000 built through the services, and PDF text."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import services
from recommendations.plan_import.read import parse_file
from tests.conftest import seed_path

REASON = "Seed 000 for the appendix tests"
SEED_000_NUMBERS = ["2", "11", "17", "19", "21", "39", "40", "41", "46", "49", "51", "53", "54"]


def seed_000_path() -> Path:
    return seed_path("000")


def build_seed_000(*, partnership, clerk, name: str = "Workshop Programme 2016"):
    """Seed 000's 13 outstanding recommendations, written through the service layer."""
    path = seed_000_path()
    result = parse_file(path.read_bytes(), path.name)
    assert result.ok and len(result.rows) == 13, result.errors
    plan = services.plan_create(
        partnership=partnership,
        name=name,
        kind="workshop",
        marking="NOT PROTECTIVELY MARKED",
        by=clerk,
        reason=REASON,
    )
    sections: dict[str, object] = {}
    organisations: dict[str, object] = {}
    for order, row in enumerate(result.rows):
        title = row.section_title or row.fields.get("section", "")
        if title not in sections:
            sections[title] = services.section_create(
                plan=plan, title=title, kind="workshop", by=clerk, reason=REASON
            )
        leads = []
        for lead in row.leads:
            if lead not in organisations:
                organisations[lead] = directory.organisation_create(
                    name=lead, by=SYSTEM, reason=REASON
                )
            leads.append(organisations[lead])
        deficiency = services.deficiency_create(
            plan=plan,
            text=row.deficiency or row.fields.get("deficiency", ""),
            section=sections[title],
            by=clerk,
            reason=REASON,
        )
        services.recommendation_create(
            plan=plan,
            reference=row.reference,
            text=row.text,
            status=services.status_for(plan, row.status),
            lead_organisations=leads,
            section=sections[title],
            deficiency=deficiency,
            unassigned_note=row.fields.get("unassigned_note", ""),
            order=order,
            by=clerk,
            reason=REASON,
        )
    return plan


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as a reader's copy-and-paste would see it."""
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_positioned_text(pdf: bytes) -> list[tuple[float, list[tuple[float, str]]]]:
    """Each page's height and its text pieces with their height on the page (y from bottom)."""
    reader = PdfReader(io.BytesIO(pdf))
    result = []
    for page in reader.pages:
        pieces: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                # y in page space: the text matrix's y transformed by the current matrix.
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                pieces.append((y, text.strip()))

        page.extract_text(visitor_text=visit)
        result.append((float(page.mediabox.height), pieces))
    return result
