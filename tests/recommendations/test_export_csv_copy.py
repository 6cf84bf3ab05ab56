"""On PostgreSQL the database writes the CSV (COPY); it must be byte for byte the Python path's.

Both are worked out from the one list of column rules (``exports.COLUMNS``): the Python path
calls each rule on a fetched row, the COPY path renders each as SQL. The fixture holds what is
awkward for either: cells that look like formulas, commas, quotes, line breaks, unicode, several
leads and none, people with and without initials, empty dates and exact ones, sections with and
without a number, closed and open lifecycles, times either side of a clock change.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from partnership import services as directory
from partnership.permissions import SYSTEM
from recommendations import exports, services
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

REASON = "Export comparison"
LONDON = ZoneInfo("Europe/London")
AWKWARD = [
    '=HYPERLINK("http://example.com")',
    "+44 20 7946 0000",
    "-2 on last quarter",
    "@SUM(A1)",
    "\tindented by a tab",
    "\rstarts with a carriage return",
    'Commas, "quotes", and more',
    "Line one\nline two\r\nline three",
    "  leading and trailing spaces  ",
    "Ünïcödé — ŵ, ß, 日本語, 🚓",
    "\\.",
    "'already quoted",
    "",
]


def _copy_path():
    if connection.vendor != "postgresql":
        pytest.skip("COPY ... TO STDOUT is PostgreSQL's; SQLite exports through the Python path")
    from recommendations import exports_copy

    return exports_copy


@pytest.fixture
def awkward(partnership, organisations, users, plan):
    clerk = users["clerk"]
    strategy = services.plan_create(
        partnership=partnership, name="Ädult, \"Safe\" Plan", kind="strategy", by=clerk,
        reason=REASON,
    )  # fmt: skip
    numbered = services.section_create(
        plan=plan, title="Housing, and homes", number="3", by=clerk, reason=REASON
    )
    plain = services.section_create(plan=plan, title="=Unnumbered", by=clerk, reason=REASON)
    deficiency = services.deficiency_create(
        plan=plan, text='No shared "risk" register,\nanywhere', by=clerk, reason=REASON
    )
    odd_org = directory.organisation_create(
        name='=Evil "Org", Ltd', abbreviation="EO", kind="charity", by=SYSTEM, reason=REASON
    )
    people = [
        directory.person_create(name=name, initials=initials, by=SYSTEM, reason=REASON)
        for name, initials in [("Zoë Adams", "ZA"), ("alan Brown", ""), ("@Chris", "C,D")]
    ]
    orgs = list(organisations.values())
    moments = [datetime(2024, 1, 15, 23, 30), datetime(2024, 7, 1, 23, 30)]  # GMT, then BST
    for n, text in enumerate(AWKWARD):
        target_plan = plan if n % 3 else strategy
        status = ["Pending", "Complete", "Withdrawn", "In Progress"][n % 4]
        if target_plan is strategy:
            status = ["Not started", "Complete", "Ongoing"][n // 3 % 3]
        fields = {
            "section": (numbered if n % 2 else plain) if target_plan is plan else None,
            "deficiency": deficiency if target_plan is plan and n % 5 == 1 else None,
            "leads_text": AWKWARD[(n + 1) % len(AWKWARD)],
            "revised_date_reason": AWKWARD[(n + 2) % len(AWKWARD)],
            "outcome": AWKWARD[(n + 3) % len(AWKWARD)],
            "rag": ["RED", "AMBER", "GREEN", "BLUE", ""][n % 5],
            "unassigned_note": AWKWARD[(n + 4) % len(AWKWARD)],
            "work_to_date": text,
            "notes": AWKWARD[(n + 5) % len(AWKWARD)],
            "next_milestone": AWKWARD[(n + 6) % len(AWKWARD)],
            "commentary": AWKWARD[(n + 7) % len(AWKWARD)],
            **_dates(n),
        }
        with time_machine.travel(moments[n % 2].replace(tzinfo=ZoneInfo("UTC")), tick=False):
            services.recommendation_create(
                plan=target_plan,
                reference=f"{n + 1}.{n % 3}",
                text=text or "Plain text",
                status=services.status_for(target_plan, status),
                lead_organisations=[*orgs[: n % 4], odd_org][: n % 5],
                lead_people=people[: n % 4],
                by=clerk,
                reason=REASON,
                **fields,
            )
    return Recommendation.objects.visible_to(users["manager"]).in_source_order()


def _dates(n: int) -> dict:
    """Words only, an exact date only, both, or none; revised dates now and then."""
    out: dict = {}
    if n % 4 == 0:
        out["target_date_text"] = "March 2024"
    elif n % 4 == 1:
        out.update(target_date=date(2023, 2, 9), target_date_text="", target_date_precision="day")
    elif n % 4 == 2:
        out["target_date_text"] = "Ongoing, quarterly"
    if n % 3 == 0:
        out.update(
            revised_target_date=date(2025, 12, 31),
            revised_target_date_text="",
            revised_target_date_precision="day",
        )
    return out


def test_copy_writes_the_same_bytes_as_the_python_path(awkward):
    exports_copy = _copy_path()
    by_python = "".join(exports.csv_rows(awkward))
    by_database = "".join(exports_copy.csv_rows(awkward))
    assert by_database.encode() == by_python.encode()
    assert len(list(csv.reader(io.StringIO(by_python)))) == len(AWKWARD)


def test_the_whole_download_matches_with_the_marking_line(awkward):
    _copy_path()
    download = "".join(exports.csv_chunks(awkward, marking="OFFICIAL-SENSITIVE"))
    writer_text = io.StringIO()
    csv.writer(writer_text).writerows([["OFFICIAL-SENSITIVE"], exports.HEADERS])
    expected = "\ufeff" + writer_text.getvalue() + "".join(exports.csv_rows(awkward))
    assert download.encode() == expected.encode()


def test_every_column_has_something_in_the_fixture_so_a_one_sided_change_shows(awkward):
    # A rule changed in one rendering only changes some cell; a column always empty here
    # would hide it.
    rows = list(exports.rows(awkward))
    for n, header in enumerate(exports.HEADERS):
        assert len({row[n] for row in rows} - {""}) >= 1, header
    assert any(row[exports.HEADERS.index("Lead agency")].count(";") >= 2 for row in rows)


def test_a_rule_changed_in_one_rendering_only_is_caught(awkward, monkeypatch):
    exports_copy = _copy_path()
    n = exports.HEADERS.index("Target date")
    header, rule = exports.COLUMNS[n]
    # The same rule, its Python rendering writing dates another way.
    python_only = type("PythonOnly", (type(rule),), {"__call__": lambda self, row: "09-02-2023"})
    columns = list(exports.COLUMNS)
    columns[n] = (header, python_only(*rule.rules))
    monkeypatch.setattr(exports, "COLUMNS", columns)
    assert "".join(exports.csv_rows(awkward)) != "".join(exports_copy.csv_rows(awkward))


def test_the_copy_follows_the_querysets_scope_and_order(awkward, users):
    exports_copy = _copy_path()
    reversed_ = awkward.filter(rag="RED").order_by("-reference")
    by_database = list(csv.reader(io.StringIO("".join(exports_copy.csv_rows(reversed_)))))
    references = [row[exports.HEADERS.index("No.")] for row in by_database]
    assert references == list(reversed_.values_list("reference", flat=True))
    assert references and len(references) < len(AWKWARD)
    nothing = Recommendation.objects.visible_to(users["other_officer"]).none()
    assert "".join(exports_copy.csv_rows(nothing)) == ""


def test_an_action_listed_twice_has_its_leads_once_in_each_row(awkward):
    # The lead labels are joined to the exported positions: an action a queryset lists twice
    # (a filter across its leads) must not have its leads doubled.
    exports_copy = _copy_path()
    twice = awkward.filter(lead_organisations__isnull=False)
    assert twice.count() > twice.distinct().count()
    by_database = "".join(exports_copy.csv_rows(twice))
    assert by_database.encode() == "".join(exports.csv_rows(twice)).encode()


def test_progress_may_query_the_database_and_hears_the_row_count(awkward):
    # The export task saves its progress from the callback: on PostgreSQL the COPY holds the
    # connection while it runs, so the callback is told the count once the rows are written.
    heard = []

    def progress(count: int) -> None:
        heard.append((count, Recommendation.objects.count()))

    text = "".join(exports.csv_chunks(awkward, progress=progress))
    assert len(list(csv.reader(io.StringIO(text)))) == len(AWKWARD) + 1
    if connection.vendor == "postgresql":
        assert heard == [(len(AWKWARD), len(AWKWARD))]
