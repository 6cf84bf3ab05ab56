"""Imports keep the paper's own protective marking."""

from __future__ import annotations

import pytest

from partnership.permissions import SYSTEM
from recommendations.markings import Marking
from recommendations.plan_import.read import parse_file
from recommendations.plan_import.read.formats import paper_marking
from recommendations.plan_import.write import plan_import

PAPER = """OFFICIAL-SENSITIVE
No.\tRecommendation\tLead Agency\tTarget date\tStatus
1\tShare the chronology with the GP practice.\tSafe Space Charity\tMarch 2027\tOn target
OFFICIAL-SENSITIVE
"""


@pytest.mark.parametrize(
    ("text", "marking"),
    [
        ("NOT PROTECTIVELY MARKED\nrow\n", Marking.NOT_PROTECTIVELY_MARKED),
        ("**OFFICIAL - SENSITIVE**\n", Marking.OFFICIAL_SENSITIVE),
        ("OFFICIAL\nrows\nOFFICIAL-SENSITIVE\n", Marking.OFFICIAL_SENSITIVE),  # highest wins
        ("An OFFICIAL report, in a sentence\n", ""),  # only a line of its own is a marking
    ],
)
def test_the_papers_marking_is_read_from_its_own_lines(text, marking):
    assert paper_marking(text.encode()) == marking


def test_an_imported_case_review_keeps_the_marking_it_prints(partnership):
    report = plan_import(
        result=parse_file(PAPER.encode(), "review.txt"),
        plan_name="Review",
        kind="case_review",
        partnership=partnership,
        by=SYSTEM,
        filename="review.txt",
        dry_run=False,
    )
    assert report.plan.marking == Marking.OFFICIAL_SENSITIVE
