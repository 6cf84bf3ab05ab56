"""Action tables as councils, police forces and government departments really lay them out:
each shape is built as a real file (openpyxl, python-docx, WeasyPrint) and parsed to exact rows
and fields."""

from __future__ import annotations

import html
import io
import logging

import pytest

from recommendations.plan_import import parse_file
from recommendations.plan_import.read.blocks import Para
from recommendations.plan_import.read.formats import read_blocks
from recommendations.richtext import clean_html, plain
from tests.conftest import seed_path
from tests.recommendations import import_files as files

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def fields(row, *names):
    return tuple(plain(row.fields.get(n, "")) for n in names)


# --------------------------------------------------------------------------- Excel


def test_xlsx_title_and_group_rows_above_the_header_a_key_below_and_style_only_rag():
    r = parse_file(files.tracker_xlsx(), "tracker.xlsx")
    assert r.ok, r.errors
    table = r.tables[r.chosen_table]
    assert table.source_row == 3  # the third row is the header, not the merged title/groups
    assert table.headers == [
        "Ref",
        "Recommendation",
        "Lead officer",
        "Target date",
        "Status and update",
        "RAG",
    ]
    assert [row.reference for row in r.rows] == ["CS1", "CS2", "CS3", "CS4"]
    assert [row.rag for row in r.rows] == ["GREEN", "AMBER", "RED", ""]
    cs1, cs2, cs3, cs4 = r.rows
    assert fields(cs1, "status", "leads", "target_date") == (
        "Complete",
        "Community Safety Team",
        "March 2025",
    )
    assert plain(cs1.fields["work_to_date"]) == (
        "Contact page live since 2 Dec; https://example.org/asb has the form."
    )
    assert fields(cs2, "target_date", "revised_target_date") == ("June 2025", "September 2025")
    assert cs2.revised_target_date is not None and cs2.revised_target_date.date.month == 9
    assert fields(cs3, "status", "revised_date_reason") == (
        "Delayed",
        "Delayed due to staff turnover in the team",
    )
    assert fields(cs4, "status") == ("On track",)
    assert len(r.left_out) == 1 and r.left_out[0].startswith('"Key: green = complete')
    assert "and 1 more row" in r.left_out[0]
    assert any("the table ends here" in w.message and w.row == 9 for w in r.warnings)
    assert any("narrative goes to Work to date" in a for a in r.assumptions)
    assert any("revised to Y" in a for a in r.assumptions)


def test_xlsx_plain_red_amber_green_fills():
    r = parse_file(files.tracker_xlsx(fills="plain", key=False), "tracker.xlsx")
    assert r.ok and [row.rag for row in r.rows] == ["GREEN", "AMBER", "RED", ""]
    assert not r.left_out


def test_xlsx_two_tables_on_one_sheet_are_offered_separately():
    data = files.two_tables_xlsx()
    r = parse_file(data, "two.xlsx")
    assert not r.ok and len(r.candidates) == 2 and "choose one" in r.errors[0].message
    second = parse_file(data, "two.xlsx", table=1)
    assert second.ok and [(row.reference, row.fields["target_date"]) for row in second.rows] == [
        ("B1", "May 2025")
    ]
    first = parse_file(data, "two.xlsx", table=0)
    assert [row.reference for row in first.rows] == ["A1", "A2"]


