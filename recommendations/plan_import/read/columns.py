"""Map the header text of a table to canonical field names."""

from __future__ import annotations

import re

from recommendations.richtext import plain

# Canonical fields of an action row, with the synonyms a partnership paper uses.
FIELDS: dict[str, str] = {
    "reference": "No. / Ref / Number",
    "section": "Workshop / Priority area / Priority",
    "deficiency": "Deficiencies",
    "text": "Recommendation / Key Actions / Action",
    "leads": "Handed over to / Lead Agency / Lead / Responsibility",
    "unassigned_note": "Anything still unassigned",
    "status": "Current Status / Status",
    "rag": "RAG rating / RAG",
    "work_to_date": "Work to date / Progress",
    "target_date": "Target date / Deadline",
    "revised_target_date": "Revised target date",
    "revised_date_reason": "Reason for revised date",
    "outcome": "Outcome",
    "notes": "Notes / Comments",
    "next_milestone": "Next significant milestone",
    "commentary": "Performance commentary",
}
RICH_FIELDS = frozenset(
    {
        "text",
        "deficiency",
        "work_to_date",
        "outcome",
        "notes",
        "commentary",
        "unassigned_note",
        "next_milestone",
    }
)
PERSON_FIELDS = ("name", "initials", "organisation", "title")

# Columns our own exports write that are worked out from other columns: read back (so a plan
# round-trips without turning them into notes) but never written from the file.
DERIVED_FIELDS: dict[str, str] = {
    "plan": "Plan",
    "plan_kind": "Plan kind",
    "lead_organisations": "Lead agency (as resolved)",
    "lead_people": "Lead people (as resolved)",
    "last_updated": "Last updated",
    "due_by": "Due by",
    "overdue": "Overdue",
}
# Worked out by our own Excel export (recommendations/exports_xlsx.py): read back, never written.
# Recognised only in a table that also carries the export's round-trip columns (Version, Linked
# leads), because on anyone else's paper "Due by" is the target date.
EXPORT_WORKED_OUT: dict[str, str] = {"due by": "due_by", "overdue": "overdue"}
# Columns our own exports write for the round trip (read by the writer, not offered for mapping):
# the version exported (older than stored = a conflict) and the leads linked, by number and name.
ROUND_TRIP_FIELDS: dict[str, str] = {"version": "Version", "linked_leads": "Linked leads"}
# A mapping value meaning "not a known field: keep the column as an extra note".
KEEP_AS_NOTE = "?"

# Not a field: a column naming the date an action was agreed, kept in the notes under its heading.
AGREED = "agreed"

# Headings read one way of several: the preview says what was assumed (normalised heading ->
# what it was taken to mean).
ASSUMED: dict[str, str] = {
    "date": "the date the action was agreed (kept in the notes), not its target date",
    "exec date": "the date the executive agreed the action (kept in the notes)",
    "progress": "the work done so far (Work to date)",
    "update": "the work done so far (Work to date)",
    "action taken": "the work done so far (Work to date), not the action itself",
    "actions taken": "the work done so far (Work to date), not the action itself",
    "timescale": "the target date",
    "timescales": "the target date",
    "by when": "the target date",
    "when": "the target date",
    "owner": "the lead (Handed over to)",
    "how what activity": "the action itself (Recommendation / Key Actions)",
    "activity": "the action itself (Recommendation / Key Actions)",
}

