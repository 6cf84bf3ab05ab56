""" "Print as the PDF appendix" from Find keeps every filter, with or without a plan chosen."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse

from tests.recommendations import test_find_data as find_data

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:appendix")
FIND = reverse("recommendations:list")


@pytest.fixture
def data(partnership, organisations, users, plan):
    return find_data.build(partnership, organisations, users, plan)


def _get(client, url, query=""):
    with time_machine.travel(find_data.TODAY, tick=False):
        return client.get(f"{url}?{query}" if query else url)


def _appendix_link(client, query: str) -> str:
    html = _get(client, FIND, query).content.decode()
    href = re.search(r'href="([^"]*)">Print as the PDF appendix', html).group(1)
    return href.replace("&amp;", "&")


def _ticked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" type="checkbox" value="([^"]*)" checked', html))


def test_with_no_plan_chosen_every_plan_find_lists_is_ticked_and_rag_and_overdue_kept(
    client, users, data, plan
):
    client.force_login(users["clerk"])
    link = _appendix_link(client, "rag=RED&overdue=on")
    html = _get(client, link).content.decode()
    assert _ticked(html, "plans") == {str(plan.pk)}  # only the workshop plan has red, overdue W1
    assert _ticked(html, "rags") == {"RED"}
    assert re.search(r'name="overdue_only" type="checkbox" checked', html)


def test_preview_and_download_from_find_answer_with_the_rows_find_listed(client, users, data, plan):
    client.force_login(users["clerk"])
    html = _get(client, _appendix_link(client, "rag=RED&overdue=on")).content.decode()
    form = html[html.index('action="/reports/appendix/"') :]
    preview_query = _today(_submitted(form))
    preview = client.get(f"{PAGE}?{preview_query}")
    assert preview.status_code == 200
    assert [row.rec.reference for row in preview.context["preview"].rows] == ["W1"]
    pdf = client.get(reverse("reports:appendix-pdf") + "?" + preview_query)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_find_filters_the_appendix_has_no_field_for_travel_and_are_shown(client, users, data):
    client.force_login(users["clerk"])
    link = _appendix_link(client, "q=referral&lifecycle=not_started&lifecycle=in_progress")
    response = _get(client, link)
    html = response.content.decode()
    assert "Search words: referral" in html
    assert "Status: Not started, In progress" in html
    query = _today(_submitted(html[html.index('action="/reports/appendix/"') :]))
    preview = client.get(f"{PAGE}?{query}")
    # Find lists W1 and C2 for these filters; the appendix prints the same two.
    assert sorted(r.rec.reference for r in preview.context["preview"].rows) == ["C2", "W1"]


def test_outstanding_on_find_means_completed_are_left_out(client, users, data):
    client.force_login(users["clerk"])
    html = _get(client, _appendix_link(client, "outstanding=on")).content.decode()
    assert 'name="include_completed" type="checkbox" checked' not in html
    html = _get(client, _appendix_link(client, "")).content.decode()
    assert re.search(r'name="include_completed" type="checkbox" checked', html)


def test_preview_without_a_plan_says_so_instead_of_dropping_the_filters(client, users, data):
    client.force_login(users["clerk"])
    response = _get(client, PAGE, "as_at=2024-03-01&rags=RED&overdue_only=on")
    html = response.content.decode()
    assert "Select at least one action plan" in html
    assert _ticked(html, "rags") == {"RED"}
    assert re.search(r'name="overdue_only" type="checkbox" checked', html)


def test_the_find_restriction_only_keeps_known_filters(client, users, data):
    client.force_login(users["clerk"])
    query = f"plans={data['case'].pk}&as_at={date.today()}&find=evil%3D1%26q%3Dleaflet"
    response = client.get(f"{PAGE}?{query}")
    assert response.context["form"].cleaned_data["find"] == "q=leaflet"
    assert [r.rec.reference for r in response.context["preview"].rows] == []  # C1 is complete


def _today(query: str) -> str:
    """The plan fixture is written today, so preview as at today (the appendix reads history)."""
    kept = [part for part in query.split("&") if not part.startswith("as_at")]
    return "&".join([*kept, f"as_at={date.today()}"])


def _submitted(form_html: str) -> str:
    """The querystring a browser sends for the first form in ``form_html`` (ticked and typed)."""
    form_html = form_html[: form_html.index("</form>")]
    pairs = []
    for tag in re.findall(r"<input[^>]*>", form_html):
        name = re.search(r'name="([^"]*)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]*)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ("on" if kind == "checkbox" else "")
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        pairs.append((name.group(1), value.replace("&amp;", "&")))
    for name, body in re.findall(
        r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', form_html, re.S
    ):
        pairs += [(name, v) for v in re.findall(r'<option value="([^"]*)" selected', body)]
    return urlencode(pairs)
