# ruff: noqa: E501  (the files are laid out as the papers are, lines and all)
"""Realistic files of each shape the importer reads, written the way councils, police forces and
government departments lay out their action tables (our own made-up content)."""

from __future__ import annotations

import io

# (Leads in the files below are organisations of the demo directory where a local partnership
# would name its own, so that the previews in the guide link them; government papers name
# departments the directory does not hold.)

# A council scrutiny tracker: a merged title, a merged group-heading row, then the header on
# row 3; a Key under the table; RAG shown only by Excel's Good/Neutral/Bad styles.
TRACKER_ROWS = [
    (
        "CS1",
        "Publish a single point of contact for anti-social behaviour reports",
        "Community Safety Team",
        "March 2025",
        "Complete. Contact page live since 2 Dec; https://example.org/asb has the form.",
        "Good",
    ),
    (
        "CS2",
        "Review the CCTV monitoring hours in the town centre",
        "Community Safety Team",
        "June 2025 - revised to September 2025",
        "In progress",
        "Neutral",
    ),
    (
        "CS3",
        "Train licensing staff to spot signs of exploitation",
        "Riverside Borough Council",
        "December 2024",
        "Delayed due to staff turnover in the team",
        "Bad",
    ),
    (
        "CS4",
        "Agree a joint tasking protocol with the police neighbourhood team",
        "RP Neighbourhood Policing",
        "April 2025",
        "On track",
        None,
    ),
]


def tracker_xlsx(rows=TRACKER_ROWS, *, key: bool = True, fills: str = "styles") -> bytes:
    import openpyxl
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scrutiny tracker"
    ws.append(["Safer Stronger Communities Scrutiny Panel: recommendations tracker 2024/25"])
    ws.merge_cells("A1:F1")
    ws.append(["Recommendation", None, None, None, "Progress", None])
    ws.merge_cells("A2:D2")
    ws.merge_cells("E2:F2")
    ws.append(["Ref", "Recommendation", "Lead officer", "Target date", "Status and update", "RAG"])
    plain_fills = {"Good": "00B050", "Neutral": "FFC000", "Bad": "FF0000"}
    for ref, text, lead, target, update, rag in rows:
        ws.append([ref, text, lead, target, update, None])
        cell = ws.cell(row=ws.max_row, column=6)
        if rag and fills == "styles":
            cell.style = rag
        elif rag:
            cell.fill = PatternFill("solid", fgColor=plain_fills[rag])
    if key:
        ws.append([])
        ws.append(
            [
                "Key: green = complete or on track; amber = some slippage; red = off track "
                "and needs the panel's attention; blank = not yet rated"
            ]
        )
        ws.append(["Notes: updates are provided by lead officers a week before each panel."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def word_table_docx() -> bytes:
    """A Word table an officer keeps: a merged title row across the top of the table."""
    import docx

    document = docx.Document()
    document.add_paragraph("Domestic Abuse Partnership Board")
    table = document.add_table(rows=1, cols=4)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[3])
    title.text = "Action plan following the domestic homicide review (DHR 2023/04)"
    for cells in [
        ("No.", "Action", "Owner", "By when"),
        (
            "1",
            "Circulate the review's learning brief to all GP practices",
            "Northbank NHS Foundation Trust",
            "31/01/2025",
        ),
        (
            "2",
            "Add a routine enquiry prompt to the housing options assessment",
            "CHS Housing",
            "March 2025",
        ),
        (
            "3",
            "Audit MARAC referrals from the ambulance service",
            "Safe Haven",
            "Q1 2025/26",
        ),
    ]:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            cell.text = value
    document.add_paragraph("Key: DHR = domestic homicide review.")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# A government department's progress annex, as `pdftotext -layout` gives it: space-aligned
# columns, cells wrapping over several lines, a status word then a narrative and a link, page
# furniture and the header repeated on the next page.
ALIGNED_TEXT = """\
OFFICIAL

Annex B: Progress against the national action plan

Ref    Action                                  Lead            Deadline          Status
1.1    Publish guidance for local              Home Office     March 2024        Complete. Guidance published
       partnerships on the new duty                                              on 12 March; see
                                                                                 https://example.gov.uk/duty
1.2    Fund a network of regional              DfE             September 2024    In progress. Twelve of
       coordinators                                                              fifteen posts filled.
1.3    Evaluate the pilot of the youth         MoJ             December 2024 -   On track
       diversion scheme                                        revised to
                                                               March 2025

Page 4 of 9
\f
OFFICIAL

Ref    Action                                  Lead            Deadline          Status
2.1    Issue a data sharing template for       DHSC            June 2024         Complete
       health and police partners
2.2    Report to Parliament on the first       Home Office     January 2025      Not started
       year of the duty

Page 5 of 9
"""

PIPE_NO_OUTER = """\
Community safety plan 2024-27: year one actions

Priority | Action | Lead | Timescale
--- | --- | --- | ---
Reducing reoffending | Offer every prison leaver a housing assessment on release day | Probation Service | Q2 2024/25
Reducing reoffending | Extend the integrated offender team to cover acquisitive crime | Police | Q3 2024/25
Safer streets | Install lighting on the three routes named in the women's safety survey | Highways | March 2025
"""

ONE_CELL_A_LINE = """\
Violence Reduction Unit: actions agreed at the board

Ref
Action
Lead
Deadline
VR1
Map youth provision open after 6pm in each ward
Children's Services
July 2024
VR2
Place a youth worker in the A&E department at weekends
Northbank NHS Foundation Trust
October 2024
VR3
Publish the serious violence strategy
Community Safety Team
January 2025
"""


def html_table(title: str, header: list[str], rows: list[list[str]], repeat: int = 1) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<h2>{title}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


PDF_CSS = """
@page { size: A4 landscape; margin: 18mm 12mm;
        @top-center { content: "OFFICIAL"; font-size: 9pt; }
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
body { font-family: sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th, td { border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #ddd; }
"""


def pdf_from_html(body: str, css: str = PDF_CSS) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=f"<html><body>{body}</body></html>").write_pdf(stylesheets=[CSS(string=css)])


