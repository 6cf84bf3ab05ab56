"""The printed appendix: seed 000 exported to PDF and read back with pypdf."""

from __future__ import annotations

import re
from datetime import date

import pytest
from appendix_fixtures import SEED_000_NUMBERS, build_seed_000, pdf_pages, pdf_positioned_text

from reports.appendix.params import AppendixParams
from reports.appendix.render import appendix_pdf_bytes
from reports.appendix.rows import build_appendix

pytestmark = pytest.mark.django_db

MARKING = "NOT PROTECTIVELY MARKED"
HEADINGS = ["No.", "Workshop", "Deficiencies", "Recommendation", "Handed over to"]


@pytest.fixture
def seed_plan(partnership, users):
    return build_seed_000(partnership=partnership, clerk=users["clerk"])


def test_seed_000_prints_every_outstanding_recommendation_in_order_with_marking_and_header(
    seed_plan,
):
    appendix = build_appendix(AppendixParams(plan_ids=(seed_plan.pk,), as_at=date.today()))
    pdf, page_count = appendix_pdf_bytes(appendix)

    pages = pdf_pages(pdf)
    assert len(pages) == page_count >= 2
    for number, ((height, pieces), text) in enumerate(
        zip(pdf_positioned_text(pdf), pages, strict=True), start=1
    ):
        top = [t for y, t in pieces if y > height - 17 * 72 / 25.4]
        bottom = [t for y, t in pieces if y < 15 * 72 / 25.4]
        assert MARKING in top, f"page {number} top margin: {top}"
        assert MARKING in bottom, f"page {number} bottom margin: {bottom}"
        assert f"Page {number} of {page_count}" in text
        for heading in HEADINGS:
            assert heading in text, f"page {number} lacks the header row ({heading})"

    whole = "\n".join(pages)
    assert f"as at {date.today():%d/%m/%Y}" in pages[0]
    assert "Appendix A – Current list of outstanding recommendations" in pages[0]
    assert "13 outstanding of 13" in pages[0]
    # Each recommendation's number starts its row, in the paper's order.
    found = re.findall(r"^(\d+) ", whole, flags=re.M)
    numbers = [n for n in found if n in SEED_000_NUMBERS]
    assert numbers == SEED_000_NUMBERS


def test_struck_through_points_are_printed_and_marked_as_withdrawn(seed_plan):
    appendix = build_appendix(AppendixParams(plan_ids=(seed_plan.pk,), as_at=date.today()))
    pdf, _ = appendix_pdf_bytes(appendix)
    whole = " ".join(" ".join(pdf_pages(pdf)).split())

    assert "[withdrawn] 1. Recommendation is that they should contact the Police" in whole
    assert "[withdrawn] 3. We still won't have a name" in whole
    assert "2. Guidance for shops" in whole
    assert "[withdrawn] 2. Guidance" not in whole
