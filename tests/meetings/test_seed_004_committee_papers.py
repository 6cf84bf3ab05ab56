"""Seed 004 rebuilt through the services: the 8 June 2016 board meeting, two of its resolutions
tracked as actions, the 8 September meeting's matters arising, and the June minutes confirmed
(and so frozen) by the September minutes."""

from __future__ import annotations

import hashlib
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from meetings import business, papers, records, services
from meetings.models import ConfirmedMinutes, MatterOutcome, Minute
from tests.meetings.seed004 import read_seed_004
from tests.meetings.test_committee_papers_pdf import pages_text

pytestmark = pytest.mark.django_db
REASON = "Rebuilding seed 004"


@pytest.fixture
def june(partnership, users, organisations):
    """The June meeting as a clerk would type it in from the published minutes."""
    clerk = users["clerk"]
    seed = read_seed_004()
    board = services.committee_create(
        partnership=partnership, name="Safer Communities Strategy Board", by=clerk, reason=REASON
    )
    meeting = services.meeting_create(
        committee=board, date=date(2016, 6, 8), venue="County Hall", by=clerk, reason=REASON
    )
    chair_surname = seed.chair_words.split()[-2]  # "Mr. T. J. Pendleton CC" -> "Pendleton"
    for row in seed.attendance:
        services.attendance_add(
            meeting=meeting,
            kind=row.kind,
            name=row.name,
            detail=row.detail,
            representing=row.representing,
            in_the_chair=row.kind == "present" and row.name.endswith(chair_surname),
            by=clerk,
            reason=REASON,
        )
    lead = organisations["council"]
    for number, seed_minute in enumerate(seed.minutes):
        minute = services.minute_add(
            meeting=meeting,
            title=seed_minute.title,
            text="\n".join(seed_minute.text),
            number=seed_minute.number if number == 0 else None,  # then numbered on
            by=clerk,
            reason=REASON,
        )
        for letter, text in seed_minute.resolutions:
            # Two resolutions ask for something to be done: 84(b) and 85(b).
            track = (minute.number, letter) in {(84, "b"), (85, "b")}
            services.resolution_add(
                minute=minute,
                text=text,
                letter=letter,
                track=track,
                action_lead_organisations=[lead] if track else [],
                target_date_text="December 2016" if track else "",
                by=clerk,
                reason=REASON,
            )
    return seed, board, meeting


def test_june_minutes_are_rebuilt_with_their_numbers_chair_and_resolutions(june):
    seed, board, meeting = june
    numbers = list(meeting.minutes.values_list("number", flat=True))
    assert numbers == [m.number for m in seed.minutes] == list(range(78, 93))
    chair = meeting.attendance.get(in_the_chair=True)
    assert chair.name == "Cllr. Trevor Pendleton"
    apologies = meeting.attendance.filter(kind="apology").values_list("name", flat=True)
    assert list(apologies) == ["Cllr. Kevin Loydall", "Cllr. Tony Mathias"]
    substitute = meeting.attendance.exclude(representing="").get()
    assert substitute.name == "Mina Bhavsar" and substitute.representing.startswith("Ket")
    minute_86 = meeting.minutes.get(number=86)
    assert list(minute_86.resolutions.values_list("letter", flat=True)) == ["a", "b", "c"]
    tracked = board.actions_plan.recommendations.order_by("reference")
    assert [r.reference for r in tracked] == ["84(b)", "85(b)"]


