"""Words in a file -> plan kinds, status lifecycles and RAG ratings (no database)."""

from __future__ import annotations

import re

from recommendations.models import Lifecycle, PlanKind, Rag
from recommendations.plan_import.read import ParseResult, TableCandidate
from recommendations.plan_import.read.columns import normalise_header

RAG_WORDS = {"R": "RED", "A": "AMBER", "G": "GREEN", "B": "BLUE"}


# What marks a case review (../shared/DOMAIN.md): a domestic homicide review (DHR), a "case
# review following a serious incident", a safeguarding adults or child practice review, and the
# learning ("lessons learned", "learning outcomes") such a review leaves. A Work to date or
# Progress column alone does not: every kind of plan reports progress.
CASE_REVIEW_WORDS = re.compile(
    r"\bcase reviews?\b|\bdomestic homicide\b|\bDHRs?\b|\bhomicide reviews?\b"
    r"|\bserious (incident|case) reviews?\b|\bsafeguarding adults? reviews?\b"
    r"|\b(child )?safeguarding practice reviews?\b|\blearning reviews?\b"
    r"|\blessons? (to be )?(learn(ed|t)?)\b|\blearning outcomes?\b",
    re.IGNORECASE,
)
# A plan that says nothing of its kind: a delivery plan, the plainest of the kinds (numbered
# actions with a lead; OFFICIAL, read by the partnership), never a need-to-know case review.
GENERIC_KIND = PlanKind.DELIVERY


def detect_kind(result: ParseResult) -> str:
    """The plan kind the file suggests: its columns first (deficiencies, RAG and outcome, a
    milestone), then what the paper says it is (a case review), else the generic kind."""
    table = chosen_table(result)
    columns = table.columns if table else {}
    fields = set(columns.values())
    headers = {normalise_header(h) for h in columns}
    if "deficiency" in fields or any("workshop" in h for h in headers):
        return PlanKind.WORKSHOP
    if "rag" in fields and "outcome" in fields:
        return PlanKind.STRATEGY
    if "next_milestone" in fields or "commentary" in fields:
        return PlanKind.DELIVERY
    if says_case_review(result):
        return PlanKind.CASE_REVIEW
    if "rag" in fields or result.sections:
        return PlanKind.STRATEGY
    return GENERIC_KIND


def says_case_review(result: ParseResult) -> bool:
    """Whether the paper (its name, title, headings, preamble) says it is a case review."""
    table = chosen_table(result)
    words = f"{result.paper_words}\n{table.title if table else ''}"
    return CASE_REVIEW_WORDS.search(words) is not None


def kind_from_words(word: str) -> str:
    """A PlanKind value from "case_review", "Case review" or "case review" ("" if none)."""
    key = re.sub(r"[\s_-]+", " ", word or "").strip().casefold()
    for value, label in PlanKind.choices:
        if key in (value.replace("_", " "), label.casefold()):
            return value
    return ""


_LIFECYCLE_WORDS = [
    (Lifecycle.COMPLETE, r"\b(complete|completed|closed|done|finished|achieved)\b"),
    (Lifecycle.ON_HOLD, r"\b(on hold|paused|suspended)\b"),
    (Lifecycle.WITHDRAWN, r"\b(withdrawn|cancell?ed|no longer required)\b"),
    (Lifecycle.NOT_STARTED, r"\b(pending|not started|not yet started|to start|open)\b"),
    (Lifecycle.IN_PROGRESS, r"\b(in progress|on target|on track|ongoing|behind|started|delayed)\b"),
]


def guess_lifecycle(word: str) -> str:
    """The lifecycle a status word most likely means ("" when it cannot be told)."""
    key = " ".join(word.split()).casefold()
    for lifecycle, pattern in _LIFECYCLE_WORDS:
        if re.search(pattern, key):
            return lifecycle
    return ""


def rag_value(word: str) -> str | None:
    """RED/AMBER/GREEN/BLUE for a RAG cell ("" when blank, None when not a RAG word)."""
    key = " ".join((word or "").split()).upper()
    if not key:
        return ""
    key = RAG_WORDS.get(key, key)
    return key if key in Rag.values else None


def chosen_table(result: ParseResult) -> TableCandidate | None:
    """The table the rows came from (None when the file had none)."""
    if result.chosen_table is None or not 0 <= result.chosen_table < len(result.tables):
        return None
    return result.tables[result.chosen_table]
