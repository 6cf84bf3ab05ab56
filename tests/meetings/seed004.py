"""Reads seed 004 (a real board pack) into plain data for the tests: the 8 June 2016 meeting's
attendance, minutes and resolutions, and the 8 September agenda. The product never sees this
text except through its public services, as a clerk typing it in would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.conftest import seed_path

MINUTE = re.compile(r"^(?:#+ )?(\d{2,3})\. (.+?)\.?\s*$")
RESOLUTION = re.compile(r"^(?:- )?\(?([a-z])\)\s*(.+)$")
AGENDA = re.compile(r"^(\d+)\. (.+?)\.?(?: \(Pages? [\d -]+\))?$")
PARTS = {"Present": "present", "Officers": "officer", "Others": "other"}
APOLOGIES = "Apologies for absence"


@dataclass
class SeedAttendee:
    kind: str
    name: str
    detail: str
    representing: str = ""


@dataclass
class SeedMinute:
    number: int
    title: str
    text: list[str] = field(default_factory=list)
    resolutions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SeedMeeting:
    attendance: list[SeedAttendee]
    chair_words: str
    minutes: list[SeedMinute]
    agenda: list[tuple[str, str]]
    future_dates: list[str]


def _lines(text: str) -> list[str]:
    """Lines with markdown line breaks ("  " at the end) joined to the next line."""
    joined, carry = [], ""
    for raw in text.splitlines():
        if raw.endswith("  ") and raw.strip():
            carry += raw.strip() + " "
            continue
        joined.append((carry + raw.strip()).strip())
        carry = ""
    return joined


def _attendance(block: list[str]) -> list[SeedAttendee]:
    rows, kind, pending = [], None, None
    for line in block:
        if line in PARTS or line == APOLOGIES:
            kind, pending = PARTS.get(line, "apology"), None
            continue
        if not line or kind is None:
            continue
        if "\t" in line:
            name, detail = line.split("\t", 1)
        elif pending is None:
            pending = line
            continue
        else:
            name, detail, pending = pending, line, None
        detail, _, representing = detail.partition(" representing ")
        rows.append(SeedAttendee(kind, name.strip(), detail.strip(), representing.strip()))
    return rows


def _minutes(block: list[str]) -> list[SeedMinute]:
    minutes: list[SeedMinute] = []
    resolving = False
    for line in block:
        match = MINUTE.match(line)
        if match and (not minutes or int(match[1]) == minutes[-1].number + 1):
            minutes.append(SeedMinute(int(match[1]), match[2].strip()))
            resolving = False
        elif not minutes or not line:
            continue
        elif line.lstrip("# ").startswith("RESOLVED"):
            resolving = True
        elif resolving:
            letter = RESOLUTION.match(line)
            if letter:
                minutes[-1].resolutions.append((letter[1], letter[2].strip()))
            elif line.startswith("That") and not minutes[-1].resolutions:
                minutes[-1].resolutions.append(("a", line))
            elif minutes[-1].resolutions:  # a sub-point of the last resolution
                last_letter, last_text = minutes[-1].resolutions[-1]
                minutes[-1].resolutions[-1] = (last_letter, f"{last_text} {line.lstrip('- ')}")
        else:
            minutes[-1].text.append(line.lstrip("# "))
    return minutes


def read_seed_004() -> SeedMeeting:
    lines = _lines(seed_path("004").read_text(encoding="utf-8"))
    start = next(i for i, line in enumerate(lines) if line.startswith("Minutes of a meeting"))
    first_minute = next(i for i in range(start, len(lines)) if MINUTE.match(lines[i]))
    end = next(i for i in range(first_minute, len(lines)) if lines[i] == "CHAIRMAN")
    minutes = _minutes(lines[first_minute:end])
    chair_words = next(
        line.removesuffix(" in the Chair.") for line in lines[start:end] if "in the Chair." in line
    )
    for minute in minutes:  # the "in the Chair" line is not part of the minute above it
        minute.text = [t for t in minute.text if "in the Chair." not in t]
    agenda = [tuple(m.groups()) for m in (AGENDA.match(x) for x in lines[:start]) if m]
    dates_at = next(i for i, line in enumerate(lines) if line.startswith("Future meetings of"))
    future = [
        piece.strip(" .")
        for line in lines[dates_at + 1 : start]
        for piece in line.split(";")
        if re.match(r"^\d+ \w+ \d{4}", piece.strip())
    ]
    attendance = _attendance(lines[start + 1 : first_minute])
    return SeedMeeting(attendance, chair_words, minutes, agenda, future)