def test_september_matters_arising_list_june_actions_and_numbers_run_on(june, users):
    seed, board, june_meeting = june
    clerk = users["clerk"]
    september = business.schedule_add(
        committee=board,
        dates=[date(2016, 9, 8)] + [business.parse_schedule(d)[0] for d in seed.future_dates],
        time=time(10, 0),
        venue="Guthlaxton Committee Room, County Hall",
        by=clerk,
        reason=REASON,
    )[0]
    assert board.meetings.count() == 2 + len(seed.future_dates)

    rows = business.matters_arising(september, clerk)
    assert [(r.minute.number, r.resolution.letter) for r in rows] == [(84, "b"), (85, "b")]
    kinds = {"Minutes of previous meeting": "minutes"}
    for _number, title in seed.agenda[:4]:  # Introductions .. Declarations of interest
        services.agenda_item_add(
            meeting=september,
            title=title,
            kind=kinds.get(title, "standing"),
            by=clerk,
            reason=REASON,
        )
    agenda, total, items = papers.agenda_pack(september)
    june_pages = len(pages_text(papers.minutes_pdf(june_meeting)[0]))
    bound = next(row for row in items if row.item.kind == "minutes")
    assert (bound.first, bound.last, total) == (2, 1 + june_pages, 1 + june_pages)
    agenda_pages = pages_text(agenda)
    assert "Minutes of a meeting of the Safer Communities Strategy Board" in agenda_pages[1]
    assert f"Page 2 of {total}" in agenda_pages[1]
    assert f"Pages 2 - {1 + june_pages}" in agenda_pages[0]
    agenda_text = " ".join(" ".join(agenda_pages).split())
    assert "Matters arising: outstanding actions from earlier minutes" in agenda_text
    assert "84(b) 84 (8 Jun 2016)" in agenda_text and "85(b) 85 (8 Jun 2016)" in agenda_text
    assert all(r.action.status.is_outstanding and r.recorded is None for r in rows)

    titles = [title for _number, title in seed.agenda[:3]]  # Introductions, Minutes, Matters
    minutes = [
        services.minute_add(meeting=september, title=t, by=clerk, reason=REASON) for t in titles
    ]
    assert [m.number for m in minutes] == [93, 94, 95]

    first, second = rows
    business.matters_arising_record(
        meeting=september,
        outcomes={
            first.action.pk: (MatterOutcome.CLOSED, "Proposals received."),
            second.action.pk: (MatterOutcome.CARRIED_FORWARD, "Due at the March meeting."),
        },
        by=clerk,
        reason=REASON,
    )
    again = business.matters_arising(september, clerk)
    assert [r.recorded.outcome for r in again] == ["closed", "carried_forward"]
    assert not again[0].action.status.is_outstanding  # closing the matter closed the action
    assert again[0].latest.text == "Proposals received."


def test_september_confirms_june_minutes_and_then_they_refuse_edits(june, users):
    _seed, board, june_meeting = june
    clerk = users["clerk"]
    september = services.meeting_create(
        committee=board, date=date(2016, 9, 8), by=clerk, reason=REASON
    )
    services.minute_add(meeting=september, title="Introductions", by=clerk, reason=REASON)
    confirming = services.minute_add(
        meeting=september, title="Minutes of previous meeting", by=clerk, reason=REASON
    )
    minute_80 = june_meeting.minutes.get(number=80)
    records.minute_update(
        minute=minute_80, title="Introductions and welcome", by=clerk, reason=REASON
    )

    confirmed = business.minutes_confirm(
        meeting=june_meeting, at_minute=confirming, by=clerk, reason="Confirmed at minute 94"
    )
    frozen = ConfirmedMinutes.objects.get(meeting=june_meeting)
    texts = pages_text(bytes(frozen.pdf))
    assert len(texts) == frozen.page_count > 1
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL") >= 2 and f"Page {number} of {len(texts)}" in text
    whole = " ".join(" ".join(texts).split())
    for seed_minute in _seed.minutes:
        assert f"{seed_minute.number}. {seed_minute.title}" in whole, seed_minute.title
    assert "Cllr. Trevor Pendleton in the Chair." in whole
    assert (
        "Confirmed as a correct record at minute 94 of the meeting held on 8 September 2016"
        in whole
    )
    assert frozen.confirmed_at_minute.number == 94 and frozen.confirmed_by == clerk
    assert frozen.sha256 == hashlib.sha256(bytes(frozen.pdf)).hexdigest() == confirmed.sha256

    with pytest.raises(ValidationError, match="confirmed as a correct record at minute 94"):
        records.minute_update(minute=minute_80, title="Changed later", by=clerk, reason=REASON)
    with pytest.raises(ValidationError, match="record a correction"):
        services.minute_add(meeting=june_meeting, title="Late addition", by=clerk, reason=REASON)
    with pytest.raises(ValidationError):
        records.attendance_remove(row=june_meeting.attendance.first(), by=clerk, reason=REASON)
    assert Minute.objects.get(pk=minute_80.pk).title == "Introductions and welcome"

    correction = business.correction_add(
        meeting=june_meeting,
        minute=minute_80,
        text="Lord Bach's title was Police and Crime Commissioner.",
        by=clerk,
        reason="Agreed at the December meeting",
    )
    assert correction.history.get().history_change_reason == "Agreed at the December meeting"
    assert bytes(ConfirmedMinutes.objects.get(pk=frozen.pk).pdf) == bytes(frozen.pdf)
