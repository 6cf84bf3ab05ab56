"""RAG ratings read from cell colours (Excel fills, Word shading, HTML backgrounds)."""

from __future__ import annotations

import re


def rag_from_colour(colour: str | None) -> str:
    """RED / AMBER / GREEN / BLUE for a cell fill such as "FF0000" or "FFC7CE" ("" if none)."""
    if not colour or not isinstance(colour, str):
        return ""
    c = colour.strip().lstrip("#")
    named = {
        "red": "RED",
        "amber": "AMBER",
        "orange": "AMBER",
        "yellow": "AMBER",
        "green": "GREEN",
        "lime": "GREEN",
        "blue": "BLUE",
    }
    if c.lower() in named:
        return named[c.lower()]
    if len(c) == 8:  # ARGB
        c = c[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{6}", c):
        return ""
    r, g, b = (int(c[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 40:  # white, grey, black: no rating
        return ""
    if r >= 180 and g < 170 and b < 170 and r - g > 60:
        return "AMBER" if g >= 100 and b < 80 else "RED"
    if r >= 180 and g >= 150 and b < 140:
        return "AMBER"
    if g >= 100 and g > r + 30 and g >= b:
        return "GREEN"
    if b >= 120 and b > r + 30 and b > g:
        return "BLUE"
    return ""
