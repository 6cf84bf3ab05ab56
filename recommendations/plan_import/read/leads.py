"""Split a "Handed over to" / "Lead" cell into tokens for the caller to resolve."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"\s*[,;/\n+]\s*")
_AND = re.compile(r"(\s+(?:and|&)\s+)", re.I)
_INITIALS = re.compile(r"[A-Z][A-Za-z]{0,4}")


def _is_initials(token: str) -> bool:
    """ "AF", "CP", "HR", "CoLP": one short word with at least two capitals."""
    token = token.strip(" -–.")
    return bool(_INITIALS.fullmatch(token)) and sum(c.isupper() for c in token) >= 2


def _split_and(part: str) -> list[str]:
    """Split on "and"/"&" only beside initials: "AF and LG" -> two, but
    "Department of Community and Children's Services" stays whole."""
    pieces = _AND.split(part)  # [text, joiner, text, joiner, text...]
    out = [pieces[0]]
    for joiner, nxt in zip(pieces[1::2], pieces[2::2], strict=True):
        if _is_initials(out[-1]) or _is_initials(nxt):
            out.append(nxt)
        else:
            out[-1] = f"{out[-1]}{joiner}{nxt}"
    return out


_NOISE = re.compile(r"^[\s\-–—.:]*$")


def _tidy(token: str) -> str:
    return re.sub(r"\s+", " ", token).strip(" \t-–—.:;,")


def split_leads(text: str | None, known: Iterable[str] | None = None) -> list[str]:
    """Tokens naming the leads of an action, in the order written.

    * Splits on ``,`` ``;`` ``/`` ``+`` and newlines: "AF/AB" -> [AF, AB],
      "Victim Support, City of London Police" -> two tokens.
    * Splits on "and"/"&" only next to initials ("AF and LG" -> [AF, LG], "AF and Hackney
      Council" -> [AF, Hackney Council]) because organisation names contain "and"
      ("Department of Community and Children's Services", "City and Hackney ...").
    * "All" stays ["All"]; an empty cell or "-" gives [].
    * Names joined only by spaces ("DCCS Housing City Police") cannot be split by rule, so
      they come back as one token. Pass ``known`` (organisation names, abbreviations,
      initials from the directory) to pick those out first: with known
      ["DCCS Housing", "City Police"] that cell gives ["DCCS Housing", "City Police"].
      Known names are matched case-insensitively on word boundaries, longest first; what is
      left over is split by the rules above.
    """
    text = re.sub(r"\s+", " ", (text or "")).strip()
    if not text or _NOISE.match(text):
        return []
    found: list[tuple[int, str]] = []
    if known:
        names = sorted({k.strip() for k in known if k and k.strip()}, key=len, reverse=True)
        for name in names:
            pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.I)
            for m in pattern.finditer(text):
                found.append((m.start(), name))
                text = text[: m.start()] + "\0" * (m.end() - m.start()) + text[m.end() :]
    pos = 0
    for part in re.split(r"\0+", text):
        start = text.find(part, pos) if part else pos
        pos = start + len(part)
        for piece in (p for sep in _SEPARATORS.split(part) for p in _split_and(sep)):
            token = _tidy(piece)
            if token and not _NOISE.match(token) and token.lower() != "and":
                found.append((start + max(part.find(piece), 0), token))
    out: list[str] = []
    for _, token in sorted(found, key=lambda t: t[0]):
        if token.lower() not in (t.lower() for t in out):
            out.append(token)
    return out