# First match wins, so the more specific rules come first.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (f, re.compile(p))
    for f, p in [
        ("plan", r"^(action )?plan( name)?$"),
        (
            AGREED,
            r"^(date|dates|date agreed|agreed|date of decision|decision date|exec date|"
            r"executive date|date raised|date added|meeting date|date of meeting)$",
        ),
        ("plan_kind", r"^plan (kind|type)$"),
        ("last_updated", r"^last (updated|changed)$"),
        ("version", r"^version$"),
        ("linked_leads", r"^linked leads$"),
        ("lead_people", r"^lead (people|persons)$"),
        ("unassigned_note", r"unassigned"),
        ("revised_date_reason", r"reason|why .*(revis|chang|delay)|(revis|delay).* why"),
        ("revised_target_date", r"revised|new (target|deadline|date)"),
        ("next_milestone", r"milestone"),
        ("commentary", r"commentary|where are we"),
        ("rag", r"\brag\b|red amber green"),
        ("status", r"status"),
        (
            "target_date",
            r"^(target|target date|target completion( date)?|completion date|deadline|"
            r"due|due date|date due|due by|by when|timescale|timescales?|date)$"
            r"|^(target|deadline|due|completion|end|delivery|expected completion) (dates?|by)$"
            r"|^(timescales? for completion|date for completion|target end date|when|by)$",
        ),
        (
            "work_to_date",
            r"work to date|progress to date|^progress$|^(latest )?update$"
            r"|^actions? taken|^progress\b|\bupdates?$|^activity to date|what has been done"
            r"|^work (done|completed)|^position$",
        ),
        (
            "reference",
            r"^(no|nos|number|num|ref|ref no|reference|rec no|rec|item|id|#)$"
            r"|^(action|rec|recommendation|item|ref|reference|task) (no|nos|number|ref|id)$",
        ),
        ("section", r"^(workshop|priority areas?|priority|priorities|theme|section|strand)$"),
        ("deficiency", r"deficienc"),
        (
            "text",
            r"recommendation|key actions?|^actions?\b|^tasks?$|^description$"
            r"|^(how|what)\b.*\bactivit|^activit(y|ies)$|^what (we|will) .*do|^proposed actions?",
        ),
        (
            "leads",
            r"handed over|lead|responsib|owner|assigned to|^who$|^by whom$|accountable|^officers?$",
        ),
        ("outcome", r"^outcomes?\b|success measure|outcome measure|measure of success"),
        ("notes", r"^notes?$|^comments?$|^remarks?$"),
    ]
]
_PERSON_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("initials", re.compile(r"^initials?$")),
    ("name", re.compile(r"^(full )?name$")),
    ("organisation", re.compile(r"^(organi[sz]ation|agency|organi[sz]ation agency)$")),
    ("title", re.compile(r"^(job )?(title|role|position)$")),
]


def normalise_header(header: str) -> str:
    s = plain(header).lower()
    s = re.sub(r"\(.*?\)", " ", s) if not s.startswith("(") else s
    s = re.sub(r"[^a-z0-9#]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def field_for(header: str) -> str:
    """The canonical field a header names, or "" when unknown."""
    norm = normalise_header(header)
    if not norm:
        return ""
    for name, pattern in _RULES:
        if pattern.search(norm):
            return name
    return ""


def person_field_for(header: str) -> str:
    norm = normalise_header(header)
    for name, pattern in _PERSON_RULES:
        if pattern.search(norm):
            return name
    return ""


def map_columns(
    headers: list[str], mapping: dict[str, str] | None = None
) -> tuple[list[str | None], list[str]]:
    """Map each header to a field.

    Returns ``(fields, duplicates)``: ``fields[i]`` is a canonical field, ``None`` for an
    unknown column (kept in ``ParsedRow.extra``) or ``""`` for a column the caller asked to
    ignore. A caller ``mapping`` {header: field or ""} wins (headers compared loosely).
    A field named by two columns goes to the first; later ones become unknown (``duplicates``),
    except that a leads column headed "... (as written)" (our own export) wins over the others,
    which then hold the resolved lead agencies.
    """
    overrides = {normalise_header(k): v for k, v in (mapping or {}).items()}
    overrides_exact = dict(mapping or {})
    own_export = set(ROUND_TRIP_FIELDS.values()) <= set(headers)
    worked_out = EXPORT_WORKED_OUT if own_export else {}
    chosen: list[str | None] = []
    for header in headers:
        if header in overrides_exact:
            f: str | None = overrides_exact[header]
        elif normalise_header(header) in overrides:
            f = overrides[normalise_header(header)]
        else:
            f = worked_out.get(normalise_header(header)) or field_for(header) or None
        chosen.append(None if f in (KEEP_AS_NOTE, AGREED) else f)
    as_written = [
        i
        for i, h in enumerate(headers)
        if chosen[i] == "leads" and "as written" in plain(h).lower()
    ]
    if as_written:
        for i, f in enumerate(chosen):
            if f == "leads" and i != as_written[0]:
                chosen[i] = "lead_organisations"
    out: list[str | None] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    for header, f in zip(headers, chosen, strict=True):
        if f and f in seen:
            duplicates.append(header)
            f = None
        if f:
            seen.add(f)
        out.append(f)
    return out, duplicates


def table_kind(headers: list[str], mapping: dict[str, str] | None = None) -> str:
    """ "actions" when a text column is present with at least one other known field,
    "people" for a name/initials list, else "other"."""
    fields, _ = map_columns(headers, mapping)
    known = {f for f in fields if f}
    if "text" in known and len(known) >= 2:
        return "actions"
    pf = {person_field_for(h) for h in headers}
    if "name" in pf and "initials" in pf:
        return "people"
    return "other"
