"""An upload is read once however many times the preview parses it (``FileReading``): reading a
50-page PDF is nearly all of its parse, and the first preview with a saved mapping, or a change
of table, header row or mapping, parses the file twice. Each parse gets its own copy of what was
read, so the second parse gives what a fresh one would."""

from __future__ import annotations

import pytest

from recommendations.plan_import import FileReading, parse_file
from recommendations.plan_import import read as reader
from tests.recommendations.import_files import (
    GROUPED_HEADINGS,
    grouped_headings_xlsx,
    two_tables_xlsx,
)
from tests.recommendations.test_import_mapping import NEXT_QUARTER, READ_AS, _save_mapping
from tests.recommendations.test_import_views import PREVIEW, token_from, upload


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files read from their bytes, by name, as the reader reads them."""
    seen: list[str] = []
    real = reader.read_blocks

    def counted(data: bytes, filename: str, fmt: str | None = None):
        seen.append(filename)
        return real(data, filename, fmt)

    monkeypatch.setattr(reader, "read_blocks", counted)
    return seen


def _rows(result) -> list[tuple]:
    return [(r.reference, r.fields.get("text"), tuple(r.leads)) for r in result.rows]


def test_parsing_again_reads_nothing_again_and_gives_what_a_fresh_parse_gives(reads):
    data = grouped_headings_xlsx()
    reading = FileReading(data, "grouped.xlsx")
    choices = [
        {},
        {"table": 0, "header_row": 3},
        {"table": 0, "header_row": 3, "mapping": READ_AS},
        {"table": 0, "header_row": 2},
    ]
    again = [parse_file(data, "grouped.xlsx", reading=reading, **c) for c in choices]
    assert reads == ["grouped.xlsx"]
    fresh = [parse_file(data, "grouped.xlsx", **c) for c in choices]
    assert len(reads) == 1 + len(choices)
    for kept, new in zip(again, fresh, strict=True):
        assert _rows(kept) == _rows(new)
        assert [t.headers for t in kept.tables] == [t.headers for t in new.tables]
        assert [str(e) for e in kept.errors] == [str(e) for e in new.errors]
    mapped = again[2]
    assert mapped.tables[0].headers == GROUPED_HEADINGS and mapped.rows
    assert all(row.reference for row in mapped.rows)


def test_each_parse_has_its_own_copy_of_what_was_read(reads):
    data = two_tables_xlsx()
    reading = FileReading(data, "two.xlsx")
    first = parse_file(data, "two.xlsx", reading=reading, table=0)
    second = parse_file(data, "two.xlsx", reading=reading, table=1)
    third = parse_file(data, "two.xlsx", reading=reading, table=0)
    assert reads == ["two.xlsx"]
    assert _rows(first) == _rows(third) and _rows(first) != _rows(second)


def test_a_file_that_cannot_be_read_is_refused_each_time_without_reading_again(reads):
    reading = FileReading(b"PK\x03\x04 not really a workbook", "broken.xlsx")
    first = parse_file(reading.data, "broken.xlsx", reading=reading)
    second = parse_file(reading.data, "broken.xlsx", reading=reading, table=0)
    assert reads == ["broken.xlsx"]
    assert first.errors and [str(e) for e in first.errors] == [str(e) for e in second.errors]
    assert not first.rows and not second.rows


@pytest.mark.django_db
def test_the_first_preview_with_a_saved_mapping_reads_the_file_once(
    client, users, partnership, reads, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _save_mapping(partnership, users["clerk"])
    client.force_login(users["clerk"])
    token = token_from(upload(client, "next-quarter.xlsx", grouped_headings_xlsx(NEXT_QUARTER)))
    reads.clear()  # the upload checks the file as it arrives
    page = client.get(f"{PREVIEW}?upload={token}").content.decode()
    assert "Using the saved mapping “Safer streets plan”" in page  # parsed twice: guess, mapping
    assert "Run a week of action on bike theft" in page
    assert len(reads) == 1
