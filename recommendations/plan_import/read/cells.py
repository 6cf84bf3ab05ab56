"""What a cell means beyond its column: the status word and its narrative, a target date with
its revision ("March 2021 - revised to June 2021"), the reason for a delay ("Delayed due to
..."), and values longer than the field that stores them (a row error, never a cut)."""

from __future__ import annotations

import html
import re

from recommendations.richtext import clean_html, plain

from .result import ImportProblem, ParseResult

# Status words a paper starts a status cell with, before its narrative.
STATUS_WORD = re.compile(
    r"^\s*(?P<word>(?:fully |partially |largely |substantially )?(?:complete[d]?|achieved|met)"
    r"|closed|delivered|done|on track|on target|in progress|ongoing|on-going|not started"
    r"|not yet started|delayed|overdue|behind( schedule)?|at risk|off track|open|superseded"
    r"|withdrawn|no longer required|not achieved|not met|red|amber|green|blue)\b"
    r"[\s.:;,\-–—]*(?P<rest>.*)$",
    re.I | re.S,
)
RAG_WORD = re.compile(
    r"^\s*(?P<word>red|amber|green|blue|r|a|g|b)\b[\s.:;,\-–—]*(?P<rest>.*)$", re.I | re.S
)
SHORT_STATUS = 40  # a status cell this short with no sentence in it is only a status word

REVISED = re.compile(
    r"^(?P<was>.*?)[\s,;(\-–—]*\b(?:revised|rev\.?|changed|moved|extended|slipped|re-?profiled)"
    r"(?:\s+(?:target|date|deadline))?\s*(?:to|:)\s*(?P<now>.+?)\)?\s*$",
    re.I | re.S,
)
DELAY = re.compile(
    r"[\s,;(\-–—]*\b(?P<reason>(?:delayed|slipped|deferred|postponed|paused|on hold)\s+"
    r"(?:due to|because of|owing to|as a result of|following|by|as)\s+[^)]+?)\)?\s*\.?\s*$",
    re.I | re.S,
)

# The most a field holds, by the model field that stores it (the read side does not need the
# database; the numbers come from the models when Django is set up).
LENGTHS = {
    "reference": ("Recommendation", "reference"),
    "leads": ("Recommendation", "leads_text"),
    "target_date": ("Recommendation", "target_date_text"),
    "revised_target_date": ("Recommendation", "revised_target_date_text"),
    "status": ("StatusLabel", "name"),
    "section": ("Section", "title"),
}
FALLBACK_LENGTHS = {
    "reference": 30,
    "leads": 500,
    "target_date": 300,
    "revised_target_date": 300,
    "status": 60,
    "section": 500,
}


def max_lengths() -> dict[str, int]:
    try:
        from django.apps import apps

        return {
            name: apps.get_model("recommendations", model)._meta.get_field(column).max_length
            for name, (model, column) in LENGTHS.items()
        }
    except Exception:  # Django not set up: the reader used on its own
        return dict(FALLBACK_LENGTHS)


def split_status(text: str, pattern: re.Pattern[str] = STATUS_WORD) -> tuple[str, str]:
    """(status word, narrative) of a status cell; ("", text) when it starts with no status
    word and is too long to be one."""
    text = text.strip()
    if len(text) <= SHORT_STATUS and not re.search(r"[.!?]\s+\S|\n|https?://", text):
        return text, ""
    m = pattern.match(text)
    if m and m.group("word"):
        return m.group("word").strip(), m.group("rest").strip()
    return "", text


def _narrative(values: dict[str, str], extra: dict[str, str], header: str, text: str) -> str:
    """Put a status cell's narrative in Work to date (or the notes when that is taken)."""
    body = clean_html(f"<p>{html.escape(text, quote=False)}</p>")
    if not plain(values.get("work_to_date", "")):
        values["work_to_date"] = body
        return "Work to date"
    extra[header] = body
    return "the notes"


def _split_status_cells(
    values: dict[str, str], extra: dict[str, str], headers: dict[str, str], result: ParseResult
) -> None:
    for name, pattern in (("status", STATUS_WORD), ("rag", RAG_WORD)):
        if not values.get(name):
            continue
        word, narrative = split_status(values[name], pattern)
        if not narrative:
            continue
        values[name] = word
        where = _narrative(values, extra, f"{headers.get(name, name)} (narrative)", narrative)
        result.assume(
            f'"{headers.get(name, name)}" cells hold a status word and a narrative: the word is '
            f"the {'status' if name == 'status' else 'RAG rating'}; the narrative goes to {where}."
        )


def _split_dates(values: dict[str, str], headers: dict[str, str], result: ParseResult) -> None:
    target = values.get("target_date", "")
    m = REVISED.match(target) if target else None
    if m and plain(m.group("now")) and not values.get("revised_target_date"):
        values["target_date"] = m.group("was").strip(" -–—,;(")
        values["revised_target_date"] = m.group("now").strip()
        result.assume(
            f'"{headers.get("target_date", "Target date")}" cells saying "X - revised to Y" '
            "give the target date X and the revised target date Y."
        )
    for name in ("revised_target_date", "target_date", "status"):
        found = DELAY.search(values.get(name, ""))
        if found and not plain(values.get("revised_date_reason", "")):
            reason = found.group("reason").strip()
            values["revised_date_reason"] = reason[0].upper() + reason[1:]
            if name != "status":
                values[name] = values[name][: found.start()].strip(" -–—,;(")
            elif found.start() == 0 and (word := STATUS_WORD.match(values[name])):
                # "Delayed due to the tender being re-run": the status is the word; the
                # rest is the reason, not a status word of its own (short or long alike).
                values[name] = word.group("word").strip()


def _check_lengths(
    values: dict[str, str], line: int, headers: dict[str, str], result: ParseResult
) -> None:
    for name, most in max_lengths().items():
        value = values.get(name, "")
        if len(value) > most:
            column = headers.get(name, name)
            result.errors.append(
                ImportProblem(
                    line,
                    column,
                    f"is {len(value)} characters long and this column holds at most {most}. "
                    "Shorten it; if the row is a key or a note below the table, leave it out.",
                )
            )


def refine_row(
    values: dict[str, str],
    extra: dict[str, str],
    line: int,
    headers: dict[str, str],
    result: ParseResult,
) -> None:
    """Rewrite one row's values in place (see the module docstring). ``headers`` names the
    column each field came from, for the messages."""
    _split_dates(values, headers, result)
    _split_status_cells(values, extra, headers, result)
    _check_lengths(values, line, headers, result)