def police_pdf_rows(n: int = 40) -> list[list[str]]:
    """A police force's HMICFRS recommendations tracker, long enough to run over pages."""
    areas = ["Call handling", "Vulnerability", "Investigations", "Custody", "Neighbourhoods"]
    rows = []
    for i in range(1, n + 1):
        rows.append(
            [
                f"R{i}",
                f"{areas[i % 5]}: the force should make sure that "
                + "supervisors review every open case within 28 days and record their "
                "review on the crime system, so that victims get timely updates "
                f"(recommendation {i} of the inspection report).",
                ["Chief Superintendent, Crime", "Head of Contact", "Custody Inspector"][i % 3],
                ["March 2025", "June 2025", "September 2025"][i % 3],
                ["Complete", "On track", "Delayed"][i % 3],
            ]
        )
    return rows


def two_tables_xlsx() -> bytes:
    """A cohesion team's sheet holding two tables, one under the other, a blank row between."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hate crime actions"
    ws.append(["Ref", "Action", "Owner"])
    ws.append(["A1", "Refresh the hate crime reporting centres list", "Cohesion Officer"])
    ws.append(["A2", "Run two third-party reporting workshops", "Cohesion Officer"])
    ws.append([])
    ws.append(["Ref", "Action", "Owner", "Deadline"])
    ws.append(["B1", "Commission a review of the night-time economy", "Licensing", "May 2025"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# A council web page: the table's own title and group-heading rows above the header.
SVD_HTML = (
    "<table><tr><th colspan=4>Serious Violence Duty: partnership action plan</th></tr>"
    "<tr><th colspan=2>The action</th><th colspan=2>Delivery</th></tr>"
    "<tr><th>Ref</th><th>Action</th><th>Lead</th><th>Target date</th></tr>"
    "<tr><td>SV1</td><td>Publish the strategic needs assessment</td><td>Community Safety Team</td>"
    "<td>January 2025</td></tr>"
    "<tr><td>SV2</td><td>Agree the data sharing agreement</td><td>Riverside Police</td>"
    "<td>March 2025</td></tr></table>"
)

PIPE_OUTER = """\
# Safer Neighbourhoods Board: action log

