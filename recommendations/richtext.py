"""HTML found in cells: keep a small allow-list, report anything dangerous."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "del", "s", "sup", "sub"}

_DANGEROUS = [
    (re.compile(r"<\s*script\b", re.I), "a script tag"),
    (re.compile(r"<\s*style\b", re.I), "a style tag"),
    (
        re.compile(r"<\s*(iframe|object|embed|frame|frameset|applet|meta|link|base|form)\b", re.I),
        "an embedded-content tag",
    ),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"(java|vb)script\s*:", re.I), "a javascript: link"),
    (re.compile(r"data\s*:\s*text/html", re.I), "a data: URL"),
]
_TAG_RE = re.compile(r"<[^>]+>")
_LOOKS_HTML = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>", re.I)


def dangerous_markup(s: str | None) -> str:
    """What dangerous markup ``s`` holds ("a script tag"...), or "" when none."""
    if not s or ("<" not in s and ":" not in s):
        return ""
    for pattern, label in _DANGEROUS:
        if pattern.search(s):
            return label
    return ""


def has_dangerous_markup(s: str | None) -> bool:
    """True for script/style/embedded tags, on*= handlers and javascript:/data: URLs."""
    return bool(dangerous_markup(s))


def looks_like_html(s: str) -> bool:
    return bool(_LOOKS_HTML.search(s or ""))


def text_to_html(s: str) -> str:
    """Plain text (CSV, spreadsheet, tab text) to safe HTML: escape; blank lines make
    paragraphs, single newlines make <br>."""
    s = (s or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not s:
        return ""
    paras = [p.strip() for p in re.split(r"\n\s*\n", s) if p.strip()]
    out = [html.escape(p, quote=False).replace("\n", "<br>") for p in paras]
    if len(out) == 1:
        return out[0]
    return "".join(f"<p>{p}</p>" for p in out)


def clean_html(s: str | None) -> str:
    """Sanitise a cell: allow-listed tags only, no attributes, no links (their text stays),
    script/style removed with their content. Plain text is escaped."""
    if not s:
        return ""
    if not looks_like_html(s):
        # still decode entities written in plain text ("&amp;") before escaping
        return text_to_html(html.unescape(s))
    cleaned = nh3.clean(
        s,
        tags=ALLOWED_TAGS,
        attributes={},
        clean_content_tags={"script", "style"},
        link_rel=None,
        strip_comments=True,
    )
    return re.sub(r"[ \t]+", " ", cleaned).strip()


def html_to_text(s: str | None) -> str:
    """Sanitised HTML (or plain text) to plain text: paragraphs and list items on new lines,
    entities decoded, spaces collapsed."""
    if not s:
        return ""
    s = re.sub(r"(?i)<br\s*/?>", "\n", s)
    s = re.sub(r"(?i)</(p|li|div|h[1-6]|tr)>", "\n", s)
    s = re.sub(r"(?i)<li[^>]*>", "\n", s)
    s = _TAG_RE.sub("", s)
    s = html.unescape(s).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in s.split("\n")]
    return "\n".join(line for line in lines if line)


def plain(s: str | None) -> str:
    """One-line plain text of a cell (for references, leads, status, dates)."""
    return re.sub(r"\s+", " ", html_to_text(s)).strip()
