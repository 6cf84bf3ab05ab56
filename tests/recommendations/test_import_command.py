"""Importing action plans through the command line and the plan_import service."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from partnership.models import Person
from partnership.permissions import SYSTEM
from recommendations.models import ActionPlan, Recommendation
from recommendations.plan_import.read import html_to_text, parse_file
from recommendations.plan_import.write import plan_import
from tests.conftest import seed_path

pytestmark = pytest.mark.django_db


def audited_counts() -> dict[str, int]:
    """Rows in every audited model and in every history table."""
    counts = {}
    for model in apps.get_models():
        if hasattr(model, "_history_records"):
            counts[model.__name__] = model._default_manager.count()
            counts[f"{model.__name__} history"] = model.history.count()
    return counts


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def import_seed(prefix: str, partnership, *, plan: str = "Imported plan", by=SYSTEM, **kwargs):
    path = seed_path(prefix)
    return plan_import(
        result=parse_file(path.read_bytes(), path.name),
        plan_name=plan,
        kind=kwargs.pop("kind", ""),
        partnership=partnership,
        by=by,
        filename=path.name,
        dry_run=kwargs.pop("dry_run", False),
    )


def test_seed_000_imports_through_the_command_as_two_workshops(partnership):
    out = run(str(seed_path("000")), "--plan", "Workshop programme")
    plan = ActionPlan.objects.get(name="Workshop programme")
    assert plan.kind == "workshop"
    recs = list(plan.recommendations.select_related("status", "section").order_by("order"))
    assert [r.reference for r in recs] == [
        "2", "11", "17", "19", "21", "39", "40", "41", "46", "49", "51", "53", "54"
    ]  # fmt: skip
    assert Counter(r.section.title for r in recs) == {
        "Vulnerable Person": 5,
        "Domestic Abuse/Violence": 8,
    }
    assert Counter(r.status.name for r in recs) == {"Pending": 6, "In Progress": 7}
    by_ref = {r.reference: r for r in recs}
    assert by_ref["19"].text.count("<del>") == 2  # points 1 and 3 withdrawn, kept on record
    assert html_to_text(by_ref["19"].text).count("Recommendation is that they should contact") == 1
    assert by_ref["41"].leads_text == ""
    assert by_ref["41"].is_unassigned
    assert by_ref["2"].deficiency.text.startswith("There is an unofficial arrangement")
    assert by_ref["2"].unassigned_note.startswith("Yes, this is being followed up")
    assert "13 new, 0 changed, 0 unchanged" in out
    history = by_ref["2"].history.first()
    assert history.history_change_reason == f"imported from {seed_path('000').name}"


def test_seed_000_imports_through_the_service_with_the_same_counts(partnership, users):
    report = import_seed("000", partnership, by=users["clerk"])
    assert report.ok and report.written
    assert report.counts["new"] == 13
    plan = report.plan
    assert plan.recommendations.count() == 13
    assert Counter(r.status.name for r in plan.recommendations.all()) == {
        "Pending": 6,
        "In Progress": 7,
    }
    assert plan.sections.count() == 2
    rec = plan.recommendations.get(reference="19")
    assert rec.history.first().history_user == users["clerk"]


def test_seed_002_imports_twelve_recommendations_with_merged_page_breaks(partnership):
    report = import_seed("002", partnership)
    assert report.ok, report.errors
    plan = report.plan
    assert plan.kind == "case_review"
    recs = {r.reference: r for r in plan.recommendations.select_related("status")}
    assert sorted(recs, key=int) == [str(n) for n in range(1, 13)]
    assert Counter(r.status.name for r in recs.values()) == {"On target": 9, "Complete": 3}
    assert html_to_text(recs["1"].work_to_date).endswith("support is on offer in the City.")
    assert recs["4"].leads_text == recs["5"].leads_text != ""
    assert recs["1"].target_date_text == "February 2017"
    assert str(recs["1"].target_date) == "2017-02-01"
    assert recs["1"].target_date_precision == "month"


def test_seed_003_imports_34_actions_in_three_priorities_and_the_attendance_list(partnership):
    report = import_seed("003", partnership)
    assert report.ok, report.errors
    plan = report.plan
    assert plan.kind == "strategy"
    assert [(s.number, s.recommendations.count()) for s in plan.sections.order_by("order")] == [
        ("1", 16),
        ("2", 14),
        ("3", 4),
    ]
    recs = list(plan.recommendations.select_related("status"))
    assert len(recs) == 34
    assert Counter(r.rag for r in recs if r.rag) == {"GREEN": 11, "AMBER": 9, "RED": 1, "BLUE": 1}
    complete = [r for r in recs if r.status.name == "COMPLETE"]
    assert len(complete) == 12 and all(r.rag == "" for r in complete)
    assert {r.status.name for r in recs if r.status.name != "COMPLETE"} == {report.default_status}
    assert Person.objects.count() == 39
    jw = Person.objects.filter(initials="JW")
    assert jw.count() == 2
    assert set(report.initials_clashes) == {"JW", "GH", "SS"}
    clash = [p for p in report.lead_problems if '"JW"' in p.message or '"SS"' in p.message]
    assert all("could be" in p.message for p in clash)
    assert any("initials JW belong to" in w.message for w in report.warnings)
    # organisations not in the directory are kept in the person's title
    wood = Person.objects.get(name="Jessica Wood")
    assert wood.title == "GP MARAC Liaison Nurse, Homerton University Hospital NHS Foundation Trust"
    # "All" is no specific lead, and the words are kept
    data = next(r for r in recs if r.leads_text == "All")
    assert data.is_unassigned


def test_seed_003_through_the_command_reports_clashing_initials(partnership):
    out = run(str(seed_path("003")), "--plan", "VAWG strategy")
    assert "34 new" in out and "39 new people" in out
    assert "initials JW belong to Jessica Wood and Jodie Woodward" in out


def test_seed_004_delivery_plan_imports_18_actions_in_6_priority_areas(partnership):
    out = run(str(seed_path("004")), "--plan", "Delivery plan")
    plan = ActionPlan.objects.get(name="Delivery plan")
    assert plan.kind == "delivery"
    assert plan.recommendations.count() == 18
    assert plan.sections.count() == 6
    assert [s.recommendations.count() for s in plan.sections.order_by("order")] == [
        3, 3, 3, 4, 2, 3
    ]  # fmt: skip
    rec = plan.recommendations.get(reference="1.2")
    assert "CARA is parked" in rec.commentary
    assert "18 new" in out


def test_kind_can_be_overridden(partnership):
    run(str(seed_path("002")), "--plan", "A strategy", "--kind", "strategy")
    assert ActionPlan.objects.get(name="A strategy").kind == "strategy"


def test_dry_run_writes_nothing(partnership):
    before = audited_counts()
    out = run(str(seed_path("003")), "--plan", "Dry", "--dry-run")
    assert "Would import" in out and "34 new" in out
    assert audited_counts() == before


def test_reimporting_the_same_file_changes_nothing(partnership):
    import_seed("000", partnership)
    import_seed("003", partnership, plan="Strategy")
    before = audited_counts()
    again = import_seed("000", partnership)
    assert again.counts == {**again.counts, "new": 0, "changed": 0, "unchanged": 13}
    again = import_seed("003", partnership, plan="Strategy")
    assert again.counts["unchanged"] == 34 and again.counts["people_new"] == 0
    assert audited_counts() == before


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


PLAN_CSV = (
    "No.,Recommendation,Lead agency,Status,RAG rating,Budget code\n"
    "1,Train staff,TP,Pending,GREEN,X12\n"
    "2,Run a campaign,Safe Space Charity / Housing Team,In Progress,A,\n"
    "3,Review the policy,All,,,\n"
)


def test_reimporting_an_edited_file_updates_and_records_why(partnership, tmp_path):
    path = write(tmp_path, "plan.csv", PLAN_CSV)
    run(path, "--plan", "Edited")
    plan = ActionPlan.objects.get(name="Edited")
    rec = plan.recommendations.get(reference="2")
    history_before = rec.history.count()
    edited = PLAN_CSV.replace("Run a campaign,", "Run two campaigns,").replace(
        "In Progress,A", "Complete,G"
    )
    out = run(write(tmp_path, "plan-v2.csv", edited), "--plan", "Edited")
    assert "0 new, 1 changed, 2 unchanged" in out
    assert "2: changed Recommendation, RAG rating, Status" in out
    rec.refresh_from_db()
    assert rec.text == "Run two campaigns" and rec.status.name == "COMPLETE" and rec.rag == "GREEN"
    assert rec.history.count() == history_before + 1
    assert rec.history.first().history_change_reason == "imported from plan-v2.csv"


def test_recommendations_absent_from_the_file_are_listed_not_deleted(partnership, tmp_path):
    run(write(tmp_path, "plan.csv", PLAN_CSV), "--plan", "Shrinking")
    shorter = "\n".join(PLAN_CSV.splitlines()[:2]) + "\n"
    out = run(write(tmp_path, "short.csv", shorter), "--plan", "Shrinking")
    assert "In the plan but not in the file (left as they are): 2, 3" in out
    assert ActionPlan.objects.get(name="Shrinking").recommendations.count() == 3


def test_leads_resolve_against_the_directory_and_extra_columns_go_to_notes(
    partnership, organisations, tmp_path
):
    run(write(tmp_path, "plan.csv", PLAN_CSV), "--plan", "Leads", "--kind", "workshop")
    recs = {r.reference: r for r in ActionPlan.objects.get(name="Leads").recommendations.all()}
    assert list(recs["1"].lead_organisations.all()) == [organisations["police"]]
    assert set(recs["2"].lead_organisations.all()) == {
        organisations["charity"],
        organisations["housing"],
    }
    assert recs["2"].leads_text == "Safe Space Charity / Housing Team"
    assert recs["3"].leads_text == "All" and recs["3"].is_unassigned
    assert recs["1"].notes == "<p>Budget code: X12</p>"
    assert recs["2"].rag == "AMBER"
    assert recs["3"].status.name == "In Progress"  # no status: the plan's first in-progress one


def test_unknown_lead_and_clashing_initials_are_reported_never_guessed(partnership, tmp_path):
    text = (
        "Actions\n\nNo.\tRecommendation\tLead\n1\tDo it\tJW\n2\tDo more\tMystery Agency\n\n"
        "Attendance\n\nName\tInitials\tOrganisation\tTitle\n"
        "Jo Wood\tJW\tTest Police\tInspector\nJane Webb\tJW\tNowhere Trust\tNurse\n"
    )
    report = plan_import(
        result=parse_file(text.encode(), "t.txt"),
        plan_name="Initials",
        kind="",
        partnership=partnership,
        by=SYSTEM,
        filename="t.txt",
        dry_run=False,
    )
    assert report.ok, report.errors
    rec1, rec2 = report.plan.recommendations.order_by("order")
    assert rec1.is_unassigned and rec1.leads_text == "JW"
    problems = [p.message for p in report.lead_problems]
    assert any('"JW" could be Jane Webb or Jo Wood (Test Police)' in m for m in problems)
    assert any('"Mystery Agency" is not an organisation or person' in m for m in problems)
    assert Person.objects.get(name="Jo Wood").organisation.name == "Test Police"
    assert Person.objects.get(name="Jane Webb").title == "Nurse, Nowhere Trust"


def test_a_new_plan_learns_new_status_words_with_a_guessed_lifecycle(partnership, tmp_path):
    text = "Ref,Action,Status\n1,A,Done\n2,B,Paused\n3,C,Not yet started\n4,D,Withdrawn\n"
    out = run(write(tmp_path, "s.csv", text), "--plan", "Words", "--kind", "minutes")
    assert "New status words" in out
    recs = Recommendation.objects.filter(plan__name="Words").select_related("status")
    assert {r.reference: r.status.lifecycle for r in recs} == {
        "1": "complete",
        "2": "on_hold",
        "3": "not_started",
        "4": "withdrawn",
    }


# --------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("bad.csv", b"Ref,Recommendation\n1,Caf\xc3\xa9\n\x81\x8d\x90", "UTF-8"),
        ("norefs.csv", b"Recommendation,Status\nDo a thing,Pending\n", "No reference column"),
        (
            "script.csv",
            b'Ref,Recommendation,Status\n1,Fine,Pending\n2,"Bad <script>x()</script>",Pending\n',
            'row 3, column "Recommendation": contains a script tag',
        ),
        ("unknown.csv", b"Ref,Recommendation,Status\n1,Fine,Pending\n2,Odd,Sideways\n",
         'row 3, column "Status": "Sideways" is a status the plan does not know'),
    ],
)  # fmt: skip
def test_a_malformed_file_gives_row_level_errors_and_changes_nothing(
    plan, tmp_path, name, data, expected
):
    path = tmp_path / name
    path.write_bytes(data)
    before = audited_counts()
    with pytest.raises(CommandError) as error:
        run(str(path), "--plan", plan.name)
    assert expected in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert audited_counts() == before


def test_errors_in_a_new_plan_leave_no_plan_behind(partnership, tmp_path):
    path = write(tmp_path, "x.csv", 'Ref,Recommendation\n1,Fine\n1,"Twice"\n')
    before = audited_counts()
    with pytest.raises(CommandError, match="reference 1 is used twice"):
        run(path, "--plan", "Never")
    assert audited_counts() == before


def test_a_file_over_the_size_limit_is_refused(partnership, tmp_path, monkeypatch):
    monkeypatch.setattr("recommendations.management.commands.import_plan.MAX_BYTES", 10)
    with pytest.raises(CommandError, match="larger than"):
        run(write(tmp_path, "big.csv", PLAN_CSV), "--plan", "Big")


def test_a_picture_named_xlsx_is_a_clear_error(partnership, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    with pytest.raises(CommandError, match="PNG image"):
        run(str(path), "--plan", "Picture")


def test_the_service_refuses_officers_and_managers(partnership, users):
    from django.core.exceptions import PermissionDenied

    for role in ("officer", "manager"):
        with pytest.raises(PermissionDenied):
            import_seed("002", partnership, by=users[role])
