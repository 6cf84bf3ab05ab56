"""The word-level difference behind the history timeline (partnership/textdiff.py)."""

from __future__ import annotations

from partnership import textdiff


def _kinds(old, new):
    return [(p.kind, " ".join(w.text for w in p.words)) for p in textdiff.diff(old, new)]


def test_words_are_read_from_html_with_paragraph_breaks_and_withdrawn_points():
    found = textdiff.words("<p>One &amp; two</p><p><del>Three</del> four</p>")
    assert [(w.text, w.withdrawn) for w in found] == [
        ("One", False),
        ("&", False),
        ("two", False),
        (textdiff.PARAGRAPH, False),
        ("Three", True),
        ("four", False),
    ]


def test_one_changed_word_is_one_removal_and_one_addition():
    assert _kinds("the quick fox", "the slow fox") == [
        ("same", "the"),
        ("removed", "quick"),
        ("added", "slow"),
        ("same", "fox"),
    ]


def test_withdrawing_a_point_is_not_a_removal_and_readdition():
    assert _kinds("a b c", "a <del>b</del> c") == [
        ("same", "a"),
        ("withdrawn", "b"),
        ("same", "c"),
    ]
    assert _kinds("a <del>b</del> c", "a b c")[1] == ("reinstated", "b")


def test_words_are_escaped_when_rendered():
    html = textdiff.diff_html("plain", "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_only_long_or_marked_up_texts_are_shown_as_differences():
    assert textdiff.should_diff("Pending", "Done", long_field=False) is False
    assert textdiff.should_diff("x" * 81, "y", long_field=False) is True
    assert textdiff.should_diff("<p>a</p>", "<p>b</p>", long_field=False) is True
    assert textdiff.should_diff("a", "b", long_field=True) is True
    assert textdiff.should_diff(None, "b", long_field=True) is False
