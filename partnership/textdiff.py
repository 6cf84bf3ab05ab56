"""Word-level differences between two versions of a long text, as the history timeline shows them.

Texts are sanitised HTML (``<p>``, ``<li>``, ``<del>`` for withdrawn points...). They are read as
words, each knowing whether it sits inside a withdrawn point, and compared word by word: a reader
sees which words were removed and which were added, never the raw tags. Long stretches nothing
touched are shortened to a few words either side of each change.

The rendering marks every change in words as well as style, never colour alone: removed words are
struck through, added words underlined and bold, and each run carries visually hidden text
("removed:", "added:") for screen readers; withdrawn points are struck through and labelled.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PARAGRAPH = "\n"  # a token that stands for a paragraph or line break
BLOCKS = {"p", "br", "li", "ul", "ol", "div", "tr"}
WITHDRAWN_TAGS = {"del", "s", "strike"}
CONTEXT = 8  # unchanged words kept either side of a change
LONG_TEXT = 80  # characters: a value longer than this is shown as a difference


@dataclass(frozen=True)
class Word:
    text: str
    withdrawn: bool = False


@dataclass
class Part:
    """A run of words with one meaning: same, added, removed, withdrawn (now) or reinstated."""

    kind: str
    words: list[Word]

    @property
    def withdrawn(self) -> bool:
        return bool(self.words) and self.words[0].withdrawn


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[Word] = []
        self.depth = 0  # how many withdrawn tags we are inside

    def _break(self) -> None:
        if self.words and self.words[-1].text != PARAGRAPH:
            self.words.append(Word(PARAGRAPH))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCKS:
            self._break()
        if tag in WITHDRAWN_TAGS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in WITHDRAWN_TAGS and self.depth:
            self.depth -= 1
        if tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        lines = data.split("\n")
        for n, line in enumerate(lines):
            if n:
                self._break()
            self.words.extend(Word(w, self.depth > 0) for w in line.split())


def words(text: str) -> list[Word]:
    """The words of a text (HTML or plain), with paragraph breaks, none at either end."""
    parser = _Words()
    parser.feed(text or "")
    parser.close()
    found = parser.words
    while found and found[-1].text == PARAGRAPH:
        found.pop()
    return found


def should_diff(old: object, new: object, *, long_field: bool) -> bool:
    """Is a change best read as a word-level difference (a long text, or one with markup)?"""
    if not isinstance(old, str) or not isinstance(new, str) or not (old or new):
        return False
    return long_field or any(len(v) > LONG_TEXT or "<" in v for v in (old, new))


def _append(parts: list[Part], kind: str, word: Word) -> None:
    if parts and parts[-1].kind == kind and parts[-1].withdrawn == word.withdrawn:
        parts[-1].words.append(word)
    else:
        parts.append(Part(kind, [word]))


def diff(old: str, new: str) -> list[Part]:
    """The parts that turn ``old`` into ``new``, compared word by word."""
    before, after = words(old), words(new)
    matcher = difflib.SequenceMatcher(
        None, [w.text for w in before], [w.text for w in after], autojunk=False
    )
    parts: list[Part] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for was, now in zip(before[i1:i2], after[j1:j2], strict=True):
                if was.withdrawn == now.withdrawn:
                    kind = "same"
                else:
                    kind = "withdrawn" if now.withdrawn else "reinstated"
                _append(parts, kind, now)
            continue
        for word in before[i1:i2]:
            _append(parts, "removed", word)
        for word in after[j1:j2]:
            _append(parts, "added", word)
    return _shorten(parts)


def _shorten(parts: list[Part]) -> list[Part]:
    """Cut long unchanged runs down to CONTEXT words either side of the changes."""
    for n, part in enumerate(parts):
        if part.kind != "same" or len(part.words) <= 2 * CONTEXT + 4:
            continue
        head = part.words[:CONTEXT] if n > 0 else []
        tail = part.words[-CONTEXT:] if n < len(parts) - 1 else []
        part.words = [*head, Word("…", part.withdrawn), *tail]
    return parts


def counts(parts: list[Part]) -> dict[str, int]:
    """How many words each kind of change touched (paragraph breaks are not words)."""
    result: dict[str, int] = {}
    for part in parts:
        if part.kind != "same":
            n = sum(1 for w in part.words if w.text != PARAGRAPH)
            result[part.kind] = result.get(part.kind, 0) + n
    return result


SUMMARY_WORDS = {
    "removed": "removed",
    "added": "added",
    "withdrawn": "withdrawn",
    "reinstated": "no longer withdrawn",
}
# Removed and added runs: their element and the visually hidden words that open them.
MARKED = {"removed": ("del", "removed: "), "added": ("ins", "added: ")}
# The visible label after a withdrawn run (styles in static/css/app.css, .app-diff).
WITHDRAWN_LABEL = {"withdrawn": "withdrawn in this change", "reinstated": "no longer withdrawn"}


def _summary(parts: list[Part]) -> str:
    found = counts(parts)
    pieces = [
        f"{found[kind]} word{'s' if found[kind] != 1 else ''} {label}"
        for kind, label in SUMMARY_WORDS.items()
        if found.get(kind)
    ]
    return ", ".join(pieces) or "Only the layout changed"


def _words_html(part: Part) -> SafeString:
    pieces = [
        mark_safe("<br>") if word.text == PARAGRAPH else format_html("{}", word.text)
        for word in part.words
    ]
    return mark_safe(" ".join(pieces).replace(" <br> ", "<br>"))


def _run_html(part: Part) -> SafeString:
    text = _words_html(part)
    if part.withdrawn:  # struck through as in the paper, and said in words
        text = format_html('<span class="app-withdrawn">{}</span>', text)
    if part.withdrawn or part.kind in WITHDRAWN_LABEL:
        label = WITHDRAWN_LABEL.get(part.kind, "withdrawn")
        text = format_html('{} <strong class="app-diff__label">({})</strong>', text, label)
    if part.kind not in MARKED:
        return text
    tag, hidden = MARKED[part.kind]
    return format_html(
        '<{} class="app-diff__{}"><span class="govuk-visually-hidden">[{}</span>{}'
        '<span class="govuk-visually-hidden">]</span></{}>',
        tag,
        part.kind,
        hidden,
        text,
        tag,
    )


def render(parts: list[Part]) -> SafeString:
    """The difference as HTML: a one-line summary in words, then the text with its changes."""
    body = format_html_join(" ", "{}", ((_run_html(part),) for part in parts))
    return format_html(
        '<div class="app-diff"><p class="govuk-body-s app-diff__summary">{}</p>'
        '<p class="govuk-body app-diff__text">{}</p></div>',
        _summary(parts),
        body,
    )


def diff_html(old: str, new: str) -> SafeString:
    """``render(diff(old, new))``: what the history include shows for a changed long text."""
    return render(diff(old, new))
