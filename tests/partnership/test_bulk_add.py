"""Bulk add: paste a list or upload a CSV, see a preview naming each row's problem, then add all
or nothing."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import Organisation, Partnership, Person

pytestmark = pytest.mark.django_db
URL = reverse("directory:bulk-add")


def page(response) -> str:
    return unescape(response.content.decode())


def post(client, text, kind="organisations", action="preview", **extra):
    """New organisations join a partnership: the clerk's own, as the form asks."""
    partnerships = [p.pk for p in Partnership.objects.all()]
    form = {"kind": kind, "text": text, "action": action, "partnerships": partnerships}
    return client.post(URL, {**form, **extra})


def test_a_pasted_list_is_previewed_and_nothing_is_added_until_confirmed(
    client, users, organisations
):
    client.force_login(users["clerk"])
    text = "Victim Support\nTest Police\nSt Mungo's\n"
    preview = post(client, text).content.decode()
    assert "2 will be added" in preview and "Already there" in preview
    assert Organisation.objects.count() == 4
    assert post(client, text, action="confirm").status_code == 302
    assert set(Organisation.objects.values_list("name", flat=True)) >= {
        "Victim Support",
        "St Mungo's",
    }
    assert Organisation.objects.get(name="Victim Support").history.get().history_change_reason == (
        "Bulk add of organisations"
    )


def test_a_table_with_headers_sets_abbreviation_kind_parent_and_other_names(
    client, users, organisations
):
    client.force_login(users["admin"])
    text = (
        "Name,Abbreviation,Kind,Within,Other names\n"
        "Department of Community Services,DCS,Council department,Test Borough Council,"
        "Community Services;DCCS\n"
        "Commissioning,,Team or unit,Department of Community Services,\n"
    )
    assert post(client, text, action="confirm").status_code == 302
    department = Organisation.objects.get(abbreviation="DCS")
    assert department.parent == organisations["council"] and department.kind == "department"
    assert department.alias_list() == ["Community Services", "DCCS"]
    assert Organisation.objects.get(name="Commissioning").parent == department


def test_any_row_with_a_problem_blocks_the_whole_list_and_says_which_line(
    client, users, organisations
):
    client.force_login(users["clerk"])
    text = "Name,Kind,Within\nGood Charity,Charity,\nBad Team,Spaceship,Nowhere Council\n"
    body = page(post(client, text, action="confirm"))
    assert '"Spaceship" is not a kind of organisation' in body
    assert '"Nowhere Council" is not in the directory or earlier in this list' in body
    assert '<td class="govuk-table__cell">3</td>' in body
    assert not Organisation.objects.filter(name="Good Charity").exists()


def test_people_from_an_uploaded_csv_are_linked_to_their_organisation(client, users, organisations):
    client.force_login(users["clerk"])
    csv = (
        b"Name,Initials,Title,Organisation,Email\n"
        b"Jo Walker,JW,Inspector,TP,jo@police.example\n"
        b"Jan Wood,JW,,Safe Space Charity,\n"
    )
    upload = SimpleUploadedFile("people.csv", csv, content_type="text/csv")
    preview = client.post(URL, {"kind": "people", "file": upload, "action": "preview"})
    body = preview.content.decode()
    assert "2 will be added" in body and "Jo Walker" in body  # the file's text is kept to confirm
    assert post(client, csv.decode(), kind="people", action="confirm").status_code == 302
    jo = Person.objects.get(name="Jo Walker")
    assert (jo.initials, jo.organisation, jo.email) == (
        "JW",
        organisations["police"],
        "jo@police.example",
    )
    assert Person.objects.filter(initials="JW").count() == 2  # shared initials are normal


def test_unknown_columns_and_bad_emails_are_named(client, users):
    client.force_login(users["clerk"])
    assert (
        "Columns not understood: shoe size"
        in post(client, "Name,Shoe size\nA,9\n", kind="people").content.decode()
    )
    body = page(post(client, "Name,Email\nA,not-an-email\n", kind="people"))
    assert '"not-an-email" is not an email address' in body


def test_an_empty_paste_says_what_to_do(client, users):
    client.force_login(users["clerk"])
    assert "Paste a list or choose a CSV file" in post(client, "  ").content.decode()


def test_officers_cannot_bulk_add(client, users):
    client.force_login(users["officer"])
    assert post(client, "X", action="confirm").status_code == 403
    assert not Organisation.objects.filter(name="X").exists()
