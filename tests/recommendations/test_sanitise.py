from recommendations.richtext import (
    clean_html,
    dangerous_markup,
    has_dangerous_markup,
    html_to_text,
    plain,
)


def test_allow_list_keeps_structure():
    s = "<p>One <strong>two</strong> <del>three</del></p><ul><li>a</li></ul><sup>st</sup>"
    assert clean_html(s) == s


def test_attributes_links_and_unknown_tags_removed():
    assert clean_html('<p class="x" style="color:red">Hi</p>') == "<p>Hi</p>"
    assert clean_html('<a href="http://example.org">site</a>') == "site"
    assert clean_html('<span style="x">a</span><div>b</div>') == "ab"


def test_scripts_styles_handlers_never_survive():
    out = clean_html('<p onclick="evil()">x</p><script>alert(1)</script><style>p{}</style>')
    assert out == "<p>x</p>"
    out = clean_html('<a href="javascript:alert(1)">click</a><img src=x onerror=alert(1)>')
    assert "javascript" not in out and "onerror" not in out and "<img" not in out


def test_plain_text_is_escaped():
    assert clean_html("Policies & Procedures <3") == "Policies &amp; Procedures &lt;3"
    assert clean_html("a\n\nb") == "<p>a</p><p>b</p>"
    assert clean_html("a\nb") == "a<br>b"
    assert clean_html("") == ""
    assert clean_html(None) == ""


def test_detector():
    assert has_dangerous_markup("<script>alert(1)</script>")
    assert has_dangerous_markup("<SCRIPT src=x>")
    assert has_dangerous_markup('<p onmouseover="x">')
    assert has_dangerous_markup('<a href="javascript:void(0)">')
    assert has_dangerous_markup("<iframe src=x>")
    assert has_dangerous_markup("<style>body{}</style>")
    assert dangerous_markup("<script>") == "a script tag"
    assert not has_dangerous_markup("<p>Describe the <del>old</del> plan</p>")
    assert not has_dangerous_markup("Meeting at 10:30; see notes")
    assert not has_dangerous_markup(None)


def test_html_to_text():
    assert html_to_text("<p>One &amp; two</p> <p>Three</p>") == "One & two\nThree"
    assert html_to_text("<ul><li>a</li><li>b</li></ul>") == "a\nb"
    assert plain("<p>One</p><p>two</p>") == "One two"
