"""History that reads well: a changed long text shows as a word-level difference, never raw tags."""

from __future__ import annotations

import re

from django.urls import reverse

from recommendations import services

LONG = (
    "<p>1. Agree a simple form for estate staff to record welfare concerns about tenants who "
    "may be at risk of harm, and share it with the police every week.</p>"
    "<p><del>2. Hold a monthly case conference.</del></p>"
    "<p>3. Report progress to the partnership board every quarter.</p>"
)


def _edit_text(rec, user, text):
    return services.recommendation_update(
        recommendation=rec, by=user, reason="Wording agreed at the board", changes={"text": text}
    )


def _visible_text(html: str) -> str:
    """What a sighted reader sees as text: tags removed, entities left as written."""
    return re.sub(r"<[^>]+>", " ", html)


def test_editing_one_word_of_a_long_recommendation_shows_that_word_removed_and_added(
    client, users, recommendation
):
    _edit_text(recommendation, users["clerk"], LONG)
    recommendation.refresh_from_db()
    _edit_text(recommendation, users["clerk"], LONG.replace("simple form", "short form"))

    client.force_login(users["manager"])
    html = client.get(recommendation.get_absolute_url()).content.decode()

    history = html[html.index('<ol class="app-history"') :]
    assert re.search(r'<del class="app-diff__removed">.*?simple.*?</del>', history)
    assert re.search(r'<ins class="app-diff__added">.*?short.*?</ins>', history)
    assert "1 word removed, 1 word added" in history
    # Said in words for screen readers, not by colour or strike-through alone.
    assert "[removed: </span>simple" in history
    assert "[added: </span>short" in history
    # No markup shown as text: no escaped tags anywhere on the page.
    assert "&lt;" not in html
    assert "&lt;del&gt;" not in _visible_text(html)


def test_a_long_unchanged_stretch_is_shortened_around_the_change(client, users, recommendation):
    _edit_text(recommendation, users["clerk"], LONG)
    recommendation.refresh_from_db()
    _edit_text(recommendation, users["clerk"], LONG.replace("every quarter", "every month"))
    client.force_login(users["manager"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    newest = html[html.index('<ol class="app-history"') :].split("app-history__entry")[1]
    assert "quarter" in newest and "month" in newest
    assert "…" in newest
    assert "Agree a simple form" not in newest  # far from the change: elided


def test_a_withdrawn_point_shows_struck_through_and_labelled_in_the_history(
    client, users, recommendation
):
    _edit_text(recommendation, users["clerk"], LONG)
    recommendation.refresh_from_db()
    withdrawn_third = LONG.replace(
        "<p>3. Report progress to the partnership board every quarter.</p>",
        "<p><del>3. Report progress to the partnership board every quarter.</del></p>",
    )
    _edit_text(recommendation, users["clerk"], withdrawn_third)
    client.force_login(users["manager"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    newest = html[html.index('<ol class="app-history"') :].split("app-history__entry")[1]
    assert re.search(
        r'<span class="app-withdrawn">3\. Report progress.*?</span> '
        r'<strong class="app-diff__label">\(withdrawn in this change\)</strong>',
        newest,
    )
    assert "9 words withdrawn" in newest
    assert "&lt;" not in html


def test_the_conflict_message_shows_the_other_persons_text_change_as_a_difference(
    client, users, recommendation
):
    _edit_text(recommendation, users["clerk"], LONG)
    recommendation.refresh_from_db()
    loaded_version = recommendation.version
    _edit_text(recommendation, users["clerk"], LONG.replace("simple form", "short form"))

    client.force_login(users["housing_officer"])
    response = client.post(
        reverse("recommendations:update", args=[recommendation.pk]),
        {
            "version": loaded_version,
            "status": recommendation.status_id,
            "rag": "",
            "progress_note": "Spoke to the estate team.",
        },
    )
    html = response.content.decode()
    assert "Someone else saved this action" in html
    assert re.search(r'<del class="app-diff__removed">.*?simple.*?</del>', html)
    assert re.search(r'<ins class="app-diff__added">.*?short.*?</ins>', html)
    assert "&lt;" not in html
