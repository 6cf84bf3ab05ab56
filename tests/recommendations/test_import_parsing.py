"""The pure parsing layer of the importer: seeds 000, 002, 003, 004 and made-up files."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from recommendations.plan_import.read import ImportProblem, html_to_text, parse_file, split_leads
from recommendations.plan_import.read.columns import field_for
from recommendations.plan_import.read.formats import rag_from_colour
from recommendations.plan_import.read.structure import join_fragments, split_numbered
from tests.conftest import seed_path


def seed(prefix: str) -> tuple[bytes, str]:
    path = seed_path(prefix)
    return path.read_bytes(), path.name


def messages(problems: list[ImportProblem]) -> str:
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- seed 000


def test_seed_000_workshop_recommendations():
    r = parse_file(*seed("000"))
    assert r.ok, messages(r.errors)
    assert r.format == "tsv"
    assert [row.reference for row in r.rows] == [
        "2", "11", "17", "19", "21", "39", "40", "41", "46", "49", "51", "53", "54"
    ]  # fmt: skip
    assert [(s.kind, s.title) for s in r.sections] == [
        ("workshop", "Vulnerable Person"),
        ("workshop", "Domestic Abuse/Violence"),
    ]
    assert Counter(row.section_title for row in r.rows) == {
        "Vulnerable Person": 5,
        "Domestic Abuse/Violence": 8,
    }
    assert Counter(row.status for row in r.rows) == {"Pending": 6, "In Progress": 7}
    assert r.unknown_columns == []
    first = r.rows[0]
    assert set(first.fields) >= {
        "reference", "section", "deficiency", "text", "leads", "unassigned_note", "status"
    }  # fmt: skip
    assert first.deficiency.startswith("There is an unofficial arrangement")
    assert first.fields["unassigned_note"].startswith("Yes, this is being followed up")


def test_seed_000_withdrawn_points_and_missing_lead():
    r = parse_file(*seed("000"))
    by_ref = {row.reference: row for row in r.rows}
    n19 = by_ref["19"]
    assert [(p.number, p.withdrawn) for p in n19.points] == [
        (1, True), (2, False), (3, True), (4, False)
    ]  # fmt: skip
    assert n19.points[0].text.startswith("<del>Recommendation is that they should contact")
    assert "<del>" in n19.text  # the struck-through text is kept on the record
    assert not n19.withdrawn
    assert n19.leads == ["FIB"]
    n41 = by_ref["41"]
    assert n41.fields["leads"] == ""
    assert n41.leads == []
    # <p> inside cells survives sanitising
    assert by_ref["21"].deficiency.count("<p>") == 2
    assert by_ref["2"].leads == ["DCCS Housing City Police"]


# --------------------------------------------------------------------------- seed 002


def test_seed_002_case_review_action_plan():
    r = parse_file(*seed("002"))
    assert r.ok, messages(r.errors)
    assert r.format == "markdown"
    assert [row.reference for row in r.rows] == [str(n) for n in range(1, 13)]
    assert Counter(row.status for row in r.rows) == {"On target": 9, "Complete": 3}
    assert r.sections == []
    by_ref = {row.reference: row for row in r.rows}
    wtd = html_to_text(by_ref["1"].fields["work_to_date"])
    assert wtd.endswith("support is on offer in the City.")
    assert "and what support is on offer" in wtd  # joined back into one paragraph
    assert by_ref["1"].leads == ["Victim Support", "City of London Police"]
    assert by_ref["1"].target_date is not None
    assert str(by_ref["1"].target_date.date) == "2017-02-01"
    assert by_ref["1"].target_date.precision == "month"
    # a paragraph broken mid-sentence by the page break
    assert "to include in those reports the outcomes of the recommendations" in html_to_text(
        by_ref["3"].text
    )
    assert html_to_text(by_ref["3"].fields["work_to_date"]).endswith(
        "holistic view of victims and their needs in the City."
    )


def test_seed_002_row_holding_two_recommendations():
    r = parse_file(*seed("002"))
    by_ref = {row.reference: row for row in r.rows}
    four, five = by_ref["4"], by_ref["5"]
    assert html_to_text(four.text).startswith("Domestic Abuse & Sexual Violence Forum to hold")
    assert html_to_text(five.text).startswith("To agree a common, safe approach")
    assert "To agree" not in four.text
    for f in ("leads", "work_to_date", "target_date", "status"):
        assert four.fields[f] == five.fields[f]
    assert four.fields["status"] == "On target"
    assert four.source_row == five.source_row
    # recommendation 2 has three paragraphs, none numbered: one record
    assert by_ref["2"].text.count("<p>") == 3
    assert by_ref["2"].leads == []


# --------------------------------------------------------------------------- seed 003


def test_seed_003_strategy_action_plan():
    r = parse_file(*seed("003"))
    assert r.ok, messages(r.errors)
    assert len(r.rows) == 34
    assert [(s.kind, s.number) for s in r.sections] == [
        ("priority", "1"),
        ("priority", "2"),
        ("priority", "3"),
    ]
    assert r.sections[0].title == "People are prevented from becoming victims of VAWG"
    assert r.sections[2].narrative.startswith("<p>Due to the nature of crimes under VAWG")
    # the narrative paragraph broken by a page is one paragraph
    assert r.sections[2].narrative.count("<p>") == 1
    assert Counter(row.section for row in r.rows) == {0: 16, 1: 14, 2: 4}
    assert Counter(row.rag for row in r.rows) == {
        "GREEN": 11,
        "AMBER": 9,
        "RED": 1,
        "BLUE": 1,
        "COMPLETE": 12,
    }
    refs = [row.reference for row in r.rows]
    assert refs[:3] == ["1.1", "1.2", "1.3"]
    assert refs[16] == "2.1"
    assert refs[-1] == "3.4"
    assert len(set(refs)) == 34


def test_seed_003_rows_broken_across_pages_are_merged():
    r = parse_file(*seed("003"))
    first = r.rows[0]
    assert html_to_text(first.text).endswith("8. Publicity & Awareness")
    assert [p.number for p in first.points] == list(range(1, 9))
    assert first.leads == ["AF", "LG"]
    assert first.target_date is not None and first.target_date.precision == "month"
    assert str(first.target_date.date) == "2021-10-01"
    data = next(row for row in r.rows if html_to_text(row.text).startswith("To have regular data"))
    assert html_to_text(data.fields["notes"]).endswith(
        "The forum are currently reviewing the dataset."
    )
    assert data.rag == "GREEN"
    assert data.leads == ["All"]
    assert data.target_date is not None and data.target_date.date is None


def test_seed_003_attendance_list_and_clashing_initials():
    r = parse_file(*seed("003"))
    assert len(r.people) == 39
    assert r.people[0].name == "Jessica Wood"
    assert r.people[0].initials == "JW"
    assert r.people[0].organisation == "Homerton University Hospital NHS Foundation Trust"
    assert r.people[0].title == "GP MARAC Liaison Nurse"
    assert r.people[-1].name == "Ayesha Fordham"
    assert set(r.initials_clashes) == {"JW", "GH", "SS"}
    assert sorted(r.initials_clashes["JW"]) == ["Jessica Wood", "Jodie Woodward"]
    assert any("initials JW" in w.message for w in r.warnings)
    assert [t.kind for t in r.tables] == ["actions", "people"]


# --------------------------------------------------------------------------- seed 004


def test_seed_004_delivery_plan_in_a_committee_pack():
    r = parse_file(*seed("004"))
    assert r.ok, messages(r.errors)
    assert len(r.candidates) == 1
    assert r.chosen_table == r.candidates[0].index
    assert len(r.tables) > 1  # attendance, dashboard, delivery plan
    assert len(r.rows) == 18
    assert [s.number for s in r.sections] == ["1", "2", "3", "4", "5", "6"]
    assert r.sections[0].title == "Increase the number of people accessing specialist services"
    assert Counter(row.section for row in r.rows) == {0: 3, 1: 3, 2: 3, 3: 4, 4: 2, 5: 3}
    assert [row.reference for row in r.rows[:4]] == ["1.1", "1.2", "1.3", "2.1"]
    assert r.rows[-1].reference == "6.3"
    row = r.rows[1]
    assert row.section_title == r.sections[0].title  # carried down from the spanning cell
    assert row.leads == ["Tim Lindley"]
    assert "CARA" in row.fields["next_milestone"]
    assert "CARA is parked" in row.fields["commentary"]
    assert r.rows[6].leads == ["Tim Lindley", "Stephanie McBurney"]


def test_seed_004_choosing_a_table_by_index():
    data, name = seed("004")
    r = parse_file(data, name, table=0)
    assert not r.ok
    assert "text column" in messages(r.errors)
    index = parse_file(data, name).chosen_table
    assert len(parse_file(data, name, table=index).rows) == 18


def test_several_action_tables_ask_the_caller_to_choose():
    text = (
        "Plan A\n\nRef\tAction\tLead\tStatus\n1\tDo a thing\tAF\tOpen\n\n"
        "Plan B\n\nNo.\tRecommendation\tLead agency\n1\tAnother\tCoLP\n2\tMore\tCoLP\n"
    )
    r = parse_file(text.encode(), "pack.txt")
    assert not r.ok
    assert r.chosen_table is None
    assert [t.index for t in r.candidates] == [0, 1]
    assert "--table N" in r.errors[0].message and "Plan B" in r.errors[0].message
    r = parse_file(text.encode(), "pack.txt", table=1)
    assert r.ok and [row.reference for row in r.rows] == ["1", "2"]


# --------------------------------------------------------------------------- malformed


def test_bad_encoding_is_a_clear_error():
    data = "Ref,Recommendation\n1,Caf\u00e9\n".encode() + b"\x81\x8d\x90"
    r = parse_file(data, "plan.csv")
    assert not r.ok
    assert "UTF-8" in r.errors[0].message
    assert r.rows == []


def test_windows_1252_and_bom_are_read():
    r = parse_file(
        "Ref,Recommendation,Status\n1,Caf\u00e9 \u2013 open,Open\n".encode("cp1252"), "a.csv"
    )
    assert r.ok, messages(r.errors)
    assert html_to_text(r.rows[0].text) == "Caf\u00e9 \u2013 open"
    r = parse_file("\ufeffRef,Recommendation,Status\n1,X,Open\n".encode(), "b.csv")
    assert r.ok and r.rows[0].reference == "1"


def test_missing_text_column_names_the_column():
    r = parse_file(b"Ref,Lead,Status\n1,AF,Open\n", "plan.csv", mapping={"Lead": "leads"})
    assert not r.ok
    assert "Recommendation" in r.errors[0].message
    r = parse_file(b"Ref,Lead,Status\n1,AF,Open\n", "plan.csv")
    assert not r.ok


def test_missing_reference_column_names_the_column():
    r = parse_file(b"Recommendation,Lead,Status\nDo a thing,AF,Open\n", "plan.csv")
    assert not r.ok
    assert any("No reference column" in e.message and "No." in e.message for e in r.errors)


def test_script_tag_is_an_error_naming_row_and_column():
    data = (
        b"Ref,Recommendation,Lead,Status\n"
        b"1,Fine,AF,Open\n"
        b'2,"Bad <script>alert(1)</script> text",AF,Open\n'
    )
    r = parse_file(data, "plan.csv")
    assert not r.ok
    [error] = r.errors
    assert (error.row, error.column) == (3, "Recommendation")
    assert "script" in error.message
    assert "<script" not in r.rows[1].text  # never stored, even if the caller ignored errors


def test_event_handler_and_javascript_link_are_errors():
    data = (
        b"Ref\tRecommendation\tStatus\n"
        b'1\t<p onclick="x()">Hi</p>\tOpen\n'
        b'2\t<a href="javascript:alert(1)">link</a>\tOpen\n'
    )
    r = parse_file(data, "plan.txt")
    assert [(e.row, e.column) for e in r.errors] == [(2, "Recommendation"), (3, "Recommendation")]


def test_png_named_xlsx_is_a_clear_error():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = parse_file(png, "plan.xlsx")
    assert not r.ok
    assert "PNG" in r.errors[0].message
    r = parse_file(b"not a spreadsheet at all", "plan.xlsx")
    assert not r.ok and "not an Excel" in r.errors[0].message


def test_damaged_zip_and_other_zip_are_errors(tmp_path):
    r = parse_file(b"PK\x03\x04garbage", "plan.docx")
    assert not r.ok
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    r = parse_file(buf.getvalue(), "plan.xlsx")
    assert not r.ok and "zip" in r.errors[0].message


def test_size_and_row_limits(settings):
    from recommendations.plan_import.read import formats

    r = parse_file(b"x" * (formats.MAX_BYTES + 1), "big.csv")
    assert not r.ok and "MB" in r.errors[0].message
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"{i},Thing {i},Open\n" for i in range(1, 6))
    r = parse_file(("Ref,Recommendation,Status\n" + rows).encode(), "plan.csv")
    assert not r.ok and "limit" in r.errors[0].message


def test_empty_file():
    r = parse_file(b"", "plan.csv")
    assert not r.ok and "empty" in r.errors[0].message


# --------------------------------------------------------------------------- CSV, mapping


def test_csv_with_unknown_columns_and_mapping():
    data = (
        b"Title row of the spreadsheet,,,,\n"
        b"Ref,Recommendation,Owner,RAG,Budget code,Target date\n"
        b"1.1,Do a thing,AF/AB,R,X12,31/03/2022\n"
        b"1.2,Another,All,a,,Q3 2021\n"
    )
    r = parse_file(data, "plan.csv")
    assert r.ok, messages(r.errors)
    assert r.format == "csv"
    assert r.unknown_columns == ["Budget code"]
    assert r.rows[0].extra == {"Budget code": "X12"}
    assert r.rows[1].extra == {}
    assert [row.rag for row in r.rows] == ["RED", "AMBER"]
    assert r.rows[0].leads == ["AF", "AB"]
    assert str(r.rows[0].target_date.date) == "2022-03-31"
    assert r.rows[1].target_date.precision == "quarter"
    r = parse_file(data, "plan.csv", mapping={"Budget code": "", "Owner": "notes"})
    assert r.unknown_columns == []
    assert r.rows[0].extra == {}
    assert r.rows[0].fields["notes"] == "AF/AB"


def test_column_synonyms():
    assert field_for("No.") == "reference"
    assert field_for("Handed over to/To be handed over to") == "leads"
    assert field_for("Anything still unassigned") == "unassigned_note"
    assert field_for("Current Status") == "status"
    assert field_for("RAG rating") == "rag"
    assert field_for("Responsibility/Lead") == "leads"
    assert field_for("Key Actions") == "text"
    assert field_for("ACTION AND ADDITIONAL AREA SPECIFIC DETAIL") == "text"
    assert field_for("NEXT SIGNIFICANT MILESTONE WITH DATE (CAPTURED ON ACTION SHEET)") == (
        "next_milestone"
    )
    assert field_for('PERFORMANCE COMMENTARY WITH EVIDENCE NOTED ("WHERE ARE WE AT")') == (
        "commentary"
    )
    assert field_for("PRIORITY AREA") == "section"
    assert field_for("Deadline") == "target_date"
    assert field_for("Revised target date") == "revised_target_date"
    assert field_for("Reason for revised date") == "revised_date_reason"
    assert field_for("Budget code") == ""


# --------------------------------------------------------------------------- XLSX / DOCX / HTML


def test_xlsx_with_merged_section_and_rag_by_fill(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Action plan"
    ws.append(["Priority area", "Ref", "Action", "Lead", "Deadline", "RAG"])
    ws.append(["1. Prevention", "1.1", "Train staff", "AF and LG", "February 2017", ""])
    ws.append([None, "1.2", "Run a campaign", "CoLP", "Q3 2021", "Amber"])
    ws.append(["2. Support", "2.1", "Fund advocates", "Victim Support", None, None])
    ws.merge_cells("A2:A3")
    ws["F2"].fill = PatternFill("solid", fgColor="FFFF0000")
    ws["F4"].fill = PatternFill("solid", fgColor="FF00B050")
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    r = parse_file(path.read_bytes(), "plan.xlsx")
    assert r.ok, messages(r.errors)
    assert r.format == "xlsx"
    assert [row.reference for row in r.rows] == ["1.1", "1.2", "2.1"]
    assert [row.section_title for row in r.rows] == ["Prevention", "Prevention", "Support"]
    assert [row.rag for row in r.rows] == ["RED", "Amber", "GREEN"]
    assert r.rows[0].leads == ["AF", "LG"]
    assert r.rows[0].source_row == 2


def test_xlsx_dates_from_cells(tmp_path):
    import datetime as dt

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No.", "Recommendation", "Target date"])
    ws.append([1, "Do it", dt.datetime(2022, 3, 31)])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    r = parse_file(path.read_bytes(), "d.xlsx")
    assert r.rows[0].reference == "1"
    assert r.rows[0].fields["target_date"] == "31/03/2022"
    assert str(r.rows[0].target_date.date) == "2022-03-31"


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def test_docx_with_vmerge_strike_and_rag_by_shading(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Action plan")
    table = document.add_table(rows=4, cols=5)
    for i, h in enumerate(["Workshop", "No.", "Recommendation", "Lead", "RAG"]):
        table.cell(0, i).text = h
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 0).text = "Vulnerable Person"
    table.cell(3, 0).text = "Domestic Abuse"
    for row, (ref, lead, fill) in enumerate(
        [("2", "DCCS", "FF0000"), ("11", "CoLP", "FFC000"), ("39", "", "00B050")], start=1
    ):
        table.cell(row, 1).text = ref
        table.cell(row, 3).text = lead
        _shade(table.cell(row, 4), fill)
    p = table.cell(1, 2).paragraphs[0]
    p.add_run("1. Withdrawn idea").font.strike = True
    p.add_run(" 2. Kept idea")
    table.cell(2, 2).text = "Share information"
    table.cell(2, 2).add_paragraph("Second paragraph")
    table.cell(3, 2).text = "Train staff"
    path = tmp_path / "plan.docx"
    document.save(path)
    r = parse_file(path.read_bytes(), "plan.docx")
    assert r.ok, messages(r.errors)
    assert r.format == "docx"
    assert [row.reference for row in r.rows] == ["2", "11", "39"]
    assert [row.section_title for row in r.rows] == [
        "Vulnerable Person",
        "Vulnerable Person",
        "Domestic Abuse",
    ]
    assert [row.rag for row in r.rows] == ["RED", "AMBER", "GREEN"]
    assert [(p.number, p.withdrawn) for p in r.rows[0].points] == [(1, True), (2, False)]
    assert r.rows[1].text == "<p>Share information</p><p>Second paragraph</p>"
    assert r.rows[2].leads == []


def test_html_table_with_rowspan():
    page = b"""<html><body><h2>1. Prevention</h2><p>Why it matters.</p>
    <table><tr><th>Priority area</th><th>Action</th><th>Lead</th><th>Status</th></tr>
    <tr><td rowspan="2">1. Prevent harm</td><td>1. Train <b>staff</b></td><td>AF</td>
        <td style="background-color:#ff0000">Open</td></tr>
    <tr><td>2. Run a <a href="http://x">campaign</a></td><td>LG</td><td>Open</td></tr>
    <tr><td>2. Support</td><td>1. Fund &amp; advise</td><td>AB</td><td>Complete</td></tr>
    </table></body></html>"""
    r = parse_file(page, "plan.html")
    assert r.ok, messages(r.errors)
    assert r.format == "html"
    assert [row.reference for row in r.rows] == ["1.1", "1.2", "2.1"]
    assert [row.section_title for row in r.rows] == ["Prevent harm", "Prevent harm", "Support"]
    assert r.rows[0].text == "Train <b>staff</b>"
    assert r.rows[1].text == "Run a campaign"  # links removed, words kept
    assert r.rows[2].text == "Fund &amp; advise"
    assert r.rows[0].rag == "RED"


# --------------------------------------------------------------------------- helpers


def test_split_leads():
    assert split_leads("AF and LG") == ["AF", "LG"]
    assert split_leads("AF/AB") == ["AF", "AB"]
    assert split_leads("All") == ["All"]
    assert split_leads("Victim Support, City of London Police") == [
        "Victim Support",
        "City of London Police",
    ]
    assert split_leads("DCCS Housing City Police") == ["DCCS Housing City Police"]
    assert split_leads("DCCS Housing City Police", known=["City Police", "DCCS Housing"]) == [
        "DCCS Housing",
        "City Police",
    ]
    assert split_leads("Department of Community and Children's Services") == [
        "Department of Community and Children's Services"
    ]
    assert split_leads("City of London Domestic Abuse & Sexual Violence Forum") == [
        "City of London Domestic Abuse & Sexual Violence Forum"
    ]
    assert split_leads("AF and CoL Learning and Development") == [
        "AF",
        "CoL Learning and Development",
    ]
    assert split_leads("") == [] and split_leads(" - ") == []


def test_join_fragments_and_split_numbered():
    assert (
        join_fragments("<p>and what</p>", "support is here.") == "<p>and what support is here.</p>"
    )
    assert join_fragments("<p>Done.</p>", "<p>Next.</p>") == "<p>Done.</p> <p>Next.</p>"
    assert join_fragments("plain", "text") == "plain text"
    groups = split_numbered("<p>4. First.</p> <p>5. Second.</p> <p>More on five.</p>")
    assert groups == [(4, "<p>First.</p>"), (5, "<p>Second.</p> <p>More on five.</p>")]
    assert split_numbered("No number here") == [(None, "No number here")]


def test_rag_from_colour():
    assert rag_from_colour("FF0000") == "RED"
    assert rag_from_colour("FFFF0000") == "RED"
    assert rag_from_colour("FFC000") == "AMBER"
    assert rag_from_colour("FFFF00") == "AMBER"
    assert rag_from_colour("00B050") == "GREEN"
    assert rag_from_colour("92D050") == "GREEN"
    assert rag_from_colour("0070C0") == "BLUE"
    assert rag_from_colour("FFFFFF") == ""
    assert rag_from_colour("auto") == ""


def test_docx_numbered_headings_make_sections(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Strategy action plan")
    for n, title in [(1, "People are prevented"), (2, "People are supported")]:
        document.add_paragraph(f"{n}. {title}.")
        document.add_paragraph("Narrative about the priority.")
        table = document.add_table(rows=3, cols=3)
        for i, h in enumerate(["Key Actions", "Deadline", "RAG rating"]):
            table.cell(0, i).text = h
        for row in (1, 2):
            table.cell(row, 0).text = f"Action {n}-{row}"
            table.cell(row, 1).text = "May 2021"
            table.cell(row, 2).text = "G"
    path = tmp_path / "strategy.docx"
    document.save(path)
    r = parse_file(path.read_bytes(), "strategy.docx")
    assert r.ok, messages(r.errors)
    assert [(s.number, s.title) for s in r.sections] == [
        ("1", "People are prevented"),
        ("2", "People are supported"),
    ]
    assert r.sections[0].narrative == "<p>Narrative about the priority.</p>"
    assert [row.reference for row in r.rows] == ["1.1", "1.2", "2.1", "2.2"]
    assert {row.rag for row in r.rows} == {"GREEN"}


def test_xlsx_sheets_are_candidate_tables(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action plan 2022"])
    ws.append([])
    ws.append(["Ref", "Recommendation", "Lead"])
    ws.append(["1", "Do", "AF"])
    other = wb.create_sheet("Other")
    other.append(["Ref", "Action", "Status"])
    other.append(["9", "X", "Open"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    r = parse_file(path.read_bytes(), "two.xlsx")
    assert not r.ok
    assert [(t.index, t.title) for t in r.candidates] == [(0, "Sheet"), (1, "Other")]
    r = parse_file(path.read_bytes(), "two.xlsx", table=0)
    assert r.ok and [(row.reference, row.source_row) for row in r.rows] == [("1", 4)]


def test_utf16_tab_text_from_excel():
    data = "No.\tRecommendation\tStatus\n1\t\u00e9t\u00e9\tOpen\n".encode("utf-16")
    r = parse_file(data, "export.txt")
    assert r.ok, messages(r.errors)
    assert [(row.reference, row.text) for row in r.rows] == [("1", "\u00e9t\u00e9")]
