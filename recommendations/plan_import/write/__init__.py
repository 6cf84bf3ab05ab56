"""Write a parsed action plan (``recommendations.plan_import.read.parse_file``) into the database.

One call, one transaction, all or nothing: :func:`plan_import` creates the plan if needed, its
status words, sections, deficiencies, the people of an attendance list and the recommendations,
or updates the recommendations it already holds (matched by plan and reference) through
``recommendations.services`` so that every change has a history row with the reason
"imported from FILENAME". A dry run does the same work and rolls it back, so the preview shows
exactly what confirming would do.

Modules: ``run`` (the transaction and the order of the steps), ``report`` (what the import did),
``words`` (file words -> plan kinds, lifecycles, RAG), ``plan`` (the plan, its sections and status
words), ``people`` (an attendance list), ``leads`` (lead names -> the directory), ``rows`` (one
recommendation created or updated), ``context`` (state shared by one run's steps).
"""

from __future__ import annotations

from .report import ImportReport, PersonOutcome, RowOutcome
from .run import plan_import
from .words import detect_kind, guess_lifecycle, kind_from_words, rag_value

__all__ = [
    "ImportReport",
    "PersonOutcome",
    "RowOutcome",
    "detect_kind",
    "guess_lifecycle",
    "kind_from_words",
    "plan_import",
    "rag_value",
]