def test_choosing_the_header_row_and_mapping_a_column_by_hand():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Youth Justice Board: improvement plan"])
    ws.append(["Prepared for the management board, January 2025"])
    ws.append(["Item", "What we will change", "Officer", "Month"])
    ws.append(["YJ1", "Reduce the time from arrest to first contact", "Service Manager", "Feb"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    r = parse_file(data, "yj.xlsx")
    assert not r.candidates  # "What we will change" names no column the reader knows
    assert [line for line, _ in r.tables[0].first_rows][:4] == [1, 2, 3, 4]
    mapping = {"What we will change": "text", "Month": "target_date"}
    picked = parse_file(data, "yj.xlsx", table=0, header_row=3, mapping=mapping)
    assert picked.ok, picked.errors
    assert [fields(row, "reference", "text", "leads", "target_date") for row in picked.rows] == [
        ("YJ1", "Reduce the time from arrest to first contact", "Service Manager", "Feb")
    ]
    wrong = parse_file(data, "yj.xlsx", table=0, header_row=99)
    assert not wrong.ok and wrong.errors[0].row == 99


def test_a_value_too_long_for_its_field_is_one_row_error_naming_row_and_column():
    text = "Ref,Action,Lead\n" + f"{'9' * 40},Do it,Police\n2,Other,Council\n"
    r = parse_file(text.encode(), "plan.csv")
    too_long = [e for e in r.errors if "characters long" in e.message]
    assert len(too_long) == 1
    assert (too_long[0].row, too_long[0].column) == (2, "Ref")
    assert "holds at most 30" in too_long[0].message and "Ensure" not in too_long[0].message


def test_unmapped_columns_are_kept_under_their_heading():
    text = "Ref,Action,Lead,Partner comments\n1,Do it,Police,Agreed by all partners\n"
    r = parse_file(text.encode(), "plan.csv")
    assert r.ok and r.rows[0].extra == {"Partner comments": "Agreed by all partners"}
    assert r.unknown_columns == ["Partner comments"]


def test_date_alone_is_the_date_agreed_and_the_assumption_is_said():
    text = "No.,Action,Date,Deadline\n1,Do it,12/03/2024,June 2024\n"
    r = parse_file(text.encode(), "log.csv")
    assert r.ok
    assert r.rows[0].fields["target_date"] == "June 2024"
    assert r.rows[0].extra == {"Date": "12/03/2024"}
    assert any('"Date" read as the date the action was agreed' in a for a in r.assumptions)


@pytest.mark.parametrize(
    "heading,field",
    [
        ("Timescales", "target_date"),
        ("By when", "target_date"),
        ("Due", "target_date"),
        ("Action taken", "work_to_date"),
        ("Progress", "work_to_date"),
        ("Update", "work_to_date"),
        ("Responsibility", "leads"),
        ("Owner", "leads"),
        ("Handed over to", "leads"),
        ("How / what activity", "text"),
    ],
)
def test_headings_by_meaning(heading, field):
    r = parse_file(f"Ref,Action required,{heading}\n1,Do it,Value\n".encode(), "p.csv")
    if field == "text":
        r = parse_file(f"Ref,{heading},Lead\n1,Value,Police\n".encode(), "p.csv")
        assert r.ok and r.rows[0].text == "Value"
    else:
        assert r.ok and r.rows[0].fields[field] == "Value"


# --------------------------------------------------------------------------- Word, HTML


def test_docx_merged_title_row_at_the_top_of_the_table():
    r = parse_file(files.word_table_docx(), "dhr.docx")
    assert r.ok, r.errors
    assert r.tables[0].title.startswith("Action plan following the domestic homicide review")
    assert [fields(row, "reference", "leads", "target_date") for row in r.rows] == [
        ("1", "Northbank NHS Foundation Trust", "31/01/2025"),
        ("2", "CHS Housing", "March 2025"),
        ("3", "Safe Haven", "Q1 2025/26"),
    ]
    assert r.rows[0].target_date is not None and r.rows[0].target_date.date.day == 31


def test_html_title_and_group_heading_rows_above_the_header():
    r = parse_file(files.SVD_HTML.encode(), "plan.html")
    assert r.ok, r.errors
    assert [fields(row, "reference", "leads") for row in r.rows] == [
        ("SV1", "Community Safety Team"),
        ("SV2", "Riverside Police"),
    ]
    assert "Serious Violence Duty" in r.tables[0].title


# --------------------------------------------------------------------------- text


def test_space_aligned_text_as_pdftotext_gives_it():
    r = parse_file(files.ALIGNED_TEXT.encode(), "annex-b.txt")
    assert r.ok, r.errors
    assert r.format == "text"
    assert [fields(row, "reference", "leads", "status") for row in r.rows] == [
        ("1.1", "Home Office", "Complete"),
        ("1.2", "DfE", "In progress"),
        ("1.3", "MoJ", "On track"),
        ("2.1", "DHSC", "Complete"),
        ("2.2", "Home Office", "Not started"),
    ]
    first = r.rows[0]
    assert first.text == "Publish guidance for local partnerships on the new duty"
    assert plain(first.fields["work_to_date"]) == (
        "Guidance published on 12 March; see https://example.gov.uk/duty"
    )
    assert fields(r.rows[2], "target_date", "revised_target_date") == (
        "December 2024",
        "March 2025",
    )
    assert r.rows[3].text == "Issue a data sharing template for health and police partners"


def test_pipe_table_without_outer_pipes_and_sections():
    r = parse_file(files.PIPE_NO_OUTER.encode(), "plan.md")
    assert r.ok, r.errors
    assert [(row.reference, row.section_title) for row in r.rows] == [
        ("1.1", "Reducing reoffending"),
        ("1.2", "Reducing reoffending"),
        ("2.1", "Safer streets"),
    ]
    assert r.rows[0].fields["target_date"] == "Q2 2024/25"


def test_one_cell_a_line():
    r = parse_file(files.ONE_CELL_A_LINE.encode(), "vru.txt")
    assert r.ok, r.errors
    assert [fields(row, "reference", "text", "leads", "target_date") for row in r.rows] == [
        (
            "VR1",
            "Map youth provision open after 6pm in each ward",
            "Children's Services",
            "July 2024",
        ),
        (
            "VR2",
            "Place a youth worker in the A&E department at weekends",
            "Northbank NHS Foundation Trust",
            "October 2024",
        ),
        ("VR3", "Publish the serious violence strategy", "Community Safety Team", "January 2025"),
    ]


# --------------------------------------------------------------------------- PDF


def test_multi_page_pdf_with_repeated_headers_and_rows_broken_over_pages():
    rows = files.police_pdf_rows(40)
    data = files.inspection_pdf(rows)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
    r = parse_file(data, "inspection.pdf")
    assert r.ok, r.errors
    assert r.format == "pdf" and r.marking == "OFFICIAL"
    assert len(r.rows) == 40
    for row, want in zip(r.rows, rows, strict=True):
        assert (row.reference, row.text, row.fields["leads"]) == (want[0], want[1], want[2])
        assert (row.fields["target_date"], row.status) == (want[3], want[4])
    assert any("page break" in w.message for w in r.warnings)


def test_pdf_without_borders_is_read_as_layout_text():
    rows = [
        [
            "1.1",
            "Publish guidance for local partnerships",
            "Home Office",
            "March 2024",
            "Complete. Guidance published on 12 March.",
        ],
        ["1.2", "Fund a network of regional coordinators", "DfE", "September 2024", "In progress"],
    ]
    css = files.PDF_CSS.replace("border: 0.75pt solid #000;", "border: none;")
    data = files.pdf_from_html(
        files.html_table("Annex B", ["Ref", "Action", "Lead", "Deadline", "Status"], rows), css
    )
    r = parse_file(data, "annex.pdf")
    assert r.ok, r.errors
    assert [
        fields(row, "reference", "text", "leads", "target_date", "status") for row in r.rows
    ] == [
        ("1.1", "Publish guidance for local partnerships", "Home Office", "March 2024", "Complete"),
        ("1.2", "Fund a network of regional coordinators", "DfE", "September 2024", "In progress"),
    ]
    assert plain(r.rows[0].fields["work_to_date"]) == "Guidance published on 12 March."


def seed_as_pdf(prefix: str) -> bytes:
    """The seed paper printed: its text as paragraphs, its tables with borders and repeated
    headers, a new page (with the marking) wherever the paper had a page break."""
    path = seed_path(prefix)
    _, blocks = read_blocks(path.read_bytes(), path.name)
    out = []
    for block in blocks:
        if isinstance(block, Para):
            text = html.escape(block.text.lstrip("#").strip())
            out.append(f"<h2>{text}</h2>" if block.text.startswith("#") else f"<p>{text}</p>")
            continue
        head = "".join(f"<th>{html.escape(c)}</th>" for c in block.header)
        head = "" if block.continues else f"<thead><tr>{head}</tr></thead>"
        body = ""
        for row in block.rows:
            if row.after_break:
                body += f"</tbody></table><p class=page>OFFICIAL</p><table>{head}<tbody>"
            body += "<tr>" + "".join(f"<td>{clean_html(c)}</td>" for c in row.cells) + "</tr>"
        out.append(f"<table>{head}<tbody>{body}</tbody></table>")
    return files.pdf_from_html("".join(out), files.PDF_CSS + ".page { break-before: page; }")


@pytest.mark.parametrize("prefix,count", [("000", 13), ("002", 12), ("003", 34), ("004", 18)])
def test_a_seed_paper_printed_to_pdf_imports_the_same_rows(prefix, count):
    path = seed_path(prefix)
    text = parse_file(path.read_bytes(), path.name)
    pdf = parse_file(seed_as_pdf(prefix), f"{prefix}.pdf")
    if not pdf.ok and len(pdf.candidates) > 1:  # choose the same table as from the text
        pdf = parse_file(seed_as_pdf(prefix), f"{prefix}.pdf", table=pdf.candidates[-1].index)
    assert pdf.ok, pdf.errors
    assert len(text.rows) == count
    assert [r.reference for r in pdf.rows] == [r.reference for r in text.rows]


def test_pdf_without_borders_over_many_pages_imports_every_row_once():
    rows = [
        [f"{i}", f"Action {i}: agree how the estate walkabouts are run", "Housing", "March 2027"]
        for i in range(1, 121)
    ]
    css = files.PDF_CSS.replace("border: 0.75pt solid #000;", "border: none;")
    data = files.pdf_from_html(
        files.html_table("Appendix A", ["No.", "Action", "Lead", "Target date"], rows), css
    )
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 4  # the header repeated on each page, read once
    r = parse_file(data, "appendix.pdf")
    assert r.ok, r.errors
    assert [row.reference for row in r.rows] == [str(i) for i in range(1, 121)]
    assert r.rows[-1].text == "Action 120: agree how the estate walkabouts are run"


# --------------------------------------------------------------------------- CSV, Markdown


def test_markdown_pipe_table_with_outer_pipes_under_a_heading():
    r = parse_file(files.PIPE_OUTER.encode(), "action-log.md")
    assert r.ok, r.errors
    assert r.format == "markdown"
    assert [fields(row, "reference", "leads", "target_date", "status") for row in r.rows] == [
        ("SNB/01", "Neighbourhood Policing", "June 2025", "Complete"),
        ("SNB/02", "Children's Services", "September 2025", "In progress"),
        ("SNB/03", "Community Safety Team", "December 2025", "Not started"),
    ]


def test_csv_with_sections_and_rag_words():
    r = parse_file(files.DELIVERY_CSV.encode(), "delivery.csv")
    assert r.ok, r.errors
    assert [(row.reference, row.section_title, row.rag) for row in r.rows] == [
        ("P1.1", "Tackling drug-related harm", "AMBER"),
        ("P1.2", "Tackling drug-related harm", "GREEN"),
        ("P2.1", "Safer public spaces", "RED"),
    ]


def test_status_word_then_narrative_is_split_into_status_and_work_to_date():
    r = parse_file(files.STATUS_NARRATIVE_CSV.encode(), "safeguarding.csv")
    assert r.ok, r.errors
    assert [row.status for row in r.rows] == ["Complete", "In progress", "Not started"]
    assert [plain(row.fields.get("work_to_date", "")) for row in r.rows] == [
        "Sent to all 62 schools on 9 January, with a briefing for designated leads.",
        "draft agreed with housing, awaiting legal sign-off.",
        "",
    ]
    assert any("narrative goes to Work to date" in a for a in r.assumptions)


def test_revised_to_dates_and_a_short_delay_reason_in_the_status():
    r = parse_file(files.REVISED_DATES_CSV.encode(), "tracker.csv")
    assert r.ok, r.errors
    assert [
        fields(row, "target_date", "revised_target_date", "status", "revised_date_reason")
        for row in r.rows
    ] == [
        ("March 2021", "June 2021", "Delayed", "Delayed due to the tender being re-run"),
        ("Autumn 2021", "March 2022", "On track", ""),
        ("31/12/2021", "", "Complete", ""),
    ]
    assert r.rows[0].revised_target_date.date.month == 6
