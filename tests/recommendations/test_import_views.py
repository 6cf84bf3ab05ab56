"""The browser import: upload -> preview (table choice, column mapping) -> confirm."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import ActionPlan
from recommendations.plan_import.read import uploads
from tests.conftest import seed_path
from tests.recommendations.test_import_command import audited_counts

pytestmark = pytest.mark.django_db

UPLOAD = reverse("recommendations:import")
PREVIEW = reverse("recommendations:import-preview")
DONE = reverse("recommendations:import-done")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name: str, data: bytes, **fields):
    post = {"plan": "", "new_plan_name": "Uploaded plan", "kind": "", "fmt": "", **fields}
    post["file"] = SimpleUploadedFile(name, data)
    return client.post(UPLOAD, post)


def token_from(response) -> str:
    assert response.status_code == 302, response.content[:2000]
    return re.search(r"upload=([^&]+)", response["Location"]).group(1)


def test_clerk_uploads_seed_000_previews_and_confirms(client, users, partnership):
    client.force_login(users["clerk"])
    path = seed_path("000")
    response = upload(client, path.name, path.read_bytes())
    token = token_from(response)
    assert len(list(uploads.folder().glob("*.bin"))) == 1
    before = audited_counts()

    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert html.count("<h1") == 1
    assert "Check what will be imported" in html
    assert "New</strong>" in html and html.count("New</strong>") == 13
    assert "Vulnerable Person" in html and "Domestic Abuse/Violence" in html
    assert 'name="col_0"' in html  # a select per source column
    assert audited_counts() == before  # the preview writes nothing

    done = client.post(PREVIEW, {"upload": token, "action": "confirm", "mapped_table": "0",
                                 **_mapping(html)})  # fmt: skip
    assert done.status_code == 302 and done["Location"] == DONE
    plan = ActionPlan.objects.get(name="Uploaded plan")
    recs = list(plan.recommendations.select_related("status", "section"))
    assert len(recs) == 13
    assert Counter(r.status.name for r in recs) == {"Pending": 6, "In Progress": 7}
    assert Counter(r.section.title for r in recs) == {
        "Vulnerable Person": 5,
        "Domestic Abuse/Violence": 8,
    }
    assert recs[0].history.first().history_user == users["clerk"]
    assert list(uploads.folder().glob("*.bin")) == []  # the upload is gone once imported

    result = client.get(DONE)
    assert result.status_code == 200
    assert "Import complete" in result.content.decode()
    assert result.content.count(b"<h1") == 1
    # the token cannot be used twice
    again = client.post(PREVIEW, {"upload": token, "action": "confirm"})
    assert again.status_code == 302 and again["Location"] == UPLOAD


def _mapping(html: str) -> dict[str, str]:
    """The selects as the preview rendered them (what a browser would send back)."""
    out = {}
    for name, body in re.findall(r'<select[^>]*name="(col_\d+)"[^>]*>(.*?)</select>', html, re.S):
        out[name] = re.search(r'<option value="([^"]*)" selected', body).group(1)
    return out


def test_correcting_the_column_mapping_changes_the_preview_and_the_import(
    client, users, partnership
):
    client.force_login(users["admin"])
    data = b"Ref,Recommendation,Owner,Budget code\n1,Do a thing,TP,X12\n2,Another,,Y3\n"
    token = token_from(upload(client, "plan.csv", data))
    html = client.get(f"{PREVIEW}?upload={token}").content.decode()
    mapping = _mapping(html)
    assert mapping == {"col_0": "reference", "col_1": "text", "col_2": "leads", "col_3": "?"}
    mapping.update(col_2="notes", col_3="-")
    preview = client.post(
        PREVIEW, {"upload": token, "action": "preview", "mapped_table": "0", **mapping}
    )
    assert preview.status_code == 200
    assert _mapping(preview.content.decode()) == mapping
    client.post(PREVIEW, {"upload": token, "action": "confirm", "mapped_table": "0", **mapping})
    rec = ActionPlan.objects.get(name="Uploaded plan").recommendations.get(reference="1")
    assert rec.notes == "TP" and rec.leads_text == ""
    assert "X12" not in rec.notes  # ignored column


def test_several_tables_ask_which_one(client, users, partnership):
    client.force_login(users["clerk"])
    text = (
        "Plan A\n\nRef\tAction\tStatus\n1\tDo a thing\tPending\n\n"
        "Plan B\n\nNo.\tRecommendation\tStatus\n1\tAnother\tPending\n2\tMore\tPending\n"
    )
    token = token_from(upload(client, "pack.txt", text.encode()))
    html = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "Which table holds the recommendations?" in html
    assert "Import 0 new" not in html  # no confirm until a table is chosen
    chosen = client.post(PREVIEW, {"upload": token, "action": "preview", "table": "1"})
    assert "Import 2 new and 0 changed" in chosen.content.decode()
    client.post(PREVIEW, {"upload": token, "action": "confirm", "table": "1", "mapped_table": "1",
                          **_mapping(chosen.content.decode())})  # fmt: skip
    assert ActionPlan.objects.get(name="Uploaded plan").recommendations.count() == 2


def test_a_file_with_errors_shows_them_and_confirming_writes_nothing(client, users, plan):
    client.force_login(users["clerk"])
    data = b'Ref,Recommendation,Status\n1,Fine,Pending\n2,"<script>x()</script>",Sideways\n'
    token = token_from(upload(client, "bad.csv", data, plan=str(plan.pk), new_plan_name=""))
    before = audited_counts()
    response = client.post(PREVIEW, {"upload": token, "action": "confirm"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Row 3, column “Recommendation”: contains a script tag" in html
    assert "Row 3, column “Status”: &quot;Sideways&quot; is a status the plan does not know" in html
    assert "<script>x()" not in html
    assert audited_counts() == before


def test_upload_form_errors(client, users, partnership):
    client.force_login(users["clerk"])
    response = client.post(UPLOAD, {"plan": "", "new_plan_name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import an action plan" in html
    assert "There is a problem" in html
    response = upload(client, "empty.csv", b"")
    assert "The submitted file is empty" in response.content.decode()


def test_an_unreadable_file_gets_a_clear_message(client, users, partnership):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "plan.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40))
    html = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "is a PNG image, not a spreadsheet" in html


def test_the_upload_token_is_bound_to_the_user_and_cannot_be_forged(client, users, partnership):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "plan.csv", b"Ref,Recommendation\n1,A\n"))
    client.force_login(users["admin"])
    response = client.get(f"{PREVIEW}?upload={token}")
    assert response.status_code == 302 and response["Location"] == UPLOAD
    response = client.get(f"{PREVIEW}?upload=../../etc/passwd")
    assert response.status_code == 302 and response["Location"] == UPLOAD


def test_old_uploads_expire(client, users, partnership, monkeypatch):
    client.force_login(users["clerk"])
    token = token_from(upload(client, "plan.csv", b"Ref,Recommendation\n1,A\n"))
    monkeypatch.setattr(uploads, "MAX_AGE", -1)
    response = client.get(f"{PREVIEW}?upload={token}")
    assert response.status_code == 302
    uploads.sweep()
    assert list(uploads.folder().glob("*.bin")) == []


@pytest.mark.parametrize("role", ["officer", "other_officer", "manager"])
@pytest.mark.parametrize("url", [UPLOAD, PREVIEW, DONE])
def test_officers_and_managers_may_not_import(client, users, role, url):
    client.force_login(users[role])
    assert client.get(url).status_code == 403
    if url != DONE:  # the result page is GET only: a POST is refused as a wrong method
        assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("url", [UPLOAD, PREVIEW, DONE])
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wrong_methods_are_refused(client, users):
    client.force_login(users["clerk"])
    assert client.put(UPLOAD).status_code == 405
    assert client.delete(PREVIEW).status_code == 405
    assert client.post(DONE).status_code == 405


def test_done_without_an_import_goes_back_to_upload(client, users):
    client.force_login(users["clerk"])
    assert client.get(DONE)["Location"] == UPLOAD


def test_upload_page_renders_for_a_clerk(client, users, partnership):
    client.force_login(users["clerk"])
    response = client.get(UPLOAD)
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b'enctype="multipart/form-data"' in response.content


def test_the_preview_says_what_the_reader_assumed(client, users, partnership):
    from tests.recommendations import import_files as files

    client.force_login(users["clerk"])
    token = token_from(upload(client, "safeguarding.csv", files.STATUS_NARRATIVE_CSV.encode()))
    html = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "the word is the status; the narrative goes to Work to date." in html
