"""Importing an action plan from a committee paper or a spreadsheet: one package, two stages.

``read`` turns the bytes of a file (CSV, XLSX, DOCX, HTML, Markdown or tab-separated text) into
plain-Python rows and touches no database; ``write`` writes those rows through the service layer
in one transaction, all or nothing, each change with a history row. Callers use the names below.

    result = parse_file(data, "plan.xlsx")
    if result.ok:
        report = plan_import(result=result, plan_name=..., kind=..., partnership=p, by=user,
                             filename="plan.xlsx", dry_run=True)
"""

from __future__ import annotations

from .read import (
    MAX_BYTES,
    MAX_ROWS,
    FileReading,
    ImportProblem,
    ParseResult,
    TableCandidate,
    parse_file,
)
from .write import ImportReport, PersonOutcome, RowOutcome, plan_import

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FileReading",
    "ImportProblem",
    "ImportReport",
    "ParseResult",
    "PersonOutcome",
    "RowOutcome",
    "TableCandidate",
    "parse_file",
    "plan_import",
]