| Ref | Action | Owner | Due | Status |
| --- | --- | --- | --- | --- |
| SNB/01 | Put the ward panel priorities on the council website each quarter | Neighbourhood Policing | June 2025 | Complete |
| SNB/02 | Map the routes pupils use after school and share them with transport police | Children's Services | September 2025 | In progress |
| SNB/03 | Bring the Street Watch volunteers' training in line with the new code | Community Safety Team | December 2025 | Not started |
"""

# A partnership's delivery plan saved from Excel as CSV.
DELIVERY_CSV = """\
Ref,Priority,Action,Lead agency,Target date,Status,RAG
P1.1,Tackling drug-related harm,Open a weekend drop-in for people leaving custody,Probation,April 2025,In progress,AMBER
P1.2,Tackling drug-related harm,Train door staff in spotting drink spiking,Community Safety,March 2025,Complete,GREEN
P2.1,Safer public spaces,Add three parks to the dispersal order review,Community Safety / Police,July 2025,Not started,RED
"""

# A status column that holds a word and then the narrative of what has been done.
STATUS_NARRATIVE_CSV = """\
No.,Action,Lead,Deadline,Status
4.1,Send every school a copy of the new safeguarding referral form,Children's Services,January 2025,"Complete. Sent to all 62 schools on 9 January, with a briefing for designated leads."
4.2,Publish the hoarding protocol,CHS Housing,March 2025,"In progress - draft agreed with housing, awaiting legal sign-off."
4.3,Start a quarterly audit of missing-from-home returns,RP Public Protection Unit,April 2025,Not started
"""

# Target dates revised in place, as trackers record them, with the delay said in the status.
REVISED_DATES_CSV = """\
Ref,Action,Responsible officer,Timescale,Status
T1,Recommission the independent domestic violence advisers,CHS Commissioning,March 2021 - revised to June 2021,Delayed due to the tender being re-run
T2,Replace the alley gates on the Northfield estate,CHS Housing,Autumn 2021 - revised to March 2022,On track
T3,Agree the joint licensing enforcement protocol,Community Safety Team,31/12/2021,Complete
"""


INSPECTION_HEADER = ["Ref", "Recommendation", "Lead", "Target date", "Status"]


def inspection_pdf(rows: list[list[str]]) -> bytes:
    """The force's progress report as a PDF committee paper: a ruled table over several pages,
    its header repeated on each, OFFICIAL and "Page N of M" in the margins."""
    body = "<h1>Inspection recommendations: progress report</h1>" + html_table(
        "Appendix 1: HMICFRS recommendations", INSPECTION_HEADER, rows
    )
    return pdf_from_html(body)


# A partnership's own action plan in Excel: a merged title on row 1, merged group headings on
# row 2 (which the reader takes for the header: they name as many known columns as row 3), the
# real headings on row 3, one of which ("Who will do it") no synonym knows.
GROUPED_HEADINGS = ["Ref", "Recommendation", "Who will do it", "Target date", "Where things stand"]
GROUPED_ROWS = [
    ["1", "Agree a protocol for sharing welfare concerns", "Housing Team", "March 2026", "Started"],
    ["2", "Train front-line staff to spot cuckooing", "Test Police", "June 2026", "Not started"],
    ["3", "Publish a directory of support in plain English", "Safe Space Charity", "Q3 2026", ""],
]


def grouped_headings_xlsx(rows: list[list[str]] = GROUPED_ROWS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Riverside Safer Streets Partnership: action plan 2026"
    sheet.merge_cells("A1:E1")
    sheet["A2"], sheet["C2"], sheet["E2"] = "Recommendation", "Responsibility", "Progress"
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(GROUPED_HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
